import type { RegistryAuth } from "./registry-auth";
import type { LoadedDockerConfig } from "./docker-config-file";

/** What a credential locator looks at. */
export interface LocatorContext {
  /** The registry host[:port] to find credentials for (`docker.io` for Docker Hub). */
  readonly registry: string;
  /** The docker config that was found. */
  readonly loaded: LoadedDockerConfig;
  /** Environment for credential helper processes. */
  readonly env: NodeJS.ProcessEnv;
}

/** One link of the credential chain: a place in the docker config that may hold a registry's credentials. */
export interface CredentialLocator {
  /** Short name for messages and tests, e.g. `credHelpers`. */
  readonly name: string;
  /** The credentials this place holds for the registry, or `undefined` when it holds none. */
  locate(context: LocatorContext): Promise<RegistryAuth | undefined>;
}
