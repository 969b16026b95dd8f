import type * as http from "node:http";
import * as https from "node:https";
import type Docker from "dockerode";
import { DockerUnavailableError } from "../core/errors";
import { connectionProblems } from "../input-rules/connection-problems";
import type { DockerConnection } from "./docker-connection";
import { describeEngine } from "./engine-address";
import { processSources, resolveEngine, type ResolutionSources, type ResolvedEngine } from "./engine-resolution";
import { sshDockerOptions } from "./ssh-engine";

/** dockerode options for a resolved engine, with the TLS material in memory only. */
export function dockerOptions(engine: ResolvedEngine): Docker.DockerOptions & { agent?: http.Agent } {
  const url = new URL(engine.host);
  switch (url.protocol) {
    case "unix:":
      return { socketPath: url.pathname };
    case "ssh:":
      return sshDockerOptions(engine.host);
    case "tcp:": {
      const tls = engine.tls;
      return {
        protocol: tls ? "https" : "http",
        host: url.hostname,
        port: url.port,
        ca: tls?.ca,
        cert: tls?.cert,
        key: tls?.key,
        // SkipTLSVerify of a docker context (or DOCKER_TLS without DOCKER_TLS_VERIFY): encrypted, not verified.
        ...(tls && !tls.verify ? { agent: new https.Agent({ rejectUnauthorized: false }) } : {}),
      };
    }
    default:
      throw new DockerUnavailableError(
        `Engine address "${engine.host}" has an unsupported scheme; use unix://, tcp:// or ssh://`,
      );
  }
}

/** The engine each client was made for (its address, TLS origin and source), for `engineHost` and error advice. */
const ENGINES = new WeakMap<object, ResolvedEngine>();

let dockerode: typeof Docker | undefined;

/**
 * The engine client's code, loaded on first use: it takes tens of milliseconds, which a provider call that needs no
 * engine does not pay, and which `loadEngineClientCode` lets a caller spend while it waits on other work.
 */
function dockerodeClass(): typeof Docker {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose
  dockerode ??= require("dockerode") as typeof Docker;
  return dockerode;
}

/**
 * Loads the engine client's code now (a no-op once loaded). DockerBuild's `check` calls it while its context digest
 * runs on a worker thread, so the `diff` and `create` that follow do not load it on the critical path.
 */
export function loadEngineClientCode(): void {
  dockerodeClass();
}

/**
 * A dockerode client for exactly `engine`. docker-modem reads `DOCKER_HOST` (and then `DOCKER_CERT_PATH`'s files) in
 * its constructor and merges them under the options; it is hidden for that synchronous call so only our resolution
 * counts.
 */
export function engineClient(engine: ResolvedEngine): Docker {
  const options = dockerOptions(engine);
  const saved = process.env.DOCKER_HOST;
  delete process.env.DOCKER_HOST;
  let docker: Docker;
  try {
    docker = new (dockerodeClass())(options);
  } finally {
    if (saved !== undefined) process.env.DOCKER_HOST = saved;
  }
  ENGINES.set(docker, engine);
  return docker;
}

/**
 * A dockerode client for the `docker` input, else the environment, resolved like the docker CLI (see
 * `resolveEngine`). A malformed input (the problems check reports, for values unknown at preview) or an environment
 * that names a missing context or certificate is a DockerUnavailableError. Create one per provider call; never store it.
 */
export function dockerClient(connection?: DockerConnection, sources: ResolutionSources = processSources()): Docker {
  const problem = connectionProblems(connection, () => undefined)[0];
  if (problem !== undefined) throw new DockerUnavailableError(problem.reason);
  return engineClient(resolveEngine(connection, sources));
}

/** The engine a client was made for (`undefined` for a client not made here). */
export function engineOf(docker: Docker): ResolvedEngine | undefined {
  return ENGINES.get(docker);
}

/** The address to record as `engineHost`: the resolved address, never TLS material. */
export function engineHost(docker: Docker): string {
  return ENGINES.get(docker)?.host ?? describeEngine(docker);
}

const REACH_CODES = new Set([
  "ENOENT",
  "ECONNREFUSED",
  "EACCES",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ETIMEDOUT",
  "ENOTFOUND",
]);

/** Whether an error code is a TLS failure: a certificate the client rejected, or a handshake alert from the engine. */
function tlsFailure(code: string): boolean {
  return (
    code.startsWith("ERR_SSL_") ||
    code.startsWith("ERR_TLS_") ||
    code.includes("CERT") ||
    code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE" ||
    code === "UNABLE_TO_GET_ISSUER_CERT_LOCALLY" ||
    code === "EPROTO"
  );
}

/** Wraps connection-level failures (socket missing, refused, TLS) into a DockerUnavailableError with advice. */
export function asEngineError(error: unknown, docker: Docker): unknown {
  const code = (error as { code?: string } | undefined)?.code;
  if (code === undefined) return error;
  const engine = ENGINES.get(docker);
  const where = engine?.host ?? describeEngine(docker);
  const origin = engine && engine.source !== "the default socket" ? ` (the address comes from ${engine.source})` : "";
  const tls = engine?.tls;
  if (tlsFailure(code) && !REACH_CODES.has(code)) {
    const fix = tls
      ? `check ${tls.from}: the CA must have signed the engine's certificate, and the engine must accept the client certificate (cert and key of one pair, signed by the CA the engine trusts)`
      : "give the engine's TLS material (docker.caCert, docker.cert, docker.key, or DOCKER_TLS_VERIFY with DOCKER_CERT_PATH)";
    const message = `TLS with the Docker engine at ${where} failed (${code}: ${(error as Error).message}); ${fix}${origin}`;
    return new DockerUnavailableError(message, { cause: error });
  }
  if (code === "ECONNRESET" && tls) {
    // Under TLS 1.3 an engine that refuses the client certificate just closes the connection after the handshake.
    const message = `The Docker engine at ${where} closed the TLS connection (${code}): a running engine does that when it refuses the client certificate; check ${tls.from} (cert and key of one pair, signed by a CA the engine trusts), or start the engine${origin}`;
    return new DockerUnavailableError(message, { cause: error });
  }
  if (REACH_CODES.has(code)) {
    return new DockerUnavailableError(
      `Cannot reach the Docker engine at ${where} (${code}); start Docker or set DOCKER_HOST / the docker input${origin}`,
      { cause: error },
    );
  }
  return error;
}
