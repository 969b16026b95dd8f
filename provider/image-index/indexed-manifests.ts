import type { PushedManifest } from "../image-push/registry-state";
import { parseSource } from "./check-index";
import type { DockerIndexOutputs } from "./inputs";

/**
 * The manifests of a written index a refresh checks by digest in `imageName`'s repository: the index, and each
 * source's manifest it lists (a source from another repository was copied in by digest, so it can be deleted there
 * apart from its origin), named by its platform.
 */
export function indexedManifests(
  state: Pick<DockerIndexOutputs, "digest" | "sources" | "platforms">,
): PushedManifest[] {
  const sources = state.sources.map((source, i) => {
    const parsed = parseSource(source);
    return "digest" in parsed ? { label: state.platforms[i] ?? `sources[${i}]`, digest: parsed.digest } : undefined;
  });
  return [{ label: "index", digest: state.digest }, ...sources.filter((s) => s !== undefined)];
}
