import type * as dynamic from "@pulumi/pulumi/dynamic";
import { formatPlatform, parsePlatform, platformTag, samePlatform, type Platform } from "../core/platform";
import { isKnown } from "../input-rules/image-inputs";
import type { DockerBuildInputs } from "./inputs";

type Failure = dynamic.CheckFailure;

/** The longest tag the engine accepts (`[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`). */
const MAX_TAG_LENGTH = 128;

/** The platforms of a list, each parsed; a failure for every entry that is not `os/arch[/variant]` or is repeated. */
function parseEach(platforms: readonly unknown[], failures: Failure[]): Platform[] {
  const parsed: Platform[] = [];
  platforms.forEach((entry, i) => {
    if (!isKnown(entry)) return;
    const platform = typeof entry === "string" ? parsePlatform(entry) : undefined;
    if (platform === undefined) {
      failures.push({
        property: `platforms[${i}]`,
        reason: `platforms[${i}] ${JSON.stringify(entry)} is not os/arch[/variant], e.g. linux/amd64 or linux/arm64`,
      });
    } else if (parsed.some((p) => samePlatform(p, platform))) {
      failures.push({ property: `platforms[${i}]`, reason: `platforms[${i}] "${entry}" is given twice` });
    } else {
      parsed.push(platform);
    }
  });
  return parsed;
}

/**
 * Validates `platforms`: a non-empty list of distinct `os/arch[/variant]`, not together with `platform`, and platform
 * tags (`<tag>-<os>-<arch>`) that are valid tags and clash with no additional tag. That it needs BuildKit is checked
 * with the other builder inputs.
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
  const parsed = parseEach(platforms, failures);
  const tag: unknown = inputs.tag;
  if (typeof tag !== "string") return failures;
  const extra: unknown = inputs.additionalTags;
  for (const platform of parsed) {
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
