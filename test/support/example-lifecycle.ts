import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { testEnvironment } from "./environment";
import { assertPublished, assertTagsRemoved } from "./example-checks";
import { ExampleProject, type ExampleOutputs } from "./example-project";
import type { BasicAuth } from "./registry-http";

/** What differs between examples; the lifecycle they all go through is {@link exampleLifecycle}. */
export interface ExampleCase {
  /** The example folder under `examples/`. */
  readonly name: string;
  /** The registry the example pushes to. @default the open test registry */
  readonly registry?: string;
  /** Credentials to read the registry with, when it needs them. */
  readonly auth?: BasicAuth;
  /** Stack config beyond `registry` and `imagePrefix`. */
  readonly config?: (example: ExampleProject) => Promise<Record<string, string>> | Record<string, string>;
  /** Runs after the stack is set up (e.g. to set secret config). */
  readonly afterSetUp?: (example: ExampleProject) => Promise<void>;
  /** Runs after the example is disposed of. */
  readonly cleanUp?: (example: ExampleProject) => void;
  /** Tests that run before the lifecycle. */
  readonly checksFirst?: (example: ExampleProject) => void;
  /** The resources planned, as `Type name`. @default DockerBuild app and DockerPush app */
  readonly resources?: readonly string[];
  /** The title of the create preview. @default "previews creating the build and the push" */
  readonly createTitle?: string;
  /** The first `up`: its title and what it must leave besides a published image. */
  readonly first: {
    readonly title: string;
    readonly check: (first: ExampleOutputs, example: ExampleProject) => Promise<void> | void;
  };
  /** The edit to `app/<file>`, the planned update (default: an update of every resource), and the checks. */
  readonly edit: {
    readonly title: string;
    readonly file: string;
    readonly line: (example: ExampleProject) => string;
    readonly plan?: readonly string[];
    readonly check: (second: ExampleOutputs, first: ExampleOutputs, example: ExampleProject) => Promise<void> | void;
  };
  /** The destroy: its title and what it must leave besides no local tags. */
  readonly destroy?: {
    readonly title: string;
    readonly check: (second: ExampleOutputs, example: ExampleProject) => Promise<void> | void;
  };
}

/** preview → up (published, checked) → no changes → edit → update → refresh without changes → destroy. */
export function exampleLifecycle(c: ExampleCase): void {
  describe(`examples/${c.name}`, () => {
    const example = new ExampleProject(c.name);
    const resources = [...(c.resources ?? ["DockerBuild app", "DockerPush app"])].sort();
    let first: ExampleOutputs;
    let second: ExampleOutputs;

    before(async () => {
      const config = (await c.config?.(example)) ?? {};
      const registry = c.registry ?? testEnvironment().registry;
      await example.setUp({ registry, imagePrefix: example.imagePrefix, ...config }, c.auth);
      await c.afterSetUp?.(example);
    });
    after(async () => {
      await example.dispose();
      c.cleanUp?.(example);
    });

    c.checksFirst?.(example);

    it(c.createTitle ?? "previews creating the build and the push", async () => {
      assert.deepEqual(
        await example.plannedChanges(),
        resources.map((r) => `create ${r}`),
      );
    });

    it(c.first.title, async () => {
      first = await example.up();
      await assertPublished(first, c.auth);
      await c.first.check(first, example);
    });

    it("previews no changes when nothing changed", () => example.expectNoChanges());

    it(c.edit.title, async () => {
      example.editApp(c.edit.file, c.edit.line(example));
      const plan = c.edit.plan ?? resources.map((r) => `update ${r}`);
      assert.deepEqual(await example.plannedChanges(), [...plan].sort());
      second = await example.up();
      await assertPublished(second, c.auth);
      await c.edit.check(second, first, example);
    });

    it("refreshes without changes", () => example.refreshExpectingNoChanges());

    it(c.destroy?.title ?? "removes the local tag on destroy", async () => {
      await example.destroy();
      assertTagsRemoved(second);
      await c.destroy?.check(second, example);
    });
  });
}
