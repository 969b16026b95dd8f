import { spawn } from "node:child_process";
import { RegistryAuthError } from "../core/errors";
import { compactAuth, type RegistryAuth } from "./registry-auth";

/** What to ask a docker credential helper, and how it was configured (for messages). */
export interface CredentialHelperRequest {
  /** The helper's suffix: `desktop` runs `docker-credential-desktop`. */
  readonly helper: string;
  /** The registry host[:port] the credentials are for. */
  readonly registry: string;
  /** The address written to the helper's stdin: the host[:port], or `https://index.docker.io/v1/` for Docker Hub. */
  readonly serverAddress: string;
  /** Where the helper was configured, e.g. `credsStore in /home/me/.docker/config.json`. */
  readonly configuredBy: string;
  /** Environment of the helper process; its PATH is used to find the helper binary. */
  readonly env: NodeJS.ProcessEnv;
  /** How long the helper may run before it is killed. @default 60000 */
  readonly timeoutMs?: number;
}

/** The raw result of running a helper. */
export interface HelperRun {
  /** Exit code, or `null` when a signal ended the process. */
  readonly code: number | null;
  /** Everything the helper printed on stdout. */
  readonly stdout: string;
  /** Everything the helper printed on stderr. */
  readonly stderr: string;
}

const NOT_FOUND = /credentials not found/i;
const TOKEN_USERNAME = "<token>";

function binaryName(helper: string): string {
  return `docker-credential-${helper}`;
}

function firstLine(text: string): string {
  return (text.trim().split("\n")[0] ?? "").slice(0, 200);
}

/**
 * Interprets a helper's `get` output. Returns `undefined` when the helper reports no credentials; throws a
 * RegistryAuthError (that never quotes stdout, which holds the secret) for any other failure.
 */
export function parseHelperRun(run: HelperRun, request: CredentialHelperRequest): RegistryAuth | undefined {
  const name = binaryName(request.helper);
  if (run.code !== 0) {
    if (NOT_FOUND.test(run.stdout) || NOT_FOUND.test(run.stderr)) return undefined;
    const said = firstLine(run.stderr) || firstLine(run.stdout);
    const exit = run.code === null ? "was killed" : `exited with code ${run.code}`;
    throw new RegistryAuthError(
      `Credential helper ${name} (${request.configuredBy}) ${exit} while getting credentials for registry ` +
        `"${request.registry}"${said === "" ? "" : `: ${said}`}. Run \`docker login ${request.registry}\` or fix the helper.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(run.stdout);
  } catch {
    parsed = undefined;
  }
  const { Username, Secret } = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (typeof Secret !== "string" || (Username !== undefined && typeof Username !== "string")) {
    throw new RegistryAuthError(
      `Credential helper ${name} (${request.configuredBy}) printed output that is not {"Username","Secret"} JSON ` +
        `for registry "${request.registry}".`,
    );
  }
  if (Secret === "") return undefined;
  if (Username === TOKEN_USERNAME) return { identityToken: Secret, serverAddress: request.serverAddress };
  return compactAuth({ username: Username || undefined, password: Secret, serverAddress: request.serverAddress });
}

function missingHelper(request: CredentialHelperRequest, cause: unknown): RegistryAuthError {
  const name = binaryName(request.helper);
  return new RegistryAuthError(
    `Credential helper ${name} is configured (${request.configuredBy}) for registry "${request.registry}" but is ` +
      `not on PATH. Install it or add its directory to PATH, or remove the entry from the Docker config.`,
    { cause },
  );
}

function helperTimedOut(request: CredentialHelperRequest, timeoutMs: number): RegistryAuthError {
  return new RegistryAuthError(
    `Credential helper ${binaryName(request.helper)} (${request.configuredBy}) did not answer within ` +
      `${timeoutMs / 1000} s for registry "${request.registry}" and was killed; check that it is not waiting for input.`,
  );
}

function helperFailed(request: CredentialHelperRequest, cause: Error): RegistryAuthError {
  return new RegistryAuthError(
    `Cannot run credential helper ${binaryName(request.helper)} (${request.configuredBy}) for registry ` +
      `"${request.registry}": ${cause.message}`,
    { cause },
  );
}

/** Runs `docker-credential-<helper> get`, writing the server address on stdin, and collects its output. */
export function execHelper(request: CredentialHelperRequest): Promise<HelperRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(binaryName(request.helper), ["get"], {
      env: request.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    // Our own timer, rejecting at once: spawn's `timeout` option leaves its timer running when the binary does not
    // exist, and a killed helper's own children could keep its output open long after.
    const timeoutMs = request.timeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      for (const stream of [child.stdin, child.stdout, child.stderr]) stream.destroy();
      reject(helperTimedOut(request, timeoutMs));
    }, timeoutMs);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.stdin.on("error", () => undefined); // a helper may exit before reading stdin; its exit code tells.
    child.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === "ENOENT" ? missingHelper(request, error) : helperFailed(request, error));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(request.serverAddress);
  });
}

/**
 * Asks a docker credential helper for a registry's credentials. Returns `undefined` when the helper has none; a
 * `<token>` user name means the secret is an identity token.
 */
export async function runCredentialHelper(request: CredentialHelperRequest): Promise<RegistryAuth | undefined> {
  if (request.helper === "") {
    throw new RegistryAuthError(`An empty credential helper name is configured (${request.configuredBy}).`);
  }
  return parseHelperRun(await execHelper(request), request);
}
