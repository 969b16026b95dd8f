/** Registry credentials, resolved like the docker CLI: the `credentials` input, else credHelpers → credsStore → auths. */
export { authServerAddress, registryAuthHeader, type RegistryAuth, type RegistryTrust } from "./registry-auth";
export {
  readDockerConfig,
  type DockerConfigFile,
  type DockerConfigLocation,
  type LoadedDockerConfig,
} from "./docker-config-file";
export type { CredentialLocator, LocatorContext } from "./credential-locator";
export { authsLocator, credHelpersLocator, credsStoreLocator, DEFAULT_LOCATORS } from "./default-locators";
export {
  clearRegistryAuthCache,
  explicitAuth,
  resolveRegistryAuth,
  withTrust,
  type ExplicitCredentials,
  type ResolveRegistryAuthOptions,
} from "./resolve-credentials";
