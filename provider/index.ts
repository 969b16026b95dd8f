/** pulumi-docker-dynamic: Pulumi dynamic resources that build and push Docker images through the Engine API. */
// Every declaration reachable from here is compiled in a consumer's project (test/e2e/package/tarball.e2e.test.ts):
// its imports stay within @pulumi/pulumi and this library's own modules, never dockerode's or Node's types.
export { DockerBuild, type DockerBuildArgs, type RegistryCredentialArgs } from "./docker-build";
export {
  DockerPush,
  type DockerPushArgs,
  type DockerPushBuildArgs,
  type DockerPushImageArgs,
  type PushedBuild,
  type PushCredentialsArgs,
} from "./docker-push";
export { DockerIndex, type DockerIndexArgs } from "./docker-index";
export type {
  DockerBuildInputs,
  DockerBuildOutputs,
  DockerBuildUserInputs,
  RegistryCredential,
  SshAgentForward,
} from "./image-build/inputs";
export type { BuilderKind } from "./engine/builder-kind";
export type { PlatformImage } from "./core/platform";
export type {
  DockerPushInputs,
  DockerPushOutputs,
  DockerPushUserInputs,
  PlatformDigest,
  PushCredentials,
} from "./image-push/inputs";
export type { DockerIndexInputs, DockerIndexOutputs, DockerIndexUserInputs } from "./image-index/inputs";
export type { DockerConnection } from "./engine/docker-connection";
export {
  BuildError,
  DockerStepError,
  DockerUnavailableError,
  ImageIndexError,
  InputError,
  PushError,
  RegistryAuthError,
  RegistryError,
  RegistryUnreachableError,
} from "./core/errors";
export { LIBRARY_VERSION, IMAGE_LABELS } from "./core/version";
