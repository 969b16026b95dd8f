// test-runner: once — check refuses these inputs by itself: no engine changes what it proves
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testEnvironment } from "../support/environment";
import { createProgram, type TestProgram, programSource } from "../support/program";

const env = testEnvironment();

/** The Pulumi program, test/programs/check-errors/index.js. */
const PROGRAM = programSource("check-errors");

const CASES: { name: string; kind: "build" | "push"; args: object; expect: RegExp }[] = [
  {
    name: "an imageName with a tag",
    kind: "build",
    args: { imageName: `${env.registry}/team/app:1.0`, context: "app" },
    expect: /imageName "[^"]+" must not contain a tag; put the tag in the `tag` input/,
  },
  {
    name: "an invalid tag",
    kind: "build",
    args: { imageName: "app", tag: "-dev", context: "app" },
    expect: /tag "-dev"/,
  },
  {
    name: "a context that is not a folder",
    kind: "build",
    args: { imageName: "app", context: "no-such-folder" },
    expect: /context[^\n]*no-such-folder/,
  },
  {
    name: "a missing Dockerfile",
    kind: "build",
    args: { imageName: "app", context: "app", dockerfile: "Dockerfile.prod" },
    expect: /Dockerfile\.prod/,
  },
  {
    name: "baseImage without dockerfile auto",
    kind: "build",
    args: { imageName: "app", context: "app", baseImage: "local/node:22" },
    expect: /baseImage only applies to dockerfile: "auto"/,
  },
  {
    name: "a malformed platform",
    kind: "build",
    args: { imageName: "app", context: "app", platform: "linux amd64" },
    expect: /platform "linux amd64" is not a platform Docker reads/,
  },
  {
    name: "a buildOptions key that has a typed input",
    kind: "build",
    args: { imageName: "app", context: "app", buildOptions: { buildargs: "{}" } },
    expect: /buildOptions\.buildargs is set through the buildArgs input/,
  },
  {
    name: "credentials without a password",
    kind: "push",
    args: { imageName: `${env.authRegistry}/team/app`, credentials: { username: "someone" } },
    expect: /credentials\.password is missing/,
  },
];

describe("input errors reported by check", () => {
  let program: TestProgram;
  before(async () => {
    program = await createProgram("check-errors", PROGRAM, { "app/Dockerfile": `FROM ${env.busyboxImage}\n` });
  });
  after(() => program?.dispose());

  for (const c of CASES) {
    it(`stops preview on ${c.name}, naming the property`, async () => {
      await program.stack.setConfig("kind", c.kind);
      await program.stack.setConfig("args", JSON.stringify(c.args));
      const result = await program.stack.run(["preview", "--stack", program.stack.stack]);
      assert.notEqual(result.code, 0, result.stdout);
      assert.match(result.stdout + result.stderr, c.expect);
    });
  }

  it("leaves nothing in state when up fails on bad input", async () => {
    const result = await program.stack.run(["up", "--yes", "--skip-preview", "--stack", program.stack.stack]);
    assert.notEqual(result.code, 0);
    assert.doesNotMatch(await program.stack.savedState(), /DockerPush::bad|DockerBuild::bad/);
  });
});
