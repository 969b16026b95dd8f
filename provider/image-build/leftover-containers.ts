import type Docker from "dockerode";
import { describeEngine } from "../engine/engine-address";
import { forgetInterruptedBuild, interruptedBuildsOn, type InterruptedBuild } from "../engine/interrupted-builds";

/** The fields of a container (as `docker inspect` gives them) that tell a classic-builder leftover apart. */
export interface ContainerFacts {
  /** Full container ID. */
  readonly Id: string;
  /** Creation time (ISO 8601, the engine's clock). */
  readonly Created: string;
  /** Run state. */
  readonly State?: { readonly Status?: string };
  /** The image as the container was created from it. */
  readonly Config?: { readonly Image?: string };
  /** Host settings; the classic builder sets the log driver to `none`. */
  readonly HostConfig?: { readonly LogConfig?: { readonly Type?: string } };
}

const IMAGE_ID = /^sha256:[0-9a-f]{64}$/;
const STOPPED = new Set(["created", "exited", "dead"]);
/** Slack around the build's time window for clock rounding between this machine and the engine. */
const SLACK_MS = 2000;

/**
 * True when a container is one the classic builder made for the interrupted build: it has the builder's shape
 * (log driver `none`, created from a bare image ID, not running) and either the build announced its ID or it was
 * created while the build ran. A container a user made (`docker create`/`run` of a named image, with a log driver)
 * never matches.
 */
export function isBuildLeftover(container: ContainerFacts, build: InterruptedBuild): boolean {
  if (container.HostConfig?.LogConfig?.Type !== "none") return false;
  if (!IMAGE_ID.test(container.Config?.Image ?? "")) return false;
  if (!STOPPED.has(container.State?.Status ?? "")) return false;
  if (build.containers.some((id) => id.length >= 12 && container.Id.startsWith(id))) return true;
  const created = Date.parse(container.Created);
  return created >= Date.parse(build.startedAt) - SLACK_MS && created <= Date.parse(build.failedAt) + SLACK_MS;
}

/**
 * Removes the containers that builds cut off on this engine left behind, then forgets those builds. Returns the IDs
 * removed; when the engine cannot be asked the records stay for the next build.
 */
export async function removeBuildLeftovers(docker: Docker, print: (line: string) => void): Promise<string[]> {
  const builds = interruptedBuildsOn(describeEngine(docker));
  if (builds.length === 0) return [];
  let stopped: Docker.ContainerInfo[];
  try {
    stopped = await docker.listContainers({ all: true, filters: { status: [...STOPPED] } });
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const summary of stopped.filter((c) => IMAGE_ID.test(c.Image))) {
    const container = docker.getContainer(summary.Id);
    const facts = (await container.inspect().catch(() => undefined)) as ContainerFacts | undefined;
    const build = facts && builds.find((b) => isBuildLeftover(facts, b.record));
    if (!build) continue;
    await container.remove({ v: true }).catch(() => undefined);
    removed.push(summary.Id);
    print(
      `[${build.record.image}] removed container ${summary.Id.slice(0, 12)} left by the build cut off at ${build.record.failedAt}`,
    );
  }
  for (const build of builds) forgetInterruptedBuild(build.file);
  return removed;
}
