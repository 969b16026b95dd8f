import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";

const CONNECTION = require.resolve("../../../provider/engine/connection");

/** Pings the engine from the environment as the user nobody (no docker group) and prints the error message. */
function pingAsNobody(): { status: number | null; stdout: string; stderr: string } {
  const script = `const c = require(${JSON.stringify(CONNECTION)});
    const docker = c.dockerClient();
    docker.ping().then(() => console.log("reached"), (e) => console.log(c.asEngineError(e, docker).message));`;
  const env = { PATH: process.env.PATH ?? "", HOME: "/nonexistent" };
  const args = ["--reuid=nobody", "--regid=nogroup", "--clear-groups", process.execPath, "-e", script];
  return spawnSync("setpriv", args, { encoding: "utf8", env });
}

describe("the Docker engine seen by an unprivileged user", () => {
  it("reports the real socket address, not JavaScript source, when the default socket refuses access", () => {
    const result = pingAsNobody();
    assert.equal(result.status, 0, result.stderr);
    assert.equal(
      result.stdout.trim(),
      "Cannot reach the Docker engine at unix:///var/run/docker.sock (EACCES); start Docker or set DOCKER_HOST / the docker input",
    );
  });
});
