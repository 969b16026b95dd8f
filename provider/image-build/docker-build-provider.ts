import type * as dynamic from "@pulumi/pulumi/dynamic";
import { withResourceLogs } from "../core/resource-log";
import { allTags, buildImage, imageCollector, stateReleases } from "./build-image";
import { checkBuild } from "./check-build";
import { validateBuildInputs } from "./check-inputs";
import { timestampTag } from "./default-tag";
import { diffBuild } from "./diff";
import { driftForPreview, driftForRefresh, engineDrift, engineMove } from "./engine-drift";
import type { DockerBuildInputs, DockerBuildOutputs } from "./inputs";
import { keptImageState, keptTag, planBuildUpdate, stateOnlyChanges, unwantedAfterUpdate } from "./plan-update";
import { tagPlatformImages } from "./multi-platform-build";
import { pullBack } from "./restore-image";
import { withoutUndefined } from "../core/unknown-values";
import { asEngineError, dockerClient, engineHost } from "../engine/connection";
import { recordedEngineClient } from "../engine/recorded-engine";
import type { ImageRelease } from "../engine/image-gc";
import { applyTags } from "../engine/tags";
import { requireValid } from "../input-rules/require-valid";
import { logLine } from "../core/resource-log";

/** Said when an image rebuilt after it vanished from the engine is the very same image (BuildKit's cache made it). */
export const SAME_IMAGE_REBUILT =
  "the rebuild made the very same image from the build cache, so a DockerPush of it has nothing new to push: if its registry lost the tag too, run pulumi up --refresh to push it again";

/**
 * The DockerBuild provider, run in the provider process: each method is a few steps over a Docker client created
 * in the call from the plain inputs (never captured), so the serialized provider holds no client and no secret.
 */
export const dockerBuildProvider: dynamic.ResourceProvider<DockerBuildInputs, DockerBuildOutputs> = withResourceLogs({
  check: checkBuild,

  async diff(_id, olds, news) {
    const changes = diffBuild(olds, news);
    const drift = changes.rebuild || changes.replace ? "none" : await driftForPreview(olds, news);
    const stateOnly = stateOnlyChanges(olds, news).length > 0;
    const moved = changes.replace ? undefined : engineMove(olds, news);
    if (moved !== undefined) {
      logLine(
        `[${olds.image}] the Docker engine is now ${moved} (the image was built on ${olds.engineHost}): the update brings the image there (pulled back from its registry, else rebuilt) and leaves ${olds.engineHost} alone`,
      );
    }
    return {
      changes:
        changes.rebuild || changes.retag || changes.replace || stateOnly || drift !== "none" || moved !== undefined,
      replaces: changes.replace ? ["imageName"] : [],
      deleteBeforeReplace: false,
    };
  },

  async create(inputs) {
    requireValid(validateBuildInputs(inputs));
    const outs = await buildImage(inputs, inputs.tag);
    return { id: outs.image, outs: withoutUndefined(outs) };
  },

  async update(_id, olds, news) {
    requireValid(validateBuildInputs(news));
    const changes = diffBuild(olds, news);
    const docker = dockerClient(news.docker);
    // On another engine than the state's, the old images are not here: nothing of them to untag on this engine.
    const moved = olds.engineHost !== undefined && olds.engineHost !== engineHost(docker);
    let drift = changes.rebuild
      ? "none"
      : await engineDrift(docker, olds).catch((e) => {
          throw asEngineError(e, docker);
        });
    const unwanted: ImageRelease[] = [];
    if (drift === "image-missing" && olds.platformImages === undefined) {
      // The registry may still serve the very image: pulling it back changes nothing downstream, a rebuild would.
      // Not for several platforms: one pull brings back one platform's image, so a missing one is rebuilt.
      const pulled = await pullBack(docker, olds, (line) => logLine(`[${olds.image}] ${line}`));
      if (pulled === true) drift = "tags-missing";
      else if (pulled !== undefined) unwanted.push({ imageId: pulled, imageName: olds.imageName, tags: [] });
    }
    let outs: DockerBuildOutputs;
    const step = planBuildUpdate(changes, drift);
    if (step === "build") {
      outs = await buildImage(news, news.tag);
    } else if (step === "build-keeping-tag") {
      outs = await buildImage(news, keptTag(olds, news));
      if (outs.imageId === olds.imageId) logLine(`[${outs.image}] ${SAME_IMAGE_REBUILT}`);
    } else {
      outs = { ...keptImageState(olds, news, keptTag(olds, news) ?? timestampTag()), engineHost: engineHost(docker) };
      if (step === "tag") {
        await applyTags(docker, olds.imageId, news.imageName, allTags(outs));
        await tagPlatformImages(docker, news.imageName, outs.platformImages ?? []);
      }
    }
    if (!moved) unwanted.push(...unwantedAfterUpdate(olds, outs, news.keepLocally));
    const warnings = unwanted.length > 0 ? await imageCollector(docker).release(unwanted) : [];
    for (const warning of warnings) logLine(`[${outs.image}] ${warning}`);
    return { outs: withoutUndefined(outs) };
  },

  async read(id, props) {
    if (props) await driftForRefresh(props);
    return { id, props };
  },

  async delete(_id, props) {
    if (props.keepLocally) return;
    const docker = recordedEngineClient(props, (line) => logLine(`[${props.image}] ${line}`));
    const warnings = await imageCollector(docker)
      .release(stateReleases(props))
      .catch((e) => {
        throw asEngineError(e, docker);
      });
    for (const warning of warnings) logLine(`[${props.image}] ${warning}`);
  },
});
