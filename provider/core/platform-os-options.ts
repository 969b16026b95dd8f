/**
 * The OS options of a platform string, `windows(10.0.17763+win32k)/amd64`: an OS version and `+`-separated OS features
 * in parentheses after the OS, percent-encoded as containerd's `platforms.Parse` decodes them (Go's
 * `url.PathUnescape`).
 */

/** An OS version and OS features, decoded. */
export interface OsOptions {
  /** The OS version, e.g. `10.0.17763`; `""` for none. */
  readonly version: string;
  /** The OS features, sorted, each once (containerd's `Normalize`). */
  readonly features: readonly string[];
}

const HEX = /^[0-9A-Fa-f]{2}$/;

/** Go's `url.PathUnescape`: `%XX` decoded; a `%` not followed by two hexadecimal digits is a problem. */
function pathUnescape(text: string): string | { readonly problem: string } {
  if (!text.includes("%")) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== "%") {
      bytes.push(...Buffer.from(text[i]!, "utf8"));
      continue;
    }
    const hex = text.slice(i + 1, i + 3);
    if (!HEX.test(hex))
      return { problem: `holds "${text.slice(i, i + 3)}", a "%" not followed by two hexadecimal digits` };
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  return Buffer.from(bytes).toString("utf8");
}

/**
 * The OS options of the parentheses, from containerd's regular expression's two groups: the version, and the features
 * each with its leading `+` (`"+a+b"`); or why containerd refuses them.
 */
export function readOsOptions(version: string, features: string): OsOptions | { readonly problem: string } {
  const decodedVersion = pathUnescape(version);
  if (typeof decodedVersion !== "string")
    return { problem: `has an OS version "${version}" that ${decodedVersion.problem}` };
  const decoded: string[] = [];
  for (const raw of features === "" ? [] : features.slice(1).split("+")) {
    const feature = pathUnescape(raw.trim());
    if (typeof feature !== "string") return { problem: `has an OS feature "${raw}" that ${feature.problem}` };
    if (feature !== "" && !decoded.includes(feature)) decoded.push(feature);
  }
  return { version: decodedVersion, features: decoded.sort() };
}
