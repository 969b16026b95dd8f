import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { moduleSpecifier, providerSource } from "../../../provider/core/serialized-provider";

describe("moduleSpecifier", () => {
  it("names a module of the installed package by package path", () => {
    const file = path.join(
      path.sep,
      "home",
      "u",
      "infra",
      "node_modules",
      "pulumi-docker-dynamic",
      "dist",
      "provider",
      "x.js",
    );
    assert.equal(moduleSpecifier(file), "pulumi-docker-dynamic/dist/provider/x.js");
  });

  it("uses the last node_modules segment of a pnpm store path", () => {
    const file = path.join(
      path.sep,
      "home",
      "u",
      "infra",
      "node_modules",
      ".pnpm",
      "pulumi-docker-dynamic@0.1.0",
      "node_modules",
      "pulumi-docker-dynamic",
      "dist",
      "provider",
      "x.js",
    );
    assert.equal(moduleSpecifier(file), "pulumi-docker-dynamic/dist/provider/x.js");
  });

  it("keeps the absolute path of a module outside node_modules", () => {
    const file = path.join(path.sep, "work", "pulumi-docker-dynamic", "dist", "provider", "x.js");
    assert.equal(moduleSpecifier(file), file);
  });
});

/** A handlers module that answers every call with the method name and its arguments. */
const HANDLERS_MODULE = `
const echo = (method) => async (...args) => ({ method, args });
exports.h = {
  check: echo("check"),
  diff: echo("diff"),
  create: async (inputs) => ({ id: "x", outs: inputs }),
  update: echo("update"),
  read: echo("read"),
  delete: echo("delete"),
};
`;

/**
 * What Pulumi's dynamic provider host does with a resource's `__provider` text: `requireFromString(text).handler()`
 * (`@pulumi/pulumi/cmd/dynamic-provider`), with the very module it uses.
 */
function hostLoads(text: string): dynamic.ResourceProvider<{ a: number }, { a: number }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const requireFromString = require("require-from-string") as (code: string) => { handler: () => unknown };
  return requireFromString(text).handler() as dynamic.ResourceProvider<{ a: number }, { a: number }>;
}

describe("providerSource", () => {
  let dir = "";
  let file = "";

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "pdd-serializable-"));
    file = path.join(dir, "handlers.js");
    await writeFile(file, HANDLERS_MODULE);
  });

  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("gives the host the named export of the module, whose create it calls", async () => {
    const provider = hostLoads(providerSource(file, "h"));
    assert.deepEqual(await provider.create({ a: 1 }), { id: "x", outs: { a: 1 } });
  });

  it("gives the host check, diff, update, read and delete taking their arguments", async () => {
    const provider = hostLoads(providerSource(file, "h"));
    assert.deepEqual(await provider.check!({ a: 1 }, { a: 2 }), { method: "check", args: [{ a: 1 }, { a: 2 }] });
    assert.deepEqual(await provider.diff!("id", { a: 1 }, { a: 2 }), {
      method: "diff",
      args: ["id", { a: 1 }, { a: 2 }],
    });
    assert.deepEqual(await provider.update!("id", { a: 1 }, { a: 2 }), {
      method: "update",
      args: ["id", { a: 1 }, { a: 2 }],
    });
    assert.deepEqual(await provider.read!("id", { a: 1 }), { method: "read", args: ["id", { a: 1 }] });
    assert.deepEqual(await provider.delete!("id", { a: 1 }), { method: "delete", args: ["id", { a: 1 }] });
  });

  it("loads nothing until the host asks for the handlers", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const requireFromString = require("require-from-string") as (code: string) => unknown;
    assert.doesNotThrow(() => requireFromString(providerSource(path.join(dir, "does-not-exist.js"), "h")));
  });

  it("says which module lacks which export", () => {
    assert.throws(
      () => hostLoads(providerSource(file, "missing")),
      (error) => error instanceof Error && error.message === `pulumi-docker-dynamic: ${file} has no export missing`,
    );
  });

  it("loads a module whose path holds quotes and backslashes", async () => {
    const odd = path.join(dir, 'handlers "odd" \\ name.js');
    await writeFile(odd, HANDLERS_MODULE);
    const provider = hostLoads(providerSource(odd, "h"));
    assert.deepEqual(await provider.create({ a: 2 }), { id: "x", outs: { a: 2 } });
  });
});
