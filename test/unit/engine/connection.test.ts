import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dockerOptions } from "../../../provider/engine/connection";
import type { sshDockerOptions } from "../../../provider/engine/ssh-engine";
import { DockerUnavailableError } from "../../../provider/core/errors";

const PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

describe("dockerOptions", () => {
  it("leaves the connection to the environment when none is given", () => {
    assert.equal(dockerOptions(undefined), undefined);
    assert.equal(dockerOptions({}), undefined);
  });

  it("uses the socket path of a unix:// host", () => {
    assert.deepEqual(dockerOptions({ host: "unix:///x.sock" }), { socketPath: "/x.sock" });
  });

  it("uses https with the CA for a tcp:// host given a CA certificate", () => {
    assert.deepEqual(dockerOptions({ host: "tcp://h:2376", caCert: PEM }), {
      protocol: "https",
      host: "h",
      port: "2376",
      ca: PEM,
      cert: undefined,
      key: undefined,
    });
  });

  it("uses https for port 2376 even without TLS material", () => {
    assert.equal(dockerOptions({ host: "tcp://h:2376" })?.protocol, "https");
  });

  it("uses plain http for tcp:// on port 2375", () => {
    const options = dockerOptions({ host: "tcp://h:2375" });
    assert.equal(options?.protocol, "http");
    assert.equal(options?.host, "h");
    assert.equal(String(options?.port), "2375");
  });

  it("lets tlsVerify override the guess from the port", () => {
    assert.equal(dockerOptions({ host: "tcp://h:2376", tlsVerify: false })?.protocol, "http");
    assert.equal(dockerOptions({ host: "tcp://h:2375", tlsVerify: true })?.protocol, "https");
  });

  it("picks the default port for the protocol when the host has none", () => {
    assert.equal(dockerOptions({ host: "tcp://h" })?.port, 2375);
    assert.equal(dockerOptions({ host: "tcp://h", cert: PEM, key: PEM })?.port, 2376);
  });

  it("connects over the system ssh client (plain HTTP through an SshEngineAgent) for an ssh:// host", () => {
    const options = dockerOptions({ host: "ssh://u@h" }) as ReturnType<typeof sshDockerOptions>;
    assert.equal(options?.protocol, "http");
    assert.equal(options?.host, "h");
    assert.equal(options?.port, 22);
    assert.equal(options?.agent.address, "ssh://u@h");
  });

  it("rejects an unsupported scheme and lists the supported ones", () => {
    assert.throws(
      () => dockerOptions({ host: "npipe:////./pipe/docker_engine" }),
      (error) =>
        error instanceof DockerUnavailableError &&
        /unsupported scheme; use unix:\/\/, tcp:\/\/ or ssh:\/\//.test(error.message),
    );
  });

  it("rejects TLS material without a host", () => {
    for (const connection of [{ caCert: PEM }, { cert: PEM }, { key: PEM }]) {
      assert.throws(
        () => dockerOptions(connection),
        (error) => error instanceof DockerUnavailableError && /without docker\.host/.test(error.message),
      );
    }
  });

  it("rejects a host that is not a URL with advice rather than a bare TypeError", () => {
    assert.throws(
      () => dockerOptions({ host: "/var/run/docker.sock" }),
      (error) => error instanceof DockerUnavailableError && /docker\.host/.test(error.message),
    );
  });
});
