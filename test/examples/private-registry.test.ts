import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { testEnvironment } from "../support/environment";
import { filesUnder } from "../support/fixtures";
import { assertPublished, assertTagsRemoved } from "./checks";
import { ExampleProject, type ExampleOutputs } from "./example-project";
import { anonymousStatus } from "../support/registry-http";

/** The marker Pulumi puts on a secret value in a stack export. */
const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";
const SECRET_SIG_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** The part of `pulumi stack export` these tests read. */
interface StackExport {
  readonly deployment: {
    readonly resources?: { readonly type: string; readonly outputs?: Record<string, Record<string, unknown>> }[];
  };
}

describe("examples/private-registry", () => {
  const { authRegistry, authCredentials } = testEnvironment();
  const example = new ExampleProject("private-registry");
  let first: ExampleOutputs;
  let second: ExampleOutputs;

  /** Asserts the password appears in no pulumi output so far, in `pulumi stack export`, or in any state file. */
  async function assertPasswordNowhere(): Promise<string> {
    const { password } = authCredentials;
    assert.ok(!example.transcript.includes(password), "the password appears in the pulumi output");
    const exported = await example.stack.exportState();
    assert.ok(!exported.includes(password), "the password appears in pulumi stack export");
    const files = [...filesUnder(example.stack.stateDir), path.join(example.dir, `Pulumi.${example.stack.stack}.yaml`)];
    for (const file of files) assert.ok(!readFileSync(file, "utf8").includes(password), `the password is in ${file}`);
    return exported;
  }

  before(async () => {
    await example.setUp(
      { registry: authRegistry, imagePrefix: example.imagePrefix, registryUser: authCredentials.username },
      authCredentials,
    );
    await example.stack.setConfig("registryPassword", authCredentials.password, true);
  });
  after(() => example.dispose());

  it("uses a registry that refuses anonymous requests", async () => {
    assert.equal(await anonymousStatus(authRegistry), 401);
  });

  it("previews creating the build and the push", async () => {
    assert.deepEqual(await example.plannedChanges(), ["create DockerBuild app", "create DockerPush app"]);
  });

  it("pushes with the credentials from config and never writes the password in clear", async () => {
    first = await example.up();
    assert.equal(first.imageName, `${authRegistry}/${example.imagePrefix}/private-registry`);
    await assertPublished(first, authCredentials);
    const exported = JSON.parse(await assertPasswordNowhere()) as StackExport;
    const push = exported.deployment.resources?.find((r) => r.type.endsWith(":DockerPush"));
    assert.equal(
      push?.outputs?.credentials?.[SECRET_SIGNATURE],
      SECRET_SIG_VALUE,
      "credentials not stored as a secret",
    );
  });

  it("previews no changes when nothing changed", () => example.expectNoChanges());

  it("rebuilds and re-pushes with the same credentials when a file in app/ changes", async () => {
    example.editApp("message.txt", `changed ${example.suffix}`);
    assert.deepEqual(await example.plannedChanges(), ["update DockerBuild app", "update DockerPush app"]);
    second = await example.up();
    assert.notEqual(second.digest, first.digest);
    await assertPublished(second, authCredentials);
  });

  it("refreshes without changes", () => example.refreshExpectingNoChanges());

  it("removes the local tag on destroy, with the password still nowhere in clear", async () => {
    await example.destroy();
    assertTagsRemoved(second);
    await assertPasswordNowhere();
  });
});
