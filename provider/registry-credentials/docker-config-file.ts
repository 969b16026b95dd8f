import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { DockerStepError } from "../core/errors";

/** One entry of config.json's `auths` map, as `docker login` writes it. */
export interface AuthsEntry {
  /** Base64 of `username:password`. */
  readonly auth?: string;
  /** User name, when stored as a separate field. */
  readonly username?: string;
  /** Password, when stored as a separate field. */
  readonly password?: string;
  /** OAuth refresh token for the registry's token service. */
  readonly identitytoken?: string;
  /** Bearer token sent to the registry as is. */
  readonly registrytoken?: string;
}

/** The parts of the docker CLI's config.json that hold or point to registry credentials. */
export interface DockerConfigFile {
  /** Stored credentials keyed by registry address. */
  readonly auths?: Readonly<Record<string, AuthsEntry>>;
  /** Per-registry credential helpers: registry address → helper suffix (`ecr-login` runs `docker-credential-ecr-login`). */
  readonly credHelpers?: Readonly<Record<string, string>>;
  /** The default credential helper suffix for every registry, e.g. `desktop` or `osxkeychain`. */
  readonly credsStore?: string;
}

/** A parsed config together with where it came from. */
export interface LoadedDockerConfig {
  /** Where the config was read from: a file path, or `the DOCKER_AUTH_CONFIG environment variable`. */
  readonly source: string;
  /** SHA-256 of the raw config text, so caches notice a changed config. */
  readonly fingerprint: string;
  /** The parsed config. */
  readonly config: DockerConfigFile;
}

/** Where to look for the docker config. */
export interface DockerConfigLocation {
  /** Environment to read `DOCKER_AUTH_CONFIG` and `DOCKER_CONFIG` from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Home directory holding `.docker/config.json`. @default os.homedir() */
  readonly homeDir?: string;
}

/** Source name used in messages when the config comes from `DOCKER_AUTH_CONFIG`. */
export const AUTH_CONFIG_ENV_SOURCE = "the DOCKER_AUTH_CONFIG environment variable";

/** The config.json path the docker CLI uses: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv, homeDir: string): string {
  const dir = env.DOCKER_CONFIG;
  return dir !== undefined && dir !== "" ? join(dir, "config.json") : join(homeDir, ".docker", "config.json");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(source: string, problem: string): DockerStepError {
  return new DockerStepError(
    `Docker config in ${source} ${problem}; fix or remove it (or run \`docker login\` again).`,
  );
}

/** Parses config.json text (empty text is an empty config); throws a DockerStepError naming `source` (never echoing the content) when malformed. */
export function parseDockerConfig(text: string, source: string): DockerConfigFile {
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The JSON error message quotes the text, which may hold secrets: keep only the position.
    const position = /position (\d+)/.exec(String(error))?.[1];
    throw invalid(source, `is not valid JSON${position === undefined ? "" : ` (at position ${position})`}`);
  }
  if (!isRecord(value)) throw invalid(source, "is not a JSON object");
  const { auths, credHelpers, credsStore } = value;
  if (auths !== undefined && (!isRecord(auths) || !Object.values(auths).every(isRecord))) {
    throw invalid(source, 'has an "auths" field that is not an object of objects');
  }
  if (credHelpers !== undefined && (!isRecord(credHelpers) || !Object.values(credHelpers).every(isString))) {
    throw invalid(source, 'has a "credHelpers" field that is not an object of strings');
  }
  if (credsStore !== undefined && !isString(credsStore))
    throw invalid(source, 'has a "credsStore" that is not a string');
  return value as DockerConfigFile;
}

function isString(value: unknown): value is string {
  return typeof value === "string";
}

function fingerprint(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * Reads the docker config the way the CLI finds it: `DOCKER_AUTH_CONFIG` (the JSON content of a config.json) first,
 * then the config file. Returns `undefined` when there is no config at all.
 */
export async function readDockerConfig(location: DockerConfigLocation = {}): Promise<LoadedDockerConfig | undefined> {
  const env = location.env ?? process.env;
  const inline = env.DOCKER_AUTH_CONFIG;
  if (inline !== undefined && inline.trim() !== "") {
    const source = AUTH_CONFIG_ENV_SOURCE;
    return { source, fingerprint: fingerprint(inline), config: parseDockerConfig(inline, source) };
  }
  const path = dockerConfigPath(env, location.homeDir ?? homedir());
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new DockerStepError(`Cannot read Docker config ${path}: ${(error as Error).message}`, { cause: error });
  }
  return { source: path, fingerprint: fingerprint(text), config: parseDockerConfig(text, path) };
}
