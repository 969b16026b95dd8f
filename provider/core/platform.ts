/** An image platform, as in an OCI image index entry: `linux/amd64`, `linux/arm64/v8`, `linux/arm/v7`. */
export interface Platform {
  /** Operating system, e.g. `linux`. */
  readonly os: string;
  /** CPU architecture in Go's names, e.g. `amd64`, `arm64`, `arm`. */
  readonly architecture: string;
  /** CPU variant, e.g. `v7` for `arm`, `v8` for `arm64`, when given. */
  readonly variant?: string;
}

const PLATFORM = /^([a-z0-9_]+)\/([a-z0-9_]+)(?:\/([a-z0-9_.]+))?$/;

/** Parses `os/arch[/variant]`; `undefined` when the text is not one. */
export function parsePlatform(text: string): Platform | undefined {
  const match = PLATFORM.exec(text);
  if (!match) return undefined;
  const [, os = "", architecture = "", variant] = match;
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

/** `os/arch[/variant]`. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter((p) => p !== undefined).join("/");
}

/**
 * The engine-side tag that holds one platform's image of a multi-platform build: `<tag>-<os>-<arch>[-<variant>]`,
 * e.g. `dev-linux-arm64`. DockerPush pushes these to the registry before it writes the index under `tag`.
 */
export function platformTag(tag: string, platform: Platform): string {
  return [tag, platform.os, platform.architecture, platform.variant].filter((p) => p !== undefined).join("-");
}

/** The same platform, comparing `arm64` with and without the default variant `v8` as equal. */
export function samePlatform(a: Platform, b: Platform): boolean {
  const variant = (p: Platform) => (p.architecture === "arm64" && p.variant === "v8" ? undefined : p.variant);
  return a.os === b.os && a.architecture === b.architecture && variant(a) === variant(b);
}

/** One platform's image of a multi-platform build: DockerBuild's `platformImages` output, DockerPush's input. */
export interface PlatformImage {
  /** The platform, as given in `platforms`, e.g. `linux/arm64`. */
  readonly platform: string;
  /** Image ID (`sha256:…`) of that platform's image on the engine. */
  readonly imageId: string;
  /** Its tag on the engine, under `imageName`: `platformTag(tag, platform)`, e.g. `dev-linux-arm64`; pushed as is. */
  readonly tag: string;
}
