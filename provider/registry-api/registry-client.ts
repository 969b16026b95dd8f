import type { RegistryAuth } from "../registry-credentials/registry-auth";
import type { BlobLocation, Manifest, ManifestApi, ManifestUpload } from "./manifest-api";
import * as requests from "./manifest-requests";
import { discard, MANIFEST_MEDIA_TYPES, mediaTypeOf, repositoryCall, sha256Digest } from "./manifest-requests";
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
import type { RegistryTransport } from "./registry-transport";

export { MANIFEST_MEDIA_TYPES };

const ACCEPT = { accept: MANIFEST_MEDIA_TYPES.join(", ") };

/** Options of a RegistryClient. */
export interface RegistryClientOptions {
  /** A fetch to send every request with as is (no scheme choice, no extra CAs), for tests. */
  readonly fetch?: typeof fetch;
  /** How to reach each registry (scheme, CAs, client certificate). @default defaultRegistryTransport() */
  readonly transport?: RegistryTransport;
}

/** A minimal registry HTTP API v2 client over fetch; tokens are cached for the client's life. */
export class RegistryClient implements RegistryApi, ManifestApi {
  private readonly session: RegistrySession;

  /** Creates a client; pass `transport` (or a bare `fetch`) to substitute how requests are sent. */
  constructor(options: RegistryClientOptions = {}) {
    this.session = new RegistrySession(options.fetch, options.transport);
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

  /** The manifest at a tag or digest with its bytes, size and media type, or `undefined` when there is none. */
  getManifest(location: ManifestLocation, auth?: RegistryAuth): Promise<Manifest | undefined> {
    return requests.getManifest(this.session, location, auth);
  }

  /** A JSON blob (an image config) by digest, checked against the digest. */
  getJsonBlob(location: BlobLocation, auth?: RegistryAuth): Promise<unknown> {
    return requests.getJsonBlob(this.session, location, auth);
  }

  /** Writes a manifest with its media type; returns the digest the registry reports, checked against the bytes. */
  putManifest(location: ManifestLocation, manifest: ManifestUpload, auth?: RegistryAuth): Promise<string> {
    return requests.putManifest(this.session, location, manifest, auth);
  }

  /** Whether the repository holds the blob. */
  hasBlob(location: BlobLocation, auth?: RegistryAuth): Promise<boolean> {
    return requests.hasBlob(this.session, location, auth);
  }

  /** Mounts a blob of repository `from` (same registry) into `location`'s repository. */
  mountBlob(location: BlobLocation, from: string, auth?: RegistryAuth): Promise<void> {
    return requests.mountBlob(this.session, location, from, auth);
  }

  private manifestCall(
    location: RepositoryLocation,
    reference: string,
    method: RegistryCall["method"],
    actions: string,
  ): RegistryCall {
    return repositoryCall(location, `manifests/${reference}`, method, actions, { headers: ACCEPT });
  }

  private async digestFromBody(call: RegistryCall, auth: RegistryAuth | undefined): Promise<ManifestInfo | undefined> {
    const response = await this.session.send({ ...call, method: "GET" }, auth);
    if (response.status === 404) return discard(response, undefined);
    if (!response.ok) throw await unexpectedResponse(call, "downloading a manifest", response);
    const body = Buffer.from(await response.arrayBuffer());
    return { digest: sha256Digest(body), mediaType: mediaTypeOf(response) };
  }
}
