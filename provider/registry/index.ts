/** Registry credentials (resolved like the docker CLI) and a minimal registry HTTP API v2 client. */
export { authServerAddress, compactAuth, registryAuthHeader, type RegistryAuth } from "./auth-config";
export {
  readDockerConfig,
  type DockerConfigFile,
  type DockerConfigLocation,
  type LoadedDockerConfig,
} from "./docker-config";
export type { CredentialLocator, LocatorContext } from "./locator";
export { authsLocator, credHelpersLocator, credsStoreLocator, DEFAULT_LOCATORS } from "./locators";
export {
  clearRegistryAuthCache,
  explicitAuth,
  resolveRegistryAuth,
  type ExplicitCredentials,
  type ResolveRegistryAuthOptions,
} from "./resolve-credentials";
export type {
  DeleteOutcome,
  ManifestDigestLocation,
  ManifestInfo,
  ManifestLocation,
  RegistryApi,
  RepositoryLocation,
} from "./registry-api";
export { MANIFEST_MEDIA_TYPES, RegistryClient, type RegistryClientOptions } from "./registry-client";
