import assert from "node:assert/strict";
import { realpath } from "node:fs/promises";
import * as path from "node:path";
import { describe, it } from "node:test";
import { resolveBuildContext } from "../../../provider/build-context/resolve";
import { InputError } from "../../../provider/core/errors";
import { withTree } from "../../support/context-tree";

function inputError(property: string, text: RegExp): (e: unknown) => boolean {
  return (e) => e instanceof InputError && e.property === property && text.test(e.message);
}

describe("resolveBuildContext", () => {
  it("resolves the context from cwd and the Dockerfile from the context", async () => {
    await withTree({ "app/Dockerfile": "FROM scratch\n" }, async (root) => {
      const real = await realpath(root);
      assert.deepEqual(await resolveBuildContext({ context: "app", cwd: root }), {
        contextDir: path.join(real, "app"),
        dockerfilePath: path.join(real, "app", "Dockerfile"),
        dockerfileGivenPath: path.join(real, "app", "Dockerfile"),
        dockerfileInContext: true,
        dockerfileRelPath: "Dockerfile",
      });
    });
  });

  it("defaults the context to cwd and accepts a Dockerfile in a subfolder", async () => {
    await withTree({ "docker/prod.Dockerfile": "FROM scratch\n" }, async (root) => {
      const resolved = await resolveBuildContext({ dockerfile: "docker/prod.Dockerfile", cwd: root });
      assert.equal(resolved.contextDir, await realpath(root));
      assert.equal(resolved.dockerfileRelPath, "docker/prod.Dockerfile");
    });
  });

  it("marks a Dockerfile outside the context as not in it", async () => {
    await withTree({ "app/main.ts": "", "Dockerfile.app": "FROM scratch\n" }, async (root) => {
      const resolved = await resolveBuildContext({ context: "app", dockerfile: "../Dockerfile.app", cwd: root });
      assert.equal(resolved.dockerfilePath, path.join(await realpath(root), "Dockerfile.app"));
      assert.equal(resolved.dockerfileInContext, false);
      assert.equal(resolved.dockerfileRelPath, undefined);
    });
  });

  it("accepts an absolute Dockerfile path", async () => {
    await withTree({ "app/main.ts": "", "other/Dockerfile": "FROM scratch\n" }, async (root) => {
      const absolute = path.join(root, "other", "Dockerfile");
      const resolved = await resolveBuildContext({ context: "app", dockerfile: absolute, cwd: root });
      assert.equal(resolved.dockerfilePath, await realpath(absolute));
    });
  });

  it("leaves the Dockerfile path empty for dockerfile: auto", async () => {
    await withTree({ "main.py": "" }, async (root) => {
      assert.deepEqual(await resolveBuildContext({ dockerfile: "auto", cwd: root }), {
        contextDir: await realpath(root),
        dockerfileInContext: false,
      });
    });
  });

  it("reports a missing context folder against the context property", async () => {
    await withTree({ "file.txt": "" }, async (root) => {
      await assert.rejects(resolveBuildContext({ context: "nope", cwd: root }), inputError("context", /nope/));
      await assert.rejects(
        resolveBuildContext({ context: "file.txt", cwd: root }),
        inputError("context", /file\.txt is a file, not a folder; set `context` to the folder it is in/),
      );
    });
  });

  it("reports a missing Dockerfile against the dockerfile property and suggests auto", async () => {
    await withTree({ "main.ts": "", sub: null }, async (root) => {
      await assert.rejects(
        resolveBuildContext({ cwd: root }),
        inputError("dockerfile", /Dockerfile not found.*"auto"/),
      );
      await assert.rejects(resolveBuildContext({ dockerfile: "sub", cwd: root }), inputError("dockerfile", /sub/));
    });
  });

  it("follows a symlinked Dockerfile to its real location", async () => {
    await withTree(
      { "app/real.Dockerfile": "FROM scratch\n", "app/Dockerfile": { symlink: "real.Dockerfile" } },
      async (root) => {
        const resolved = await resolveBuildContext({ context: "app", cwd: root });
        assert.equal(resolved.dockerfileRelPath, "real.Dockerfile");
      },
    );
  });
});
