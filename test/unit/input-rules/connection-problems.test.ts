import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tlsFixture } from "../../support/tls-fixtures";
import { connectionProblems } from "../../../provider/input-rules/connection-problems";
import { UNKNOWN } from "../../../provider/core/unknown-values";

const pem = tlsFixture;

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
    assert.deepEqual(properties({ caCert: pem("ca.pem") }), ["docker.host"]);
    assert.deepEqual(properties({ host: "tcp://h:2376", cert: 1, tlsVerify: "yes" }), [
      "docker.cert",
      "docker.tlsVerify",
    ]);
    assert.deepEqual(properties("unix:///var/run/docker.sock"), ["docker"]);
  });

  it("accepts TLS material that parses, the key being the certificate's", () => {
    const tls = { host: "tcp://127.0.0.1:2376", caCert: pem("ca.pem"), cert: pem("cert.pem"), key: pem("key.pem") };
    assert.deepEqual(connectionProblems(tls), []);
  });

  it("refuses TLS material that is not PEM, or a key of another certificate, naming the input and the file", () => {
    const host = "tcp://127.0.0.1:2376";
    const found = connectionProblems({ host, caCert: "/certs/ca.pem", cert: pem("key.pem"), key: "not a key" });
    assert.deepEqual(
      found.map((p) => p.property),
      ["docker.caCert", "docker.cert", "docker.key"],
    );
    assert.match(
      found[0]!.reason,
      /^docker\.caCert holds no PEM certificate .*; give the content of the engine's CA certificate \(ca\.pem\)$/,
    );
    assert.match(
      found[2]!.reason,
      /^docker\.key holds no PEM private key .*give the content of the client key \(key\.pem\)$/,
    );
    const mismatch = connectionProblems({ host, cert: pem("cert.pem"), key: pem("other-key.pem") });
    assert.deepEqual(mismatch, [
      {
        property: "docker.key",
        reason: "docker.key is not the key of docker.cert's certificate; give the key.pem made with that cert.pem",
      },
    ]);
  });

  it("skips values unknown during preview", () => {
    assert.deepEqual(connectionProblems(UNKNOWN), []);
    assert.deepEqual(connectionProblems({ host: UNKNOWN, caCert: pem("ca.pem"), tlsVerify: UNKNOWN }), []);
    assert.deepEqual(connectionProblems({ host: "tcp://h:2376", caCert: UNKNOWN, cert: UNKNOWN, key: UNKNOWN }), []);
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
