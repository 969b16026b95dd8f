import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { checkoutCopy } from "../support/checkout-copy";
import { ROOT } from "../support/environment";
import { removeTree } from "../support/fixtures";

/** One fenced shell block of a README: its text and the heading it stands under. */
interface ShellBlock {
  readonly heading: string;
  readonly text: string;
}

/** The ```bash / ```sh blocks of a Markdown file, in document order. */
function shellBlocks(file: string): ShellBlock[] {
  const blocks: ShellBlock[] = [];
  let heading = "";
  let current: string[] | undefined;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (current) {
      if (line.startsWith("```")) {
        blocks.push({ heading, text: current.join("\n") });
        current = undefined;
      } else current.push(line);
    } else if (/^```(bash|sh)\s*$/.test(line)) current = [];
    else if (line.startsWith("#")) heading = line.replace(/^#+\s*/, "");
  }
  return blocks;
}

/** A command line without its trailing comment and surrounding blanks, as bash runs it. */
function withoutComment(line: string): string {
  return line.replace(/\s+#.*$/, "").trim();
}

/** The command lines of a block: comments and blank lines left out, trailing comments kept (bash ignores them). */
function commands(block: ShellBlock): string[] {
  return block.text.split("\n").filter((line) => line.trim() !== "" && !line.trimStart().startsWith("#"));
}

/**
 * The environment of a plain shell a newcomer types in: no npm variables (npm exports its own prefix and PATH), no
 * `node_modules/.bin` on PATH and not the test runner's compile cache, so only what the README's lines set up is there.
 */
function plainShellEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toLowerCase().startsWith("npm_") && !["INIT_CWD", "NODE", "NODE_COMPILE_CACHE"].includes(key)) {
      env[key] = value;
    }
  }
  env.PATH = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => !dir.includes(`node_modules${path.sep}.bin`) && !dir.includes("node-gyp-bin"))
    .join(path.delimiter);
  return env;
}

/**
 * The repository as a newcomer's fresh clone has it: a copy of the checkout's files with its node_modules (and
 * `../shared` beside it, as CI lays a clone out). The READMEs' commands rebuild `dist/` (`npm install`, `npm run
 * test:unit`, `npm run bench`) and use the fixed `dev` stacks of `.pulumi-state/`: in the checkout itself they would
 * pull the library from under the tests running beside this one.
 */
const COPY_PARENT = mkdtempSync(path.join(os.tmpdir(), "pdd-readme-"));
const CHECKOUT = checkoutCopy(COPY_PARENT, "copy");
after(() => removeTree(COPY_PARENT));

/** Runs a script in bash (stop at the first failing command) from the root of the checkout's copy. */
function runScript(script: string): { code: number; output: string } {
  const result = spawnSync("bash", ["-euo", "pipefail", "-c", script], {
    cwd: CHECKOUT,
    env: plainShellEnv(),
    encoding: "utf8",
    timeout: 5 * 60_000,
  });
  return { code: result.status ?? 1, output: `${result.stdout}\n${result.stderr}` };
}

/**
 * The output a block promises in its comments: a `# text` line after a command, up to a trailing `...`, e.g.
 * `# Hello from a generated Dockerfile (pdd-auto-dockerfile-app@1.0.0 on Node.js v22...)`.
 */
function promisedOutputs(block: ShellBlock): string[] {
  const lines = block.text.split("\n");
  return lines
    .filter((line, i) => i > 0 && line.startsWith("# ") && !lines[i - 1]!.startsWith("#"))
    .map((line) => line.slice(2).split("...")[0]!);
}

/** Points the Docker client and the setup's state at nothing, and drops the Pulumi CLI from PATH. */
const NO_SERVICES =
  "export DOCKER_HOST=unix:///nonexistent/docker.sock PDD_HOME=/nonexistent; " +
  'PATH=$(tr ":" "\\n" <<<"$PATH" | grep -v pulumi | paste -sd: -); ';

const EXAMPLES = readdirSync(path.join(ROOT, "examples"), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/**
 * The set-up lines every example's "Run it" block starts with (`npm install`, `bash scripts/setup`): both idempotent,
 * and about 7 CPU-seconds together even when there is nothing left to do. The first README that shows one runs it as
 * written; a later README of the same checkout showing the very same line does not repeat it.
 */
const SETUP_LINE = /^(npm install|bash scripts\/setup)\b/;
const setupLinesRun = new Set<string>();

/** A block's text with the set-up lines an earlier README already ran in this checkout turned into a no-op. */
function withoutRepeatedSetup(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      const command = withoutComment(line);
      return SETUP_LINE.test(command) && setupLinesRun.has(command)
        ? `: already run in this checkout: ${command}`
        : line;
    })
    .join("\n");
}

/** Records the set-up lines of blocks that ran through. */
function rememberSetup(blocks: readonly ShellBlock[]): void {
  for (const block of blocks) {
    for (const line of commands(block)) {
      const command = withoutComment(line);
      if (SETUP_LINE.test(command)) setupLinesRun.add(command);
    }
  }
}

describe("the commands the READMEs show, run exactly as written in a plain shell", () => {
  for (const name of EXAMPLES) {
    it(`examples/${name}/README.md: run it, try it, clean up`, () => {
      const blocks = shellBlocks(path.join(CHECKOUT, "examples", name, "README.md"));
      const runIndex = blocks.findIndex((b) => b.heading === "Run it");
      assert.ok(runIndex >= 0, `examples/${name}/README.md has no shell block under "Run it"`);
      assert.equal(blocks.at(-1)?.heading, "Clean up", `examples/${name}/README.md ends without a "Clean up" block`);
      const before = blocks.slice(0, runIndex).filter((b) => commands(b).length > 0);
      assert.deepEqual(before, [], `shell commands before "Run it" are not run by this test; move them after it`);
      const run = blocks.slice(runIndex);
      // One shell session, as a reader types the blocks one after another; a marker separates their outputs.
      const script = run.map((b, i) => `echo "<<block ${i}>>"\n${withoutRepeatedSetup(b.text)}`).join("\n");
      const result = runScript(script);
      assert.equal(result.code, 0, `the README's commands failed:\n${result.output.slice(-4000)}`);
      rememberSetup(run);
      run.forEach((block, i) => {
        const output = result.output.split(`<<block ${i}>>`)[1]?.split(`<<block ${i + 1}>>`)[0] ?? "";
        for (const promised of promisedOutputs(block)) {
          assert.ok(output.includes(promised), `"${block.heading}" promised "${promised}", got:\n${output}`);
        }
      });
    });
  }

  it("README.md: the benchmark and unit-tier commands run, and CI runs the demo and test commands", () => {
    const ci = readFileSync(path.join(CHECKOUT, ".ci", "run"), "utf8");
    const blocks = shellBlocks(path.join(CHECKOUT, "README.md"));
    assert.ok(blocks.length > 0, "README.md shows no shell block");
    for (const block of blocks) {
      if (block.heading === "Benchmarks" || block.heading === "Development") {
        // The unit tier promises to need no engine, registry or Pulumi CLI: hide them from it. The benchmark runs
        // its digest section once (its wiring, in about a minute); the whole of it takes ten minutes and is no test.
        const hidden = block.heading === "Development" ? NO_SERVICES : "export BENCH_RUNS=1 BENCH_ONLY=digest; ";
        for (const command of commands(block)) {
          const result = runScript(`${hidden}${command}`);
          assert.equal(result.code, 0, `${command} failed:\n${result.output.slice(-4000)}`);
        }
        continue;
      }
      // A user's commands, for a project of their own and a packed tarball, not this checkout: the project's files are
      // run by test/e2e/package/tarball.e2e.test.ts, with its own npm pack, npm install, stack init and up.
      if (block.heading === "Getting started") continue;
      for (const command of commands(block)) {
        const line = withoutComment(command);
        assert.ok(
          ci.split("\n").some((l) => l.trim() === line),
          `.ci/run does not run "${line}" as README.md shows it`,
        );
      }
    }
  });
});
