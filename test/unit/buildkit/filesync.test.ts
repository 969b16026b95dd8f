import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import {
  credentials as channelCredentials,
  makeGenericClientConstructor,
  Metadata,
  type ClientDuplexStream,
} from "@grpc/grpc-js";
import {
  decodePacket,
  encodePacket,
  FILESYNC_SERVICE,
  goFileMode,
  PacketType,
  type Packet,
  type Stat,
} from "../../../provider/buildkit/filesync-proto";
import {
  addFileSyncService,
  inWalkOrder,
  metadataValues,
  type SyncedPath,
  type SyncRequest,
  type TransferReport,
} from "../../../provider/buildkit/filesync-service";
import { callMetadata, SessionGrpcServer } from "../../../provider/buildkit/grpc-server";

const stat = (p: string | Buffer, mode: number, size = 0, extra: Partial<Stat> = {}): Stat => ({
  path: Buffer.isBuffer(p) ? p : Buffer.from(p),
  mode,
  uid: 0,
  gid: 0,
  size,
  modTimeNs: 1_700_000_000_123_456_789n,
  ...extra,
});

describe("DiffCopy packets", () => {
  it("encodes fsutil's Packet and Stat field by field (bytes checked by hand against wire.proto)", () => {
    const bytes = encodePacket({ type: PacketType.DATA, id: 3, data: Buffer.from("hi") });
    assert.equal(bytes.toString("hex"), "0802" + "1803" + "22026869");
    // STAT is type 0, left out; stat = field 2; path "a" = 1; mode 0o644 = 2; size 5 = 5; time = 6.
    const encoded = encodePacket({ type: PacketType.STAT, stat: stat("a", 0o644, 5, { modTimeNs: 1n }) });
    assert.equal(encoded.toString("hex"), "12" + "0a" + "0a0161" + "10a403" + "2805" + "3001");
    assert.equal(encodePacket({ type: PacketType.STAT }).length, 0, "the STAT that ends the listing is empty");
  });

  it("encodes 64-bit times and negative ones as protobuf varints", () => {
    const late = encodePacket({ type: PacketType.STAT, stat: stat("x", 0, 0, { modTimeNs: 2n ** 62n }) });
    assert.ok(late.toString("hex").endsWith("30" + "80".repeat(8) + "40"), late.toString("hex"));
    const early = encodePacket({ type: PacketType.STAT, stat: stat("x", 0, 0, { modTimeNs: -1n }) });
    assert.ok(early.toString("hex").endsWith("30ffffffffffffffffff01"), early.toString("hex"));
  });

  it("keeps a name's exact bytes", () => {
    const name = Buffer.from([0x64, 0xfe, 0x2f, 0xff]);
    const encoded = encodePacket({ type: PacketType.STAT, stat: stat(name, 0) });
    assert.ok(encoded.includes(Buffer.concat([Buffer.from([0x0a, 4]), name])));
  });

  it("decodes what the receiver sends: REQ, FIN and ERR, skipping fields it does not know", () => {
    assert.deepEqual(decodePacket(Buffer.from("0801" + "18ac02", "hex")), { type: PacketType.REQ, id: 300 });
    assert.deepEqual(decodePacket(Buffer.from("0803", "hex")), { type: PacketType.FIN, id: 0 });
    const err = decodePacket(Buffer.from("0804" + "2203626164" + "5000", "hex"));
    assert.deepEqual({ type: err.type, data: err.data?.toString() }, { type: PacketType.ERR, data: "bad" });
    assert.throws(() => decodePacket(Buffer.from("0880", "hex")), /truncated/);
  });

  it("decodes what it encodes", () => {
    const packet = {
      type: PacketType.STAT,
      id: 0,
      stat: stat(Buffer.from([0xff]), 2 ** 27 + 0o777, 3, { linkname: Buffer.from("a/b") }),
    };
    assert.deepEqual(decodePacket(encodePacket(packet)), packet);
  });

  it("gives Go's os.FileMode bits", () => {
    assert.equal(goFileMode("file", 0o644), 0o644);
    assert.equal(goFileMode("dir", 0o755), 2 ** 31 + 0o755);
    assert.equal(goFileMode("symlink", 0o777), 2 ** 27 + 0o777);
    assert.equal(goFileMode("file", 0o4755), 2 ** 23 + 0o755);
    assert.equal(goFileMode("dir", 0o3777), 2 ** 31 + 2 ** 22 + 2 ** 20 + 0o777);
  });
});

describe("DiffCopy requests and order", () => {
  it("reads every value of a metadata key, however Node joined them", () => {
    // BuildKit sends one header per value; Node's HTTP/2 hands the server one value joined with ", ".
    const metadata = callMetadata({ followpaths: "Dockerfile, Dockerfile.dockerignore" });
    const values = metadataValues(metadata, "followpaths");
    assert.ok(values.includes("Dockerfile") && values.includes("Dockerfile.dockerignore"), values.join("|"));
    assert.ok(values.includes("Dockerfile, Dockerfile.dockerignore"), "a value that holds ', ' itself stays asked for");
    const encoded = callMetadata({ "include-patterns": "caf%C3%A9%2C1,b+c", "include-patterns-encoded": "1" });
    assert.deepEqual(metadataValues(encoded, "include-patterns"), ["café,1", "b c"]);
  });

  it("orders paths as fsutil's walk does: a folder's contents right after it", () => {
    const names = ["a-b", "a/c", "a", "a.txt", "b", "a/b/c", "a/b"];
    const ordered = inWalkOrder(names.map((n) => ({ stat: stat(n, 0) })));
    assert.deepEqual(
      ordered.map((p) => p.stat.path.toString()),
      ["a", "a/b", "a/b/c", "a/c", "a-b", "a.txt", "b"],
    );
  });
});

describe("the DiffCopy sender, spoken to as BuildKit's receiver does", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pdd-filesync-"));
  const server = new SessionGrpcServer();
  const listener = createServer((socket) => server.serve(socket));
  after(() => {
    server.close();
    listener.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const files: SyncedPath[] = [
    {
      stat: stat("b.txt", 0o644, 3),
      content: async function* () {
        yield Buffer.from("bbb");
      },
    },
    { stat: stat("a", goFileMode("dir", 0o755)) },
    {
      stat: stat("a/x", 0o600, 600_000),
      content: async function* () {
        yield Buffer.alloc(600_000, 7);
      },
    },
    { stat: stat("link", goFileMode("symlink", 0o777), 5, { linkname: Buffer.from("b.txt") }) },
  ];
  const requests: SyncRequest[] = [];
  const reports: TransferReport[] = [];
  let cuts = 0;
  addFileSyncService(
    server,
    {
      list: async (request) => {
        requests.push(request);
        return request.dirName === "context" ? files : undefined;
      },
      onTransfer: (report) => reports.push(report),
    },
    () => cuts++,
  );
  const ready = new Promise<void>((resolve, reject) =>
    listener.once("error", reject).listen(`${dir}/s.sock`, () => resolve()),
  );

  async function converse(dirName: string, want: (stats: Stat[]) => number[]) {
    await ready;
    const Client = makeGenericClientConstructor(FILESYNC_SERVICE, "FileSync");
    const client = new Client(`unix:${dir}/s.sock`, channelCredentials.createInsecure());
    const metadata = new Metadata();
    metadata.add("dir-name", dirName);
    metadata.add("followpaths", "a");
    const call = (client as unknown as Record<string, (m: Metadata) => ClientDuplexStream<Packet, Packet>>).DiffCopy!(
      metadata,
    );
    const listed: Packet[] = [];
    const data = new Map<number, Buffer[]>();
    let asked: number[] = [];
    let pending = 0;
    const ended = new Promise<{ fin: boolean; error?: Error }>((resolve) => {
      let fin = false;
      call.on("data", (packet: Packet) => {
        if (packet.type === PacketType.STAT && packet.stat !== undefined) listed.push(packet);
        else if (packet.type === PacketType.STAT) {
          asked = want(listed.map((p) => p.stat!));
          pending = asked.length;
          for (const id of asked) call.write({ type: PacketType.REQ, id });
          if (pending === 0) call.write({ type: PacketType.FIN });
        } else if (packet.type === PacketType.DATA) {
          const chunks = data.get(packet.id ?? 0) ?? [];
          if ((packet.data?.length ?? 0) > 0) chunks.push(packet.data!);
          data.set(packet.id ?? 0, chunks);
          if ((packet.data?.length ?? 0) === 0 && --pending === 0) call.write({ type: PacketType.FIN });
        } else if (packet.type === PacketType.FIN) {
          fin = true;
          call.end();
        }
      });
      call.on("error", (error) => resolve({ fin, error }));
      call.on("end", () => resolve({ fin }));
    });
    const result = await ended;
    client.close();
    return { listed: listed.map((p) => p.stat!.path.toString()), data, asked, ...result };
  }

  it("lists in walk order, sends the files asked for (large ones in chunks), answers FIN and reports", async () => {
    const talk = await converse("context", (stats) =>
      stats.flatMap((s, id) => (s.path.toString() === "link" || s.mode & (2 ** 31) ? [] : [id])),
    );
    assert.equal(talk.error, undefined);
    assert.equal(talk.fin, true);
    assert.deepEqual(talk.listed, ["a", "a/x", "b.txt", "link"]);
    assert.deepEqual(talk.asked, [1, 2]);
    assert.equal(Buffer.concat(talk.data.get(1)!).length, 600_000);
    assert.ok(talk.data.get(1)!.length >= 3, "a 600 kB file goes in several packets");
    assert.equal(Buffer.concat(talk.data.get(2)!).toString(), "bbb");
    assert.deepEqual(requests.at(-1), {
      dirName: "context",
      followPaths: ["a"],
      includePatterns: [],
      excludePatterns: [],
    });
    assert.deepEqual(reports.at(-1), { dirName: "context", listed: 4, filesSent: 2, bytesSent: 600_003 });
    assert.equal(cuts, 0);
  });

  it("sends nothing BuildKit already has", async () => {
    const talk = await converse("context", () => []);
    assert.equal(talk.fin, true);
    assert.deepEqual(reports.at(-1), { dirName: "context", listed: 4, filesSent: 0, bytesSent: 0 });
  });

  it("refuses a folder it does not serve, as BuildKit's own session does", async () => {
    const talk = await converse("elsewhere", () => []);
    assert.match(String(talk.error?.message), /no access allowed to dir "elsewhere"/);
  });

  it("refuses a file id it never listed", async () => {
    const talk = await converse("context", () => [0]);
    assert.match(String(talk.error?.message), /asked for file id 0, which was not listed/);
  });
});
