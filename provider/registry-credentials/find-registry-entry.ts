import { normalizeRegistry } from "../core/image-reference";

function hostOf(key: string): string {
  return normalizeRegistry(key).toLowerCase();
}

/**
 * Finds the entry of a config.json map (`auths`, `credHelpers`) that belongs to `registry`: the exact key first, then
 * any key naming the same host, whether written `host:port`, `https://host/` or `http://host/v1/`.
 */
export function findRegistryEntry<T>(
  map: Readonly<Record<string, T>> | undefined,
  registry: string,
): readonly [key: string, value: T] | undefined {
  if (map === undefined) return undefined;
  const exact = map[registry];
  if (exact !== undefined) return [registry, exact];
  const host = hostOf(registry);
  for (const [key, value] of Object.entries(map)) {
    if (hostOf(key) === host) return [key, value];
  }
  return undefined;
}
