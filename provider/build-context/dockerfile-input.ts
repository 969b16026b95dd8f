/**
 * The shapes the `dockerfile` input takes: a path, `"auto"` for a generated Dockerfile, or `{ inline: "<text>" }` for
 * a Dockerfile written in the program; and the check of a value against them.
 */

import { UNKNOWN } from "../core/unknown-values";

/** A Dockerfile written in the program: its text is sent in the context archive under a name of its own. */
export interface InlineDockerfile {
  /** The Dockerfile's text, e.g. `"FROM busybox\nCOPY . /app/\n"`. */
  readonly inline: string;
}

/** The `dockerfile` input: a path relative to the context (or absolute), `"auto"`, or an inline Dockerfile. */
export type DockerfileInput = string | InlineDockerfile;

/** Whether a `dockerfile` value is an inline Dockerfile. */
export function isInlineDockerfile(value: unknown): value is InlineDockerfile {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "inline" in value;
}

/** A problem with the shape of a `dockerfile` value, as a property and a reason; undefined when it is well formed. */
export interface DockerfileInputProblem {
  /** `dockerfile` or `dockerfile.<key>`. */
  readonly property: string;
  /** What is wrong and what to write instead. */
  readonly reason: string;
}

const SHAPES = 'a path (e.g. "Dockerfile.prod"), "auto", or { inline: "FROM …" }';

/** Checks a `dockerfile` value's shape; values unknown at preview pass. */
export function dockerfileInputProblem(value: unknown): DockerfileInputProblem | undefined {
  if (value === undefined || value === UNKNOWN) return undefined;
  if (typeof value === "string") {
    return value.trim() === ""
      ? { property: "dockerfile", reason: `dockerfile is empty; give ${SHAPES}, or leave it out for "Dockerfile"` }
      : undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { property: "dockerfile", reason: `dockerfile must be ${SHAPES}, not ${JSON.stringify(value)}` };
  }
  const extra = Object.keys(value).find((key) => key !== "inline");
  if (extra !== undefined) {
    return {
      property: `dockerfile.${extra}`,
      reason: `dockerfile.${extra} is not a field of an inline Dockerfile; the only one is dockerfile.inline (its text)`,
    };
  }
  const inline = (value as { inline?: unknown }).inline;
  if (inline === UNKNOWN) return undefined;
  if (typeof inline !== "string") {
    return {
      property: "dockerfile.inline",
      reason: `dockerfile.inline must be the Dockerfile's text, e.g. { inline: "FROM busybox\\n" }, not ${JSON.stringify(inline) ?? "undefined"}`,
    };
  }
  return undefined;
}
