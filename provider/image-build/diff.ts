import { isDeepStrictEqual } from "node:util";
import { platformMeaning } from "../core/platform";
import { sameValue as same, UNKNOWN } from "../core/unknown-values";
import type { DockerBuildInputs, DockerBuildOutputs } from "./inputs";

/** Inputs whose change means a new image must be built. */
export const REBUILD_KEYS = [
  "contextDigest",
  "context",
  "dockerfile",
  "baseImage",
  "buildArgs",
  "target",
  "platform",
  "platforms",
  "labels",
  "cacheFrom",
  "pull",
  "noCache",
  "network",
  "extraHosts",
  "shmSize",
  "buildOptions",
  "cacheTo",
  "triggers",
] as const satisfies readonly (keyof DockerBuildInputs)[];

/** What an update has to do, derived from the old state and the new inputs. */
export interface BuildChanges {
  /** The image must be rebuilt. */
  readonly rebuild: boolean;
  /** Only the set of tags changed: re-tag the existing image. */
  readonly retag: boolean;
  /** `imageName` changed: the resource must be replaced. */
  readonly replace: boolean;
  /** Names of the inputs that differ, for logs and tests. */
  readonly changed: readonly string[];
}

/** Input values that build the same image as leaving the input out. */
const DEFAULTS: Partial<Record<keyof DockerBuildInputs, unknown>> = {
  context: ".",
  dockerfile: "Dockerfile",
  pull: false,
  noCache: false,
};

/** A platform string by what Docker reads in it; any other value (unknown at preview, not a string) as it is. */
function meaning(value: unknown): unknown {
  return typeof value === "string" && value !== UNKNOWN ? platformMeaning(value) : value;
}

/** Inputs compared by what they mean: another spelling of the same platforms (`linux/aarch64`) builds nothing new. */
const MEANINGS: Partial<Record<keyof DockerBuildInputs, (value: unknown) => unknown>> = {
  platform: meaning,
  platforms: (value) => (Array.isArray(value) ? value.map(meaning) : value),
};

function sameInput(key: keyof DockerBuildInputs, a: unknown, b: unknown): boolean {
  const normal = (v: unknown) => (v !== undefined && isDeepStrictEqual(v, DEFAULTS[key]) ? undefined : v);
  const mean = MEANINGS[key] ?? ((v: unknown) => v);
  return same(mean(normal(a)), mean(normal(b)));
}

/** The tag the new inputs ask for, comparable with the state (`undefined` = keep the generated one). */
function tagChanged(olds: DockerBuildOutputs, news: DockerBuildInputs): boolean {
  if (news.tag === undefined) return !olds.tagGenerated;
  return olds.tagGenerated || news.tag !== olds.tag;
}

/**
 * An explicit `builder` other than the one that built the image rebuilds; leaving `builder` out never does, so states
 * from before builders could be chosen (built by the classic builder) keep their image under a new library version.
 */
function builderChanged(olds: DockerBuildOutputs, news: DockerBuildInputs): boolean {
  return news.builder !== undefined && news.builder !== (olds.resolvedBuilder ?? "classic");
}

/**
 * Compares the old state with the new inputs. Credentials (`registries`, `docker`), `secrets`, `ssh` and
 * `keepLocally` never cause a rebuild, nor does a new version of this library (`__provider`).
 */
export function diffBuild(olds: DockerBuildOutputs, news: DockerBuildInputs): BuildChanges {
  const changed: string[] = REBUILD_KEYS.filter((key) => !sameInput(key, olds[key], news[key]));
  if (news.ignoreCache) changed.push("ignoreCache");
  if (builderChanged(olds, news)) changed.push("builder");
  const rebuild = changed.length > 0;
  if (tagChanged(olds, news)) changed.push("tag");
  if (!same(olds.additionalTags, news.additionalTags)) changed.push("additionalTags");
  const replace = !same(olds.imageName, news.imageName);
  if (replace) changed.push("imageName");
  return { rebuild, retag: !rebuild && changed.length > 0, replace, changed };
}
