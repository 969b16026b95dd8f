import type Docker from "dockerode";
import { dockerClient, engineClient } from "./connection";
import type { DockerConnection } from "./docker-connection";
import { processSources, type ResolutionSources, resolveEngine, type ResolvedEngine } from "./engine-resolution";

/** What a state records about its engine: the `docker` input it was made with and the address it reached. */
export interface EngineRecord {
  /** The `docker` input of the state. */
  readonly docker?: DockerConnection;
  /** The engine address the resource used (absent in states written before it was recorded). */
  readonly engineHost?: string;
}

/**
 * The engine refresh and delete use: the recorded `engineHost`, reached with the current resolution (its TLS material)
 * when that resolves to the same address, else the bare recorded address (TLS without client material for port 2376,
 * as for a `docker.host` input). A state without `engineHost` uses the current resolution, as before it was recorded.
 */
export function recordedEngine(current: ResolvedEngine | Error, recorded: string | undefined): ResolvedEngine {
  if (recorded === undefined || recorded === "") {
    if (current instanceof Error) throw current;
    return current;
  }
  if (!(current instanceof Error) && current.host === recorded) return current;
  const now = current instanceof Error ? `cannot be resolved: ${current.message}` : `resolve to ${current.host}`;
  const source = `engineHost recorded in the state; the docker input and the environment now ${now}`;
  const tls = recorded.startsWith("tcp://") && recorded.endsWith(":2376");
  const from = `the environment or docker input: resolve to ${recorded} again (DOCKER_HOST with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, a docker context, or the docker input) so its TLS material is used`;
  return { host: recorded, source, tls: tls ? { verify: true, from } : undefined };
}

/** A client for the engine a state records (see {@link recordedEngine}); logs once when it differs from the current one. */
export function recordedEngineClient(
  state: EngineRecord,
  log: (line: string) => void,
  sources: ResolutionSources = processSources(),
): Docker {
  if (state.engineHost === undefined || state.engineHost === "") return dockerClient(state.docker, sources);
  let current: ResolvedEngine | Error;
  try {
    current = resolveEngine(state.docker, sources);
  } catch (error) {
    current = error as Error;
  }
  const engine = recordedEngine(current, state.engineHost);
  if (engine !== current) log(`using the engine this resource was made on, ${engine.host} (${engine.source})`);
  return engineClient(engine);
}
