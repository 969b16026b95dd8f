/**
 * How BuildKit's Dockerfile parser reads one logical line (`parser/line_parsers.go`, `split_command.go`): the keyword,
 * the leading `--flags`, then the arguments as that keyword's line parser splits them (JSON arrays, words,
 * `name=value` pairs, HEALTHCHECK's type, ONBUILD's instruction). Unknown keywords are read without arguments here;
 * the instruction rules refuse them. A few malformed lines are refused at this stage already (a JSON array holding a
 * number, `ENV name` without a value): those throw a DockerfileLineError.
 */

import { extractFlags, isSpaceByte, splitWords } from "./dockerfile-words";
import { goLower, trimGoSpace, trimGoSpaceLeft } from "./go-text";

/** One instruction as BuildKit's parser leaves it for its instruction parser. */
export interface InstructionNode {
  /** The keyword as written, e.g. `from`. */
  readonly command: string;
  /** The leading `--flags`, as written after quote and escape removal, e.g. `--from=build`. */
  readonly flags: readonly string[];
  /** The arguments as BuildKit's instruction parser receives them (`nodeArgs`). */
  readonly args: readonly string[];
  /** Whether the arguments were a JSON array. */
  readonly json: boolean;
  /** ONBUILD's instruction. */
  readonly trigger?: InstructionNode;
}

/** A line BuildKit's parser refuses; the message says what is wrong with it. */
export class DockerfileLineError extends Error {
  override name = "DockerfileLineError";
}

/** BuildKit's `[\t\v\f\r ]+`: what separates the keyword and plain arguments (fewer characters than Go's space). */
const SEPARATOR = /[\t\v\f\r ]+/;

/** Splits at the first separator: `regexp.Split(text, 2)`. */
function splitOnce(text: string): [string] | [string, string] {
  const match = SEPARATOR.exec(text);
  return match ? [text.slice(0, match.index), text.slice(match.index + match[0].length)] : [text];
}

/** The arguments a line parser gives and whether they were a JSON array. */
interface Arguments {
  readonly args: string[];
  readonly json?: boolean;
  readonly trigger?: InstructionNode;
}

/** A JSON array of strings (`parseJSON`): undefined when the text is not one, an error when it holds a non-string. */
function jsonArray(command: string, text: string): string[] | undefined {
  const trimmed = trimGoSpaceLeft(text);
  if (!trimmed.startsWith("[")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  // Go's decoder fails on a number out of float64's range (JSON.parse gives Infinity): not JSON to BuildKit then.
  if (!Array.isArray(parsed) || parsed.some((v) => typeof v === "number" && !Number.isFinite(v))) return undefined;
  if (parsed.some((v) => typeof v !== "string")) {
    throw new DockerfileLineError(`${command} arguments written as a JSON array must all be strings`);
  }
  return parsed as string[];
}

/** RUN, CMD, ENTRYPOINT, SHELL: a JSON array, or the whole text as one argument. */
function jsonOrText(command: string, text: string): Arguments {
  if (text === "") return { args: [] };
  const array = jsonArray(command, text);
  return array ? { args: array, json: true } : { args: [text] };
}

/** ADD, COPY, VOLUME: a JSON array, or words separated by space. */
function jsonOrList(command: string, text: string): Arguments {
  const array = jsonArray(command, text);
  return array ? { args: array, json: true } : { args: text === "" ? [] : text.split(SEPARATOR) };
}

/** ENV and LABEL: `name=value …` pairs, or the old `name value`; each pair as name, value, separator. */
function nameValues(command: string, text: string, escape: string): Arguments {
  const words = splitWords(text, escape);
  if (words.length === 0) return { args: [] };
  if (!words[0]!.includes("=")) {
    const parts = splitOnce(text);
    if (parts.length < 2) {
      throw new DockerfileLineError(`${command} ${text} has no value: write ${command} ${text}=<value>`);
    }
    return { args: [parts[0], parts[1]!, ""] };
  }
  const args: string[] = [];
  for (const word of words) {
    const at = word.indexOf("=");
    if (at < 0) {
      throw new DockerfileLineError(`${command} ${JSON.stringify(word)} has no "=": write ${command} name=value …`);
    }
    args.push(word.slice(0, at), word.slice(at + 1), "=");
  }
  return { args };
}

/** HEALTHCHECK: its type (`CMD`, `NONE`; the first word, cut at bytes as BuildKit cuts it), then `jsonOrText`. */
function healthcheck(text: string): Arguments {
  const bytes = Buffer.from(text, "utf8");
  let sep = 0;
  while (sep < bytes.length && !isSpaceByte(bytes[sep]!)) sep++;
  let next = sep;
  while (next < bytes.length && isSpaceByte(bytes[next]!)) next++;
  if (sep === 0) return { args: [] };
  const command = jsonOrText("HEALTHCHECK", bytes.subarray(next).toString());
  return { ...command, args: [bytes.subarray(0, sep).toString(), ...command.args] };
}

/** The line parser of each keyword (BuildKit's dispatch table), by lower-case keyword. */
const LINE_PARSERS: Readonly<Record<string, (command: string, text: string, escape: string) => Arguments>> = {
  add: jsonOrList,
  copy: jsonOrList,
  volume: jsonOrList,
  run: jsonOrText,
  cmd: jsonOrText,
  entrypoint: jsonOrText,
  shell: jsonOrText,
  env: nameValues,
  label: nameValues,
  arg: (_, text, escape) => ({ args: splitWords(text, escape) }),
  expose: (_, text) => ({ args: text === "" ? [] : text.split(SEPARATOR) }),
  from: (_, text) => ({ args: text === "" ? [] : text.split(SEPARATOR) }),
  healthcheck: (_, text) => healthcheck(text),
  maintainer: (_, text) => ({ args: text === "" ? [] : [text] }),
  stopsignal: (_, text) => ({ args: text === "" ? [] : [text] }),
  user: (_, text) => ({ args: text === "" ? [] : [text] }),
  workdir: (_, text) => ({ args: text === "" ? [] : [text] }),
  onbuild: (_, text, escape) => {
    if (text === "") return { args: [] };
    const trigger = readInstruction(text, escape);
    return { args: [trigger.command, ...trigger.args], trigger };
  },
};

/** Reads one logical line into an instruction (`newNodeFromLine`); throws a DockerfileLineError as BuildKit would. */
export function readInstruction(line: string, escape: string): InstructionNode {
  const [command, afterCommand] = splitOnce(trimGoSpace(line));
  const { rest, flags } = afterCommand === undefined ? { rest: "", flags: [] } : extractFlags(afterCommand, escape);
  const keyword = goLower(command);
  const parser = Object.hasOwn(LINE_PARSERS, keyword) ? LINE_PARSERS[keyword] : undefined;
  const parsed = parser ? parser(command.toUpperCase(), trimGoSpace(rest), escape) : { args: [""] };
  return { command, flags, args: parsed.args, json: parsed.json ?? false, trigger: parsed.trigger };
}
