import type { InputNames } from "../core/state-inputs";
import { inputNames, type InputShapes } from "../input-rules/input-types";
import type { DockerBuildInputs, DockerBuildOutputs, DockerBuildUserInputs } from "./inputs";

/** The shape of each DockerBuild input (see {@link InputShapes}): `check` refuses other shapes and unknown names. */
export const DOCKER_BUILD_SHAPES: InputShapes<DockerBuildUserInputs> = {
  imageName: "own-rule",
  tag: "own-rule",
  additionalTags: "own-rule",
  context: "string",
  dockerfile: "own-rule",
  baseImage: "string",
  buildArgs: "own-rule",
  target: "string",
  platform: "string",
  platforms: "own-rule",
  labels: "own-rule",
  cacheFrom: "list",
  pull: "boolean",
  noCache: "boolean",
  network: "string",
  extraHosts: "own-rule",
  shmSize: "own-rule",
  buildOptions: "own-rule",
  registries: "own-rule",
  builder: "own-rule",
  secrets: "own-rule",
  ssh: "own-rule",
  cacheTo: "own-rule",
  ignoreCache: "boolean",
  triggers: "list",
  keepLocally: "boolean",
  docker: "own-rule",
};

/** Every DockerBuild input by name (`contextDigest`, which check adds, too): what an update rewrites in the state. */
export const BUILD_INPUTS: InputNames<DockerBuildInputs> = { ...inputNames(DOCKER_BUILD_SHAPES), contextDigest: true };

/** What the DockerBuild state holds beside the inputs (check's digest and the build's outputs): no input names these. */
const STATE_KEYS: { readonly [K in Exclude<keyof DockerBuildOutputs, keyof DockerBuildUserInputs>]-?: true } = {
  contextDigest: true,
  tagGenerated: true,
  image: true,
  imageId: true,
  resolvedContext: true,
  resolvedDockerfile: true,
  generatedDockerfile: true,
  resolvedBuilder: true,
  platformImages: true,
  engineHost: true,
};

/** The keys of {@link STATE_KEYS}. */
export const DOCKER_BUILD_STATE_KEYS: readonly string[] = Object.keys(STATE_KEYS);
