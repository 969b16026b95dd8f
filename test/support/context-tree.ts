/** Helpers that lay out small fixture trees in temporary folders for the context tests. */

import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import * as os from "node:os";
import * as path from "node:path";

/** One fixture path: file text, a file with an explicit mode, a symlink, or an empty folder. */
export type TreeNode =
  string | { readonly content: string; readonly mode: number } | { readonly symlink: string } | null;

/** A fixture tree: slash-separated relative paths to nodes (`null` makes an empty folder). */
export type TreeSpec = Readonly<Record<string, TreeNode>>;

/** Writes `spec` under `root`, creating parent folders as needed. */
export async function writeTree(root: string, spec: TreeSpec): Promise<void> {
  for (const [rel, node] of Object.entries(spec)) {
    const abs = path.join(root, ...rel.split("/"));
    if (node === null) {
      await mkdir(abs, { recursive: true });
      continue;
    }
    await mkdir(path.dirname(abs), { recursive: true });
    if (typeof node === "string") await writeFile(abs, node);
    else if ("symlink" in node) await symlink(node.symlink, abs);
    else {
      await writeFile(abs, node.content);
      await chmod(abs, node.mode);
    }
  }
}

/** Creates a fresh temporary folder, runs `fn` in it and removes the folder afterwards. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "pdd-context-"));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Creates a temporary folder holding `spec`, runs `fn` on it and removes it afterwards. */
export function withTree<T>(spec: TreeSpec, fn: (dir: string) => Promise<T>): Promise<T> {
  return withTempDir(async (dir) => {
    await writeTree(dir, spec);
    return fn(dir);
  });
}
