import type Docker from "dockerode";
import { imageTags } from "../engine/tags";
import { ImageReference } from "../core/image-reference";
import type { DockerBuildInputs, DockerBuildOutputs } from "./inputs";
import { containsUnknown } from "../core/unknown-values";
import { asEngineError, dockerClient } from "../engine/connection";
import { resolveEngine } from "../engine/engine-resolution";
import { recordedEngineClient } from "../engine/recorded-engine";
import { logLine } from "../core/resource-log";

/**
 * What the engine holds of a built image, compared with the state: `none` (image and every tag there),
 * `tags-missing` (the image is there but a tag was removed or moved) or `image-missing` (removed, pruned, or a
 * fresh machine).
 */
export type EngineDrift = "none" | "tags-missing" | "image-missing";

/** Whether the engine holds `imageId` with every one of `tags` of `imageName` (one image inspect). */
async function imageDrift(docker: Docker, imageId: string, imageName: string, tags: readonly string[]) {
  const present = await imageTags(docker, imageId);
  if (present === undefined) return "image-missing";
  const canonical = new Set(present.map((t) => ImageReference.parseTagged(t).canonical));
  const wanted = tags.map((t) => ImageReference.of(imageName, t).canonical);
  return wanted.every((reference) => canonical.has(reference)) ? "none" : "tags-missing";
}

/**
 * Asks the engine (one image inspect per image) whether the state's image, each platform image and their tags are
 * still there; a missing platform image counts as a missing image (the update rebuilds every platform).
 */
export async function engineDrift(docker: Docker, state: DockerBuildOutputs): Promise<EngineDrift> {
  const images = [
    { imageId: state.imageId, tags: [state.tag, ...(state.additionalTags ?? [])] },
    ...(state.platformImages ?? []).map((image) => ({ imageId: image.imageId, tags: [image.tag] })),
  ];
  let drift: EngineDrift = "none";
  for (const image of images) {
    const found = await imageDrift(docker, image.imageId, state.imageName, image.tags);
    if (found === "image-missing") return found;
    if (found === "tags-missing") drift = found;
  }
  return drift;
}

/**
 * The engine's drift for `diff`: what `pulumi up` must repair although no input changed. Preview must not fail when
 * the engine cannot be asked (an unknown connection, an engine that is down): then nothing is assumed missing.
 */
export async function driftForPreview(olds: DockerBuildOutputs, news: DockerBuildInputs): Promise<EngineDrift> {
  if (containsUnknown(news.docker)) return "none";
  try {
    const drift = await engineDrift(dockerClient(news.docker), olds);
    if (drift === "image-missing" && olds.platformImages !== undefined) {
      logLine(`[${olds.image}] an image of its platforms is no longer on the Docker engine: the update rebuilds them`);
    } else if (drift === "image-missing") {
      logLine(
        `[${olds.image}] image ${olds.imageId} is no longer on the Docker engine: the update pulls it back from its registry, or rebuilds it`,
      );
    } else if (drift === "tags-missing") {
      logLine(`[${olds.image}] a tag of image ${olds.imageId} was removed or moved: the update tags it again`);
    }
    return drift;
  } catch (error) {
    logLine(`[${olds.image}] could not ask the Docker engine for image ${olds.imageId}: ${(error as Error).message}`);
    return "none";
  }
}

/**
 * The engine the new inputs resolve to when it is not the one the state records (`undefined` when it is the same,
 * when the state records none, or when it cannot be resolved now: the update reports that).
 */
export function engineMove(olds: DockerBuildOutputs, news: DockerBuildInputs): string | undefined {
  if (olds.engineHost === undefined || containsUnknown(news.docker)) return undefined;
  try {
    const host = resolveEngine(news.docker).host;
    return host === olds.engineHost ? undefined : host;
  } catch {
    return undefined;
  }
}

/**
 * The drift a refresh reports in the log, asked of the engine the state records; an engine that cannot be reached
 * fails the refresh and keeps the state.
 */
export async function driftForRefresh(state: DockerBuildOutputs): Promise<EngineDrift> {
  const docker = recordedEngineClient(state, (line) => logLine(`[${state.image}] ${line}`));
  const drift = await engineDrift(docker, state).catch((error) => {
    const engineError = asEngineError(error, docker);
    if (engineError !== error) throw engineError;
    logLine(`[${state.image}] refresh could not ask the Docker engine: ${(error as Error).message}`);
    return "none" as const;
  });
  if (drift === "image-missing" && state.platformImages !== undefined) {
    logLine(
      `[${state.image}] an image of its platforms is not on this Docker engine; the next \`pulumi up\` rebuilds them`,
    );
  } else if (drift === "image-missing") {
    logLine(
      `[${state.image}] image ${state.imageId} is not on this Docker engine; state kept, the next \`pulumi up\` pulls it back or rebuilds it`,
    );
  } else if (drift === "tags-missing") {
    logLine(`[${state.image}] a tag of ${state.imageId} is gone; the next \`pulumi up\` tags it again`);
  }
  return drift;
}
