import type { InputNames } from "../core/state-inputs";
import { inputNames, type InputShapes } from "../input-rules/input-types";
import type { DockerPushInputs, DockerPushOutputs, DockerPushUserInputs } from "./inputs";

/** The shape of each DockerPush input (see {@link InputShapes}): `check` refuses other shapes and unknown names. */
export const DOCKER_PUSH_SHAPES: InputShapes<DockerPushUserInputs> = {
  imageName: "own-rule",
  tag: "own-rule",
  additionalTags: "own-rule",
  credentials: "object",
  source: "string",
  imageId: "string",
  platformImages: "own-rule",
  keepRemotely: "boolean",
  docker: "own-rule",
};

/** Every DockerPush input by name (`localImageId`, which check adds, too): what an update rewrites in the state. */
export const PUSH_INPUTS: InputNames<DockerPushInputs> = { ...inputNames(DOCKER_PUSH_SHAPES), localImageId: true };

/** What the DockerPush state holds beside the inputs (check's local image ID and the push's outputs). */
const STATE_KEYS: { readonly [K in Exclude<keyof DockerPushOutputs, keyof DockerPushUserInputs>]-?: true } = {
  localImageId: true,
  image: true,
  digest: true,
  repoDigest: true,
  references: true,
  pushedImageId: true,
  platformDigests: true,
  missingTags: true,
  missingManifests: true,
  engineHost: true,
  engineTags: true,
};

/** The keys of {@link STATE_KEYS}. */
export const DOCKER_PUSH_STATE_KEYS: readonly string[] = Object.keys(STATE_KEYS);
