/**
 * The stages of a Dockerfile and which one a `target` selects, as each of the engine's builders decides it over the
 * stages BuildKit's instruction parser reads (`instructions.Parse`; a stage's name is lower-cased there, in
 * `parseBuildStageName`). The two builders look a target up differently, and the difference shows only with three
 * characters outside ASCII and with a name given to two stages:
 * - BuildKit (`frontend/dockerfile/dockerfile2llb/convert.go`: `resolveTarget` calls `findStateByName`, over the map
 *   `addState` fills) lower-cases the target with Go's `strings.ToLower` and looks it up among the stages' names; a
 *   name given twice selects the last stage of that name.
 * - The classic builder (moby's `builder/dockerfile/builder.go`, `build`) asks BuildKit's `instructions.HasStage`:
 *   the first stage whose name equals the target under Go's `strings.EqualFold`.
 * So `İmage` selects a stage named `image` under BuildKit only (U+0130 lower-cases to `i` but does not fold to it),
 * `ſtage` a stage named `stage` under the classic builder only (U+017F folds to `s` but is lower case already); the
 * Kelvin sign is `k` for both. Neither builder selects an unnamed stage: a number such as `0`, or `stage-0` (the name
 * BuildKit's log gives an unnamed stage), is no target. An empty target is no target: the last stage is built.
 * `tools/oracle target-stage` answers the same question with BuildKit's code, for the parity test.
 */

import { equalFold, goLower } from "./go-text";
import type { InstructionNode } from "./dockerfile-line-parsers";

/** One stage of a Dockerfile: a FROM instruction and what follows it up to the next one. */
export interface DockerfileStage {
  /** Its position among the stages, from 0. */
  readonly index: number;
  /** The 1-based line of its FROM. */
  readonly line: number;
  /** Its name as BuildKit keeps it (lower-cased), e.g. `build`; undefined for a stage without `AS <name>`. */
  readonly name?: string;
  /** Its name as the Dockerfile writes it, e.g. `Build`; undefined for a stage without a name. */
  readonly written?: string;
}

/** The builders whose lookup of a target this module knows. */
export type TargetLookup = "buildkit" | "classic";

/**
 * The stage name of a FROM's arguments as written (`FROM <image> AS <name>`, `as` in any case as Go's EqualFold
 * reads it), or undefined when the arguments name no stage (BuildKit's `parseBuildStageName`).
 */
export function writtenStageName(args: readonly string[]): string | undefined {
  return args.length === 3 && equalFold(args[1]!, "as") ? args[2] : undefined;
}

/** The stages of an accepted Dockerfile's instructions (those BuildKit's parser read), in order. */
export function dockerfileStages(
  instructions: readonly (InstructionNode & { readonly line: number })[],
): DockerfileStage[] {
  const stages: DockerfileStage[] = [];
  for (const instruction of instructions) {
    if (goLower(instruction.command) !== "from") continue;
    const written = writtenStageName(instruction.args);
    stages.push({
      index: stages.length,
      line: instruction.line,
      ...(written !== undefined && { name: goLower(written), written }),
    });
  }
  return stages;
}

/**
 * The stage BuildKit builds for a non-empty `target`: the last stage whose name is the target lower-cased by Go's
 * `strings.ToLower` (dockerfile2llb's `findStateByName`); undefined when there is none ("target stage … could not be
 * found").
 */
export function buildkitTargetStage(stages: readonly DockerfileStage[], target: string): DockerfileStage | undefined {
  const wanted = goLower(target);
  return stages.findLast((stage) => stage.name !== undefined && stage.name === wanted);
}

/**
 * The stage the classic builder builds up to for a non-empty `target`: the first stage whose name equals the target
 * under Go's `strings.EqualFold` (`instructions.HasStage`); undefined when there is none.
 */
export function classicTargetStage(stages: readonly DockerfileStage[], target: string): DockerfileStage | undefined {
  return stages.find((stage) => stage.name !== undefined && equalFold(target, stage.name));
}

/** The stage a builder selects for a non-empty `target`, or undefined when it finds none. */
export function targetStage(
  stages: readonly DockerfileStage[],
  target: string,
  lookup: TargetLookup,
): DockerfileStage | undefined {
  return lookup === "buildkit" ? buildkitTargetStage(stages, target) : classicTargetStage(stages, target);
}
