import { isKnownArchitecture, isKnownOs, normalizeArchitecture, normalizeOs } from "./platform-names";
import { readOsOptions, type OsOptions } from "./platform-os-options";

/** An image platform, as in an OCI image index entry: `linux/amd64`, `linux/arm64/v8`, `linux/arm/v7`. */
export interface Platform {
  /** Operating system, e.g. `linux`. */
  readonly os: string;
  /** CPU architecture in Go's names, e.g. `amd64`, `arm64`, `arm`. */
  readonly architecture: string;
  /** CPU variant, e.g. `v7` for `arm`, `v8` for `arm64`, when given. */
  readonly variant?: string;
}

/**
 * How Docker reads a platform string: containerd's `platforms.Parse` followed by `platforms.Normalize`, the reading of
 * `docker build --platform` by moby and BuildKit (proven against that code by
 * `test/integration/core/platform-parity.int.test.ts`). A string of one part is completed by containerd from the
 * machine that reads it, so its reading says which part is missing instead.
 */
export type PlatformReading =
  | {
      /** `os/arch[/variant]`. */
      readonly kind: "platform";
      /** The platform, normalised (`linux/aarch64` → `linux/arm64`). */
      readonly platform: Platform;
      /** The OS version and features given in parentheses after the OS, when any is. */
      readonly osOptions?: OsOptions;
    }
  | {
      /** A known OS alone (`linux`): containerd adds the architecture of the machine reading it. */
      readonly kind: "os-only";
      /** The OS, normalised. */
      readonly os: string;
      /** The OS version and features given in parentheses after the OS, when any is. */
      readonly osOptions?: OsOptions;
    }
  | {
      /** A known architecture alone (`arm64`, `armhf`): containerd adds the OS of the machine reading it. */
      readonly kind: "architecture-only";
      /** The architecture, normalised. */
      readonly architecture: string;
      /** Its variant, normalised (`armhf` → `v7`), when it has one. */
      readonly variant?: string;
    }
  | {
      /** A string containerd refuses. */
      readonly kind: "refused";
      /** containerd's reason, in our words, to follow "it": `has an empty part …`. */
      readonly reason: string;
    };

/** containerd's `osRe`: the OS, and optionally an OS version and `+features` in parentheses. */
const OS_PART = /^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$/;
/** containerd's `specifierRe`: the architecture and the variant. */
const OTHER_PART = /^[A-Za-z0-9_.-]+$/;

/** Go's `strings.SplitN(text, "/", n)`. */
function splitN(text: string, n: number): string[] {
  const parts = text.split("/");
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join("/")];
}

function refused(reason: string): PlatformReading {
  return { kind: "refused", reason };
}

function osPartProblem(part: string): string {
  if (part === "") return "names no OS before its first /";
  return `has an OS "${part}" that is not a name of letters, digits, "_" and "-" (followed by "(version+feature…)" at most)`;
}

function otherPartProblem(part: string): string {
  if (part === "") return "has an empty part (a / at the end, or two in a row)";
  if (part.includes("/")) return "has more than three parts";
  return `has a part "${part}" with characters other than letters, digits, "_", "." and "-"`;
}

/** A platform from normalised parts, the variant left out when empty. */
function platformOf(os: string, { architecture, variant }: { architecture: string; variant: string }): Platform {
  return variant === "" ? { os, architecture } : { os, architecture, variant };
}

/** Reads a platform string as Docker does (containerd's `platforms.Parse`, then `platforms.Normalize`). */
export function readPlatform(text: string): PlatformReading {
  if (text.includes("*")) return refused('holds a "*", and Docker takes no wildcards in a platform');
  const parts = splitN(text, 4);
  const osMatch = OS_PART.exec(parts[0]!);
  if (!osMatch) return refused(osPartProblem(parts[0]!));
  const os = normalizeOs(osMatch[1]!);
  const read = readOsOptions(osMatch[2] ?? "", osMatch[3] ?? "");
  if ("problem" in read) return refused(read.problem);
  const osOptions = read.version === "" && read.features.length === 0 ? {} : { osOptions: read };
  const bad = parts.slice(1).find((part) => !OTHER_PART.test(part));
  if (bad !== undefined) return refused(otherPartProblem(bad));
  if (parts.length === 1) {
    if (isKnownOs(os)) return { kind: "os-only", os, ...osOptions };
    // Parse's own pass (it then drops arm's v7, which Normalize's pass puts back), then Normalize's.
    const parsed = normalizeArchitecture(parts[0]!, "");
    const { architecture, variant } = normalizeArchitecture(parsed.architecture, parsed.variant);
    if (!isKnownArchitecture(architecture)) return refused("is neither an OS nor an architecture Docker knows");
    return variant === ""
      ? { kind: "architecture-only", architecture }
      : { kind: "architecture-only", architecture, variant };
  }
  if (parts.length === 2) {
    const parsed = normalizeArchitecture(parts[1]!, "");
    const variant = parsed.architecture === "arm" && parsed.variant === "v7" ? "" : parsed.variant;
    return {
      kind: "platform",
      platform: platformOf(os, normalizeArchitecture(parsed.architecture, variant)),
      ...osOptions,
    };
  }
  if (parts.length === 3) {
    const parsed = normalizeArchitecture(parts[1]!, parts[2]!);
    const variant = parsed.architecture === "arm64" && parsed.variant === "" ? "v8" : parsed.variant;
    return {
      kind: "platform",
      platform: platformOf(os, normalizeArchitecture(parsed.architecture, variant)),
      ...osOptions,
    };
  }
  return refused("has more than three parts");
}

/** containerd's `platforms.Normalize` of a platform: lower case and the aliases (`aarch64` → `arm64`, `arm` → `arm/v7`). */
export function normalizePlatform(platform: Platform): Platform {
  const os = platform.os === "" ? "" : normalizeOs(platform.os);
  return platformOf(os, normalizeArchitecture(platform.architecture, platform.variant ?? ""));
}

/** `os/arch[/variant]`. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter((p) => p !== undefined).join("/");
}

/**
 * The engine-side tag that holds one platform's image of a multi-platform build: `<tag>-<os>-<arch>[-<variant>]` of
 * the normalised platform, e.g. `dev-linux-arm64` (for `linux/aarch64` too). DockerPush pushes these to the registry
 * before it writes the index under `tag`.
 */
export function platformTag(tag: string, platform: Platform): string {
  const { os, architecture, variant } = normalizePlatform(platform);
  return [tag, os, architecture, variant].filter((p) => p !== undefined).join("-");
}

/** The same platform once both are normalised, as containerd's matcher compares them (`arm64` is `arm64/v8`). */
export function samePlatform(a: Platform, b: Platform): boolean {
  return formatPlatform(normalizePlatform(a)) === formatPlatform(normalizePlatform(b));
}

/** What the library makes of a platform string of its inputs. */
export type PlatformInput =
  | {
      /** A complete platform, normalised: what the library sends, compares and names tags after. */
      readonly platform: Platform;
    }
  | {
      /** One part (an OS or an architecture) where that is allowed: sent as written, for the engine to complete. */
      readonly partial: string;
    }
  | {
      /** Why the library refuses it, to follow the property and the text: `is not a platform Docker reads: …`. */
      readonly problem: string;
    };

const FIX = "write os/arch[/variant], e.g. linux/amd64 or linux/arm64";

/**
 * A platform input read as Docker reads it ({@link readPlatform}), with the library's own rules on top (README,
 * Platforms): it must be complete (`os/arch[/variant]`) unless `partial` allows one part, which the engine then
 * completes with its own OS or architecture as `docker build --platform arm64` does; an OS version or features in
 * parentheses are refused, and so is an architecture or variant `.` or `..` (containerd's own formatting reads them as
 * path steps: `linux/..` becomes `.`).
 */
export function platformInput(
  text: string,
  allow: { readonly partial: false },
): Exclude<PlatformInput, { readonly partial: string }>;
export function platformInput(text: string, allow: { readonly partial: boolean }): PlatformInput;
export function platformInput(text: string, allow: { readonly partial: boolean }): PlatformInput {
  const reading = readPlatform(text);
  if (reading.kind === "refused") return { problem: `is not a platform Docker reads: it ${reading.reason}; ${FIX}` };
  if (reading.kind !== "architecture-only" && reading.osOptions !== undefined) {
    return { problem: `has an OS version or OS features in parentheses, which the library does not take; ${FIX}` };
  }
  if (reading.kind === "os-only") {
    if (allow.partial) return { partial: text };
    return {
      problem: `names an OS alone, to which Docker would add the Docker engine's own architecture; write os/arch, e.g. ${reading.os}/amd64`,
    };
  }
  if (reading.kind === "architecture-only") {
    if (allow.partial) return { partial: text };
    const platform = formatPlatform({ os: "linux", ...reading });
    return { problem: `names no OS, which Docker would take from the Docker engine; write os/arch, e.g. ${platform}` };
  }
  const { architecture, variant } = reading.platform;
  const step = [architecture, variant].find((part) => part === "." || part === "..");
  if (step !== undefined) {
    return {
      problem: `has an architecture or variant "${step}", which Docker's own formatting reads as a path step; ${FIX}`,
    };
  }
  return { platform: reading.platform };
}

/** The platform of an input that passed check, normalised; throws on one the library refuses. */
export function checkedPlatform(text: string): Platform {
  const input = platformInput(text, { partial: false });
  if ("problem" in input) throw new Error(`platform ${JSON.stringify(text)} ${input.problem}`);
  return input.platform;
}

/**
 * A platform string as the engine should get it: the normalised `os/arch[/variant]` (so that every engine reads the
 * same platform, whatever its containerd's aliases), or as written when it is one part for the engine to complete or
 * when the library refuses it (check reports that).
 */
export function platformForEngine(text: string): string {
  const input = platformInput(text, { partial: true });
  return "platform" in input ? formatPlatform(input.platform) : text;
}

/**
 * What a platform string means, comparable with another's: the normalised `os/arch[/variant]` (`linux/aarch64` and
 * `linux/arm64` alike), a lone OS or architecture normalised (`Linux` and `linux` alike), else the text as written.
 */
export function platformMeaning(text: string): string {
  const input = platformInput(text, { partial: true });
  if ("platform" in input) return formatPlatform(input.platform);
  const reading = readPlatform(text);
  if (reading.kind === "os-only") return `${reading.os}/`;
  if (reading.kind === "architecture-only") return formatPlatform({ os: "", ...reading });
  return text;
}

/** One platform's image of a multi-platform build: DockerBuild's `platformImages` output, DockerPush's input. */
export interface PlatformImage {
  /**
   * The platform: in DockerBuild's output, that entry of `platforms` as Docker reads it, normalised (`linux/aarch64`
   * gives `linux/arm64`); DockerPush takes any spelling Docker reads.
   */
  readonly platform: string;
  /** Image ID (`sha256:…`) of that platform's image on the engine. */
  readonly imageId: string;
  /** Its tag on the engine, under `imageName`: `platformTag(tag, platform)`, e.g. `dev-linux-arm64`; pushed as is. */
  readonly tag: string;
}
