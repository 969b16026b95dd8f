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

  it("accepts a docker.context that exists, asking the context check", () => {
    const asked: string[] = [];
    const exists = (name: string) => (asked.push(name), undefined);
    assert.deepEqual(connectionProblems({ context: "build-host" }, exists), []);
    assert.deepEqual(asked, ["build-host"]);
  });

  it("reports a missing docker.context with the check's reason", () => {
    const problems = connectionProblems({ context: "nope" }, () => 'contexts found: "default", "a"');
    assert.deepEqual(problems, [{ property: "docker.context", reason: 'contexts found: "default", "a"' }]);
  });

  it("rejects docker.context together with host or TLS fields, naming them", () => {
    const problems = connectionProblems({ context: "a", host: "tcp://h:2376", key: "PEM" }, () => undefined);
    assert.deepEqual(
      problems.map((p) => p.property),
      ["docker.context"],
    );
    assert.match(problems[0]?.reason ?? "", /cannot be combined with docker\.host, docker\.key/);
  });

  it("rejects a docker.context that is not a string and skips one unknown at preview", () => {
    assert.deepEqual(properties({ context: 5 }), ["docker.context"]);
    assert.deepEqual(
      connectionProblems({ context: UNKNOWN }, () => "never asked"),
      [],
    );
  });
});
