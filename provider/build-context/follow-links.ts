/**
 * fsutil's `FollowLinks` over a walked context: the paths BuildKit names in `followpaths`, with every symlink on their
 * way replaced by its target (the link is kept too), so that what a `COPY` source reaches through links is sent.
 */

import * as path from "node:path";
import { cleanPath } from "./pattern";

/** A symlink's target as the walk stored it, by the link's path. */
export type Links = ReadonlyMap<string, string>;

/** The names in each folder of the walk, by the folder's path (`""` for the root). */
export type Children = ReadonlyMap<string, readonly string[]>;

/** fsutil's `containsWildcards`: a `*`, `?` or `[` that no `\` escapes. */
export function containsWildcards(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    if (name[i] === "\\") i++;
    else if (name[i] === "*" || name[i] === "?" || name[i] === "[") return true;
  }
  return false;
}

function codePoint(ch: string): string {
  return `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`;
}

/**
 * Go's `filepath.Match` of one name (no `/` in it): `*` any run of characters, `?` one, `[...]` a class (`^` negates,
 * `a-z` a range), `\` escapes. A malformed pattern matches nothing, as Go reports an error and fsutil ignores it.
 */
export function goNameMatcher(pattern: string): (name: string) => boolean {
  const chars = Array.from(pattern);
  const never = () => false;
  let source = "^";
  let i = 0;
  /** One class character (`\` escapes), or undefined where Go finds the class malformed. */
  const classChar = (): string | undefined => {
    let ch = chars[i];
    if (ch === undefined || ch === "-" || ch === "]") return undefined;
    if (ch === "\\" && (ch = chars[++i]) === undefined) return undefined;
    i++;
    return i < chars.length ? ch : undefined;
  };
  while (i < chars.length) {
    const ch = chars[i++] as string;
    if (ch === "*") source += "[^/]*";
    else if (ch === "?") source += "[^/]";
    else if (ch === "\\") {
      const next = chars[i++];
      if (next === undefined) return never;
      source += codePoint(next);
    } else if (ch === "[") {
      const negated = chars[i] === "^";
      if (negated) i++;
      const ranges: string[] = [];
      for (let count = 0; !(chars[i] === "]" && count > 0); count++) {
        const lo = classChar();
        if (lo === undefined) return never;
        let hi = lo;
        if (chars[i] === "-") {
          i++;
          const end = classChar();
          if (end === undefined) return never;
          hi = end;
        }
        // Go accepts a range whose end is below its start; it matches nothing.
        if ((lo.codePointAt(0) ?? 0) <= (hi.codePointAt(0) ?? 0)) ranges.push(`${codePoint(lo)}-${codePoint(hi)}`);
      }
      i++;
      if (ranges.length === 0) source += negated ? "[^/]" : "(?!)";
      else source += `[${negated ? "^/" : ""}${ranges.join("")}]`;
    } else source += codePoint(ch);
  }
  const regexp = new RegExp(`${source}$`, "u");
  return (name) => regexp.test(name);
}

/**
 * fsutil's `readSymlink`: the target (absolute, from the context root) of a path that is a symlink; for a wildcard
 * basename, the targets of every matching symlink in its folder; undefined when there are none.
 */
function readSymlink(rel: string, links: Links, children: Children, allowWildcard: boolean): string[] | undefined {
  const base = path.posix.basename(rel);
  const dir = path.posix.dirname(rel);
  if (allowWildcard && containsWildcards(base)) {
    const matches = goNameMatcher(base);
    const out: string[] = [];
    for (const name of children.get(dir === "." ? "" : dir) ?? []) {
      if (matches(name))
        out.push(...(readSymlink(dir === "." ? name : `${dir}/${name}`, links, children, false) ?? []));
    }
    return out.length === 0 ? undefined : out;
  }
  const link = links.get(rel);
  if (link === undefined) return undefined;
  const target = cleanPath(link);
  return [target.startsWith("/") ? target : cleanPath(`/${dir}/${target}`)];
}

/** Go's bytewise string order (`sort.Strings`), which differs from UTF-16 order for characters above U+FFFF. */
function bytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * fsutil's `dedupePaths`: drops each path that is inside the path kept just before it; undefined (no filter at all)
 * as soon as one is `.`. fsutil also runs it on lists that are not sorted, where it only compares neighbours.
 */
export function dedupePaths(paths: readonly string[]): string[] | undefined {
  const out: string[] = [];
  let last = "";
  for (const p of paths) {
    if (p === ".") return undefined;
    if (p.startsWith(`${last}/`)) continue;
    out.push(p);
    last = p;
  }
  return out;
}

/**
 * fsutil's `FollowLinks`: every path named, each symlink on its way replaced by its target (both kept), sorted
 * bytewise with the paths inside another one dropped; undefined when one of them is the context root (fsutil then
 * adds no pattern for any follow path).
 */
export function followLinks(paths: readonly string[], links: Links, children: Children): string[] | undefined {
  const resolved = new Set<string>();
  const append = (start: string): void => {
    let rest = cleanPath(`./${start}`);
    let current = ".";
    for (;;) {
      const slash = rest.indexOf("/");
      const part = slash < 0 ? rest : rest.slice(0, slash);
      rest = slash < 0 ? "" : rest.slice(slash + 1);
      current = cleanPath(`${current}/${part}`);
      const targets = readSymlink(current, links, children, true);
      if ((rest === "" || targets !== undefined) && resolved.has(current)) return;
      if (targets !== undefined) {
        resolved.add(current);
        for (const target of targets) append(`${target}/${rest}`);
        return;
      }
      if (rest === "") {
        resolved.add(current);
        return;
      }
    }
  };
  for (const p of paths) append(p);
  return dedupePaths([...resolved].sort(bytewise));
}
