import assert from "node:assert/strict";
import type * as https from "node:https";
import { describe, it } from "node:test";
import { dockerClient, dockerOptions, engineHost } from "../../../provider/engine/connection";
import { type ConnectionInput, resolveEngine } from "../../../provider/engine/engine-resolution";
import type { sshDockerOptions } from "../../../provider/engine/ssh-engine";
import { DockerUnavailableError } from "../../../provider/core/errors";
import { sourcesOf } from "../../support/engine-files";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

/** The dockerode options for an explicit `docker` input, with an empty environment. */
const optionsOf = (connection: ConnectionInput) => dockerOptions(resolveEngine(connection, sourcesOf({})));

describe("dockerOptions", () => {
  it("uses the socket path of a unix:// host", () => {
    assert.deepEqual(optionsOf({ host: "unix:///x.sock" }), { socketPath: "/x.sock" });
  });

  it("uses https with the CA for a tcp:// host given a CA certificate", () => {
    assert.deepEqual(optionsOf({ host: "tcp://h:2376", caCert: PEM }), {
      protocol: "https",
      host: "h",
      port: "2376",
      ca: PEM,
      cert: undefined,
      key: undefined,
    });
  });

  it("uses https for port 2376 even without TLS material", () => {
    assert.equal(optionsOf({ host: "tcp://h:2376" }).protocol, "https");
  });

  it("uses plain http for tcp:// on port 2375", () => {
    const options = optionsOf({ host: "tcp://h:2375" });
    assert.equal(options.protocol, "http");
    assert.equal(options.host, "h");
    assert.equal(String(options.port), "2375");
  });

  it("lets tlsVerify override the guess from the port", () => {
    assert.equal(optionsOf({ host: "tcp://h:2376", tlsVerify: false }).protocol, "http");
    assert.equal(optionsOf({ host: "tcp://h:2375", tlsVerify: true }).protocol, "https");
  });

  it("picks the default port for the protocol when the host has none", () => {
    assert.equal(optionsOf({ host: "tcp://h" }).port, "2375");
    assert.equal(optionsOf({ host: "tcp://h", cert: PEM, key: PEM }).port, "2376");
  });

  it("connects over the system ssh client (plain HTTP through an SshEngineAgent) for an ssh:// host", () => {
    const options = optionsOf({ host: "ssh://u@h" }) as ReturnType<typeof sshDockerOptions>;
    assert.equal(options.protocol, "http");
    assert.equal(options.host, "h");
    assert.equal(options.port, 22);
    assert.equal(options.agent.address, "ssh://u@h");
  });

  it("encrypts without verifying the engine's certificate only when the endpoint says to skip verification", () => {
    const skip = dockerOptions({ host: "tcp://h:1", source: "test", tls: { verify: false, from: "test" } });
    assert.equal(skip.protocol, "https");
    assert.equal((skip.agent as https.Agent | undefined)?.options.rejectUnauthorized, false);
    const verify = dockerOptions({ host: "tcp://h:1", source: "test", tls: { verify: true, from: "test" } });
    assert.equal(verify.agent, undefined);
  });

  it("rejects an unsupported scheme and lists the supported ones", () => {
    assert.throws(
      () => optionsOf({ host: "npipe:////./pipe/docker_engine" }),
      (error) =>
        error instanceof DockerUnavailableError &&
        /unsupported scheme; use unix:\/\/.*tcp:\/\/.*ssh:\/\//.test(error.message),
    );
  });
});

describe("dockerClient", () => {
  it("rejects TLS material without a host", () => {
    for (const connection of [{ caCert: PEM }, { cert: PEM }, { key: PEM }]) {
      assert.throws(
        () => dockerClient(connection, sourcesOf({})),
        (error) => error instanceof DockerUnavailableError && /without docker\.host/.test(error.message),
      );
    }
  });

  it("rejects a host that is not a URL with advice rather than a bare TypeError", () => {
    assert.throws(
      () => dockerClient({ host: "/var/run/docker.sock" }, sourcesOf({})),
      (error) => error instanceof DockerUnavailableError && /docker\.host/.test(error.message),
    );
  });

  it("connects where the input says although the process's DOCKER_HOST and DOCKER_CERT_PATH say otherwise", () => {
    const saved = { host: process.env.DOCKER_HOST, certs: process.env.DOCKER_CERT_PATH };
    process.env.DOCKER_HOST = "tcp://192.0.2.1:2376";
    process.env.DOCKER_CERT_PATH = "/nonexistent-cert-folder";
    try {
      const docker = dockerClient({ host: "unix:///x.sock" }, sourcesOf({}));
      const modem = docker.modem as { socketPath?: unknown; host?: unknown };
      assert.equal(modem.socketPath, "/x.sock");
      assert.equal(modem.host, undefined);
      assert.equal(engineHost(docker), "unix:///x.sock");
      assert.equal(process.env.DOCKER_HOST, "tcp://192.0.2.1:2376", "the process environment is restored");
    } finally {
      for (const [key, value] of [
        ["DOCKER_HOST", saved.host],
        ["DOCKER_CERT_PATH", saved.certs],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
