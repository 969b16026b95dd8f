import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DockerUnavailableError } from "../../../provider/core/errors";
import { normalizeHost, resolveEngine } from "../../../provider/engine/engine-resolution";
import { contextFiles, sourcesOf } from "../../support/engine-files";

const CA = "ca-pem";
const CERT = "cert-pem";
const KEY = "key-pem";
const HOME_DOCKER = "/home/ann/.docker";
/** ca.pem, cert.pem and key.pem in `dir`. */
const certFiles = (dir: string) => ({ [`${dir}/ca.pem`]: CA, [`${dir}/cert.pem`]: CERT, [`${dir}/key.pem`]: KEY });
const fails = (pattern: RegExp) => (error: unknown) =>
  error instanceof DockerUnavailableError && pattern.test(error.message);

describe("resolveEngine: the docker input", () => {
  it("takes docker.host before DOCKER_HOST and DOCKER_CONTEXT", () => {
    const engine = resolveEngine(
      { host: "tcp://h:2376", caCert: CA },
      sourcesOf({ DOCKER_HOST: "tcp://other:1", DOCKER_CONTEXT: "ci" }),
    );
    assert.equal(engine.host, "tcp://h:2376");
    assert.deepEqual(engine.tls && { ca: engine.tls.ca, verify: engine.tls.verify }, { ca: CA, verify: true });
  });

  it("takes docker.context before DOCKER_HOST, with the context's TLS files", () => {
    const files = contextFiles(
      HOME_DOCKER,
      "build-host",
      { Host: "tcp://10.0.0.5:2376" },
      { ca: CA, cert: CERT, key: KEY },
    );
    const engine = resolveEngine({ context: "build-host" }, sourcesOf({ DOCKER_HOST: "tcp://other:1" }, files));
    assert.equal(engine.host, "tcp://10.0.0.5:2376");
    assert.equal(engine.source, 'docker context "build-host"');
    assert.deepEqual(engine.tls && [engine.tls.ca, engine.tls.cert, engine.tls.key, engine.tls.verify], [
      CA,
      CERT,
      KEY,
      true,
    ]);
  });

  it('treats docker.context "default" as the environment\'s endpoint, as docker --context default does', () => {
    assert.equal(
      resolveEngine({ context: "default" }, sourcesOf({ DOCKER_HOST: "tcp://h:2375" })).host,
      "tcp://h:2375",
    );
    assert.equal(resolveEngine({ context: "default" }, sourcesOf({})).host, "unix:///var/run/docker.sock");
  });

  it("names docker.context and lists the contexts found when it does not exist", () => {
    const files = {
      ...contextFiles(HOME_DOCKER, "a", { Host: "unix:///a.sock" }),
      ...contextFiles(HOME_DOCKER, "b", { Host: "unix:///b.sock" }),
    };
    assert.throws(
      () => resolveEngine({ context: "nope" }, sourcesOf({}, files)),
      fails(
        /^docker\.context names docker context "nope", which does not exist in \/home\/ann\/\.docker\/contexts \(contexts found: "default", "a", "b"\)/,
      ),
    );
  });
});

describe("resolveEngine: DOCKER_HOST and its TLS variables", () => {
  it("uses DOCKER_HOST over plain HTTP when DOCKER_TLS_VERIFY is unset or empty", () => {
    for (const env of [{ DOCKER_HOST: "tcp://h:2376" }, { DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "" }]) {
      const engine = resolveEngine(undefined, sourcesOf(env, certFiles(HOME_DOCKER)));
      assert.deepEqual([engine.host, engine.tls, engine.source], ["tcp://h:2376", undefined, "DOCKER_HOST"]);
    }
  });

  it('turns TLS on for any non-empty DOCKER_TLS_VERIFY, "0" included, reading ~/.docker by default', () => {
    for (const value of ["1", "0", "false"]) {
      const engine = resolveEngine(
        undefined,
        sourcesOf({ DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: value }, certFiles(HOME_DOCKER)),
      );
      assert.deepEqual(
        engine.tls && [engine.tls.ca, engine.tls.cert, engine.tls.key, engine.tls.verify],
        [CA, CERT, KEY, true],
        value,
      );
    }
  });

  it("reads the TLS files from DOCKER_CERT_PATH, else from DOCKER_CONFIG like the CLI", () => {
    const env = { DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "1" };
    const certs = resolveEngine(
      undefined,
      sourcesOf({ ...env, DOCKER_CERT_PATH: "/certs", DOCKER_CONFIG: "/cfg" }, certFiles("/certs")),
    );
    assert.equal(certs.tls?.ca, CA);
    assert.match(certs.tls?.from ?? "", /in \/certs \(DOCKER_CERT_PATH\)/);
    const config = resolveEngine(undefined, sourcesOf({ ...env, DOCKER_CONFIG: "/cfg" }, certFiles("/cfg")));
    assert.equal(config.tls?.key, KEY);
  });

  it("fails naming the missing ca.pem, and a cert.pem without key.pem", () => {
    const env = { DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: "/certs" };
    assert.throws(
      () => resolveEngine(undefined, sourcesOf(env)),
      fails(/DOCKER_TLS_VERIFY is set but \/certs\/ca\.pem does not exist/),
    );
    assert.throws(
      () => resolveEngine(undefined, sourcesOf(env, { "/certs/ca.pem": CA, "/certs/cert.pem": CERT })),
      fails(/\/certs holds cert\.pem but no key\.pem/),
    );
  });

  it("uses a client certificate only when there is one: ca.pem alone verifies the engine", () => {
    const env = { DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: "/certs" };
    const engine = resolveEngine(undefined, sourcesOf(env, { "/certs/ca.pem": CA }));
    assert.deepEqual(engine.tls && [engine.tls.ca, engine.tls.cert, engine.tls.key], [CA, undefined, undefined]);
  });

  it("encrypts without verifying for DOCKER_TLS alone", () => {
    const engine = resolveEngine(
      undefined,
      sourcesOf({ DOCKER_HOST: "tcp://h:2376", DOCKER_TLS: "1" }, certFiles(HOME_DOCKER)),
    );
    assert.equal(engine.tls?.verify, false);
  });

  it("goes to tcp://localhost:2376 when DOCKER_TLS_VERIFY is set without DOCKER_HOST, as the CLI does", () => {
    const engine = resolveEngine(undefined, sourcesOf({ DOCKER_TLS_VERIFY: "1" }, certFiles(HOME_DOCKER)));
    assert.equal(engine.host, "tcp://localhost:2376");
    assert.equal(engine.tls?.ca, CA);
  });

  it("ignores the TLS variables for a unix:// DOCKER_HOST", () => {
    const engine = resolveEngine(undefined, sourcesOf({ DOCKER_HOST: "unix:///run/d.sock", DOCKER_TLS_VERIFY: "1" }));
    assert.deepEqual([engine.host, engine.tls], ["unix:///run/d.sock", undefined]);
  });

  it("takes a non-empty DOCKER_HOST before DOCKER_CONTEXT and currentContext; an empty one counts as unset", () => {
    const files = {
      ...contextFiles(HOME_DOCKER, "ci", { Host: "unix:///ci.sock" }),
      [`${HOME_DOCKER}/config.json`]: JSON.stringify({ currentContext: "ci" }),
    };
    assert.equal(
      resolveEngine(undefined, sourcesOf({ DOCKER_HOST: "unix:///h.sock", DOCKER_CONTEXT: "ci" }, files)).host,
      "unix:///h.sock",
    );
    assert.equal(resolveEngine(undefined, sourcesOf({ DOCKER_HOST: "unix:///h.sock" }, files)).host, "unix:///h.sock");
    assert.equal(
      resolveEngine(undefined, sourcesOf({ DOCKER_HOST: "", DOCKER_CONTEXT: "ci" }, files)).host,
      "unix:///ci.sock",
    );
  });

  it("rejects a DOCKER_HOST with an unsupported scheme, naming the variable", () => {
    assert.throws(
      () => resolveEngine(undefined, sourcesOf({ DOCKER_HOST: "npipe:////./pipe/x" })),
      fails(/^DOCKER_HOST "npipe.*unsupported scheme/),
    );
  });
});

describe("resolveEngine: docker contexts", () => {
  it("takes DOCKER_CONTEXT before currentContext", () => {
    const files = {
      ...contextFiles(HOME_DOCKER, "a", { Host: "unix:///a.sock" }),
      ...contextFiles(HOME_DOCKER, "b", { Host: "unix:///b.sock" }),
      [`${HOME_DOCKER}/config.json`]: JSON.stringify({ currentContext: "b" }),
    };
    assert.equal(resolveEngine(undefined, sourcesOf({ DOCKER_CONTEXT: "a" }, files)).host, "unix:///a.sock");
    const current = resolveEngine(undefined, sourcesOf({}, files));
    assert.deepEqual([current.host, current.source], ["unix:///b.sock", 'docker context "b"']);
  });

  it("reads the config and contexts from DOCKER_CONFIG", () => {
    const files = {
      ...contextFiles("/cfg", "a", { Host: "tcp://h:2375" }),
      "/cfg/config.json": '{"currentContext":"a"}',
    };
    assert.equal(resolveEngine(undefined, sourcesOf({ DOCKER_CONFIG: "/cfg" }, files)).host, "tcp://h:2375");
  });

  it('uses the default socket for the "default" context, an empty currentContext or no config', () => {
    for (const config of ['{"currentContext":"default"}', '{"currentContext":""}', "{}", ""]) {
      const engine = resolveEngine(undefined, sourcesOf({}, { [`${HOME_DOCKER}/config.json`]: config }));
      assert.deepEqual([engine.host, engine.source], ["unix:///var/run/docker.sock", "the default socket"], config);
    }
    assert.equal(
      resolveEngine(undefined, sourcesOf({ DOCKER_CONTEXT: "default" })).host,
      "unix:///var/run/docker.sock",
    );
  });

  it("prefers ~/.docker/run/docker.sock as the default socket when it exists", () => {
    const engine = resolveEngine(undefined, sourcesOf({}, { [`${HOME_DOCKER}/run/docker.sock`]: "" }));
    assert.equal(engine.host, `unix://${HOME_DOCKER}/run/docker.sock`);
  });

  it("uses TLS for a context with TLS files, verifying unless SkipTLSVerify; plain HTTP without them", () => {
    const tls = contextFiles(HOME_DOCKER, "t", { Host: "tcp://h:2376" }, { ca: CA, cert: CERT, key: KEY });
    assert.equal(resolveEngine(undefined, sourcesOf({ DOCKER_CONTEXT: "t" }, tls)).tls?.verify, true);
    const skip = contextFiles(HOME_DOCKER, "s", { Host: "tcp://h:2376", SkipTLSVerify: true });
    const skipped = resolveEngine(undefined, sourcesOf({ DOCKER_CONTEXT: "s" }, skip));
    assert.deepEqual(skipped.tls && [skipped.tls.verify, skipped.tls.ca], [false, undefined]);
    const plain = contextFiles(HOME_DOCKER, "p", { Host: "tcp://h:2375" });
    assert.equal(resolveEngine(undefined, sourcesOf({ DOCKER_CONTEXT: "p" }, plain)).tls, undefined);
  });

  it("keeps an ssh:// context's user and port", () => {
    const files = contextFiles(HOME_DOCKER, "remote", { Host: "ssh://deploy@build.example:2222" });
    assert.equal(
      resolveEngine(undefined, sourcesOf({ DOCKER_CONTEXT: "remote" }, files)).host,
      "ssh://deploy@build.example:2222",
    );
  });

  it("names the variable or config file that chose a missing context", () => {
    assert.throws(
      () => resolveEngine(undefined, sourcesOf({ DOCKER_CONTEXT: "gone" })),
      fails(/^DOCKER_CONTEXT names docker context "gone", which does not exist.*contexts found: "default"\)/),
    );
    const config = { [`${HOME_DOCKER}/config.json`]: '{"currentContext":"gone"}' };
    assert.throws(
      () => resolveEngine(undefined, sourcesOf({}, config)),
      fails(/^currentContext of \/home\/ann\/\.docker\/config\.json names docker context "gone"/),
    );
  });

  it("names the corrupt meta.json, the endpoint without host and the corrupt config.json", () => {
    const meta = contextFiles(HOME_DOCKER, "bad", { Host: "x" });
    const metaFile = Object.keys(meta)[0] ?? "";
    assert.throws(
      () => resolveEngine({ context: "bad" }, sourcesOf({}, { [metaFile]: "{not json" })),
      fails(/meta\.json is not valid JSON.*docker context rm bad/),
    );
    assert.throws(
      () => resolveEngine({ context: "bad" }, sourcesOf({}, { [metaFile]: '{"Endpoints":{}}' })),
      fails(/has no Endpoints\.docker\.Host/),
    );
    assert.throws(
      () => resolveEngine(undefined, sourcesOf({}, { [`${HOME_DOCKER}/config.json`]: "{" })),
      fails(/config\.json is not valid JSON/),
    );
  });
});

describe("normalizeHost", () => {
  it("completes addresses the way the docker CLI does", () => {
    assert.equal(normalizeHost("127.0.0.1:9", "DOCKER_HOST"), "tcp://127.0.0.1:9");
    assert.equal(normalizeHost("tcp://h", "DOCKER_HOST"), "tcp://h:2375");
    assert.equal(normalizeHost("tcp://:2376", "DOCKER_HOST"), "tcp://localhost:2376");
    assert.equal(normalizeHost("unix://", "DOCKER_HOST"), "unix:///var/run/docker.sock");
    assert.equal(normalizeHost("ssh://u:secret@h", "DOCKER_HOST"), "ssh://u@h", "a password is never kept");
  });
});
