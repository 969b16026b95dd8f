import type Docker from "dockerode";
import type { EngineBuildOptions } from "./build-options";
import type { PlatformImage } from "./inputs";
import { parsePlatforms, primaryPlatformIndex } from "./platform-images";
import { runBuild } from "./run-build";
import type { SessionServices } from "../buildkit/session";
import { BuildError } from "../core/errors";
import { withTag } from "../core/image-reference";
import { formatPlatform, platformTag } from "../core/platform";
import { buildkitUnsupported, type EngineFacts } from "../engine/builder-support";
import { asEngineError } from "../engine/connection";
import type { ImageCollector } from "../engine/image-gc";
import { applyTags } from "../engine/tags";
import { logLine } from "../core/resource-log";
import { engineBefore, undoPlatformBuilds, undoSteps } from "./failed-platform-builds";

/** What a build of several platforms needs: the context once prepared, the options of every build, the session. */
export interface MultiPlatformRequest {
  /** Repository of the images. */
  readonly imageName: string;
  /** The resource's tag; each platform's image is tagged `platformTag(tag, platform)`. */
  readonly tag: string;
  /** The platforms, as given (each is built and named as Docker reads it: `linux/aarch64` as `linux/arm64`). */
  readonly platforms: readonly string[];
  /** Makes the body of one build: a tar of the prepared context (each build streams its own), or nothing. */
  readonly context: () => NodeJS.ReadableStream;
  /** The Engine API options of every build; each adds its `platform`. */
  readonly options: EngineBuildOptions;
  /** What each build's session serves. */
  readonly session: SessionServices;
  /** The engine's facts: BuildKit or not, and its own platform. */
  readonly engine: EngineFacts;
  /** The engine's image remover, under whose lease the builds run: a failed build's images are released through it. */
  readonly collector: ImageCollector;
}

/** The images of a multi-platform build, and the image that gets the resource's own tags. */
export interface MultiPlatformResult {
  /** Each platform's image, tagged, in the order of `platforms`. */
  readonly platformImages: PlatformImage[];
  /** The ID of the engine's own platform's image, else the first one's. */
  readonly imageId: string;
}

/**
 * Builds one image per platform with the engine's BuildKit (the Engine API takes one `platform` per build), all at
 * once, each with its own session and its own tar of the context; tags each `imageName:<tag>-<os>-<arch>`. When any
 * build fails, the first failure (in the order of `platforms`) is thrown once every build has ended and what the others
 * did is undone: each build names its image with its platform tag, so a tag it moved is pointed back and a tag or an
 * image it made is removed (never an image that was on the engine before).
 */
export async function buildPlatformImages(docker: Docker, request: MultiPlatformRequest): Promise<MultiPlatformResult> {
  const image = withTag(request.imageName, request.tag);
  const unsupported = buildkitUnsupported(request.engine);
  if (unsupported !== undefined) {
    throw new BuildError(`Cannot build "${image}" for platforms: they need BuildKit, and ${unsupported}`, { image });
  }
  const platforms = parsePlatforms(request.platforms);
  const names = platforms.map(formatPlatform);
  const tags = platforms.map((platform) => platformTag(request.tag, platform));
  const before = await engineBefore(docker, request.imageName, tags).catch((e) => {
    throw asEngineError(e, docker);
  });
  const builds = await Promise.allSettled(
    names.map((platform, i) =>
      runBuild(docker, {
        image: withTag(request.imageName, tags[i]!),
        context: request.context,
        options: { ...request.options, query: { ...request.options.query, platform } },
        builder: "buildkit",
        session: request.session,
      }),
    ),
  );
  const failed = builds.find((b) => b.status === "rejected");
  if (failed) {
    const built = builds.flatMap((b, i) => (b.status === "fulfilled" ? [{ tag: tags[i]!, imageId: b.value }] : []));
    const steps = undoSteps(before, built);
    const warnings = await undoPlatformBuilds(docker, request.collector, request.imageName, steps).catch((e: Error) => [
      `could not undo the platform builds that ended well: ${e.message}`,
    ]);
    for (const warning of warnings) logLine(`[${image}] ${warning}`);
    throw failed.reason;
  }
  const platformImages = builds.map((b, i) => ({
    platform: names[i]!,
    imageId: (b as PromiseFulfilledResult<string>).value,
    tag: tags[i]!,
  }));
  await tagPlatformImages(docker, request.imageName, platformImages).catch((e) => {
    throw asEngineError(e, docker);
  });
  return { platformImages, imageId: platformImages[primaryPlatformIndex(platforms, request.engine)]!.imageId };
}

/** Points each platform image's tag at it. */
export async function tagPlatformImages(docker: Docker, imageName: string, images: readonly PlatformImage[]) {
  for (const image of images) await applyTags(docker, image.imageId, imageName, [image.tag]);
}
