import { execFileSync } from "node:child_process";
import { cpSync, existsSync, lstatSync, mkdirSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "./environment";

/** How a checkout copy gets its `node_modules`. */
export type NodeModules = "link" | "copy";

/**
 * Copies the checkout's sources (git's tracked and not ignored files, as they are in the working tree) to `<dir>/<name
 * of the checkout>`, with the checkout's `node_modules` linked in or copied (relative links such as the workspaces' then
 * point into the copy), and links the folders beside the checkout (`../shared`, where `scripts/setup` finds the Pulumi
 * toolchain) beside the copy, as a clone has them. For tests that run commands which rebuild `dist/` (`npm install`'s
 * `prepare`, `npm pack`, `npm run build`): in the checkout itself they would pull the library from under every test
 * running at the same time. Returns the copy's folder.
 */
export function checkoutCopy(dir: string, nodeModules: NodeModules): string {
  const copy = path.join(dir, path.basename(ROOT));
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT });
  for (const file of listed.toString("utf8").split("\0").filter(Boolean)) {
    // A tracked file deleted in the working tree is not in the copy either.
    if (lstatSync(path.join(ROOT, file), { throwIfNoEntry: false }) === undefined) continue;
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    cpSync(path.join(ROOT, file), path.join(copy, file), { verbatimSymlinks: true });
  }
  const modules = path.join(ROOT, "node_modules");
  if (nodeModules === "link") symlinkSync(modules, path.join(copy, "node_modules"));
  else cpSync(modules, path.join(copy, "node_modules"), { recursive: true, verbatimSymlinks: true });
  const shared = path.join(ROOT, "..", "shared");
  if (existsSync(shared)) symlinkSync(shared, path.join(dir, "shared"));
  return copy;
}
