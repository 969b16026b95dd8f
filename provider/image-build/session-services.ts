import { sessionCredentials } from "../buildkit/session-credentials";
import type { SessionServices } from "../buildkit/session";
import { DEFAULT_SSH_ID } from "../buildkit/ssh-service";
import type { DockerBuildInputs } from "./inputs";

/**
 * What the BuildKit session of a build of these inputs serves: registry credentials (the `registries` input first,
 * then the docker CLI's chain), the `secrets` by id, and the `ssh` agents (the one at `SSH_AUTH_SOCK` by default).
 */
export function sessionServices(inputs: DockerBuildInputs, env: NodeJS.ProcessEnv = process.env): SessionServices {
  return {
    credentials: sessionCredentials(inputs.registries, { env }),
    secrets: new Map(Object.entries(inputs.secrets ?? {})),
    ssh: (inputs.ssh ?? []).map((agent) => ({
      id: agent.id ?? DEFAULT_SSH_ID,
      socket: agent.paths?.[0] ?? env.SSH_AUTH_SOCK ?? "",
    })),
  };
}
