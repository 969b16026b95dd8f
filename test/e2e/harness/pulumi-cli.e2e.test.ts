// test-runner: once — proves the test harness (the CLI on a file backend) with a provider of its own: no engine is involved
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { removeTree } from "../../support/fixtures";
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

/** Config values that YAML would read as something else unless written as strings, as `pulumi config set` keeps them. */
const VALUES: Record<string, string> = {
  plain: "value",
  number: "5",
  boolean: "true",
  nothing: "null",
  dash: "-x",
  colon: "a: b",
  hash: "a #b",
  json: '{"a":[1,"b"]}',
  lines: "line 1\nline 2\n",
  quotes: `it's "quoted"`,
};

/** A resource whose delete writes its value into `<marker dir>/<id>`, and the config values as outputs. */
const MARKED = `
const pulumi = require("@pulumi/pulumi");
const cfg = new pulumi.Config();
const markers = cfg.require("markers");
const provider = {
  async create(inputs) {
    return { id: "marked-" + inputs.value, outs: inputs };
  },
  async delete(id, props) {
    require("node:fs").writeFileSync(require("node:path").join(props.markers, id), String(props.value));
  },
};
class Marked extends pulumi.dynamic.Resource {
  constructor(name, value) {
    super(provider, name, { value, markers });
  }
}
new Marked("marked", "seven");
exports.values = Object.fromEntries(${JSON.stringify(Object.keys(VALUES))}.map((k) => [k, cfg.get(k)]));
`;

describe("the test harness", () => {
  let program: TestProgram | undefined;
  let files: TestProgram | undefined;
  const markers = mkdtempSync(path.join(os.tmpdir(), "pdd-harness-"));
  after(async () => {
    await program?.dispose();
    await files?.dispose();
    removeTree(markers);
  });

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

  it("writes plain config as `config set` does, reads outputs and state as the CLI prints them, cleans up through delete", async () => {
    files = await createProgram("harness-files", MARKED);
    await files.stack.setConfig("markers", markers);
    for (const [key, value] of Object.entries(VALUES)) await files.stack.setConfig(key, value);
    await files.stack.up();
    const outputs = await files.stack.outputs();
    assert.deepEqual(outputs, { values: VALUES }, "the program read other config values than were set");
    const printed = await files.stack.ok(["stack", "output", "--json", "--show-secrets", "--stack", files.stack.stack]);
    assert.deepEqual(outputs, JSON.parse(printed.stdout));
    const saved = JSON.parse(await files.stack.savedState()) as { deployment: unknown };
    const exported = JSON.parse(await files.stack.exportState()) as { deployment: unknown };
    assert.deepEqual(saved.deployment, exported.deployment);
    assert.equal(existsSync(path.join(markers, "marked-seven")), false);
    await files.stack.cleanUp();
    assert.equal(readFileSync(path.join(markers, "marked-seven"), "utf8"), "seven", "the delete handler did not run");
  });
});
