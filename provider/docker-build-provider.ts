import type { DockerBuildInputs, DockerBuildOutputs } from "./build/types";
import { delegatingProvider, moduleSpecifier } from "./serializable";

/** The serialized DockerBuild provider: it loads `build/handlers` in the provider process. */
export const dockerBuildProvider = delegatingProvider<DockerBuildInputs, DockerBuildOutputs>(
  moduleSpecifier(require.resolve("./build/handlers")),
  "dockerBuildHandlers",
);
