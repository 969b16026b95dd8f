import { normalizeRegistry } from "../core/image-reference";
import { authServerAddress, compactAuth, type RegistryAuth, type RegistryTrust } from "./registry-auth";
import { readDockerConfig, type DockerConfigLocation } from "./docker-config-file";
import type { CredentialLocator } from "./credential-locator";
import { DEFAULT_LOCATORS } from "./default-locators";

/** Where to look for the docker config, and which locators to consult. */
export interface ResolveRegistryAuthOptions extends DockerConfigLocation {
  /** The credential chain, in order. @default credHelpers → credsStore → auths */
  readonly locators?: readonly CredentialLocator[];
}

/** Credentials given explicitly as a resource input. */
export interface ExplicitCredentials {
  /** User name for the registry. */
  readonly username: string;
  /** Password or access token for the registry. */
  readonly password: string;
}

const cache = new Map<string, Promise<RegistryAuth | undefined>>();

async function locate(
  registry: string,
  locators: readonly CredentialLocator[],
  context: Omit<Parameters<CredentialLocator["locate"]>[0], "registry">,
): Promise<RegistryAuth | undefined> {
  for (const locator of locators) {
    const auth = await locator.locate({ ...context, registry });
    if (auth !== undefined) return auth;
  }
  return undefined;
}

/**
 * Finds the credentials the docker CLI would use for `registry` (a host[:port], `docker.io`, or a URL): from
 * `credHelpers[registry]`, then `credsStore`, then `auths`, the first that has some. Returns `undefined` (anonymous)
 * when none does. Results are cached per config content and registry for the life of the process.
 */
export async function resolveRegistryAuth(
  registry: string,
  options: ResolveRegistryAuthOptions = {},
): Promise<RegistryAuth | undefined> {
  const env = options.env ?? process.env;
  const loaded = await readDockerConfig({ env, homeDir: options.homeDir });
  if (loaded === undefined) return undefined;
  const host = normalizeRegistry(registry);
  const locators = options.locators ?? DEFAULT_LOCATORS;
  const key = JSON.stringify([loaded.source, loaded.fingerprint, host, env.PATH ?? "", locators.map((l) => l.name)]);
  let pending = cache.get(key);
  if (pending === undefined) {
    pending = locate(host, locators, { loaded, env });
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  return pending;
}

/** Forgets every cached resolution (for tests, or after `docker login` in the same process). */
export function clearRegistryAuthCache(): void {
  cache.clear();
}

/**
 * Credentials given as a resource input, for the image's `registry`. `check` has already judged them (empty fields,
 * a `registryUrl` for another registry) through the push's input rules.
 */
export function explicitAuth(credentials: ExplicitCredentials, registry: string): RegistryAuth {
  return compactAuth({
    username: credentials.username,
    password: credentials.password,
    serverAddress: authServerAddress(normalizeRegistry(registry)),
  });
}

/**
 * `auth` with the TLS trust the `credentials` input gives (`caCert`, `insecure`); anonymous access to `registry` when
 * `auth` is `undefined`. Unchanged when the input gives no trust.
 */
export function withTrust(
  auth: RegistryAuth | undefined,
  registry: string,
  trust: RegistryTrust,
): RegistryAuth | undefined {
  const caCert = trust.caCert === "" ? undefined : trust.caCert;
  if (caCert === undefined && trust.insecure !== true) return auth;
  const base = auth ?? { serverAddress: authServerAddress(normalizeRegistry(registry)) };
  return {
    ...base,
    trust: { ...(caCert === undefined ? {} : { caCert }), ...(trust.insecure ? { insecure: true } : {}) },
  };
}
