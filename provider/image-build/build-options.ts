import { normalizeRegistry } from "../core/image-reference";
import { authServerAddress } from "../registry-credentials/registry-auth";
import { IMAGE_LABELS } from "../core/version";
import { platformForEngine } from "../core/platform";
import type { DockerBuildInputs } from "./inputs";
import type { BuilderKind } from "../engine/builder-kind";

/** The Engine API `/build` query parameters (and X-Registry-Config) for a build of these inputs. */
export interface EngineBuildOptions {
  /** Query parameters, in the Engine API's own names. */
  readonly query: Record<string, unknown>;
  /** Per-registry credentials for pulling base images; sent as the X-Registry-Config header. */
  readonly registryConfig?: Record<string, { username: string; password: string; serveraddress: string }>;
}

/**
 * Maps DockerBuild inputs to Engine API `/build` parameters; `dockerfileName` is the Dockerfile's name in the tar.
 * Under BuildKit (`version=2`) base-image credentials come from the build's session instead of X-Registry-Config.
 */
export function engineBuildOptions(
  inputs: DockerBuildInputs,
  dockerfileName: string,
  builder: BuilderKind = "classic",
): EngineBuildOptions {
  const query: Record<string, unknown> = {
    ...(inputs.buildOptions ?? {}),
    dockerfile: dockerfileName,
    labels: { ...(inputs.labels ?? {}), ...IMAGE_LABELS },
    rm: true,
    forcerm: true,
  };
  const buildArgs = { ...(inputs.buildArgs ?? {}) };
  if (inputs.cacheTo === "inline") buildArgs.BUILDKIT_INLINE_CACHE = "1";
  if (Object.keys(buildArgs).length > 0) query.buildargs = buildArgs;
  if (builder === "buildkit") query.version = "2";
  if (inputs.target) query.target = inputs.target;
  if (inputs.platform) query.platform = platformForEngine(inputs.platform);
  if (inputs.cacheFrom && inputs.cacheFrom.length > 0) query.cachefrom = JSON.stringify(inputs.cacheFrom);
  if (inputs.pull) query.pull = true;
  if (inputs.noCache) query.nocache = true;
  if (inputs.network) query.networkmode = inputs.network;
  if (inputs.extraHosts && inputs.extraHosts.length > 0) query.extrahosts = inputs.extraHosts.join(",");
  if (inputs.shmSize) query.shmsize = inputs.shmSize;
  if (builder === "buildkit" || !inputs.registries || inputs.registries.length === 0) return { query };
  const registryConfig: NonNullable<EngineBuildOptions["registryConfig"]> = {};
  for (const r of inputs.registries) {
    const host = normalizeRegistry(r.address);
    const key = authServerAddress(host);
    registryConfig[key] = { username: r.username, password: r.password, serveraddress: key };
  }
  return { query, registryConfig };
}
