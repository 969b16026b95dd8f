import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

/** Polls `condition` every `intervalMs` until it holds (true) or `timeoutMs` passes (false). */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
}

/**
 * True when no thread of process `pid` runs any more (a zombie waiting to be reaped counts as gone). A killed
 * multi-threaded process (a Go server) shows its first thread as a zombie while the others still exit, holding its
 * files and listening sockets: the process is gone only when that thread is the last one left.
 */
export function processGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    if (!stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return false;
    return readdirSync(`/proc/${pid}/task`).length <= 1;
  } catch {
    return true;
  }
}
