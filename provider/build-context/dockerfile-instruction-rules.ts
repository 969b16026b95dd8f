/**
 * What BuildKit's instruction parser (`frontend/dockerfile/instructions`, `Parse`) refuses before building, over the
 * instructions its parser read: unknown keywords, argument counts, flags and their values, ONBUILD triggers, stage
 * names, instructions before the first FROM, and a file without a stage. ONBUILD's instruction is checked only as far
 * as BuildKit checks it here (not ONBUILD, FROM or MAINTAINER): the rest is checked when an image builds FROM this one.
 */

import { healthcheckFlagProblem, parseFlags, runFlagProblem, type FlagValues } from "./dockerfile-flags";
import { isHeredocWord } from "./dockerfile-heredoc";
import type { InstructionNode } from "./dockerfile-line-parsers";
import { writtenStageName } from "./dockerfile-stages";
import { closest, goLower, goUpper, trimGoSpace } from "./go-text";

/** The instructions of the Dockerfile reference. */
export const INSTRUCTIONS = [
  "ADD",
  "ARG",
  "CMD",
  "COPY",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "FROM",
  "HEALTHCHECK",
  "LABEL",
  "MAINTAINER",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR",
] as const;

/** What the stage name of `FROM <image> AS <name>` may be (lower-cased first). */
const STAGE_NAME = /^[a-z][a-z0-9-_.]*$/;

/** The message for an argument count: `<INSTRUCTION> <needs>; e.g. <example>`. */
function needs(instruction: string, what: string, example: string): string {
  return `${instruction} ${what}, e.g. ${example}`;
}

/** What is wrong with `FROM`'s arguments: one image, or an image, AS and a valid stage name. */
function fromProblem(args: readonly string[]): string | undefined {
  const name = writtenStageName(args);
  if (name !== undefined) {
    if (!STAGE_NAME.test(goLower(name))) {
      return `FROM … AS ${name}: a stage name starts with a letter and has only letters, digits, "-", "_" and "."`;
    }
    return undefined;
  }
  if (args.length === 0) return needs("FROM", "needs an image", "FROM busybox");
  if (args.length !== 1) {
    return needs(
      "FROM",
      `takes an image and optionally AS <name> (it has ${args.length} arguments)`,
      "FROM busybox AS build",
    );
  }
  return undefined;
}

/** `name=value` pairs (ENV, LABEL) as the parser split them: name, value, separator; a name must not be empty. */
function pairsProblem(instruction: string, args: readonly string[]): string | undefined {
  if (args.length === 0) return needs(instruction, "needs name=value", `${instruction} NAME=value`);
  for (let i = 0; i < args.length; i += 3) {
    if (args[i] === "") return `${instruction} has a pair without a name (=${args[i + 1]})`;
  }
  return undefined;
}

/** The flags (checked) and then the arguments of an instruction with flags of its own. */
function withFlags(
  instruction: string,
  node: InstructionNode,
  rest: (values: FlagValues) => string | undefined,
): string | undefined {
  const flags = parseFlags(instruction, node.flags);
  return "error" in flags ? flags.error : rest(flags.values);
}

/** COPY and ADD: a source and a destination at least, and the destination not a heredoc. */
function copyProblem(instruction: string, node: InstructionNode): string | undefined {
  if (node.args.length < 2) {
    return needs(instruction, "needs a source and a destination", `${instruction} app.js /app/`);
  }
  return withFlags(instruction, node, () =>
    isHeredocWord(node.args[node.args.length - 1]!)
      ? `${instruction} cannot take a heredoc as its destination`
      : undefined,
  );
}

/** HEALTHCHECK: NONE alone, or CMD and a command, with valid flags. */
function healthcheckProblem(node: InstructionNode): string | undefined {
  const { args } = node;
  if (args.length === 0)
    return needs("HEALTHCHECK", "needs CMD <command> or NONE", "HEALTHCHECK CMD curl -f http://localhost/");
  const type = goUpper(args[0]!);
  if (type === "NONE") return args.length > 1 ? "HEALTHCHECK NONE takes no arguments" : undefined;
  return withFlags("HEALTHCHECK", node, (values) => {
    if (type !== "CMD") return `HEALTHCHECK ${args[0]}: the type must be CMD or NONE`;
    if (args.length === 1)
      return needs("HEALTHCHECK CMD", "needs a command", "HEALTHCHECK CMD curl -f http://localhost/");
    return healthcheckFlagProblem(values);
  });
}

/** ONBUILD: an instruction to trigger, which must not be ONBUILD, FROM or MAINTAINER. */
function onbuildProblem(node: InstructionNode): string | undefined {
  if (node.args.length === 0) return needs("ONBUILD", "needs an instruction", "ONBUILD RUN make");
  return withFlags("ONBUILD", node, () => {
    const trigger = goUpper(trimGoSpace(node.args[0]!));
    if (trigger === "ONBUILD") return "ONBUILD cannot trigger ONBUILD";
    if (trigger === "FROM" || trigger === "MAINTAINER") return `ONBUILD cannot trigger ${trigger}`;
    return undefined;
  });
}

/** Each instruction's rule, by lower-case keyword. */
const RULES: Readonly<Record<string, (node: InstructionNode) => string | undefined>> = {
  env: (node) => withFlags("ENV", node, () => pairsProblem("ENV", node.args)),
  label: (node) => withFlags("LABEL", node, () => pairsProblem("LABEL", node.args)),
  maintainer: (node) =>
    node.args.length !== 1
      ? needs("MAINTAINER", "needs a name", "MAINTAINER me@example.com")
      : withFlags("MAINTAINER", node, () => undefined),
  add: (node) => copyProblem("ADD", node),
  copy: (node) => copyProblem("COPY", node),
  from: (node) => fromProblem(node.args) ?? withFlags("FROM", node, () => undefined),
  onbuild: onbuildProblem,
  workdir: (node) =>
    node.args.length !== 1
      ? needs("WORKDIR", "needs a path", "WORKDIR /app")
      : withFlags("WORKDIR", node, () => undefined),
  run: (node) => withFlags("RUN", node, runFlagProblem),
  cmd: (node) => withFlags("CMD", node, () => undefined),
  entrypoint: (node) => withFlags("ENTRYPOINT", node, () => undefined),
  healthcheck: healthcheckProblem,
  expose: (node) =>
    node.args.length === 0
      ? needs("EXPOSE", "needs a port", "EXPOSE 8080")
      : withFlags("EXPOSE", node, () => undefined),
  user: (node) =>
    node.args.length !== 1 ? needs("USER", "needs a user", "USER app") : withFlags("USER", node, () => undefined),
  volume: (node) => {
    if (node.args.length === 0) return needs("VOLUME", "needs a path", "VOLUME /data");
    return withFlags("VOLUME", node, () =>
      node.args.some((v) => trimGoSpace(v) === "") ? "VOLUME cannot name an empty path" : undefined,
    );
  },
  stopsignal: (node) =>
    node.args.length !== 1 ? needs("STOPSIGNAL", "needs a signal", "STOPSIGNAL SIGTERM") : undefined,
  arg: (node) => {
    if (node.args.length === 0) return needs("ARG", "needs a name", "ARG VERSION=1.0");
    return node.args.some((a) => a.startsWith("=")) ? "ARG has a name=value without a name" : undefined;
  },
  shell: (node) =>
    withFlags("SHELL", node, () => {
      if (node.args.length === 0) return needs("SHELL", "needs a shell as a JSON array", 'SHELL ["/bin/sh", "-c"]');
      return node.json ? undefined : needs("SHELL", "needs its arguments as a JSON array", 'SHELL ["/bin/sh", "-c"]');
    }),
};

/** What BuildKit's instruction parser refuses in one instruction, or undefined. */
export function instructionProblem(node: InstructionNode): string | undefined {
  const keyword = goLower(node.command);
  const rule = Object.hasOwn(RULES, keyword) ? RULES[keyword] : undefined;
  if (rule !== undefined) return rule(node);
  const hint = closest(goUpper(node.command), INSTRUCTIONS);
  return `unknown instruction ${JSON.stringify(node.command)}${hint ? ` (did you mean ${hint}?)` : ""}`;
}

/**
 * The first instruction BuildKit's instruction parser refuses, with its line; then a file without FROM (line 0). Only
 * ARG may come before the first FROM.
 */
export function instructionsError(
  instructions: readonly (InstructionNode & { readonly line: number })[],
): { line: number; message: string } | undefined {
  let stages = 0;
  for (const instruction of instructions) {
    const problem = instructionProblem(instruction);
    if (problem !== undefined) return { line: instruction.line, message: problem };
    const keyword = goLower(instruction.command);
    if (keyword === "from") stages++;
    else if (stages === 0 && keyword !== "arg") {
      return {
        line: instruction.line,
        message: `${goUpper(instruction.command)} comes before the first FROM; only ARG may (put FROM <image> first)`,
      };
    }
  }
  return stages === 0 ? { line: 0, message: "the Dockerfile has no FROM instruction; add FROM <image>" } : undefined;
}
