/**
 * The Dockerfile check run by `check`, so that `pulumi preview` fails on a Dockerfile BuildKit would refuse before
 * building, naming the line. In BuildKit's order: malformed `# check=` options (`dockerfile-directives.ts`), what its
 * parser refuses (`dockerfile-parser.ts`: directives, continuations, heredocs, JSON arrays holding a non-string,
 * `ENV`/`LABEL` without a value), then what its instruction parser refuses (`dockerfile-instruction-rules.ts`: unknown
 * instructions, argument counts, flags and their values, ONBUILD triggers, stage names, instructions before the first
 * FROM, no FROM). The parity test holds it to BuildKit's own code. What only the build knows (base images, `--from`
 * stages, variables) is left to the build.
 */

import { instructionsError } from "./dockerfile-instruction-rules";
import { checkDirectiveProblem, isDockerfileFrontend, syntaxDirective } from "./dockerfile-directives";
import { parseDockerfileLines, type DockerfileSyntaxError } from "./dockerfile-parser";
import { dockerfileStages, type DockerfileStage } from "./dockerfile-stages";

export type { DockerfileSyntaxError } from "./dockerfile-parser";

/** One instruction of a Dockerfile, as read by {@link parseDockerfile}. */
export interface DockerfileInstruction {
  /** The instruction in upper case, e.g. `FROM`. */
  readonly name: string;
  /** The 1-based line it starts on. */
  readonly line: number;
  /** Its arguments: the rest of the logical line, continuations joined, heredoc bodies left out. */
  readonly args: string;
}

/** What {@link parseDockerfile} found. */
export interface ParsedDockerfile {
  /** The parser directives, by lower-case name, e.g. `{ escape: "`" }`. */
  readonly directives: Readonly<Record<string, string>>;
  /** The instructions in order (up to a syntax error of the parser). */
  readonly instructions: readonly DockerfileInstruction[];
  /** The stages of those instructions (each FROM), with their names. */
  readonly stages: readonly DockerfileStage[];
  /** The first problem BuildKit would refuse the file for, when there is one. */
  readonly error?: DockerfileSyntaxError;
}

/** Reads a Dockerfile as BuildKit does: directives, each instruction with its line, and the first problem. */
export function parseDockerfile(text: string): ParsedDockerfile {
  const parsed = parseDockerfileLines(text);
  const error = parsed.error ?? instructionsError(parsed.instructions);
  return {
    directives: parsed.directives,
    instructions: parsed.instructions.map((i) => ({
      name: i.command.toUpperCase(),
      line: i.line,
      args: i.text.trim().slice(i.command.length).trim(),
    })),
    stages: dockerfileStages(parsed.instructions),
    ...(error && { error }),
  };
}

/**
 * What the Dockerfile check found: a Dockerfile BuildKit accepts (and its stages), the first problem BuildKit would
 * refuse it for, or a Dockerfile for another frontend (a `syntax` directive other than docker/dockerfile), which is not
 * checked: its syntax, and what a target names in it, are that frontend's.
 */
export type DockerfileCheck =
  | { readonly kind: "accepted"; readonly stages: readonly DockerfileStage[] }
  | { readonly kind: "refused"; readonly error: DockerfileSyntaxError }
  | { readonly kind: "other frontend"; readonly syntax: string };

/** Checks a Dockerfile as BuildKit reads it: `# check=` options, then its parser and instruction parser. */
export function checkDockerfile(text: string): DockerfileCheck {
  const syntax = syntaxDirective(text);
  if (syntax !== undefined && !isDockerfileFrontend(syntax)) return { kind: "other frontend", syntax };
  const check = checkDirectiveProblem(text);
  if (check !== undefined) return { kind: "refused", error: { line: 0, message: check } };
  const parsed = parseDockerfile(text);
  return parsed.error ? { kind: "refused", error: parsed.error } : { kind: "accepted", stages: parsed.stages };
}

/**
 * The first problem BuildKit would refuse a Dockerfile for, or undefined when it would build it. A Dockerfile for
 * another frontend (a `syntax` directive other than docker/dockerfile) is not checked: its syntax is that frontend's.
 */
export function dockerfileSyntaxError(text: string): DockerfileSyntaxError | undefined {
  const checked = checkDockerfile(text);
  return checked.kind === "refused" ? checked.error : undefined;
}

/** A problem as `dockerfile:<line>: <what>` (`dockerfile: <what>` for the whole file). */
export function formatSyntaxError(error: DockerfileSyntaxError): string {
  return error.line === 0 ? `dockerfile: ${error.message}` : `dockerfile:${error.line}: ${error.message}`;
}

/**
 * The first problem of a Dockerfile as `dockerfile:<line>: <what>` (`dockerfile: <what>` for the whole file), or
 * undefined when BuildKit would accept it.
 */
export function dockerfileSyntaxProblem(text: string): string | undefined {
  const error = dockerfileSyntaxError(text);
  return error === undefined ? undefined : formatSyntaxError(error);
}
