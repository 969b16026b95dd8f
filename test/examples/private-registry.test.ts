import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { it } from "node:test";
import { testEnvironment } from "../support/environment";
import { filesUnder } from "../support/fixtures";
import { exampleLifecycle } from "../support/example-lifecycle";
import type { ExampleProject } from "../support/example-project";
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

const { authRegistry, authCredentials } = testEnvironment();

/** Asserts the password appears in no pulumi output so far, in `pulumi stack export`, or in any state file. */
async function assertPasswordNowhere(example: ExampleProject): Promise<string> {
  const { password } = authCredentials;
  assert.ok(!example.transcript.includes(password), "the password appears in the pulumi output");
  const exported = await example.stack.exportState();
  assert.ok(!exported.includes(password), "the password appears in pulumi stack export");
  const files = [...filesUnder(example.stack.stateDir), path.join(example.dir, `Pulumi.${example.stack.stack}.yaml`)];
  for (const file of files) assert.ok(!readFileSync(file, "utf8").includes(password), `the password is in ${file}`);
  return exported;
}

exampleLifecycle({
  name: "private-registry",
  registry: authRegistry,
  auth: authCredentials,
  config: () => ({ registryUser: authCredentials.username }),
  afterSetUp: (example) => example.stack.setConfig("registryPassword", authCredentials.password, true),
  checksFirst: () => {
    it("uses a registry that refuses anonymous requests", async () => {
      assert.equal(await anonymousStatus(authRegistry), 401);
    });
  },
  first: {
    title: "pushes with the credentials from config and never writes the password in clear",
    check: async (first, example) => {
      assert.equal(first.imageName, `${authRegistry}/${example.imagePrefix}/private-registry`);
      const exported = JSON.parse(await assertPasswordNowhere(example)) as StackExport;
      const push = exported.deployment.resources?.find((r) => r.type.endsWith(":DockerPush"));
      assert.equal(
        push?.outputs?.credentials?.[SECRET_SIGNATURE],
        SECRET_SIG_VALUE,
        "credentials not stored as a secret",
      );
    },
  },
  edit: {
    title: "rebuilds and re-pushes with the same credentials when a file in app/ changes",
    file: "message.txt",
    line: (example) => `changed ${example.suffix}`,
    check: (second, first) => assert.notEqual(second.digest, first.digest),
  },
  destroy: {
    title: "removes the local tag on destroy, with the password still nowhere in clear",
    check: async (_second, example) => {
      await assertPasswordNowhere(example);
    },
  },
});
