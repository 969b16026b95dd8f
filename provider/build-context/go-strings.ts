/** Go's `strings.TrimSpace`, which Docker's readers of ignore files and patterns apply to each line and pattern. */

/** Go's `unicode.IsSpace` characters (JavaScript's `\s` lacks U+0085 and has U+FEFF). */
const GO_SPACE_CHARS = "[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
/** Runs of them at either end of a string. */
const GO_SPACE = new RegExp(`^${GO_SPACE_CHARS}+|${GO_SPACE_CHARS}+$`, "g");

/** `text` without the white space Go's `strings.TrimSpace` removes from both ends. */
export function goTrimSpace(text: string): string {
  return text.replace(GO_SPACE, "");
}
