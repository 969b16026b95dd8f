import type { ManifestApi, RepositoryLocation } from "../registry-api";
import type { RegistryAuth } from "../registry-credentials";
import { ImageIndexError } from "../core/errors";

/**
 * Makes a manifest of repository `from` available by digest in `to` (same registry): every blob it names that `to`
 * lacks is mounted from `from` (nothing is uploaded), then the manifest's exact bytes are put by digest.
 */
export async function copyManifest(
  api: ManifestApi,
  from: RepositoryLocation,
  to: RepositoryLocation,
  digest: string,
  auth: RegistryAuth | undefined,
  label: string,
): Promise<void> {
  const already = await api.getManifest({ ...to, reference: digest }, auth);
  if (already !== undefined) return;
  const manifest = await api.getManifest({ ...from, reference: digest }, auth);
  if (manifest === undefined) {
    throw new ImageIndexError(`${label}: ${from.registry}/${from.repository}@${digest} is not in the registry`);
  }
  const body = JSON.parse(manifest.bytes.toString("utf8")) as {
    config?: { digest?: string };
    layers?: { digest?: string }[];
  };
  const blobs = [body.config?.digest, ...(body.layers ?? []).map((layer) => layer.digest)];
  for (const blob of blobs) {
    if (typeof blob !== "string") continue;
    if (await api.hasBlob({ ...to, digest: blob }, auth)) continue;
    await api.mountBlob({ ...to, digest: blob }, from.repository, auth);
  }
  await api.putManifest({ ...to, reference: digest }, manifest, auth);
}
