import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ImageReference, repositoryProblem, tagProblem } from "../core/image-reference";
import { isKnown } from "../input-rules/image-inputs";
import type { DockerPushInputs } from "./inputs";

/** A full or short image ID as the engine accepts it: `sha256:<64 hex>`, or 12 to 64 hex digits. */
const IMAGE_ID = /^(?:sha256:[a-f0-9]{64}|[a-f0-9]{12,64})$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** True when `source` names an image by ID rather than by reference. */
export function isImageId(source: string): boolean {
  return IMAGE_ID.test(source);
}

/** Why `source` is neither an image ID nor an image reference (`name[:tag][@digest]`), or `undefined`. */
export function sourceProblem(source: string): string | undefined {
  if (isImageId(source)) return undefined;
  const [named = "", digest, ...rest] = source.split("@");
  if (rest.length > 0 || (digest !== undefined && !DIGEST.test(digest))) return "has a malformed @digest";
  const reference = ImageReference.parseTagged(named);
  return repositoryProblem(reference.name) ?? tagProblem(reference.tag ?? "latest");
}

/**
 * The failures of a `source` input: an image ID or reference, and neither `platformImages` (a multi-platform push has
 * no single source image) nor `imageId` (the pushed image is `source` itself) beside it.
 */
export function sourceProblems(inputs: DockerPushInputs): dynamic.CheckFailure[] {
  const { source } = inputs;
  if (source === undefined) return [];
  const failures: dynamic.CheckFailure[] = [];
  const problem = !isKnown(source)
    ? undefined
    : typeof source === "string"
      ? sourceProblem(source)
      : "must be a string";
  if (problem !== undefined) {
    failures.push({
      property: "source",
      reason: `source "${String(source)}" ${problem}: give an image ID (build.imageId) or a reference on the engine (build.image)`,
    });
  }
  if (isKnown(inputs.platformImages)) {
    failures.push({
      property: "source",
      reason:
        "source and platformImages exclude each other: source pushes one image; push a multi-platform build with platformImages alone",
    });
  }
  if (isKnown(inputs.imageId)) {
    failures.push({
      property: "imageId",
      reason:
        "imageId is not used with source, which is the image pushed: give source: build.imageId and leave imageId out",
    });
  }
  return failures;
}
