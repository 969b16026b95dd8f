import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import type { Duplex } from "node:stream";
import Docker from "dockerode";
import { DockerUnavailableError } from "../../../provider/core/errors";
import { describeEngine, engineIsLocal } from "../../../provider/engine/engine-address";
import { SshEngineAgent, sshDockerOptions } from "../../../provider/engine/ssh-engine";
import { makeTree, removeTree } from "../../support/fixtures";

/**
 * A stand-in for the remote side: answers each HTTP request on stdin with `<pid> <method> <path> <body length>`, and
 * after a 101 answer to an Upgrade request echoes bytes upper-cased, as a hijacked engine connection carries bytes.
 */
const FAKE_ENGINE = `
let buffer = Buffer.alloc(0);
let upgraded = false;
process.stdin.on("data", (chunk) => {
  if (upgraded) return process.stdout.write(chunk.toString().toUpperCase());
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\\r\\n\\r\\n");
    if (end < 0) return;
    const head = buffer.subarray(0, end).toString();
    const length = Number(/content-length: (\\d+)/i.exec(head)?.[1] ?? 0);
    if (buffer.length < end + 4 + length) return;
    buffer = buffer.subarray(end + 4 + length);
    const [method, url] = head.split(" ");
    if (/^upgrade:/im.test(head)) {
      upgraded = true;
      return process.stdout.write("HTTP/1.1 101 UPGRADED\\r\\nConnection: Upgrade\\r\\nUpgrade: tcp\\r\\n\\r\\n");
    }
    const body = process.pid + " " + method + " " + url + " " + length;
    process.stdout.write("HTTP/1.1 200 OK\\r\\nContent-Length: " + body.length + "\\r\\n\\r\\n" + body);
  }
});
`;

const dir = makeTree({ "engine.js": FAKE_ENGINE }, "pdd-ssh-unit-");
after(() => removeTree(dir));

/** An executable standing in for ssh: logs its arguments to `<name>.log`, then runs `body`. */
function fakeSsh(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\necho "$@" >> '${file}.log'\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

const engineSsh = fakeSsh("ssh-engine", `exec '${process.execPath}' '${path.join(dir, "engine.js")}'`);

function request(agent: http.Agent, method: string, url: string, body?: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, method, host: "h", port: 22, path: url }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve(text));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("SshEngineAgent", () => {
  it("carries requests over ssh's stdio and keeps the connection for the next request", async () => {
    const agent = new SshEngineAgent({ user: "root", host: "h", port: "2222" }, { command: engineSsh });
    try {
      const first = await request(agent, "GET", "/_ping");
      const second = await request(agent, "POST", "/build", Buffer.alloc(100_000, 1));
      const [pid1, method1, path1] = first.split(" ");
      assert.deepEqual([method1, path1], ["GET", "/_ping"]);
      assert.equal(second, `${pid1} POST /build 100000`);
      assert.deepEqual(readFileSync(`${engineSsh}.log`, "utf8").trim().split("\n"), [
        "-o BatchMode=yes -o ConnectTimeout=30 -T -l root -p 2222 -- h docker system dial-stdio",
      ]);
    } finally {
      agent.destroy();
    }
  });

  it("hands an upgraded (hijacked) connection over as a two-way stream", async () => {
    const agent = new SshEngineAgent({ host: "h" }, { command: engineSsh });
    try {
      const socket = await new Promise<Duplex>((resolve, reject) => {
        const req = http.request({
          agent,
          method: "POST",
          host: "h",
          path: "/session",
          headers: { Connection: "Upgrade", Upgrade: "h2c" },
        });
        req.on("upgrade", (_res, sock: Duplex) => resolve(sock));
        req.on("error", reject);
        req.end();
      });
      const echoed = new Promise<string>((resolve) => socket.once("data", (data: Buffer) => resolve(data.toString())));
      socket.write("hello engine");
      assert.equal(await echoed, "HELLO ENGINE");
      socket.destroy();
    } finally {
      agent.destroy();
    }
  });

  it("fails a request with the host-key advice when ssh refuses the host", async () => {
    const ssh = fakeSsh("ssh-unknown-host", `echo 'Host key verification failed.' >&2; exit 255`);
    const agent = new SshEngineAgent({ user: "root", host: "build", port: "2200" }, { command: ssh });
    await assert.rejects(
      request(agent, "GET", "/_ping"),
      (error) =>
        error instanceof DockerUnavailableError &&
        /host key of ssh:\/\/root@build:2200 is not known.*ssh-keyscan -p 2200 build >> ~\/\.ssh\/known_hosts/.test(
          error.message,
        ),
    );
    agent.destroy();
  });

  it("says the ssh client is missing when it cannot be run", async () => {
    const agent = new SshEngineAgent({ host: "build" }, { command: path.join(dir, "no-such-ssh") });
    await assert.rejects(
      request(agent, "GET", "/_ping"),
      (error) =>
        error instanceof DockerUnavailableError &&
        /Cannot run ".*no-such-ssh".*ENOENT.*OpenSSH client/.test(error.message),
    );
    agent.destroy();
  });

  it("does not keep the process alive while a connection waits in the pool", () => {
    const script = `
      const http = require("node:http");
      const { SshEngineAgent } = require(${JSON.stringify(path.resolve(__dirname, "../../../provider/engine/ssh-engine"))});
      const agent = new SshEngineAgent({ host: "h" }, { command: ${JSON.stringify(engineSsh)}, idleMs: 60000 });
      http.get({ agent, host: "h", path: "/_ping" }, (res) => { res.resume(); res.on("end", () => console.log("answered")); });
    `;
    const started = Date.now();
    const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 20_000 });
    assert.equal(result.stdout.trim(), "answered", result.stderr);
    assert.equal(result.status, 0);
    assert.ok(Date.now() - started < 10_000, `the process took ${Date.now() - started} ms to exit`);
  });
});

describe("sshDockerOptions", () => {
  it("gives docker-modem plain HTTP over an SshEngineAgent", () => {
    const options = sshDockerOptions("ssh://root@h:2222");
    assert.equal(options.protocol, "http");
    assert.equal(options.host, "h");
    assert.equal(options.port, "2222");
    assert.ok(options.agent instanceof SshEngineAgent);
    assert.equal(options.agent.address, "ssh://root@h:2222");
    options.agent.destroy();
  });

  it("names the engine by its ssh:// address in messages, and counts a loopback ssh host as local", () => {
    const engine = new Docker(sshDockerOptions("ssh://root@127.0.0.1:2222"));
    assert.equal(describeEngine(engine), "ssh://root@127.0.0.1:2222");
    assert.equal(engineIsLocal(engine), true);
    const remote = new Docker(sshDockerOptions("ssh://build.example"));
    assert.equal(describeEngine(remote), "ssh://build.example");
    assert.equal(engineIsLocal(remote), false);
  });

  it("turns a malformed address into a DockerUnavailableError", () => {
    assert.throws(
      () => sshDockerOptions("ssh://root:secret@h"),
      (error) => error instanceof DockerUnavailableError && !error.message.includes("secret"),
    );
  });
});
