/**
 * Gives this test process its own folders for the state the provider keeps machine-wide, so that test files can run
 * at the same time (several per engine, both engines at once) without seeing each other's state:
 *
 * - `TMPDIR`: the build leases and pending image removals of each engine (`<tmp>/pulumi-docker-dynamic/engines/`).
 *   Shared, another file's build would hold a lease on the engine, and this file's delete would only record its
 *   removals for that build to do later: a removal or its warning would not be seen here.
 * - `XDG_CACHE_HOME`: the digest's stat cache (`pulumi-docker-dynamic/context-stat`).
 * - `XDG_STATE_HOME`: the records of builds an engine cut off (`pulumi-docker-dynamic/interrupted-builds`), which
 *   the next build on that engine cleans up and reports.
 *
 * Imported for its effect by the support modules every engine test uses (`environment.ts`, `docker-cli.ts`); the
 * pulumi CLI, the provider processes and the tools the tests start inherit it. The folder goes when the process ends.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The variable that marks a process (and its children) as already given its own folders. */
const MARK = "PDD_TEST_ISOLATION";

/** This process's folder, holding `tmp/`, `cache/` and `state/`. */
export const isolationRoot: string = process.env[MARK] ?? isolate();

function isolate(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "pdd-test-process-"));
  const dirs = { TMPDIR: "tmp", XDG_CACHE_HOME: "cache", XDG_STATE_HOME: "state" };
  for (const [variable, name] of Object.entries(dirs)) {
    const dir = path.join(root, name);
    mkdirSync(dir);
    process.env[variable] = dir;
  }
  process.env[MARK] = root;
  process.on("exit", () => rmSync(root, { recursive: true, force: true }));
  return root;
}
