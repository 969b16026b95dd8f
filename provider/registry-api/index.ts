/** A minimal client of the registry HTTP API v2: manifest digests, tags, deletes, with Basic or Bearer auth. */
export type {
  DeleteOutcome,
  ManifestDigestLocation,
  ManifestInfo,
  ManifestLocation,
  RegistryApi,
  RepositoryLocation,
} from "./registry-api";
export { MANIFEST_MEDIA_TYPES, RegistryClient, type RegistryClientOptions } from "./registry-client";
