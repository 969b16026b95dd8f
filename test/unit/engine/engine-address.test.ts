import assert from "node:assert/strict";
import { describe, it } from "node:test";
import Docker from "dockerode";
import { asEngineError } from "../../../provider/engine/connection";
import { defaultSocketPath, describeEngine } from "../../../provider/engine/engine-address";
import { DockerUnavailableError } from "../../../provider/core/errors";

/** A client built the way dockerClient builds one from the environment, with DOCKER_HOST unset. */
function defaultClient(): Docker {
  const saved = process.env.DOCKER_HOST;
  delete process.env.DOCKER_HOST;
  try {
    return new Docker();
  } finally {
    if (saved !== undefined) process.env.DOCKER_HOST = saved;
  }
}

describe("describeEngine", () => {
  it("names the default socket, not the function docker-modem keeps in its place", () => {
    const docker = defaultClient();
    assert.equal(typeof (docker.modem as { socketPath?: unknown }).socketPath, "function");
    assert.equal(describeEngine(docker), `unix://${defaultSocketPath()}`);
  });

  it("names a configured socket path", () => {
    assert.equal(
      describeEngine(new Docker({ socketPath: "/run/user/1000/docker.sock" })),
      "unix:///run/user/1000/docker.sock",
    );
  });

  it("names the protocol, host and port of a tcp engine", () => {
    assert.equal(
      describeEngine(new Docker({ protocol: "http", host: "127.0.0.1", port: 2375 })),
      "http://127.0.0.1:2375",
    );
  });

  it("puts the real address in the error for a refused default socket", () => {
    const refused = Object.assign(new Error("connect EACCES /var/run/docker.sock"), { code: "EACCES" });
    const error = asEngineError(refused, defaultClient());
    assert.ok(error instanceof DockerUnavailableError);
    assert.match(error.message, /^Cannot reach the Docker engine at unix:\/\/\/\S+docker\.sock \(EACCES\)/);
    assert.doesNotMatch(error.message, /function|Promise|=>/);
  });
});

describe("defaultSocketPath", () => {
  it("prefers the user's ~/.docker/run/docker.sock when it exists, as docker-modem does", () => {
    assert.equal(
      defaultSocketPath("/home/ann", (f) => f === "/home/ann/.docker/run/docker.sock"),
      "/home/ann/.docker/run/docker.sock",
    );
  });

  it("falls back to /var/run/docker.sock", () => {
    assert.equal(
      defaultSocketPath("/home/ann", () => false),
      "/var/run/docker.sock",
    );
  });
});
