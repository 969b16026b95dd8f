import type * as dynamic from "@pulumi/pulumi/dynamic";
import { tagProblem } from "../core/image-reference";
import { formatPlatform, platformInput, samePlatform, type Platform } from "../core/platform";
import { isKnown } from "../input-rules/image-inputs";

const IMAGE_ID = /^sha256:[a-f0-9]{64}$/;

/**
 * The failures of a `platformImages` input: a list, not empty, each entry a known platform (`os/arch[/variant]` as
 * Docker reads it), image ID and tag, and no platform twice (`linux/arm64` and `linux/aarch64` are one). Unknown values (preview) are left to create, which runs the same rules.
 */
export function platformImagesProblems(value: unknown): dynamic.CheckFailure[] {
  if (!isKnown(value)) return [];
  if (!Array.isArray(value)) return [{ property: "platformImages", reason: "platformImages must be a list" }];
  if (value.length === 0) {
    return [{ property: "platformImages", reason: "platformImages is empty; leave it out to push a single image" }];
  }
  const failures: dynamic.CheckFailure[] = [];
  const seen: ({ readonly text: string; readonly platform: Platform } | undefined)[] = [];
  value.forEach((entry: unknown, i) => {
    const at = `platformImages[${i}]`;
    const { platform, imageId, tag } = (entry ?? {}) as Record<string, unknown>;
    const input = typeof platform === "string" ? platformInput(platform, { partial: false }) : undefined;
    const parsed = input !== undefined && "platform" in input ? { text: platform as string, ...input } : undefined;
    if (isKnown(platform) && parsed === undefined) {
      const problem =
        input !== undefined && "problem" in input ? input.problem : "must be a string such as linux/arm64";
      failures.push({ property: `${at}.platform`, reason: `${at}.platform ${JSON.stringify(platform)} ${problem}` });
    }
    const twin = parsed && seen.findIndex((p) => p !== undefined && samePlatform(p.platform, parsed.platform));
    if (parsed !== undefined && twin !== undefined && twin >= 0) {
      failures.push({
        property: `${at}.platform`,
        reason:
          `${at}.platform ${JSON.stringify(parsed.text)} and platformImages[${twin}].platform ` +
          `${JSON.stringify(seen[twin]!.text)} are both ${formatPlatform(parsed.platform)} as Docker reads them; ` +
          "give each platform once",
      });
    }
    seen.push(parsed);
    if (isKnown(imageId) && !(typeof imageId === "string" && IMAGE_ID.test(imageId))) {
      failures.push({ property: `${at}.imageId`, reason: `${at}.imageId must be an image ID like sha256:<64 hex>` });
    }
    const problem = typeof tag === "string" ? tagProblem(tag) : "must be a string";
    if (isKnown(tag) && problem)
      failures.push({ property: `${at}.tag`, reason: `${at}.tag "${String(tag)}" ${problem}` });
  });
  return failures;
}
