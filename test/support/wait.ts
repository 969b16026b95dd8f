import { readFileSync } from "node:fs";
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

/** True when no process `pid` runs any more (a zombie waiting to be reaped counts as gone). */
export function processGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}
