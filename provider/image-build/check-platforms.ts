import type * as dynamic from "@pulumi/pulumi/dynamic";
import { formatPlatform, platformInput, platformTag, samePlatform, type Platform } from "../core/platform";
import { isKnown } from "../input-rules/image-inputs";
import type { DockerBuildInputs } from "./inputs";

type Failure = dynamic.CheckFailure;

/** The longest tag the engine accepts (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`). */
const MAX_TAG_LENGTH = 128;

/** One entry of `platforms` as written, where it is, and the platform Docker reads in it. */
interface PlatformEntry {
  /** Its index in `platforms`. */
  readonly index: number;
  /** The text as written. */
  readonly text: string;
  /** The platform, normalised. */
  readonly platform: Platform;
}

/**
 * The entries of a list, each read as Docker reads it; a failure for every entry the library refuses, for two that
 * are the same platform (`linux/arm64` and `linux/aarch64`), and for two whose platform tags would be one tag.
 */
function readEach(platforms: readonly unknown[], tag: unknown, failures: Failure[]): PlatformEntry[] {
  const entries: PlatformEntry[] = [];
  platforms.forEach((text, index) => {
    if (!isKnown(text)) return;
    const input = typeof text === "string" ? platformInput(text, { partial: false }) : { problem: "is not a string" };
    if (!("platform" in input)) {
      failures.push({
        property: `platforms[${index}]`,
        reason: `platforms[${index}] ${JSON.stringify(text)} ${input.problem}`,
      });
      return;
    }
    const entry = { index, text: text as string, platform: input.platform };
    const twin = entries.find((e) => samePlatform(e.platform, entry.platform));
    // Distinct platforms whose parts join to the same tag: `linux/arm-v7` and `linux/arm/v7`.
    const tagOf = (platform: Platform) => platformTag(typeof tag === "string" ? tag : "<tag>", platform);
    const clash = entries.find((e) => tagOf(e.platform) === tagOf(entry.platform));
    if (twin !== undefined) {
      const meaning = formatPlatform(entry.platform);
      failures.push({
        property: "platforms",
        reason:
          `platforms[${twin.index}] ${JSON.stringify(twin.text)} and platforms[${index}] ${JSON.stringify(entry.text)} ` +
          `are both ${meaning} as Docker reads them, which would be built twice; drop one of them`,
      });
    } else if (clash !== undefined) {
      failures.push({
        property: "platforms",
        reason:
          `platforms[${clash.index}] ${JSON.stringify(clash.text)} and platforms[${index}] ${JSON.stringify(entry.text)} ` +
          `would both be tagged "${tagOf(entry.platform)}" on the engine; drop one of them`,
      });
    } else {
      entries.push(entry);
    }
  });
  return entries;
}

/**
 * Validates `platforms`: a non-empty list of `os/arch[/variant]` as Docker reads them (containerd's aliases:
 * `linux/aarch64` is `linux/arm64`), no platform twice, not together with `platform`, and platform tags
 * (`<tag>-<os>-<arch>`) that are valid tags, one per platform, and clash with no additional tag. That it needs
 * BuildKit is checked with the other builder inputs.
 */
export function validatePlatforms(inputs: DockerBuildInputs): Failure[] {
  const platforms: unknown = inputs.platforms;
  if (!isKnown(platforms) || platforms === undefined) return [];
  if (!Array.isArray(platforms)) {
    return [{ property: "platforms", reason: 'platforms must be a list such as ["linux/amd64", "linux/arm64"]' }];
  }
  const failures: Failure[] = [];
  if (platforms.length === 0) {
    failures.push({ property: "platforms", reason: "platforms must name at least one platform; or leave it out" });
  }
  if (isKnown(inputs.platform) && inputs.platform !== undefined) {
    failures.push({
      property: "platforms",
      reason: "platforms and platform exclude each other: give one platform as platform, several as platforms",
    });
  }
  const tag: unknown = inputs.tag;
  const entries = readEach(platforms, tag, failures);
  if (typeof tag !== "string") return failures;
  const extra: unknown = inputs.additionalTags;
  for (const { platform } of entries) {
    const name = platformTag(tag, platform);
    if (name.length > MAX_TAG_LENGTH) {
      failures.push({
        property: "tag",
        reason: `tag "${tag}" is too long for platforms: the tag of its ${platform.architecture} image "${name}" has more than ${MAX_TAG_LENGTH} characters`,
      });
    } else if (Array.isArray(extra) && extra.includes(name)) {
      failures.push({
        property: "additionalTags",
        reason: `additionalTags holds "${name}", the tag of the ${formatPlatform(platform)} image; choose another tag`,
      });
    }
  }
  return failures;
}
