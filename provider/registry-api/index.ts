/** A minimal client of the registry HTTP API v2: manifests, configs, tags, deletes, mounts, with Basic or Bearer auth. */
export type {
  DeleteOutcome,
  ManifestDigestLocation,
  ManifestInfo,
  ManifestLocation,
  RegistryApi,
  RepositoryLocation,
} from "./registry-api";
export type { BlobLocation, Manifest, ManifestApi, ManifestUpload } from "./manifest-api";
export { imageIndex, OCI_INDEX_MEDIA_TYPE, type ImageIndex, type IndexEntry } from "./image-index";
export { MANIFEST_MEDIA_TYPES, RegistryClient, type RegistryClientOptions } from "./registry-client";
