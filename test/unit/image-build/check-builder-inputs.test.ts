import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { classicOnlyInputs, validateBuilderInputs } from "../../../provider/image-build/check-builder-inputs";
import type { DockerBuildInputs } from "../../../provider/image-build/inputs";
import { UNKNOWN } from "../../../provider/core/unknown-values";

const dir = mkdtempSync(path.join(tmpdir(), "pdd-check-builder-"));
const socket = path.join(dir, "agent.sock");
const plainFile = path.join(dir, "id_ed25519");
let server: Server;

function failures(changes: Record<string, unknown>, env: NodeJS.ProcessEnv = { SSH_AUTH_SOCK: socket }) {
  return validateBuilderInputs({ imageName: "localhost:5000/app", ...changes } as DockerBuildInputs, env);
}

const properties = (changes: Record<string, unknown>, env?: NodeJS.ProcessEnv) =>
  failures(changes, env).map((f) => f.property);

describe("validateBuilderInputs", () => {
  before(async () => {
    writeFileSync(plainFile, "not a socket");
    server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("accepts BuildKit inputs that use every property", () => {
    const inputs = {
      builder: "buildkit",
      secrets: { npm_token: "t", "git.credentials": "c" },
      ssh: [{}, { id: "deploy", paths: [socket] }],
      cacheTo: "inline",
    };
    assert.deepEqual(failures(inputs), []);
  });

  it("refuses an unknown builder and an unknown cacheTo, naming the choices", () => {
    const found = failures({ builder: "buildx", cacheTo: "registry" });
    assert.deepEqual(
      found.map((f) => f.property),
      ["builder", "cacheTo"],
    );
    assert.match(found[0]?.reason ?? "", /"buildkit" or "classic"/);
    assert.match(found[1]?.reason ?? "", /only "inline"/);
  });

  it("refuses secret ids BuildKit would not accept and values that are not strings", () => {
    assert.deepEqual(properties({ secrets: { "bad id": "x", good: 3 } }), ["secrets.bad id", "secrets.good"]);
    assert.deepEqual(properties({ secrets: ["x"] }), ["secrets"]);
  });

  it("requires an agent socket for each SSH entry, naming the entry and the fix", () => {
    const noAgent = failures({ ssh: [{}] }, {});
    assert.deepEqual(
      noAgent.map((f) => f.property),
      ["ssh[0].paths"],
    );
    assert.match(noAgent[0]?.reason ?? "", /SSH_AUTH_SOCK is not set; start ssh-agent/);
    assert.match(failures({ ssh: [{ paths: [plainFile] }] })[0]?.reason ?? "", /is not a socket/);
    assert.match(failures({ ssh: [{ paths: [path.join(dir, "gone")] }] })[0]?.reason ?? "", /does not exist/);
    assert.deepEqual(properties({ ssh: [{ paths: [socket, socket] }] }), ["ssh[0].paths"]);
  });

  it("refuses the same SSH id twice (the default id counts)", () => {
    assert.deepEqual(properties({ ssh: [{}, { id: "default" }] }), ["ssh[1].id"]);
  });

  it("refuses secrets, ssh and cacheTo together with the classic builder", () => {
    const found = failures({ builder: "classic", secrets: { a: "b" }, ssh: [{}], cacheTo: "inline" });
    assert.deepEqual(
      found.map((f) => f.property),
      ["secrets", "ssh", "cacheTo"],
    );
    assert.match(found[0]?.reason ?? "", /needs BuildKit, and builder is "classic"/);
  });

  it("refuses shmSize, which BuildKit ignores, with BuildKit asked for or needed", () => {
    assert.match(
      failures({ builder: "buildkit", shmSize: 1024 })[0]?.reason ?? "",
      /only by the classic builder.*"buildkit"/,
    );
    assert.match(
      failures({ secrets: { a: "b" }, shmSize: 1024 })[0]?.reason ?? "",
      /secrets need BuildKit; remove shmSize/,
    );
    assert.deepEqual(failures({ shmSize: 1024 }), []);
    assert.deepEqual(failures({ builder: "classic", shmSize: 1024 }), []);
  });

  it("refuses a network the engine's BuildKit refuses, with BuildKit asked for or needed", () => {
    const [found] = failures({ builder: "buildkit", network: "bridge" });
    assert.equal(found?.property, "network");
    assert.match(found?.reason ?? "", /network "bridge" is one the engine's BuildKit refuses/);
    assert.match(found?.reason ?? "", /"default", "host", "none" only\), and builder is "buildkit"/);
    assert.match(found?.reason ?? "", /builder: "classic" to build on that network/);
    assert.match(
      failures({ platforms: ["linux/amd64"], network: "mynet" })[0]?.reason ?? "",
      /platforms need BuildKit/,
    );
    for (const network of ["default", "host", "none", ""]) {
      assert.deepEqual(failures({ builder: "buildkit", network }), [], network);
    }
    assert.deepEqual(failures({ network: "mynet" }), [], "with no builder asked for, the classic builder takes it");
    assert.deepEqual(failures({ builder: "classic", network: "container:abc" }), []);
    assert.deepEqual(failures({ builder: "buildkit", network: UNKNOWN }), []);
  });

  it("leaves values unknown at preview for create to judge", () => {
    assert.deepEqual(failures({ builder: UNKNOWN, secrets: UNKNOWN, ssh: [UNKNOWN], cacheTo: UNKNOWN }), []);
    assert.deepEqual(failures({ secrets: { token: UNKNOWN } }), []);
  });
});

describe("classicOnlyInputs", () => {
  const reason = (changes: Record<string, unknown>) =>
    classicOnlyInputs({ imageName: "localhost:5000/app", ...changes } as DockerBuildInputs);

  it("names shmSize and a network BuildKit refuses, and nothing else", () => {
    assert.equal(reason({}), undefined);
    assert.equal(reason({ network: "host" }), undefined);
    assert.equal(reason({ network: "default" }), undefined);
    assert.equal(reason({ network: UNKNOWN }), undefined);
    assert.equal(reason({ network: "bridge" }), 'network "bridge" is one only the classic builder builds on');
    assert.equal(
      reason({ shmSize: 1024, network: "bridge" }),
      'shmSize is honoured only by the classic builder, and network "bridge" is one only the classic builder builds on',
    );
  });
});
