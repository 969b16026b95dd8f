import type { DockerPushInputs, DockerPushOutputs } from "./push/types";
import { delegatingProvider, moduleSpecifier } from "./serializable";

/** The serialized DockerPush provider: it loads `push/handlers` in the provider process. */
export const dockerPushProvider = delegatingProvider<DockerPushInputs, DockerPushOutputs>(
  moduleSpecifier(require.resolve("./push/handlers")),
  "dockerPushHandlers",
);
