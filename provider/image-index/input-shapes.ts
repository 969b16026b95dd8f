import type { InputNames } from "../core/state-inputs";
import { inputNames, type InputShapes } from "../input-rules/input-types";
import type { DockerIndexInputs, DockerIndexOutputs, DockerIndexUserInputs } from "./inputs";

/** The shape of each DockerIndex input (see {@link InputShapes}): `check` refuses other shapes and unknown names. */
export const DOCKER_INDEX_SHAPES: InputShapes<DockerIndexUserInputs> = {
  imageName: "own-rule",
  tag: "own-rule",
  additionalTags: "own-rule",
  sources: "own-rule",
  credentials: "object",
  keepRemotely: "boolean",
};

/** Every DockerIndex input by name: what an update rewrites in the state. */
export const INDEX_INPUTS: InputNames<DockerIndexInputs> = inputNames(DOCKER_INDEX_SHAPES);

/** What the DockerIndex state holds beside the inputs (what writing the index produced). */
const STATE_KEYS: { readonly [K in Exclude<keyof DockerIndexOutputs, keyof DockerIndexUserInputs>]-?: true } = {
  image: true,
  digest: true,
  repoDigest: true,
  platforms: true,
  references: true,
  missingTags: true,
  missingManifests: true,
};

/** The keys of {@link STATE_KEYS}. */
export const DOCKER_INDEX_STATE_KEYS: readonly string[] = Object.keys(STATE_KEYS);
