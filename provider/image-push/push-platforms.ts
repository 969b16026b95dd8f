import type Docker from "dockerode";
import { PushError } from "../core/errors";
import { ImageReference } from "../core/image-reference";
import { checkedPlatform, formatPlatform, samePlatform, type Platform } from "../core/platform";
import { readPlatformEntry } from "../image-index/platform-manifest";
import { writeIndexTags, type IndexDependencies } from "../image-index/write-index";
import { imageIndex } from "../registry-api";
import type { DockerPushInputs, PlatformDigest, PlatformImage } from "./inputs";
import {
  defaultPushDependencies,
  pushOneTag,
  requireLocalImage,
  requireReachableRegistry,
  type PushResult,
  type PushTarget,
} from "./push-image";

/** The outcome of a multi-platform push: the index's digest and each platform image's. */
export interface PlatformsPushResult extends PushResult {
  /** Each platform's manifest digest, in the order of `platformImages`. */
  readonly platformDigests: PlatformDigest[];
}

function enginePlatform(local: Docker.ImageInspectInfo): Platform {
  const {
    Os: os,
    Architecture: architecture,
    Variant: variant,
  } = local as Docker.ImageInspectInfo & { Variant?: string };
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Every platform tag is on the engine, is its `imageId`, and is an image of its platform; before anything is pushed. */
async function localPlatformImages(docker: Docker, imageName: string, images: readonly PlatformImage[]) {
  const locals: Docker.ImageInspectInfo[] = [];
  for (const image of images) {
    const reference = ImageReference.of(imageName, image.tag);
    const local = await requireLocalImage(docker, reference);
    if (local.Id !== image.imageId) {
      throw new PushError(
        `"${reference}" points at ${local.Id} on the Docker engine, not at the ${image.platform} image ` +
          `${image.imageId} of platformImages; rebuild or fix platformImages`,
        { image: String(reference) },
      );
    }
    const declared = checkedPlatform(image.platform);
    if (!samePlatform(enginePlatform(local), declared)) {
      throw new PushError(
        `"${reference}" is a ${formatPlatform(enginePlatform(local))} image on the Docker engine, not ` +
          `${image.platform}; fix platformImages`,
        { image: String(reference) },
      );
    }
    locals.push(local);
  }
  return locals;
}

/**
 * Pushes a multi-platform build: every platform tag is checked on the engine first, then each is pushed through the
 * engine (skipped when the registry holds it at the digest this engine pushed for that image), each pushed manifest
 * and config read back (its config must declare its platform), and an OCI index over them written under `tag` and
 * every additional tag (skipped where the registry already serves that very index). With nothing changed since the
 * last push nothing is uploaded and nothing written.
 */
export async function pushPlatforms(
  docker: Docker,
  inputs: DockerPushInputs,
  target: PushTarget,
  dependencies: IndexDependencies = defaultPushDependencies(),
): Promise<PlatformsPushResult> {
  const images = inputs.platformImages ?? [];
  const locals = await localPlatformImages(docker, inputs.imageName, images);
  await requireReachableRegistry(docker, target);
  const platformDigests: PlatformDigest[] = [];
  for (const [i, image] of images.entries()) {
    const reference = ImageReference.of(inputs.imageName, image.tag);
    const digest = await pushOneTag(docker, reference, locals[i]!, target, dependencies);
    platformDigests.push({ platform: image.platform, digest });
  }
  const entries = [];
  for (const [i, image] of images.entries()) {
    const source = { ...target, digest: platformDigests[i]!.digest, label: `platformImages[${i}] (${image.tag})` };
    entries.push(
      await readPlatformEntry(dependencies.registryApi, source, target.auth, checkedPlatform(image.platform)),
    );
  }
  const index = imageIndex(entries);
  const tags = [inputs.tag ?? "latest", ...(inputs.additionalTags ?? [])];
  const references = await writeIndexTags(inputs.imageName, tags, index, target, dependencies);
  return { digest: index.digest, references, imageId: inputs.imageId ?? images[0]!.imageId, platformDigests };
}
