import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { clearLearnedSchemes, defaultRegistryTransport } from "../../../provider/registry-api/registry-transport";

let server: Server;
let host: string;
const seen: string[] = [];
/** Connections that opened with a TLS handshake record (0x16): HTTPS attempts. */
let tlsAttempts = 0;

before(async () => {
  server = createServer((request, response) => {
    seen.push(request.url ?? "");
    response.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  server.on("connection", (socket) =>
    socket.once("data", (chunk: Buffer) => (tlsAttempts += chunk[0] === 0x16 ? 1 : 0)),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("defaultRegistryTransport", () => {
  const transport = defaultRegistryTransport({ certsDir: "/nonexistent-certs-d", env: {} });

  it("tries HTTPS first on a loopback registry, then its plain HTTP, as the engine does", async () => {
    clearLearnedSchemes();
    const response = await transport(host, undefined)(`http://${host}/v2/`);
    assert.equal(response.status, 200);
    assert.deepEqual(seen.splice(0), ["/v2/"]);
    assert.equal(tlsAttempts, 1);
  });

  it("remembers that the registry speaks plain HTTP", async () => {
    const response = await transport(host, undefined)(`https://${host}/v2/a`);
    assert.equal(response.status, 200);
    assert.deepEqual(seen.splice(0), ["/v2/a"]);
    assert.equal(tlsAttempts, 1, "no second HTTPS attempt");
  });
});
