/**
 * BuildKit's Dockerfile parser (`frontend/dockerfile/parser`, `Parse`), line for line: parser directives at the top
 * (`# syntax=`, `# escape=`, `# check=`), comments, continuation lines (comments and blank lines inside them skipped),
 * heredoc bodies after RUN, COPY and ADD (and ONBUILD's), a byte order mark on the first line, CR before LF, and
 * BuildKit's limit of 64 KiB per line. It gives the instructions, each with its line, or the first error BuildKit's
 * parser gives and the line of it.
 */

import { heredocsOfLine } from "./dockerfile-heredoc";
import { DockerfileLineError, readInstruction, type InstructionNode } from "./dockerfile-line-parsers";
import { goLower, trimGoSpaceLeft } from "./go-text";
import { ShellWordError } from "./shell-words";

/** An instruction and where it is. */
export interface ParsedInstruction extends InstructionNode {
  /** The 1-based line it starts on. */
  readonly line: number;
  /** The logical line: continuations joined, comments inside them and heredoc bodies left out. */
  readonly text: string;
}

/** A problem in a Dockerfile: the 1-based line (0 for the whole file) and what is wrong. */
export interface DockerfileSyntaxError {
  /** The line the problem is on; 0 when it concerns the whole file (no instructions, no FROM). */
  readonly line: number;
  /** What is wrong, e.g. `unknown instruction "FROMM" (did you mean FROM?)`. */
  readonly message: string;
}

/** What the parser read. */
export interface ParserResult {
  /** The parser directives at the top, by lower-case name, e.g. `{ escape: "`" }`. */
  readonly directives: Readonly<Record<string, string>>;
  /** The instructions in order (up to the error, when there is one). */
  readonly instructions: readonly ParsedInstruction[];
  /** The first error of BuildKit's parser. */
  readonly error?: DockerfileSyntaxError;
}

/** The directives BuildKit knows; any other `# name=value` line ends the directives. */
const DIRECTIVES = ["syntax", "escape", "check"];
/** A parser directive after its `#`: `name = value`. */
export const DIRECTIVE = /^([a-zA-Z][a-zA-Z0-9]*)[\t\n\f\r ]*=[\t\n\f\r ]*([^\n]+?)[\t\n\f\r ]*$/;
/** The longest line BuildKit's scanner reads (bufio.MaxScanTokenSize − 1 bytes). */
const MAX_LINE_BYTES = 65535;

/** The physical lines of a text, as Go's scanner splits them (on LF; no last empty line after a final LF). */
function physicalLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** A line without trailing CR and LF characters (`trimNewline`). */
function withoutNewline(line: string): string {
  return line.replace(/[\r\n]+$/, "");
}

/** Whether a line is a comment: `#` after leading space (`isComment`). */
function isComment(line: string): boolean {
  return trimGoSpaceLeft(line).startsWith("#");
}

/** The escape at the end of a line, not itself escaped, and the spaces and tabs after it. */
function continuationPattern(escape: string): RegExp {
  const e = escape === "`" ? "`" : "\\\\";
  return new RegExp(`([^${e}])${e}[ \\t]*$|^${e}[ \\t]*$`);
}

/** Reads the directives at the top of a file, one line at a time, as BuildKit's DirectiveParser does. */
class DirectiveReader {
  readonly found: Record<string, string> = {};
  private done = false;

  /** The directive on `line` (leading space removed), if it is one; throws the message when BuildKit refuses it. */
  read(line: string): { name: string; value: string } | undefined {
    if (this.done) return undefined;
    const match = line.startsWith("#") ? DIRECTIVE.exec(trimGoSpaceLeft(line.slice(1))) : null;
    const name = match ? goLower(match[1]!) : "";
    if (!match || !DIRECTIVES.includes(name)) {
      this.done = true;
      return undefined;
    }
    if (name in this.found) throw new DockerfileLineError(`only one ${name} parser directive can be used`);
    if (name === "escape" && match[2] !== "\\" && match[2] !== "`") {
      throw new DockerfileLineError(`invalid escape token "${match[2]}": use \\ or \``);
    }
    this.found[name] = match[2]!;
    return { name, value: match[2]! };
  }
}

/** Whether BuildKit reads heredoc bodies after this instruction: RUN, COPY, ADD (or ONBUILD's), not as JSON. */
function takesHeredocs(node: InstructionNode): boolean {
  const instruction = goLower(node.command) === "onbuild" && node.trigger ? node.trigger : node;
  return ["run", "copy", "add"].includes(goLower(instruction.command)) && !instruction.json;
}

/** Parses a Dockerfile as BuildKit's parser does, stopping at its first error. */
export function parseDockerfileLines(text: string): ParserResult {
  const all = physicalLines(text);
  const tooLong = all.findIndex((line) => Buffer.byteLength(line, "utf8") > MAX_LINE_BYTES);
  const lines = tooLong < 0 ? all : all.slice(0, tooLong);
  const directives = new DirectiveReader();
  const instructions: ParsedInstruction[] = [];
  const result = (error?: DockerfileSyntaxError): ParserResult => ({
    directives: directives.found,
    instructions,
    ...(error && { error }),
  });
  let escape = "\\";
  let continuation = continuationPattern(escape);
  const continued = (line: string): [string, boolean] =>
    continuation.test(line) ? [line.replace(continuation, "$1"), false] : [line, true];
  let read = 0;
  while (read < lines.length) {
    let first = withoutNewline(read === 0 ? lines[0]!.replace(/^\uFEFF/, "") : lines[read]!);
    first = trimGoSpaceLeft(first);
    try {
      if (directives.read(first)?.name === "escape") {
        escape = directives.found.escape!;
        continuation = continuationPattern(escape);
      }
    } catch (error) {
      if (error instanceof DockerfileLineError) return result({ line: read + 1, message: error.message });
      throw error;
    }
    read++;
    const start = read;
    let [logical, ended] = continued(isComment(first) ? "" : first);
    if (ended && logical === "") continue;
    while (!ended && read < lines.length) {
      const next = withoutNewline(lines[read++]!);
      if (isComment(next) || trimGoSpaceLeft(next) === "") continue;
      const [part, end] = continued(next);
      logical += part;
      ended = end;
    }
    let node: InstructionNode;
    try {
      node = readInstruction(logical, escape);
      if (takesHeredocs(node) && logical.includes("<<")) {
        for (const heredoc of heredocsOfLine(logical)) {
          let terminated = false;
          while (!terminated && read < lines.length) {
            const body = withoutNewline(lines[read++]!);
            terminated = (heredoc.chomp ? body.replace(/^\t+/, "") : body) === heredoc.name;
          }
          if (!terminated) {
            throw new DockerfileLineError(`heredoc <<${heredoc.name} has no closing "${heredoc.name}" line`);
          }
        }
      }
    } catch (error) {
      if (error instanceof DockerfileLineError) return result({ line: start, message: error.message });
      if (error instanceof ShellWordError) return result({ line: start, message: `heredoc name: ${error.message}` });
      throw error;
    }
    instructions.push({ ...node, line: start, text: logical });
  }
  if (instructions.length === 0) {
    return result({ line: 0, message: "the Dockerfile is empty (it has no instructions); start it with FROM <image>" });
  }
  if (tooLong >= 0) {
    return result({
      line: tooLong + 1,
      message: `the line is longer than BuildKit's limit of ${MAX_LINE_BYTES} bytes`,
    });
  }
  return result();
}
