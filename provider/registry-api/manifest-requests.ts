import { createHash } from "node:crypto";
import { RegistryError } from "../core/errors";
import type { RegistryAuth } from "../registry-credentials/registry-auth";
import type { BlobLocation, Manifest, ManifestUpload } from "./manifest-api";
import type { ManifestLocation, RepositoryLocation } from "./registry-api";
import { unexpectedResponse } from "./registry-errors";
import type { RegistryCall, RegistrySession } from "./registry-session";
import { registryApiBase } from "./registry-url";

/** The manifest media types a read accepts: Docker v2 and OCI, single-platform and multi-platform. */
export const MANIFEST_MEDIA_TYPES: readonly string[] = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
];

/** `sha256:<hex>` of some bytes. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

/** The absolute URL of an API path of a registry. */
export function apiUrl(registry: string, path: string): string {
  return new URL(path, registryApiBase(registry)).href;
}

/** The media type of a response, without parameters. */
export function mediaTypeOf(response: Response): string {
  return (response.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
}

/** A call on a repository's API path, with the token scope it needs. */
export function repositoryCall(
  location: RepositoryLocation,
  path: string,
  method: RegistryCall["method"],
  actions: string,
  extra: Partial<Pick<RegistryCall, "headers" | "body" | "scope">> = {},
): RegistryCall {
  const url = apiUrl(location.registry, `/v2/${location.repository}/${path}`);
  return { ...location, method, url, scope: `repository:${location.repository}:${actions}`, ...extra };
}

function digestMismatch(location: RepositoryLocation, what: string, expected: string, actual: string): RegistryError {
  return new RegistryError(
    `Registry "${location.registry}" served ${what} in repository "${location.repository}" whose bytes are ` +
      `${actual}, not ${expected}`,
  );
}

/** GET a manifest: its bytes, digest (checked against a digest reference), size and media type. */
export async function getManifest(
  session: RegistrySession,
  location: ManifestLocation,
  auth?: RegistryAuth,
): Promise<Manifest | undefined> {
  const headers = { accept: MANIFEST_MEDIA_TYPES.join(", ") };
  const call = repositoryCall(location, `manifests/${location.reference}`, "GET", "pull", { headers });
  const response = await session.send(call, auth);
  if (response.status === 404) return discard(response, undefined);
  if (!response.ok) throw await unexpectedResponse(location, `reading manifest "${location.reference}"`, response);
  const bytes = Buffer.from(await response.arrayBuffer());
  const digest = sha256Digest(bytes);
  if (location.reference.startsWith("sha256:") && digest !== location.reference) {
    throw digestMismatch(location, `manifest "${location.reference}"`, location.reference, digest);
  }
  const mediaType =
    mediaTypeOf(response) || ((JSON.parse(bytes.toString("utf8")) as { mediaType?: string }).mediaType ?? "");
  return { digest, mediaType, size: bytes.length, bytes };
}

/** GET a JSON blob by digest, checking its bytes against the digest. */
export async function getJsonBlob(
  session: RegistrySession,
  location: BlobLocation,
  auth?: RegistryAuth,
): Promise<unknown> {
  const call = repositoryCall(location, `blobs/${location.digest}`, "GET", "pull");
  const response = await session.send(call, auth);
  if (!response.ok) throw await unexpectedResponse(location, `reading blob "${location.digest}"`, response);
  const bytes = Buffer.from(await response.arrayBuffer());
  const digest = sha256Digest(bytes);
  if (digest !== location.digest) throw digestMismatch(location, `blob "${location.digest}"`, location.digest, digest);
  return JSON.parse(bytes.toString("utf8")) as unknown;
}

/** PUT a manifest with its Content-Type; the digest the registry reports must be the sha256 of the bytes sent. */
export async function putManifest(
  session: RegistrySession,
  location: ManifestLocation,
  manifest: ManifestUpload,
  auth?: RegistryAuth,
): Promise<string> {
  const headers = { "content-type": manifest.mediaType };
  const call = repositoryCall(location, `manifests/${location.reference}`, "PUT", "pull,push", {
    headers,
    body: manifest.bytes,
  });
  const response = await session.send(call, auth);
  if (!response.ok) throw await unexpectedResponse(location, `writing manifest "${location.reference}"`, response);
  await discard(response, undefined);
  const sent = sha256Digest(manifest.bytes);
  const reported = response.headers.get("docker-content-digest") ?? sent;
  if (reported !== sent) {
    throw new RegistryError(
      `Registry "${location.registry}" stored manifest "${location.reference}" in repository ` +
        `"${location.repository}" as ${reported}, but the bytes sent are ${sent}`,
    );
  }
  return reported;
}

/** HEAD a blob: whether the repository holds it. */
export async function hasBlob(session: RegistrySession, location: BlobLocation, auth?: RegistryAuth): Promise<boolean> {
  const response = await session.send(repositoryCall(location, `blobs/${location.digest}`, "HEAD", "pull"), auth);
  if (response.status === 404) return discard(response, false);
  if (!response.ok) throw await unexpectedResponse(location, `looking up blob "${location.digest}"`, response);
  return discard(response, true);
}

/**
 * `POST /v2/<repo>/blobs/uploads/?mount=<digest>&from=<repo>`: 201 is a mount. A registry that answers 202 started
 * an upload instead (it would not mount): that upload is cancelled and the refusal is an error.
 */
export async function mountBlob(
  session: RegistrySession,
  location: BlobLocation,
  from: string,
  auth?: RegistryAuth,
): Promise<void> {
  const query = new URLSearchParams({ mount: location.digest, from });
  const scope = `repository:${location.repository}:pull,push repository:${from}:pull`;
  const call = repositoryCall(location, `blobs/uploads/?${query}`, "POST", "pull,push", { scope });
  const response = await session.send(call, auth);
  if (response.status === 201) return discard(response, undefined);
  if (!response.ok)
    throw await unexpectedResponse(location, `mounting blob "${location.digest}" from "${from}"`, response);
  await discard(response, undefined);
  const upload = response.headers.get("location");
  if (upload !== null) {
    const cancel = { ...call, method: "DELETE" as const, url: new URL(upload, call.url).href };
    await session.send(cancel, auth).then(
      (r) => discard(r, undefined),
      () => undefined,
    );
  }
  throw new RegistryError(
    `Registry "${location.registry}" did not mount blob "${location.digest}" from repository "${from}" into ` +
      `"${location.repository}" (HTTP ${response.status}); the credentials need pull access to "${from}"`,
    { status: response.status },
  );
}

/** Cancels a response's body and returns `value`. */
export async function discard<T>(response: Response, value: T): Promise<T> {
  await response.body?.cancel();
  return value;
}
