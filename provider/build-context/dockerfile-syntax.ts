/**
 * A Dockerfile syntax check run by `check`, so that `pulumi preview` fails on a Dockerfile the engine would refuse:
 * an unknown instruction, an empty file, no `FROM`, an instruction before the first `FROM` other than `ARG`. It reads
 * the file the way BuildKit's parser does: parser directives (`# escape=`, `# syntax=`) at the top, comments, line
 * continuations with the escape character, and heredocs (`<<EOF` … `EOF`) after RUN, COPY and ADD. It checks the
 * structure only, not each instruction's arguments (the engine still reports those, at build time).
 */

/** One instruction of a Dockerfile, as read by {@link parseDockerfile}. */
export interface DockerfileInstruction {
  /** The instruction in upper case, e.g. `FROM`. */
  readonly name: string;
  /** The 1-based line it starts on. */
  readonly line: number;
  /** Its arguments: the rest of the logical line, continuations joined, heredoc bodies left out. */
  readonly args: string;
}

/** A syntax error: the 1-based line (0 for the whole file) and what is wrong. */
export interface DockerfileSyntaxError {
  /** The line the problem is on; 0 when it concerns the whole file (empty, no FROM). */
  readonly line: number;
  /** What is wrong and what to do, e.g. `unknown instruction "FROMM" (did you mean FROM?)`. */
  readonly message: string;
}

/** What {@link parseDockerfile} found. */
export interface ParsedDockerfile {
  /** The parser directives, by lower-case name, e.g. `{ escape: "`" }`. */
  readonly directives: Readonly<Record<string, string>>;
  /** The instructions in order. */
  readonly instructions: readonly DockerfileInstruction[];
  /** The first syntax error, when there is one. */
  readonly error?: DockerfileSyntaxError;
}

/** The instructions of the Dockerfile reference. */
const INSTRUCTIONS = [
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
];
/** The instructions BuildKit reads heredocs for. */
const HEREDOC_INSTRUCTIONS = new Set(["RUN", "COPY", "ADD"]);
/** What ONBUILD cannot trigger. */
const NOT_ONBUILD = new Set(["ONBUILD", "FROM", "MAINTAINER"]);
const DIRECTIVE = /^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.*?)[ \t]*$/;
/** A heredoc marker among the words of an instruction: `<<EOF`, `<<-EOF`, `<<"EOF"`, `2<<EOF`. */
const HEREDOC = /^\d*<<(-?)(.+)$/;

/** Whether a `# syntax=` frontend is BuildKit's own Dockerfile frontend (whose syntax this parser knows). */
function isDockerfileFrontend(syntax: string): boolean {
  return /^(docker\.io\/)?(docker\/)?dockerfile(-upstream)?(:[\w.-]+)?(@sha256:[0-9a-f]{64})?$/.test(syntax);
}

/** The closest known instruction to a misspelt one (at most two edits away), for the hint. */
function closestInstruction(word: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of INSTRUCTIONS) {
    const d = editDistance(word.toUpperCase(), name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The heredoc terminators an instruction's words announce, in order, with whether leading tabs are stripped. */
function heredocMarkers(args: string): { name: string; stripTabs: boolean }[] {
  const markers: { name: string; stripTabs: boolean }[] = [];
  for (const word of args.split(/[ \t]+/)) {
    const match = HEREDOC.exec(word);
    if (!match || match[2]!.includes("<")) continue;
    const name = match[2]!.replace(/^(["'])(.*)\1$/, "$2");
    if (name !== "") markers.push({ name, stripTabs: match[1] === "-" });
  }
  return markers;
}

function unknownInstruction(word: string, line: number): DockerfileSyntaxError {
  const closest = closestInstruction(word);
  const hint = closest === undefined ? "" : ` (did you mean ${closest}?)`;
  return { line, message: `unknown instruction "${word}"${hint}` };
}

interface Reader {
  readonly lines: readonly string[];
  index: number;
}

/** Reads the parser directives at the top; stops at the first line that is not one. */
function readDirectives(reader: Reader): { directives: Record<string, string>; error?: DockerfileSyntaxError } {
  const directives: Record<string, string> = {};
  for (; reader.index < reader.lines.length; reader.index++) {
    const match = DIRECTIVE.exec(reader.lines[reader.index]!.trim());
    if (!match) break;
    const name = match[1]!.toLowerCase();
    if (!["syntax", "escape", "check"].includes(name)) break;
    const line = reader.index + 1;
    if (name in directives)
      return { directives, error: { line, message: `only one ${name} parser directive can be used` } };
    directives[name] = match[2]!;
    if (name === "escape" && match[2] !== "\\" && match[2] !== "`") {
      return { directives, error: { line, message: `invalid escape token "${match[2]}": use \\ or \`` } };
    }
  }
  return { directives };
}

/** Reads the logical line starting at `reader.index`, joining continuations and skipping comments inside them. */
function readLogicalLine(reader: Reader, escape: string): string {
  const continuation = new RegExp(`${escape === "`" ? "`" : "\\\\"}[ \\t]*$`);
  let text = "";
  let first = true;
  while (reader.index < reader.lines.length) {
    const raw = reader.lines[reader.index++]!;
    const trimmed = raw.trimStart();
    if (!first && (trimmed.startsWith("#") || trimmed === "")) continue;
    first = false;
    if (!continuation.test(raw)) return text + raw;
    text += raw.replace(continuation, "");
  }
  return text;
}

/** Skips the heredoc bodies an instruction announced; returns an error when one has no terminator line. */
function skipHeredocs(reader: Reader, args: string, line: number): DockerfileSyntaxError | undefined {
  for (const marker of heredocMarkers(args)) {
    for (;;) {
      if (reader.index >= reader.lines.length) {
        return { line, message: `heredoc <<${marker.name} has no closing "${marker.name}" line` };
      }
      const body = reader.lines[reader.index++]!;
      if ((marker.stripTabs ? body.replace(/^\t+/, "") : body) === marker.name) break;
    }
  }
  return undefined;
}

/** Reads a Dockerfile: directives, then each instruction with the line it starts on, stopping at the first error. */
export function parseDockerfile(text: string): ParsedDockerfile {
  const reader: Reader = { lines: text.replace(/^\uFEFF/, "").split(/\r?\n/), index: 0 };
  const { directives, error: directiveError } = readDirectives(reader);
  const instructions: DockerfileInstruction[] = [];
  if (directiveError) return { directives, instructions, error: directiveError };
  const escape = directives.escape ?? "\\";
  while (reader.index < reader.lines.length) {
    const trimmed = reader.lines[reader.index]!.trim();
    if (trimmed === "" || trimmed.startsWith("#")) {
      reader.index++;
      continue;
    }
    const line = reader.index + 1;
    const logical = readLogicalLine(reader, escape).trim();
    const [word = "", args = ""] = logical.split(/[ \t]+(.*)/s);
    const name = word.toUpperCase();
    if (!INSTRUCTIONS.includes(name)) return { directives, instructions, error: unknownInstruction(word, line) };
    if (name === "ONBUILD") {
      const [triggered = ""] = args.trim().split(/[ \t]+/);
      if (triggered === "")
        return { directives, instructions, error: { line, message: "ONBUILD needs an instruction" } };
      if (NOT_ONBUILD.has(triggered.toUpperCase())) {
        return {
          directives,
          instructions,
          error: { line, message: `ONBUILD cannot trigger ${triggered.toUpperCase()}` },
        };
      }
      if (!INSTRUCTIONS.includes(triggered.toUpperCase())) {
        return { directives, instructions, error: unknownInstruction(triggered, line) };
      }
    }
    if (HEREDOC_INSTRUCTIONS.has(name)) {
      const error = skipHeredocs(reader, args, line);
      if (error) return { directives, instructions, error };
    }
    instructions.push({ name, line, args: args.trim() });
  }
  return { directives, instructions };
}

/** The structural problem of a parsed Dockerfile: nothing in it, no FROM, or an instruction before the first FROM. */
function structureError(instructions: readonly DockerfileInstruction[]): DockerfileSyntaxError | undefined {
  if (instructions.length === 0) {
    return { line: 0, message: "the Dockerfile is empty (it has no instructions); start it with FROM <image>" };
  }
  const from = instructions.find((i) => i.name === "FROM");
  const early = instructions.find((i) => i.name !== "ARG" && (from === undefined || i.line < from.line));
  if (early !== undefined) {
    return {
      line: early.line,
      message: `${early.name} comes before the first FROM; only ARG may (put FROM <image> first)`,
    };
  }
  if (from === undefined) return { line: 0, message: "the Dockerfile has no FROM instruction; add FROM <image>" };
  if (from.args === "") return { line: from.line, message: "FROM needs an image, e.g. FROM busybox" };
  return undefined;
}

/**
 * The first syntax problem of a Dockerfile as `dockerfile:<line>: <what>` (`dockerfile: <what>` for the whole file),
 * or undefined when BuildKit's parser would accept it. A Dockerfile for another frontend (`# syntax=` other than
 * docker/dockerfile) is not checked: its syntax is that frontend's.
 */
export function dockerfileSyntaxProblem(text: string): string | undefined {
  const parsed = parseDockerfile(text);
  const syntax = parsed.directives.syntax;
  if (syntax !== undefined && !isDockerfileFrontend(syntax)) return undefined;
  const error = parsed.error ?? structureError(parsed.instructions);
  if (error === undefined) return undefined;
  return error.line === 0 ? `dockerfile: ${error.message}` : `dockerfile:${error.line}: ${error.message}`;
}
