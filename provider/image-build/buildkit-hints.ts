import { BuildError, type DockerStepError } from "../core/errors";

/** A BuildKit failure the user fixes in the DockerBuild inputs, and the advice naming the input. */
interface Hint {
  /** Matches the engine's message; the first group is the id the Dockerfile asked for. */
  readonly pattern: RegExp;
  /** The advice for that id. */
  readonly advice: (id: string) => string;
}

const HINTS: readonly Hint[] = [
  {
    pattern: /secret ([\w.-]+):? not found/i,
    advice: (id) =>
      `the Dockerfile needs the build secret "${id}": give it in the secrets input, secrets: { "${id}": … }`,
  },
  {
    pattern: /unset ssh forward key ([\w.-]+)/i,
    advice: (id) =>
      `the Dockerfile needs the SSH agent "${id}": give it in the ssh input, ssh: [{ id: "${id}" }] (the agent at SSH_AUTH_SOCK by default)`,
  },
  {
    pattern:
      /(?:pulling from host\s+|failed to authorize[^\n]*?https?:\/\/)([\w.-]+(?::\d+)?)[^\n]*(?:401|unauthorized)/i,
    advice: (host) =>
      `the registry ${host} refused the credentials for a base image: give them in the registries input, registries: [{ address: "${host}", username, password }], or run docker login ${host}`,
  },
  {
    pattern: /load git source ([^\s:]+)[^\n]*subdir not supported yet/i,
    advice: () =>
      `this engine's BuildKit (Docker 20.10) cannot build a subfolder of a git context (#ref:subdir): set builder: "classic", or drop :subdir and point dockerfile at the file in the repository, or use Docker 23 or later`,
  },
];

/**
 * Adds the input to set when a BuildKit build failed for want of a secret or an SSH agent the Dockerfile mounts;
 * other failures are returned as they are.
 */
export function explainBuildkitFailure(error: DockerStepError, image: string): DockerStepError {
  for (const hint of HINTS) {
    const match = hint.pattern.exec(error.message);
    const id = match?.[1];
    if (id === undefined) continue;
    return new BuildError(`${error.message}\nHint: ${hint.advice(id)}.`, { image, cause: error.cause ?? error });
  }
  return error;
}
