/**
 * `target`: a stage of the Dockerfile. `check` refuses a target the builder would not find in the Dockerfile the
 * Dockerfile check read (a file, inline or generated), so `pulumi preview` fails on it where the engine would fail the
 * build at `up` ("target stage … could not be found"). Each builder's lookup is `build-context/dockerfile-stages.ts`;
 * when `check` cannot know the builder (no `builder`: the engine's support decides at create), a target either would
 * select passes. A remote context's Dockerfile, and one for another frontend, are not read here: the engine judges
 * their target.
 */

import { closestMatch } from "../core/edit-distance";
import { isKnown } from "../input-rules/image-inputs";
import { targetStage, type DockerfileStage, type TargetLookup } from "../build-context";
import { classicOnlyInputs } from "./check-builder-inputs";
import type { DockerBuildInputs } from "./inputs";

/**
 * The builders whose lookup may decide the target: `builder`'s; BuildKit with `platforms`; the classic builder with
 * an input only it honours and no `builder` (`shmSize`, a network BuildKit refuses: as `chooseBuilder` picks); both
 * when the engine chooses, or an input is unknown.
 */
export function targetLookups(inputs: DockerBuildInputs): readonly TargetLookup[] {
  const builder: unknown = inputs.builder;
  if (builder === "classic") return ["classic"];
  if (builder === "buildkit" || isKnown(inputs.platforms)) return ["buildkit"];
  if (builder === undefined && classicOnlyInputs(inputs) !== undefined) return ["classic"];
  return ["buildkit", "classic"];
}

/** Where the Dockerfile a target is looked up in comes from, for the message. */
export interface TargetDockerfile {
  /** How the message names it: its path, `dockerfile.inline` or `the generated Dockerfile`. */
  readonly where: string;
  /** Whether it is generated (`dockerfile: "auto"`), so that naming a stage in it is no fix. */
  readonly generated: boolean;
}

/** The stage names as the Dockerfile writes them, each spelling once, quoted: `"build", "Runtime"`. */
function writtenNames(stages: readonly DockerfileStage[]): string[] {
  return [...new Set(stages.flatMap((stage) => (stage.written === undefined ? [] : [stage.written])))];
}

/**
 * What is wrong with `target` for a Dockerfile of these stages: a non-empty target no builder that may build it would
 * select names the target, the stages there are (as written) and the fix; undefined when it selects a stage, or is
 * empty or unknown.
 */
export function targetProblem(
  inputs: DockerBuildInputs,
  stages: readonly DockerfileStage[],
  dockerfile: TargetDockerfile,
): string | undefined {
  const target: unknown = inputs.target;
  if (!isKnown(target) || typeof target !== "string" || target === "") return undefined;
  if (targetLookups(inputs).some((lookup) => targetStage(stages, target, lookup) !== undefined)) return undefined;
  const start = `target ${JSON.stringify(target)} is not a stage of ${dockerfile.where}`;
  if (dockerfile.generated) {
    return `${start}, which has one stage and no stage name; leave target out`;
  }
  const names = writtenNames(stages);
  if (names.length === 0) {
    return `${start}, which names no stage (FROM <image> AS <name>); leave target out to build its last stage, or name the stage to build`;
  }
  const guess = closestMatch(target, names);
  const hint = guess === undefined ? "" : ` (did you mean ${JSON.stringify(guess)}?)`;
  const listed = names.map((name) => JSON.stringify(name)).join(", ");
  return `${start}, whose stages are named ${listed}${hint}; set target to one of them (case does not matter), or leave it out to build the last stage`;
}
