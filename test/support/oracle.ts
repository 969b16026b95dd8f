/**
 * Asks Docker's own Go code: `tools/oracle`, built by `scripts/setup --current-engine` (the test command's setup) into
 * `$PDD_HOME/bin/pdd-oracle-<hash of its sources>`, answers one
 * JSON request per run on stdin with one JSON answer on stdout.
 */

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { testEnvironment } from "./environment";

/** What the oracle prints when Docker's code refused the request. */
export interface OracleRefusal {
  /** Docker's error message. */
  readonly error: string;
}

/** Runs `pdd-oracle <subcommand>` on `request`; Docker's answer, or its refusal. */
export function askOracle<Answer>(subcommand: string, request: unknown): Promise<Answer | OracleRefusal> {
  const oracle = testEnvironment().oracle;
  if (oracle === undefined || !existsSync(oracle)) {
    throw new Error(`the oracle is missing: run scripts/setup --current-engine, which builds it from tools/oracle`);
  }
  return new Promise((resolve, reject) => {
    const child = execFile(oracle, [subcommand], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`pdd-oracle ${subcommand} failed: ${stderr.trim() || error.message}`));
      else resolve(JSON.parse(stdout) as Answer | OracleRefusal);
    });
    child.stdin?.end(JSON.stringify(request));
  });
}

/** Whether the oracle refused the request. */
export function isRefusal(answer: object): answer is OracleRefusal {
  return "error" in answer;
}
