/** One entry of a token's `access` claim: what the holder may do with one resource. */
export interface AccessEntry {
  /** Resource type, e.g. `repository`. */
  readonly type: string;
  /** Resource name, e.g. `tests/app`. */
  readonly name: string;
  /** Granted actions, e.g. `["pull", "push"]`. */
  readonly actions: string[];
}

/** Parses a `scope` parameter (`type:name:actions`, the name may hold colons); undefined when malformed. */
export function parseScope(scope: string): AccessEntry | undefined {
  const first = scope.indexOf(":");
  const last = scope.lastIndexOf(":");
  if (first <= 0 || last <= first) return undefined;
  const actions = scope
    .slice(last + 1)
    .split(",")
    .filter((a) => a !== "");
  return { type: scope.slice(0, first), name: scope.slice(first + 1, last), actions };
}

/** Which actions a user may take on repositories whose names start with a prefix. */
export interface Grant {
  /** Repository name prefix, e.g. `tests/`. */
  readonly prefix: string;
  /** The actions allowed there. */
  readonly actions: readonly string[];
}

/** The access to put in a token: of each requested entry, only the actions the grants allow (none may be left). */
export function grantedAccess(requested: readonly AccessEntry[], grants: readonly Grant[]): AccessEntry[] {
  return requested.map((entry) => {
    const allowed = grants
      .filter((g) => entry.type === "repository" && entry.name.startsWith(g.prefix))
      .flatMap((g) => g.actions);
    return { ...entry, actions: entry.actions.filter((a) => allowed.includes(a) || (a === "*" && allowed.length > 0)) };
  });
}
