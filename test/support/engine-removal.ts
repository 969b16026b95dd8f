import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { engineStateDir } from "../../provider/engine/image-gc";

/** The image ID behind `reference` on the engine at `host` (read with the docker CLI), or `undefined`. */
export function imageIdOn(host: string, reference: string): string | undefined {
  const result = spawnSync("docker", ["-H", host, "image", "inspect", "--format", "{{.Id}}", reference], {
    encoding: "utf8",
  });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/**
 * Whether `imageName:tag` is gone from the engine at `host`, or its removal waits in this machine's pending removals
 * for the engine known as `engineAddress` (how the provider names it: `unix://…`, `https://127.0.0.1:port`): a build
 * of another process (parallel test runs) holds a lease on that engine, and the last lease removes it.
 */
export function removedOrPending(host: string, engineAddress: string, imageName: string, tag: string): boolean {
  if (imageIdOn(host, `${imageName}:${tag}`) === undefined) return true;
  try {
    const pending = JSON.parse(readFileSync(path.join(engineStateDir(engineAddress), "pending.json"), "utf8")) as {
      imageName?: string;
      tags?: string[];
    }[];
    return pending.some((release) => release.imageName === imageName && (release.tags ?? []).includes(tag));
  } catch {
    return false;
  }
}
