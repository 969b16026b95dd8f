import type { RegistryTrust } from "../registry-credentials/registry-auth";
import { httpsFetch } from "./https-fetch";
import { registryTlsError, tlsFailure } from "./tls-errors";
import { registryTlsSetup } from "./registry-trust";
import { isLoopbackRegistry, registryApiBase } from "./registry-url";

/** Gives the `fetch` to send a registry's requests with, given the registry and the trust that comes with the call. */
export type RegistryTransport = (registry: string, trust: RegistryTrust | undefined) => typeof fetch;

/** Where to read certs.d from, and the environment (`NODE_EXTRA_CA_CERTS`); for tests. */
export interface TransportOptions {
  /** The engine's certs.d folder. @default /etc/docker/certs.d */
  readonly certsDir?: string;
  /** The environment. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** The scheme that answered, per loopback or insecure registry, for the life of the process. */
const workingScheme = new Map<string, "https:" | "http:">();

/** Forgets the schemes learned (for tests that reuse a port with another scheme). */
export function clearLearnedSchemes(): void {
  workingScheme.clear();
}

/**
 * The transport the engine's rules give: HTTPS, verified against this machine's CAs (with `NODE_EXTRA_CA_CERTS`), the
 * registry's `/etc/docker/certs.d/<host:port>/` (`*.crt`, `*.cert` + `*.key`) and `trust.caCert`. A loopback registry,
 * or one with `trust.insecure`, is tried over HTTPS first and over plain HTTP when HTTPS fails for any reason but its
 * certificate (as the engine does for its insecure registries); the scheme that answered is remembered. Only
 * `trust.insecure` skips verification. A certificate problem is a RegistryTlsError saying where the CA goes.
 */
export function defaultRegistryTransport(options: TransportOptions = {}): RegistryTransport {
  return (registry, trust) => {
    const setup = registryTlsSetup(registry, trust, options);
    const secure: typeof fetch = setup.options === undefined ? fetch : httpsFetch(setup.options);
    const apiHost = new URL(registryApiBase(registry)).host;
    const flexible = isLoopbackRegistry(registry) || trust?.insecure === true;

    const overHttps = async (url: URL, init?: RequestInit): Promise<Response> => {
      const https = new URL(url);
      https.protocol = "https:";
      try {
        return await secure(https, init);
      } catch (error) {
        const kind = tlsFailure(error);
        if (kind !== undefined) throw await registryTlsError(registry, https.origin, kind, setup.certsDir, error);
        throw error;
      }
    };

    return (async (input: string | URL | Request, init?: RequestInit) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.host !== apiHost) return url.protocol === "https:" ? overHttps(url, init) : fetch(url, init);
      if (!flexible) return overHttps(url, init);
      const learned = workingScheme.get(registry);
      if (learned === "http:") return fetch(withProtocol(url, "http:"), init);
      if (learned === "https:") return overHttps(url, init);
      try {
        const response = await overHttps(url, init);
        workingScheme.set(registry, "https:");
        return response;
      } catch (error) {
        if ((error as Error).name === "RegistryTlsError") throw error;
        const response = await fetch(withProtocol(url, "http:"), init);
        workingScheme.set(registry, "http:");
        return response;
      }
    }) as typeof fetch;
  };
}

function withProtocol(url: URL, protocol: "http:" | "https:"): URL {
  const copy = new URL(url);
  copy.protocol = protocol;
  return copy;
}
