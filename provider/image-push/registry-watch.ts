import type { RegistryUnreachableError } from "../core/errors";
import { probeRegistry } from "../registry-api/registry-probe";

/** How long after a probe that found the registry up the next retry line may probe again. */
export const REPROBE_AFTER_MS = 5000;

/**
 * Watches the registry while the engine retries a push: each retry line may start a probe (one at a time, at most one
 * per REPROBE_AFTER_MS); a probe that finds the registry unreachable calls `onDown`. A registry that still answers is
 * left to the engine's own retries, since those may recover from a passing failure.
 */
export function registryWatch(
  registry: string,
  repository: string,
  onDown: (error: RegistryUnreachableError) => void,
  probe: typeof probeRegistry = probeRegistry,
): () => void {
  let busy = false;
  let last = -Infinity;
  return () => {
    if (busy || Date.now() - last < REPROBE_AFTER_MS) return;
    busy = true;
    void probe(registry, repository).then((down) => {
      busy = false;
      last = Date.now();
      if (down !== undefined) onDown(down);
    });
  };
}
