import { createHash } from "node:crypto";
import { accessSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { DockerUnavailableError } from "../core/errors";

/** The files connection resolution reads, injected so the resolution is a plain function in tests. */
export interface EngineFiles {
  /** The file's text, or `undefined` when it does not exist. */
  read(file: string): string | undefined;
  /** The names in a folder, or `[]` when it does not exist. */
  list(dir: string): string[];
  /** Whether the file (e.g. a socket) exists and can be reached. */
  exists(file: string): boolean;
}

function missing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** The real file system. */
export const localFiles: EngineFiles = {
  read(file) {
    try {
      return readFileSync(file, "utf8");
    } catch (error) {
      if (missing(error)) return undefined;
      throw new DockerUnavailableError(`Cannot read ${file}: ${(error as Error).message}`, { cause: error });
    }
  },
  list(dir) {
    try {
      return readdirSync(dir);
    } catch (error) {
      if (missing(error)) return [];
      throw new DockerUnavailableError(`Cannot list ${dir}: ${(error as Error).message}`, { cause: error });
    }
  },
  exists(file) {
    try {
      accessSync(file);
      return true;
    } catch {
      return false;
    }
  },
};

/** The context name that means "no context": `DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_CERT_PATH` or the default socket. */
export const DEFAULT_CONTEXT = "default";

/** The TLS files of an endpoint (each PEM text, absent when the file is not there). */
export interface TlsFiles {
  /** `ca.pem`: the CA that signed the engine's certificate. */
  readonly ca?: string;
  /** `cert.pem`: the client certificate. */
  readonly cert?: string;
  /** `key.pem`: the client certificate's private key. */
  readonly key?: string;
}

/** The docker endpoint of a context, as the docker CLI stores it. */
export interface DockerContext {
  /** The context name. */
  readonly name: string;
  /** `Endpoints.docker.Host` of its meta.json. */
  readonly host: string;
  /** `Endpoints.docker.SkipTLSVerify` of its meta.json. */
  readonly skipTlsVerify: boolean;
  /** The files under `contexts/tls/<id>/docker/`. */
  readonly tls: TlsFiles;
  /** The folder holding those TLS files, for messages. */
  readonly tlsDir: string;
  /** The meta.json file, for messages. */
  readonly metaFile: string;
}

/** The docker CLI's config folder: `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv, home: string): string {
  return env.DOCKER_CONFIG ? env.DOCKER_CONFIG : path.join(home, ".docker");
}

/** The folder name the CLI stores a context under: the sha256 hex digest of its name. */
export function contextId(name: string): string {
  return createHash("sha256").update(name).digest("hex");
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function parseJson(text: string, file: string, fix: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DockerUnavailableError(`${file} is not valid JSON (${(error as Error).message}); ${fix}`, {
      cause: error,
    });
  }
  const object = record(parsed);
  if (!object) throw new DockerUnavailableError(`${file} does not hold a JSON object; ${fix}`);
  return object;
}

/** `currentContext` of `<configDir>/config.json` (`undefined` when the file or the field is absent or empty). */
export function currentContextName(configDir: string, files: EngineFiles): string | undefined {
  const file = path.join(configDir, "config.json");
  const text = files.read(file);
  if (text === undefined || text.trim() === "") return undefined;
  const current = parseJson(text, file, "fix or remove it").currentContext;
  if (current !== undefined && typeof current !== "string") {
    throw new DockerUnavailableError(
      `currentContext in ${file} must be a string; fix it or run \`docker context use\``,
    );
  }
  return current || undefined;
}

/** Reads context `name` from `<configDir>/contexts` the way the docker CLI stores it; `undefined` when it does not exist. */
export function readContext(configDir: string, name: string, files: EngineFiles): DockerContext | undefined {
  const id = contextId(name);
  const metaFile = path.join(configDir, "contexts", "meta", id, "meta.json");
  const text = files.read(metaFile);
  if (text === undefined) return undefined;
  const fix = `recreate it with \`docker context rm ${name}\` and \`docker context create ${name} --docker host=…\``;
  const meta = parseJson(text, metaFile, fix);
  const docker = record(record(meta.Endpoints)?.docker);
  const host = docker?.Host;
  if (typeof host !== "string" || host === "") {
    throw new DockerUnavailableError(`docker context "${name}" (${metaFile}) has no Endpoints.docker.Host; ${fix}`);
  }
  const tlsDir = path.join(configDir, "contexts", "tls", id, "docker");
  const tls = {
    ca: files.read(path.join(tlsDir, "ca.pem")),
    cert: files.read(path.join(tlsDir, "cert.pem")),
    key: files.read(path.join(tlsDir, "key.pem")),
  };
  return { name, host, skipTlsVerify: docker?.SkipTLSVerify === true, tls, tlsDir, metaFile };
}

/** The names of the contexts stored under `<configDir>/contexts/meta` (unreadable ones left out), sorted. */
export function contextNames(configDir: string, files: EngineFiles): string[] {
  const metaDir = path.join(configDir, "contexts", "meta");
  const names: string[] = [];
  for (const id of files.list(metaDir)) {
    try {
      const name = JSON.parse(files.read(path.join(metaDir, id, "meta.json")) ?? "null")?.Name;
      if (typeof name === "string" && contextId(name) === id) names.push(name);
    } catch {
      // A corrupt entry is reported when it is used, not when listing.
    }
  }
  return names.sort();
}

/** The error for a context that does not exist, naming where it was asked for and listing the contexts found. */
export function unknownContext(name: string, askedBy: string, configDir: string, files: EngineFiles): Error {
  const found = [DEFAULT_CONTEXT, ...contextNames(configDir, files)].map((n) => `"${n}"`).join(", ");
  return new DockerUnavailableError(
    `${askedBy} names docker context "${name}", which does not exist in ${path.join(configDir, "contexts")} (contexts found: ${found}); create it with \`docker context create ${name} --docker host=…\` or name another one`,
  );
}
