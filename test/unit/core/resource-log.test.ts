import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { engineAddressOf, severityOf, URN_INPUT, withResourceLogs } from "../../../provider/core/resource-log";

const URN = "urn:pulumi:dev::app::pulumi-nodejs:dynamic/docker:DockerPush::app";
const PROVIDER = "/x/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";

describe("resource log", () => {
  it("finds the engine address as the provider process's last argument, after the engine's flags", () => {
    assert.equal(engineAddressOf(["node", PROVIDER, "127.0.0.1:40123"]), "127.0.0.1:40123");
    assert.equal(engineAddressOf(["node", PROVIDER, "-v=9", "--logtostderr", "127.0.0.1:40123"]), "127.0.0.1:40123");
    assert.equal(engineAddressOf(["node", "/x/test-runner.js", "127.0.0.1:40123"]), undefined);
    assert.equal(engineAddressOf(["node", PROVIDER, "--logtostderr"]), undefined);
  });

  it("sends a line starting with 'warning: ' as a warning without the prefix", () => {
    assert.deepEqual(severityOf("warning: registry is slow"), { severity: 2, message: "registry is slow" });
    assert.deepEqual(severityOf("[app:dev] pushed"), { severity: 1, message: "[app:dev] pushed" });
  });

  it("keeps the URN input in the state a create, update or read returns, and leaves other results alone", async () => {
    type Props = { name: string; [URN_INPUT]?: string };
    const handlers: dynamic.ResourceProvider<Props, Props> = {
      create: async (inputs) => ({ id: "a", outs: { name: inputs.name } }),
      update: async (_id, _olds, news) => ({ outs: { name: news.name } }),
      read: async (id, props) => ({ id, props: { name: props!.name } }),
      diff: async () => ({ changes: false }),
    };
    const wrapped = withResourceLogs(handlers);
    const inputs = { name: "n", [URN_INPUT]: URN };
    assert.deepEqual((await wrapped.create(inputs)).outs, inputs);
    assert.deepEqual((await wrapped.update!("a", { name: "o", [URN_INPUT]: URN }, { name: "n" })).outs, inputs);
    assert.deepEqual((await wrapped.read!("a", inputs)).props, inputs);
    assert.deepEqual((await wrapped.create({ name: "old state" })).outs, { name: "old state" });
    assert.deepEqual(await wrapped.diff!("a", inputs, inputs), { changes: false });
    assert.equal(wrapped.check, undefined);
  });
});
