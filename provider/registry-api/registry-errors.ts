import { RegistryAuthError, RegistryError, RegistryUnreachableError } from "../core/errors";

/** Which registry call failed, for messages. */
export interface CallContext {
  /** The registry host[:port]. */
  readonly registry: string;
  /** The repository path inside the registry. */
  readonly repository: string;
}

function howToFix(registry: string): string {
  return `Set the \`credentials\` input (username and password) or run \`docker login ${registry}\`.`;
}

/** The registry wants authentication and there are no credentials to give it. */
export function authenticationRequired(call: CallContext, reason = "no credentials were found"): RegistryAuthError {
  return new RegistryAuthError(
    `Registry "${call.registry}" requires authentication for repository "${call.repository}" and ${reason}. ` +
      howToFix(call.registry),
  );
}

/** The registry (or its token service) rejected the credentials; names the user, never the secret. */
export function authenticationRejected(call: CallContext, username: string | undefined): RegistryAuthError {
  const who = username === undefined ? "the configured credentials" : `the credentials of user "${username}"`;
  return new RegistryAuthError(
    `Registry "${call.registry}" rejected ${who} for repository "${call.repository}" (authentication failed). ` +
      howToFix(call.registry),
  );
}

/**
 * The registry accepted the credentials but its token grants less than the call needs (`insufficient_scope`): a
 * permission problem, not a wrong password; names the user and the scope, never the secret.
 */
export function accessDenied(call: CallContext, username: string | undefined, scope: string): RegistryAuthError {
  const who = username === undefined ? "the configured credentials" : `user "${username}"`;
  return new RegistryAuthError(
    `Registry "${call.registry}" did not grant ${who} the access "${scope}" needed for repository ` +
      `"${call.repository}" (insufficient_scope: authentication succeeded, permission denied). Give that user ` +
      `access to the repository in the registry, or use credentials that have it.`,
  );
}

/** The `code: message` pairs of a registry error body (`{"errors":[{"code","message"}]}`), or the body's first line. */
export function describeErrorBody(body: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { code?: unknown; message?: unknown }[] };
    if (Array.isArray(parsed.errors) && parsed.errors.length > 0) {
      return parsed.errors.map((e) => [e.code, e.message].filter((x) => typeof x === "string").join(": ")).join("; ");
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return (body.trim().split("\n")[0] ?? "").slice(0, 200);
}

/** A non-2xx answer that is not about authentication, given its status and body text. */
export function unexpectedStatus(call: CallContext, action: string, status: number, body: string): RegistryError {
  const detail = describeErrorBody(body);
  return new RegistryError(
    `Registry "${call.registry}" answered HTTP ${status} to ${action} in repository "${call.repository}"` +
      (detail === "" ? "" : `: ${detail}`),
    { status },
  );
}

/** A non-2xx response that is not about authentication; reads the body for the registry's explanation. */
export async function unexpectedResponse(
  call: CallContext,
  action: string,
  response: Response,
): Promise<RegistryError> {
  return unexpectedStatus(call, action, response.status, await response.text().catch(() => ""));
}

/** The registry (or its token service) could not be reached at all. */
export function unreachable(call: CallContext, url: string, cause: unknown): RegistryUnreachableError {
  const nested = (cause as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const reason = typeof nested?.code === "string" ? nested.code : String((cause as Error)?.message ?? cause);
  return new RegistryUnreachableError(
    `Cannot reach registry "${call.registry}" at ${new URL(url).origin}: ${reason}. Check that it is running and ` +
      `reachable from this machine.`,
    { cause },
  );
}
