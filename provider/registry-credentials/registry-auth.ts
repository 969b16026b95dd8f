import { DOCKER_HUB, DOCKER_HUB_AUTH_KEY } from "../core/image-reference";

/** How far to trust a registry's TLS beyond this machine's CAs; never sent to the engine. */
export interface RegistryTrust {
  /** PEM of the CA certificate(s) that signed the registry's certificate, trusted besides the usual ones. */
  readonly caCert?: string;
  /** Talk plain HTTP, or HTTPS without verifying the certificate, to this registry. @default false */
  readonly insecure?: boolean;
}

/**
 * Credentials for one registry, in the shape the Docker Engine API accepts in `X-Registry-Auth`, plus the TLS trust
 * our own registry calls use (which `registryAuthHeader` leaves out).
 */
export interface RegistryAuth {
  /** User name for basic authentication. */
  readonly username?: string;
  /** Password (or access token used as a password) for basic authentication. */
  readonly password?: string;
  /** OAuth refresh token the registry's token service exchanges for access tokens (set by `docker login` on some registries). */
  readonly identityToken?: string;
  /** Bearer token sent to the registry as is, without a token exchange. */
  readonly registryToken?: string;
  /** The registry these credentials are for: a host[:port], or `https://index.docker.io/v1/` for Docker Hub. */
  readonly serverAddress: string;
  /** Extra TLS trust for our own calls to this registry (`credentials.caCert`, `credentials.insecure`). */
  readonly trust?: RegistryTrust;
}

/** The address the docker CLI stores and looks up credentials under: Docker Hub's legacy URL, else the host[:port]. */
export function authServerAddress(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_AUTH_KEY : registry;
}

/**
 * The value of the Engine API's `X-Registry-Auth` header: URL-safe base64 (with padding) of the JSON auth config, or
 * of `{}` when anonymous. The engine rejects a push without the header, so callers always send it.
 */
export function registryAuthHeader(auth: RegistryAuth | undefined): string {
  const body =
    auth === undefined
      ? {}
      : {
          username: auth.username,
          password: auth.password,
          serveraddress: auth.serverAddress,
          identitytoken: auth.identityToken,
          registrytoken: auth.registryToken,
        };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
}

/** True when `auth` carries something a registry can authenticate with. */
export function hasCredentials(auth: RegistryAuth | undefined): auth is RegistryAuth {
  return (
    auth !== undefined &&
    (auth.password !== undefined || auth.identityToken !== undefined || auth.registryToken !== undefined)
  );
}

/** Builds a RegistryAuth without the fields that are `undefined`, so equal credentials compare equal. */
export function compactAuth(auth: RegistryAuth): RegistryAuth {
  return Object.fromEntries(Object.entries(auth).filter(([, value]) => value !== undefined)) as unknown as RegistryAuth;
}
