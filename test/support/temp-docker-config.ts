import { chmod, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Credentials a fake helper returns for one server address. */
export interface HelperAnswer {
  /** The `Username` field (`<token>` for identity tokens). */
  readonly Username: string;
  /** The `Secret` field. */
  readonly Secret: string;
}

/** A scratch directory with a `config/` dir (for DOCKER_CONFIG), a `home/` dir and a `bin/` dir for helpers. */
export interface Scratch {
  /** Directory to use as DOCKER_CONFIG. */
  readonly configDir: string;
  /** Directory to use as the home directory. */
  readonly homeDir: string;
  /** Directory holding fake `docker-credential-*` scripts. */
  readonly binDir: string;
  /** File every fake helper appends the server address it was asked about to. */
  readonly helperLog: string;
  /** An environment with PATH = binDir plus the system dirs and DOCKER_CONFIG = configDir. */
  readonly env: NodeJS.ProcessEnv;
}

/** Creates a fresh scratch directory. */
export async function makeScratch(): Promise<Scratch> {
  const root = await mkdtemp(join(tmpdir(), "registry-auth-"));
  const dirs = { configDir: join(root, "config"), homeDir: join(root, "home"), binDir: join(root, "bin") };
  await Promise.all(Object.values(dirs).map((dir) => mkdir(dir, { recursive: true })));
  const env = { PATH: `${dirs.binDir}:/usr/bin:/bin`, DOCKER_CONFIG: dirs.configDir };
  return { ...dirs, helperLog: join(root, "helper.log"), env };
}

/** Writes `config` as `config.json` in `dir`. */
export async function writeConfig(dir: string, config: unknown): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "config.json"), JSON.stringify(config));
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Writes `docker-credential-<name>`: a shell script that logs the server address read from stdin and prints the
 * answer for it, or "credentials not found in native keychain" with exit code 1. `failWith` makes it fail instead.
 */
export async function writeHelper(
  scratch: Scratch,
  name: string,
  answers: Readonly<Record<string, HelperAnswer>>,
  failWith?: { readonly code: number; readonly stdout: string; readonly stderr: string },
): Promise<void> {
  const cases = Object.entries(answers)
    .map(([server, answer]) => `  ${shellQuote(server)}) printf '%s\\n' ${shellQuote(JSON.stringify(answer))} ;;`)
    .join("\n");
  const failure =
    failWith === undefined
      ? ""
      : `printf '%s' ${shellQuote(failWith.stdout)}; printf '%s' ${shellQuote(failWith.stderr)} >&2; exit ${failWith.code}\n`;
  const script = [
    "#!/bin/sh",
    '[ "$1" = "get" ] || exit 2',
    "read -r server || true",
    `printf '%s\\n' "$server" >> ${shellQuote(scratch.helperLog)}`,
    failure,
    'case "$server" in',
    cases,
    "  *) echo 'credentials not found in native keychain'; exit 1 ;;",
    "esac",
    "",
  ].join("\n");
  const path = join(scratch.binDir, `docker-credential-${name}`);
  await writeFile(path, script);
  await chmod(path, 0o755);
}

/** The server addresses the fake helpers were asked about, in order. */
export async function helperCalls(scratch: Scratch): Promise<string[]> {
  const text = await readFile(scratch.helperLog, "utf8").catch(() => "");
  return text.split("\n").filter((line) => line !== "");
}

/** Base64 of `user:pass`, as config.json's `auth` field holds it. */
export function basicAuthField(user: string, pass: string): string {
  return Buffer.from(`${user}:${pass}`).toString("base64");
}
