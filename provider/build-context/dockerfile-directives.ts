/**
 * The parser directives BuildKit's Dockerfile frontend reads before it parses (`parser.DetectSyntax`,
 * `parser.ParseDirective`): `syntax`, which hands the file to another frontend, and `check`, whose options it refuses
 * when malformed. Unlike the parser, these read the top of the file as it is (no leading space before `#`) and skip
 * a `#!` first line.
 */

import { DIRECTIVE } from "./dockerfile-parser";
import { cut, parseGoBool, trimGoSpace, trimGoSpaceLeft } from "./go-text";

/** The value of directive `key` at the top of a file with comment `prefix`, cut at its first space. */
function topDirective(text: string, key: string, prefix: string): string | undefined {
  let lines = text.replace(/^\uFEFF/, "").split("\n", 64);
  if (lines[0]?.startsWith("#!")) lines = lines.slice(1);
  const seen = new Set<string>();
  for (const line of lines) {
    const match = line.startsWith(prefix)
      ? DIRECTIVE.exec(trimGoSpaceLeft(line.slice(prefix.length).replace(/\r$/, "")))
      : null;
    const name = match?.[1]!.toLowerCase();
    if (name === key) return match![2]!.split(" ")[0];
    // Another directive goes on; anything else, or a directive given twice (an error), ends the directives.
    if (name === undefined || !["syntax", "escape", "check"].includes(name) || seen.has(name)) return undefined;
    seen.add(name);
  }
  return undefined;
}

/** The frontend a `syntax` directive names (`#`, `//` or a JSON `{"syntax": …}`), when there is one. */
export function syntaxDirective(text: string): string | undefined {
  const found = topDirective(text, "syntax", "#") ?? topDirective(text, "syntax", "//");
  if (found !== undefined || !text.trimStart().startsWith("{")) return found;
  try {
    const syntax = (JSON.parse(text) as { syntax?: unknown } | null)?.syntax;
    return typeof syntax === "string" ? syntax : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a `syntax` frontend is BuildKit's own Dockerfile frontend (whose rules the check follows). */
export function isDockerfileFrontend(syntax: string): boolean {
  return /^(docker\.io\/)?(docker\/)?dockerfile(-upstream)?(:[\w.-]+)?(@sha256:[0-9a-f]{64})?$/.test(syntax);
}

/** What is wrong with the `# check=` directive's options (`linter.ParseLintOptions`), or undefined. */
export function checkDirectiveProblem(text: string): string | undefined {
  const options = trimGoSpace(topDirective(text, "check", "#") ?? "");
  if (options === "") return undefined;
  const parts = options.split(";");
  // Go's SplitN(…, 3): the third part keeps the rest.
  const limited = parts.length > 3 ? [parts[0]!, parts[1]!, parts.slice(2).join(";")] : parts;
  for (const part of limited) {
    const [rawKey, value, hasValue] = cut(part, "=");
    const key = trimGoSpace(rawKey);
    if (!hasValue || !["skip", "experimental", "error"].includes(key)) {
      return `the check directive has an unknown option ${JSON.stringify(hasValue ? key : part)} (it takes skip=, error= and experimental=)`;
    }
    if (key === "error" && parseGoBool(trimGoSpace(value)) === undefined) {
      return `the check directive's error=${trimGoSpace(value)} is not true or false`;
    }
  }
  return undefined;
}
