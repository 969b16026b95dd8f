import type { CommandResult, PulumiStack } from "./pulumi-cli";
import { startPulumi } from "./pulumi-process";
import { programSource } from "./program";

/** One resource of the bad-inputs program: a DockerBuild, or a DockerPush (of a build's outputs when `from` is set). */
export interface ResourceSpec {
  /** `build` or `push`. */
  readonly kind: "build" | "push";
  /** The resource name. */
  readonly name: string;
  /** The resource's inputs, as plain JSON. */
  readonly args: Record<string, unknown>;
  /** For a push: the build whose imageName, tag and imageId it pushes. */
  readonly from?: string;
  /** For a build: give `docker.host` only once this build has an image ID, so that it is unknown during preview. */
  readonly hostAfter?: string;
}

/** A Pulumi program that makes the resources listed in the `resources` config value. */
export const RESOURCES_PROGRAM = programSource("resources");

/** Sets the `resources` config value of the stack. */
export async function setResources(stack: PulumiStack, resources: readonly ResourceSpec[]): Promise<void> {
  await stack.setConfig("resources", JSON.stringify(resources));
}

/** The capabilities that let root read any file; without them permission bits apply to root too. */
const DAC = "-dac_override,-dac_read_search";

/** Runs `pulumi <args>` without CAP_DAC_* (so that root cannot read a mode-000 file), with the stack's environment. */
export function runWithoutDacCaps(stack: PulumiStack, args: readonly string[]): Promise<CommandResult> {
  const caps = process.getuid?.() === 0 ? [`--inh-caps=${DAC}`, `--bounding-set=${DAC}`] : [];
  return startPulumi(stack, args, { via: ["setpriv", ...caps] }).result;
}
