import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { makeTree, removeTree } from "./fixtures";
import type { ContextFiles } from "./session-build";

/** An ssh-agent of a test on a socket in a temp folder, holding one fresh ed25519 key. */
export interface TestAgent {
  /** The agent's socket (what `SSH_AUTH_SOCK` would hold). */
  readonly socket: string;
  /** The key's fingerprint as `ssh-add -l` prints it (`SHA256:…`). */
  readonly fingerprint: string;
}

/** Starts `ssh-agent` with a new key; `cleanups` receives what stops the agent and removes its folder. */
export function startAgent(comment: string, cleanups: (() => void)[]): TestAgent {
  const dir = makeTree({}, "pdd-ssh-");
  cleanups.push(() => removeTree(dir));
  const socket = `${dir}/agent.sock`;
  const output = execFileSync("ssh-agent", ["-s", "-a", socket], { encoding: "utf8" });
  const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(output)?.[1]);
  assert.ok(pid > 0, `ssh-agent printed no pid: ${output}`);
  cleanups.push(() => {
    try {
      process.kill(pid);
    } catch {
      // already gone
    }
  });
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", `${dir}/key`]);
  execFileSync("ssh-add", [`${dir}/key`], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: "ignore" });
  const fingerprint = execFileSync("ssh-keygen", ["-lf", `${dir}/key.pub`], { encoding: "utf8" }).split(" ")[1];
  assert.match(fingerprint ?? "", /^SHA256:/);
  return { socket, fingerprint: fingerprint ?? "" };
}

/** `/usr/bin/ssh-add` and the shared libraries `ldd` lists for it, as context files under `rootfs/` (same paths). */
export function sshAddFiles(): ContextFiles {
  const paths = ["/usr/bin/ssh-add"];
  for (const line of execFileSync("ldd", ["/usr/bin/ssh-add"], { encoding: "utf8" }).split("\n")) {
    const path = /(\/\S+) \(0x/.exec(line)?.[1];
    if (path !== undefined) paths.push(path);
  }
  return Object.fromEntries(
    paths.map((path) => [`rootfs${path}`, { content: readFileSync(path), mode: statSync(path).mode & 0o777 }]),
  );
}
