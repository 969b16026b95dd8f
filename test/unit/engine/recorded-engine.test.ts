import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { recordedEngine } from "../../../provider/engine/recorded-engine";
import type { ResolvedEngine } from "../../../provider/engine/engine-resolution";

const tlsEngine: ResolvedEngine = {
  host: "tcp://h:2376",
  source: "DOCKER_HOST",
  tls: { ca: "ca", cert: "cert", key: "key", verify: true, from: "test" },
};

describe("recordedEngine", () => {
  it("uses the current resolution, TLS material included, when it reaches the recorded engine", () => {
    assert.equal(recordedEngine(tlsEngine, "tcp://h:2376"), tlsEngine);
  });

  it("uses the current resolution for a state that records no engine", () => {
    assert.equal(recordedEngine(tlsEngine, undefined), tlsEngine);
    assert.throws(() => recordedEngine(new Error("bad DOCKER_HOST"), undefined), /bad DOCKER_HOST/);
  });

  it("goes to the recorded engine without the other engine's TLS material when the resolution moved", () => {
    const engine = recordedEngine(tlsEngine, "unix:///var/run/docker.sock");
    assert.deepEqual([engine.host, engine.tls], ["unix:///var/run/docker.sock", undefined]);
    assert.match(engine.source, /engineHost recorded in the state; .* now resolve to tcp:\/\/h:2376/);
    const moved = recordedEngine({ host: "unix:///x.sock", source: "the default socket" }, "tcp://old:2376");
    assert.deepEqual(moved.tls && [moved.tls.verify, moved.tls.ca, moved.tls.key], [true, undefined, undefined]);
    assert.match(moved.tls?.from ?? "", /resolve to tcp:\/\/old:2376 again/);
  });

  it("goes to the recorded engine when the current environment cannot be resolved", () => {
    const engine = recordedEngine(new Error('DOCKER_CONTEXT names docker context "x"'), "unix:///a.sock");
    assert.equal(engine.host, "unix:///a.sock");
    assert.match(engine.source, /cannot be resolved: DOCKER_CONTEXT names/);
  });
});
