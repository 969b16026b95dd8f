import { createHash } from "node:crypto";
import { registryApiBase } from "./registry-url";
import type { RegistryAuth } from "../registry-credentials/registry-auth";
import type {
  DeleteOutcome,
  ManifestDigestLocation,
  ManifestInfo,
  ManifestLocation,
  RegistryApi,
  RepositoryLocation,
} from "./registry-api";
import { describeErrorBody, unexpectedResponse, unexpectedStatus } from "./registry-errors";
import { RegistrySession, type RegistryCall } from "./registry-session";

/** The manifest media types the client accepts: Docker v2 and OCI, single-platform and multi-platform. */
export const MANIFEST_MEDIA_TYPES: readonly string[] = [
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.list.v2+json",
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.oci.image.index.v1+json",
];

const ACCEPT = { accept: MANIFEST_MEDIA_TYPES.join(", ") };

/** Options of a RegistryClient. */
export interface RegistryClientOptions {
  /** The fetch implementation to send requests with. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

function apiUrl(registry: string, path: string): string {
  return new URL(path, registryApiBase(registry)).href;
}

function mediaTypeOf(response: Response): string {
  return (response.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "";
}

/** A minimal registry HTTP API v2 client over fetch; tokens are cached for the client's life. */
export class RegistryClient implements RegistryApi {
  private readonly session: RegistrySession;

  /** Creates a client; pass `fetch` to substitute the transport. */
  constructor(options: RegistryClientOptions = {}) {
    this.session = new RegistrySession(options.fetch ?? fetch);
  }

  /** The digest and media type of a tag or digest, or `undefined` when the registry has no such manifest. */
  async headManifest(location: ManifestLocation, auth?: RegistryAuth): Promise<ManifestInfo | undefined> {
    const call = this.manifestCall(location, location.reference, "HEAD", "pull");
    const response = await this.session.send(call, auth);
    if (response.status === 404) return discard(response, undefined);
    if (!response.ok) throw await unexpectedResponse(location, `looking up manifest "${location.reference}"`, response);
    const digest = response.headers.get("docker-content-digest");
    if (digest !== null && digest !== "") return { digest, mediaType: mediaTypeOf(response) };
    return this.digestFromBody(call, auth);
  }

  /** Deletes a manifest by digest; deletion disabled on the registry is `"unsupported"`, not an error. */
  async deleteManifest(location: ManifestDigestLocation, auth?: RegistryAuth): Promise<DeleteOutcome> {
    const call = this.manifestCall(location, location.digest, "DELETE", "pull,push,delete");
    const response = await this.session.send(call, auth);
    if (response.status === 404) return discard(response, "not-found");
    if (response.status === 405) return discard(response, "unsupported");
    if (response.ok) return discard(response, "deleted");
    const text = await response.text().catch(() => "");
    if (response.status === 400 && /UNSUPPORTED/.test(describeErrorBody(text))) return "unsupported";
    throw unexpectedStatus(location, `deleting manifest "${location.digest}"`, response.status, text);
  }

  private manifestCall(
    location: RepositoryLocation,
    reference: string,
    method: RegistryCall["method"],
    actions: string,
  ): RegistryCall {
    const url = apiUrl(location.registry, `/v2/${location.repository}/manifests/${reference}`);
    return { ...location, method, url, headers: ACCEPT, scope: `repository:${location.repository}:${actions}` };
  }

  private async digestFromBody(call: RegistryCall, auth: RegistryAuth | undefined): Promise<ManifestInfo | undefined> {
    const response = await this.session.send({ ...call, method: "GET" }, auth);
    if (response.status === 404) return discard(response, undefined);
    if (!response.ok) throw await unexpectedResponse(call, "downloading a manifest", response);
    const body = Buffer.from(await response.arrayBuffer());
    return { digest: `sha256:${createHash("sha256").update(body).digest("hex")}`, mediaType: mediaTypeOf(response) };
  }
}

async function discard<T>(response: Response, value: T): Promise<T> {
  await response.body?.cancel();
  return value;
}
