import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync } from "node:fs";
import type { CommandResult, PulumiStack } from "./pulumi-cli";

/** A `pulumi` command running in the background, so a test can interrupt it or break things under it. */
export interface RunningPulumi {
  /** The `pulumi` process. */
  readonly child: ChildProcess;
  /** Settles when the command exits. */
  readonly result: Promise<CommandResult>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
}

/** How to start a `pulumi` command. */
export interface StartOptions {
  /** Extra environment on top of the stack's. */
  readonly env?: NodeJS.ProcessEnv;
  /** A command that runs `pulumi` for us, e.g. `["setpriv", "--inh-caps=-dac_override"]`. */
  readonly via?: readonly string[];
}

/** Starts `pulumi <args>` for `stack` without waiting for it. */
export function startPulumi(stack: PulumiStack, args: readonly string[], options: StartOptions = {}): RunningPulumi {
  const [command = "pulumi", ...prefix] = [...(options.via ?? []), "pulumi"];
  const child = spawn(command, [...prefix, ...args], { cwd: stack.dir, env: stack.env(options.env) });
  logCommand(args);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const result = new Promise<CommandResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
  return { child, result, output: () => stdout + stderr };
}

/**
 * Appends the command's verb to the file the test runner names in PDD_PULUMI_LOG (one line per command), so the runner
 * can print how many `pulumi` commands each test file ran: they are most of the suite's CPU.
 */
function logCommand(args: readonly string[]): void {
  const log = process.env.PDD_PULUMI_LOG;
  if (!log) return;
  const verb = args.filter((a) => !a.startsWith("-")).slice(0, 2);
  const word = ["stack", "config"].includes(verb[0] ?? "") ? verb.join(" ") : (verb[0] ?? "");
  appendFileSync(log, `${word}\n`);
}
