import * as os from "node:os";
import * as path from "node:path";
import { DockerUnavailableError } from "../core/errors";
import {
  currentContextName,
  DEFAULT_CONTEXT,
  dockerConfigDir,
  type DockerContext,
  type EngineFiles,
  localFiles,
  readContext,
  unknownContext,
} from "./docker-context-store";
import { defaultSocketPath } from "./engine-address";
import type { DockerConnection } from "./docker-connection";

/** TLS settings for a `tcp://` engine; the PEM texts live in memory only, never in state or messages. */
export interface EngineTls {
  /** PEM CA certificate that signed the engine's certificate (else the system's CAs). */
  readonly ca?: string;
  /** PEM client certificate. */
  readonly cert?: string;
  /** PEM private key of the client certificate. */
  readonly key?: string;
  /** Whether the engine's certificate is verified. */
  readonly verify: boolean;
  /** Where the TLS material came from, for the advice in errors (e.g. `ca.pem, cert.pem and key.pem in /certs`). */
  readonly from: string;
}

/** The engine a call reaches, as resolved from the `docker` input and the environment. */
export interface ResolvedEngine {
  /** The address: `unix:///path`, `tcp://host:port` or `ssh://user@host[:port]`; this is what `engineHost` records. */
  readonly host: string;
  /** TLS for a `tcp://` host; `undefined` means plain HTTP (or a unix socket / ssh). */
  readonly tls?: EngineTls;
  /** Where the address came from, for messages: `docker.host`, `DOCKER_HOST`, `docker context "ci"`, `the default socket`, … */
  readonly source: string;
}

/** The connection fields resolution reads from the `docker` input. */
export type ConnectionInput = DockerConnection;

/** What resolution reads besides the input: the environment, the files and the home folder. */
export interface ResolutionSources {
  /** Environment (`DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_TLS`, `DOCKER_CERT_PATH`, `DOCKER_CONTEXT`, `DOCKER_CONFIG`). */
  readonly env: NodeJS.ProcessEnv;
  /** The file reader. */
  readonly files: EngineFiles;
  /** The home folder (`~/.docker` is the default config and certificate folder). */
  readonly home: string;
}

/** The real environment, file system and home folder. */
export function processSources(): ResolutionSources {
  return { env: process.env, files: localFiles, home: os.homedir() };
}

const SCHEMES = "use unix:///path/to/docker.sock, tcp://host:port or ssh://user@host";

/**
 * Normalizes an engine address the way the docker CLI's ParseHost does: no scheme means `tcp://`, a tcp address
 * without host or port gets `localhost` and 2375, `unix://` alone is the default socket. `what` names the source.
 */
export function normalizeHost(value: string, what: string): string {
  const text = value.trim();
  // `tcp://:2376` (no host) is localhost for the CLI; WHATWG URLs refuse an empty host.
  const withScheme = (text.includes("://") ? text : `tcp://${text}`).replace(/^tcp:\/\/(?=[:/]|$)/, "tcp://localhost");
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new DockerUnavailableError(`${what} "${value}" is not an engine address; ${SCHEMES}`);
  }
  switch (url.protocol) {
    case "unix:":
      return `unix://${url.pathname === "" || url.pathname === "/" ? "/var/run/docker.sock" : url.pathname}`;
    case "tcp:":
      return `tcp://${url.hostname || "localhost"}:${url.port || "2375"}`;
    case "ssh:":
      if (url.hostname === "") throw new DockerUnavailableError(`${what} "${value}" names no host; ${SCHEMES}`);
      return `ssh://${url.username ? `${url.username}@` : ""}${url.host}${url.pathname === "/" ? "" : url.pathname}`;
    default:
      throw new DockerUnavailableError(`${what} "${value}" has an unsupported scheme; ${SCHEMES}`);
  }
}

/** The explicit `docker.host` input: TLS when asked (`tlsVerify`), when TLS material is given, for https: or port 2376. */
function inputEngine(input: ConnectionInput & { host: string }): ResolvedEngine {
  const url = new URL(input.host);
  if (url.protocol !== "tcp:" && url.protocol !== "http:" && url.protocol !== "https:") {
    return { host: normalizeHost(input.host, "docker.host"), source: "docker.host" };
  }
  const material = !!(input.caCert || input.cert || input.key);
  const tls = input.tlsVerify ?? (url.protocol === "https:" || url.port === "2376" || material);
  const host = `tcp://${url.hostname}:${url.port || (tls ? "2376" : "2375")}`;
  const from = "docker.caCert, docker.cert and docker.key";
  return {
    host,
    source: "docker.host",
    tls: tls ? { ca: input.caCert, cert: input.cert, key: input.key, verify: true, from } : undefined,
  };
}

/** `DOCKER_HOST` (or, when empty, the default socket / `tcp://localhost:2376` with TLS) and the TLS variables. */
function environmentEngine(sources: ResolutionSources): ResolvedEngine {
  const { env, files, home } = sources;
  const verify = !!env.DOCKER_TLS_VERIFY;
  const useTls = verify || !!env.DOCKER_TLS;
  const given = env.DOCKER_HOST ?? "";
  if (given.trim() === "" && !useTls) {
    return { host: `unix://${defaultSocketPath(home, files.exists)}`, source: "the default socket" };
  }
  const host = given.trim() === "" ? "tcp://localhost:2376" : normalizeHost(given, "DOCKER_HOST");
  const source = given.trim() === "" ? "DOCKER_TLS_VERIFY without DOCKER_HOST" : "DOCKER_HOST";
  if (!useTls || !host.startsWith("tcp://")) return { host, source };
  const dir = env.DOCKER_CERT_PATH || dockerConfigDir(env, home);
  const from = `ca.pem, cert.pem and key.pem in ${dir} (DOCKER_CERT_PATH)`;
  const ca = files.read(path.join(dir, "ca.pem"));
  if (ca === undefined) {
    throw new DockerUnavailableError(
      `${verify ? "DOCKER_TLS_VERIFY" : "DOCKER_TLS"} is set but ${path.join(dir, "ca.pem")} does not exist; put the engine's CA certificate there, set DOCKER_CERT_PATH to the folder holding ca.pem, cert.pem and key.pem, or unset ${verify ? "DOCKER_TLS_VERIFY" : "DOCKER_TLS"} for plain HTTP`,
    );
  }
  const cert = files.read(path.join(dir, "cert.pem"));
  const key = files.read(path.join(dir, "key.pem"));
  if ((cert === undefined) !== (key === undefined)) {
    throw new DockerUnavailableError(
      `${dir} holds ${cert === undefined ? "key.pem but no cert.pem" : "cert.pem but no key.pem"}; a client certificate needs both (DOCKER_CERT_PATH)`,
    );
  }
  return { host, source, tls: { ca, cert, key, verify, from } };
}

/** A context's endpoint: TLS when it has TLS files or SkipTLSVerify, as the docker CLI does. */
function contextEngine(context: DockerContext): ResolvedEngine {
  const source = `docker context "${context.name}"`;
  const host = normalizeHost(context.host, `Endpoints.docker.Host of ${context.metaFile}`);
  const { ca, cert, key } = context.tls;
  if (!host.startsWith("tcp://") || (!ca && !cert && !key && !context.skipTlsVerify)) return { host, source };
  if ((cert === undefined) !== (key === undefined)) {
    throw new DockerUnavailableError(
      `${context.tlsDir} holds ${cert === undefined ? "key.pem but no cert.pem" : "cert.pem but no key.pem"}; recreate docker context "${context.name}" with both`,
    );
  }
  const from = `the TLS files of docker context "${context.name}" in ${context.tlsDir}`;
  return { host, source, tls: { ca, cert, key, verify: !context.skipTlsVerify, from } };
}

function namedContext(name: string, askedBy: string, sources: ResolutionSources): ResolvedEngine {
  const configDir = dockerConfigDir(sources.env, sources.home);
  const context = readContext(configDir, name, sources.files);
  if (!context) throw unknownContext(name, askedBy, configDir, sources.files);
  return contextEngine(context);
}

/**
 * Resolves the engine like the docker CLI: the `docker` input (`context`, else `host` with its TLS fields); else a
 * non-empty `DOCKER_HOST` with `DOCKER_TLS_VERIFY` / `DOCKER_CERT_PATH`; else `DOCKER_CONTEXT`, else `currentContext` of
 * the docker config (`"default"` means none); else the default socket. Throws a DockerUnavailableError naming the fix.
 */
export function resolveEngine(
  input: ConnectionInput | undefined,
  sources: ResolutionSources = processSources(),
): ResolvedEngine {
  if (input?.context) {
    // The CLI's "default" context is the environment's endpoint (DOCKER_HOST and its TLS variables, else the socket).
    if (input.context === DEFAULT_CONTEXT) return environmentEngine(sources);
    return namedContext(input.context, "docker.context", sources);
  }
  if (input?.host) return inputEngine({ ...input, host: input.host });
  const { env } = sources;
  if (env.DOCKER_HOST) return environmentEngine(sources);
  const configDir = dockerConfigDir(env, sources.home);
  const [name, askedBy] = env.DOCKER_CONTEXT
    ? [env.DOCKER_CONTEXT, "DOCKER_CONTEXT"]
    : [currentContextName(configDir, sources.files), `currentContext of ${path.join(configDir, "config.json")}`];
  if (name === undefined || name === DEFAULT_CONTEXT) return environmentEngine(sources);
  return namedContext(name, askedBy, sources);
}
