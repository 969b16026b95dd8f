import type { RegistryUnreachableError } from "../core/errors";
import { registryApiBase } from "./registry-url";
import { unreachable } from "./registry-errors";
import { tlsFailure } from "./tls-errors";

/** How long a probe waits for the registry to answer. */
export const PROBE_TIMEOUT_MS = 3000;

/**
 * Asks `GET /v2/` of a registry whether anything answers there. Any HTTP answer (200, 401, …) means reachable and
 * gives `undefined`, and so does a TLS handshake that failed over the certificate (something answered; the registry
 * calls say what to trust); a refused, reset or silent connection gives the RegistryUnreachableError that names it.
 */
export async function probeRegistry(
  registry: string,
  repository: string,
  fetchImpl: typeof fetch = fetch,
): Promise<RegistryUnreachableError | undefined> {
  const url = new URL("/v2/", registryApiBase(registry)).href;
  try {
    const response = await fetchImpl(url, { method: "GET", signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await response.body?.cancel();
    return undefined;
  } catch (error) {
    if (tlsFailure(error) !== undefined) return undefined;
    return unreachable({ registry, repository }, url, error);
  }
}
