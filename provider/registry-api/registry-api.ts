import type { RegistryAuth } from "../registry-credentials/registry-auth";

/** A repository in a registry. */
export interface RepositoryLocation {
  /** The registry host[:port], e.g. `localhost:5000` or `docker.io`. */
  readonly registry: string;
  /** The repository path inside the registry, e.g. `team/app` (`library/nginx` on Docker Hub). */
  readonly repository: string;
}

/** A manifest addressed by tag or digest. */
export interface ManifestLocation extends RepositoryLocation {
  /** A tag (`v1`) or a digest (`sha256:…`). */
  readonly reference: string;
}

/** A manifest addressed by digest, as deletion requires. */
export interface ManifestDigestLocation extends RepositoryLocation {
  /** The manifest digest, `sha256:…`. */
  readonly digest: string;
}

/** What a registry reports about a manifest without sending it. */
export interface ManifestInfo {
  /** The manifest's content digest, from `Docker-Content-Digest`. */
  readonly digest: string;
  /** The manifest's media type, e.g. `application/vnd.oci.image.index.v1+json`. */
  readonly mediaType: string;
}

/** The outcome of deleting a manifest: gone now, was not there, or the registry does not allow deletion. */
export type DeleteOutcome = "deleted" | "not-found" | "unsupported";

/** The registry HTTP API v2 operations the providers need. */
export interface RegistryApi {
  /** The digest and media type of a tag or digest, or `undefined` when the registry has no such manifest. */
  headManifest(location: ManifestLocation, auth?: RegistryAuth): Promise<ManifestInfo | undefined>;
  /** Deletes a manifest by digest; deletion disabled on the registry is `"unsupported"`, not an error. */
  deleteManifest(location: ManifestDigestLocation, auth?: RegistryAuth): Promise<DeleteOutcome>;
}
