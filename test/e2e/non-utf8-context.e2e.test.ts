import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { removeImages } from "../support/docker-cli";
import { testEnvironment, uniqueSuffix } from "../support/environment";
import { createProgram, type TestProgram } from "../support/program";
import { plannedChanges } from "../support/pulumi-cli";

const env = testEnvironment();
const imageName = `${env.registry}/tests/e2e-non-utf8-${uniqueSuffix()}`;

const INDEX = `
const { DockerBuild } = require("pulumi-docker-dynamic");
const build = new DockerBuild("app", { imageName: "${imageName}", tag: "raw", context: "app" });
exports.imageId = build.imageId;
exports.contextDigest = build.contextDigest;
`;

/** Runs a command in a container of the image and returns its stdout as bytes. */
function runInImage(...command: string[]): Buffer {
  const result = spawnSync("docker", ["run", "--rm", `${imageName}:raw`, ...command]);
  assert.equal(result.status, 0, result.stderr.toString());
  return result.stdout;
}

describe("DockerBuild with a file whose name is not UTF-8, through the pulumi CLI", () => {
  let program: TestProgram;
  let rawFile: Buffer;
  const outputs = async () => (await program.stack.outputs()) as Record<string, string>;

  before(async () => {
    program = await createProgram("e2e-non-utf8", INDEX, {
      "app/Dockerfile": `FROM ${env.busyboxImage}\nCOPY . /srv/\n`,
    });
    rawFile = Buffer.concat([Buffer.from(path.join(program.dir, "app") + "/"), Buffer.from([0xff])]);
    writeFileSync(rawFile, "one\n");
  });
  after(async () => {
    await program?.dispose();
    removeImages(`${imageName}:raw`);
  });

  it("sends the file byte for byte, so the image holds a file named with byte 0xff", async () => {
    await program.stack.up();
    const listing = runInImage("sh", "-c", "find /srv -type f | od -c");
    assert.ok(listing.toString().includes("/   s   r   v   / 377  \\n"), listing.toString());
    assert.equal(runInImage("sh", "-c", `cat "/srv/$(printf '\\377')"`).toString(), "one\n");
  });

  it("rebuilds when that file is edited, with a new context digest", async () => {
    const before = await outputs();
    writeFileSync(rawFile, "two\n");
    const plan = plannedChanges((await program.stack.preview(["--json"])).stdout);
    assert.deepEqual(plan, ["update pulumi-nodejs:dynamic/docker:DockerBuild app"]);
    await program.stack.up();
    const after = await outputs();
    assert.notEqual(after.contextDigest, before.contextDigest);
    assert.notEqual(after.imageId, before.imageId);
    assert.equal(runInImage("sh", "-c", `cat "/srv/$(printf '\\377')"`).toString(), "two\n");
    await program.stack.preview(["--expect-no-changes"]);
  });
});
