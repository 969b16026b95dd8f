import { readFileSync } from "node:fs";
import * as path from "node:path";
import { testEnvironment } from "./environment";

/**
 * The tests' independent view of a registry: plain HTTP on the loopback address (and the registry's access log),
 * never this library's own registry client, so a bug there cannot make a test pass.
 */

/** Basic-auth credentials for the htpasswd registry. */
export interface BasicAuth {
  readonly username: string;
  readonly password: string;
}

const MANIFEST_TYPES = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
].join(", ");

/** Splits `localhost:5000/team/app` into the registry host and the repository path. */
export function splitImageName(imageName: string): { readonly host: string; readonly repository: string } {
  const slash = imageName.indexOf("/");
  return { host: imageName.slice(0, slash), repository: imageName.slice(slash + 1) };
}

/** The registry's base URL on 127.0.0.1; refuses any host that is not this machine's loopback. */
export function loopbackUrl(host: string): string {
  const match = /^(localhost|127\.0\.0\.1):(\d+)$/.exec(host);
  if (!match) throw new Error(`refusing to contact ${host}: the tests only talk to localhost`);
  return `http://127.0.0.1:${match[2]}`;
}

function headers(auth?: BasicAuth, extra: Record<string, string> = {}): Record<string, string> {
  if (!auth) return extra;
  const token = Buffer.from(`${auth.username}:${auth.password}`).toString("base64");
  return { ...extra, Authorization: `Basic ${token}` };
}

/** The manifest digest the registry serves for `imageName:tag`, or `undefined` when the tag is not there. */
export async function manifestDigest(imageName: string, tag: string, auth?: BasicAuth): Promise<string | undefined> {
  const { host, repository } = splitImageName(imageName);
  const response = await fetch(`${loopbackUrl(host)}/v2/${repository}/manifests/${tag}`, {
    method: "HEAD",
    headers: headers(auth, { Accept: MANIFEST_TYPES }),
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`HEAD manifest ${imageName}:${tag}: HTTP ${response.status}`);
  return response.headers.get("docker-content-digest") ?? undefined;
}

/** The image config blob (JSON) the registry serves for the single-platform image `imageName:tag`. */
export async function imageConfig(imageName: string, tag: string, auth?: BasicAuth): Promise<Record<string, unknown>> {
  const { host, repository } = splitImageName(imageName);
  const base = `${loopbackUrl(host)}/v2/${repository}`;
  const manifest = await fetch(`${base}/manifests/${tag}`, { headers: headers(auth, { Accept: MANIFEST_TYPES }) });
  if (!manifest.ok) throw new Error(`GET manifest ${imageName}:${tag}: HTTP ${manifest.status}`);
  const { config } = (await manifest.json()) as { config?: { digest?: string } };
  if (!config?.digest) throw new Error(`the manifest of ${imageName}:${tag} names no config`);
  const blob = await fetch(`${base}/blobs/${config.digest}`, { headers: headers(auth) });
  if (!blob.ok) throw new Error(`GET config blob of ${imageName}:${tag}: HTTP ${blob.status}`);
  return (await blob.json()) as Record<string, unknown>;
}

/** The tags the registry lists for a repository (empty when it has none). */
export async function registryTags(imageName: string, auth?: BasicAuth): Promise<string[]> {
  const { host, repository } = splitImageName(imageName);
  const response = await fetch(`${loopbackUrl(host)}/v2/${repository}/tags/list`, { headers: headers(auth) });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`GET tags of ${imageName}: HTTP ${response.status}`);
  const body = (await response.json()) as { tags?: string[] | null };
  return [...(body.tags ?? [])].sort();
}

/** The HTTP status of an unauthenticated request to the registry's API root (401 for the htpasswd registry). */
export async function anonymousStatus(host: string): Promise<number> {
  return (await fetch(`${loopbackUrl(host)}/v2/`)).status;
}

/** Deletes a manifest by digest, as someone acting behind Pulumi's back would; fails unless the registry accepts. */
export async function deleteManifestOrFail(imageName: string, digest: string, auth?: BasicAuth): Promise<void> {
  const { host, repository } = splitImageName(imageName);
  const response = await fetch(`${loopbackUrl(host)}/v2/${repository}/manifests/${digest}`, {
    method: "DELETE",
    headers: headers(auth),
  });
  if (response.status !== 202 && response.status !== 404) {
    throw new Error(`DELETE manifest ${imageName}@${digest}: HTTP ${response.status}`);
  }
}

/** How many blob uploads the open (or htpasswd) registry's access log shows for a repository so far. */
export function blobUploads(imageName: string, which: "open" | "auth" = "open"): number {
  const log = readFileSync(path.join(testEnvironment().home, "logs", `registry-${which}.log`), "utf8");
  const { repository } = splitImageName(imageName);
  return log.split("\n").filter((line) => line.includes(`"POST /v2/${repository}/blobs/uploads/`)).length;
}

/** Deletes a manifest by digest, ignoring failures (clean-up only). */
export async function deleteManifest(imageName: string, digest: string, auth?: BasicAuth): Promise<void> {
  const { host, repository } = splitImageName(imageName);
  await fetch(`${loopbackUrl(host)}/v2/${repository}/manifests/${digest}`, {
    method: "DELETE",
    headers: headers(auth),
  }).catch(() => undefined);
}

/** The access-log lines of the open (or htpasswd) registry whose request starts with `METHOD /v2/<repository>/<rest>`. */
function accessLogLines(imageName: string, which: "open" | "auth", method: string, rest: string): string[] {
  const log = readFileSync(path.join(testEnvironment().home, "logs", `registry-${which}.log`), "utf8");
  const { repository } = splitImageName(imageName);
  return log.split("\n").filter((line) => line.includes(`"${method} /v2/${repository}/${rest}`));
}

/** How many blob mounts (`POST …/blobs/uploads/?mount=`) into a repository the registry's access log shows so far. */
export function blobMounts(imageName: string, which: "open" | "auth" = "open"): number {
  return accessLogLines(imageName, which, "POST", "blobs/uploads/?").filter((line) => line.includes("mount=")).length;
}

/** How many blob uploads into a repository were completed with data (`PUT …/blobs/uploads/<id>`) so far. */
export function completedBlobUploads(imageName: string, which: "open" | "auth" = "open"): number {
  return accessLogLines(imageName, which, "PUT", "blobs/uploads/").length;
}

/** How many manifests were written into a repository (`PUT …/manifests/<ref>`) so far. */
export function manifestPuts(imageName: string, which: "open" | "auth" = "open"): number {
  return accessLogLines(imageName, which, "PUT", "manifests/").length;
}

/** A manifest as the registry serves it at a tag or digest: its media type and parsed body. */
export async function manifestAt(
  imageName: string,
  reference: string,
  auth?: BasicAuth,
): Promise<{ readonly mediaType: string; readonly body: Record<string, unknown> } | undefined> {
  const { host, repository } = splitImageName(imageName);
  const response = await fetch(`${loopbackUrl(host)}/v2/${repository}/manifests/${reference}`, {
    headers: headers(auth, { Accept: MANIFEST_TYPES }),
  });
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`GET manifest ${imageName}:${reference}: HTTP ${response.status}`);
  const mediaType = (response.headers.get("content-type") ?? "").split(";")[0]!.trim();
  return { mediaType, body: (await response.json()) as Record<string, unknown> };
}
