import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { connectionProblems } from "../../../provider/input-rules/connection-problems";
import { UNKNOWN } from "../../../provider/core/unknown-values";

const properties = (connection: unknown) => connectionProblems(connection).map((p) => p.property);
const reason = (connection: unknown) => connectionProblems(connection)[0]?.reason ?? "";

describe("connectionProblems", () => {
  it("accepts the addresses the client supports", () => {
    for (const host of ["unix:///var/run/docker.sock", "tcp://127.0.0.1:2375", "https://h:2376", "ssh://u@h"]) {
      assert.deepEqual(connectionProblems({ host }), [], host);
    }
    assert.deepEqual(connectionProblems(undefined), []);
    assert.deepEqual(connectionProblems({}), []);
  });

  it("rejects a bare socket path and says how to write it", () => {
    assert.match(
      reason({ host: "/var/run/docker.sock" }),
      /"\/var\/run\/docker\.sock" is not an address; use unix:\/\//,
    );
  });

  it("rejects host:port without a scheme as an unsupported scheme", () => {
    assert.match(reason({ host: "localhost:2375" }), /unsupported scheme; use unix:\/\/, tcp:\/\/ or ssh:\/\//);
  });

  it("rejects an address without a host or socket", () => {
    assert.match(reason({ host: "tcp://" }), /names no host/);
    assert.match(reason({ host: "unix://" }), /names no socket/);
  });

  it("rejects TLS material without a host, and values of the wrong type", () => {
    assert.deepEqual(properties({ caCert: "PEM" }), ["docker.host"]);
    assert.deepEqual(properties({ host: "tcp://h:2376", cert: 1, tlsVerify: "yes" }), [
      "docker.cert",
      "docker.tlsVerify",
    ]);
    assert.deepEqual(properties("unix:///var/run/docker.sock"), ["docker"]);
  });

  it("skips values unknown during preview", () => {
    assert.deepEqual(connectionProblems(UNKNOWN), []);
    assert.deepEqual(connectionProblems({ host: UNKNOWN, caCert: "PEM", tlsVerify: UNKNOWN }), []);
  });
});
