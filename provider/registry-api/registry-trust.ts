import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { rootCertificates } from "node:tls";
import { RegistryTlsError } from "../core/errors";
import type { RegistryTrust } from "../registry-credentials/registry-auth";

/** Where the Docker engine reads a registry's extra CA and client certificates: `<dir>/<host:port>/`. */
export const DOCKER_CERTS_DIR = "/etc/docker/certs.d";

/** What a registry's certs.d folder holds, read the way the engine reads it. */
export interface CertsDirectory {
  /** The folder, `<certs dir>/<host:port>`. */
  readonly dir: string;
  /** PEM of each `*.crt` file (CA certificates), in file name order. */
  readonly caCerts: readonly string[];
  /** The first `*.cert` + `*.key` pair (client certificate and its key), when there is one. */
  readonly client?: { readonly cert: string; readonly key: string };
}

/**
 * Reads `<certsDir>/<registry>/` like the engine: `*.crt` are CA certificates, `*.cert` a client certificate whose key
 * is the same name with `.key`. A missing folder gives `undefined`; a certificate without its key (or a key without its
 * certificate) is an error naming both files, as the engine's is.
 */
export function readCertsDirectory(registry: string, certsDir = DOCKER_CERTS_DIR): CertsDirectory | undefined {
  const dir = path.join(certsDir, registry);
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return undefined;
  }
  const read = (name: string): string => readFileSync(path.join(dir, name), "utf8");
  const caCerts = names.filter((n) => n.endsWith(".crt")).map(read);
  const pairs: { cert: string; key: string }[] = [];
  for (const name of names.filter((n) => n.endsWith(".cert"))) {
    const keyName = `${name.slice(0, -".cert".length)}.key`;
    if (!names.includes(keyName)) {
      throw new RegistryTlsError(
        `Missing key ${path.join(dir, keyName)} for client certificate ${path.join(dir, name)} of registry ` +
          `"${registry}". CA certificates must use the extension .crt.`,
      );
    }
    pairs.push({ cert: read(name), key: read(keyName) });
  }
  for (const name of names.filter((n) => n.endsWith(".key"))) {
    const certName = `${name.slice(0, -".key".length)}.cert`;
    if (!names.includes(certName)) {
      throw new RegistryTlsError(
        `Missing client certificate ${path.join(dir, certName)} for key ${path.join(dir, name)} of registry ` +
          `"${registry}".`,
      );
    }
  }
  return { dir, caCerts, client: pairs[0] };
}

/** TLS options for an HTTPS connection to a registry. */
export interface RegistryTlsOptions {
  /** Every CA to trust (this machine's and the extra ones), or `undefined` for Node's default. */
  readonly ca?: readonly string[];
  /** Client certificate (PEM). */
  readonly cert?: string;
  /** Client certificate's private key (PEM). */
  readonly key?: string;
  /** `false` skips verification (`credentials.insecure`). */
  readonly rejectUnauthorized: boolean;
}

/** The CAs Node trusts by default: its bundled roots plus the `NODE_EXTRA_CA_CERTS` file, as Node reads it at start. */
function defaultCas(env: NodeJS.ProcessEnv): string[] {
  const extra = env.NODE_EXTRA_CA_CERTS;
  if (extra === undefined || extra === "") return [...rootCertificates];
  try {
    return [...rootCertificates, readFileSync(extra, "utf8")];
  } catch {
    return [...rootCertificates];
  }
}

/** Where the trust for a registry came from, for the options and for messages. */
export interface RegistryTlsSetup {
  /** The TLS options, or `undefined` when nothing beyond Node's defaults applies (then plain `fetch` serves). */
  readonly options?: RegistryTlsOptions;
  /** The certs.d folder the engine and we read for this registry. */
  readonly certsDir: string;
}

/**
 * The TLS setup for our calls to `registry`: Node's CAs (with `NODE_EXTRA_CA_CERTS`), plus the registry's certs.d
 * `*.crt` and client pair, plus `trust.caCert`; `trust.insecure` turns verification off.
 */
export function registryTlsSetup(
  registry: string,
  trust: RegistryTrust | undefined,
  { certsDir = DOCKER_CERTS_DIR, env = process.env }: { certsDir?: string; env?: NodeJS.ProcessEnv } = {},
): RegistryTlsSetup {
  const folder = readCertsDirectory(registry, certsDir);
  const dir = path.join(certsDir, registry);
  const extra = [...(folder?.caCerts ?? []), ...(trust?.caCert ? [trust.caCert] : [])];
  const insecure = trust?.insecure === true;
  if (extra.length === 0 && folder?.client === undefined && !insecure) return { certsDir: dir };
  return {
    certsDir: dir,
    options: {
      ca: extra.length === 0 ? undefined : [...defaultCas(env), ...extra],
      cert: folder?.client?.cert,
      key: folder?.client?.key,
      rejectUnauthorized: !insecure,
    },
  };
}
