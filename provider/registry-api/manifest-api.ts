import type { RegistryAuth } from "../registry-credentials/registry-auth";
import type { ManifestInfo, ManifestLocation, RepositoryLocation } from "./registry-api";

/** A blob (a config or a layer) addressed by digest. */
export interface BlobLocation extends RepositoryLocation {
  /** The blob's digest, `sha256:…`. */
  readonly digest: string;
}

/** A manifest as the registry serves it: its exact bytes, their digest, size and media type. */
export interface Manifest extends ManifestInfo {
  /** The number of bytes of the manifest. */
  readonly size: number;
  /** The manifest's bytes exactly as served (the digest is their sha256). */
  readonly bytes: Buffer;
}

/** A manifest to write: its media type (sent as Content-Type) and its exact bytes. */
export interface ManifestUpload {
  /** The media type, e.g. `application/vnd.oci.image.index.v1+json`. */
  readonly mediaType: string;
  /** The serialized manifest. */
  readonly bytes: Buffer;
}

/** The registry HTTP API v2 operations that read manifests and configs and write image indexes. */
export interface ManifestApi {
  /** The manifest at a tag or digest, or `undefined` when there is none; a body that is not its digest fails. */
  getManifest(location: ManifestLocation, auth?: RegistryAuth): Promise<Manifest | undefined>;
  /** A JSON blob (an image config) by digest; fails when it is missing or its bytes are not its digest. */
  getJsonBlob(location: BlobLocation, auth?: RegistryAuth): Promise<unknown>;
  /** Writes a manifest under a tag or digest; returns the digest the registry reports, checked against the bytes. */
  putManifest(location: ManifestLocation, manifest: ManifestUpload, auth?: RegistryAuth): Promise<string>;
  /** Whether the repository holds the blob. */
  hasBlob(location: BlobLocation, auth?: RegistryAuth): Promise<boolean>;
  /** Mounts a blob of repository `from` (same registry) into `location`'s repository without uploading it. */
  mountBlob(location: BlobLocation, from: string, auth?: RegistryAuth): Promise<void>;
}
