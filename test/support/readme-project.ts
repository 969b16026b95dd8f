import { readFileSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "./environment";

/**
 * The files of the project README.md's "Getting started" section shows, by path.
 *
 * The convention: inside that section (from its `## ` heading to the next one), a line that starts with a path in
 * backticks and ends with a colon, directly followed by a fenced block, names the file the block holds:
 *
 *     `app/Dockerfile`:
 *     ```dockerfile
 *     FROM busybox:1.37
 *     ```
 *
 * The caption is what a reader sees, so the test reads the same file names the reader does. A block without such a
 * caption (the commands) is no file. A caption twice, or one without its block, is an error.
 */
export function readmeProjectFiles(readme = path.join(ROOT, "README.md")): Record<string, string> {
  const lines = readFileSync(readme, "utf8").split("\n");
  const start = lines.indexOf("## Getting started");
  if (start < 0) throw new Error(`${readme} has no "## Getting started" section`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith("## "));
  const section = lines.slice(start + 1, end < 0 ? undefined : end);
  const files: Record<string, string> = {};
  for (let i = 0; i < section.length; i++) {
    const caption = /^`([^`\s]+)`.*:$/.exec(section[i]!);
    if (!caption) continue;
    const name = caption[1]!;
    if (!section[i + 1]?.startsWith("```"))
      throw new Error(`README.md: the caption of ${name} is not followed by a block`);
    const close = section.findIndex((line, j) => j > i + 1 && line.startsWith("```"));
    if (close < 0) throw new Error(`README.md: the block of ${name} is not closed`);
    if (name in files) throw new Error(`README.md shows ${name} twice`);
    files[name] = `${section.slice(i + 2, close).join("\n")}\n`;
    i = close;
  }
  return files;
}

/** `text` with `from` replaced by `to`, which must occur exactly once (README drift fails here, not later). */
export function replaceOnce(text: string, from: string, to: string, file: string): string {
  const parts = text.split(from);
  if (parts.length !== 2) {
    throw new Error(`README.md's ${file} holds "${from}" ${parts.length - 1} times, not once:\n${text}`);
  }
  return parts.join(to);
}
