// test-runner: once — proves the test harness (the CLI on a file backend) with a provider of its own: no engine is involved
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { createProgram, type TestProgram } from "../../support/program";

const TINY = `
const pulumi = require("@pulumi/pulumi");
const provider = {
  async create(inputs) {
    return { id: "tiny-" + inputs.value, outs: { value: inputs.value, doubled: inputs.value * 2 } };
  },
};
class Tiny extends pulumi.dynamic.Resource {
  constructor(name, value) {
    super(provider, name, { value, doubled: undefined });
  }
}
const tiny = new Tiny("tiny", new pulumi.Config().requireNumber("value"));
exports.doubled = tiny.doubled;
`;

describe("the test harness", () => {
  let program: TestProgram | undefined;
  after(() => program?.dispose());

  it("creates and destroys a dynamic resource with the real pulumi CLI on a file backend", async () => {
    program = await createProgram("harness", TINY);
    const version = await program.stack.ok(["version"]);
    assert.match(version.stdout.trim(), /^v3\.\d+\.\d+/);
    await program.stack.setConfig("value", "21");
    await program.stack.up();
    assert.deepEqual(await program.stack.outputs(), { doubled: 42 });
    assert.match(await program.stack.exportState(), /pulumi-nodejs:dynamic:Resource::tiny/);
    await program.stack.destroy();
    assert.doesNotMatch(await program.stack.exportState(), /::tiny"/);
  });
});
