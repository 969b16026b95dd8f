import type * as dynamic from "@pulumi/pulumi/dynamic";
import type Docker from "dockerode";
import slugify from "slugify";
import { engineBuildOptions } from "./build-options";
import { diffBuild } from "./diff";
import { engineDrift, type EngineDrift } from "./engine-drift";
import { removeBuildLeftovers } from "./leftover-containers";
import { pullBack } from "./restore-image";
import { runBuild } from "./run-build";
import type { DockerBuildInputs, DockerBuildOutputs } from "./types";
import { validateBuildInputs } from "./validate";
import { contextTarStream, prepareBuildContext, type PreparedBuildContext } from "../context";
import { asEngineError, dockerClient } from "../engine/connection";
import { describeEngine } from "../engine/engine-address";
import { ImageCollector, type ImageRelease } from "../engine/image-gc";
import { applyTags } from "../engine/tags";
import { InputError } from "../errors";
import { withTag } from "../image-ref";
import { containsUnknown, withoutUndefined } from "../unknown";

/** The base image of a generated Dockerfile when `baseImage` is not given: the official Node LTS slim image. */
export const DEFAULT_BASE_IMAGE = "node:lts-slim";

/** A tag made from the current UTC time, as the seed does: `2026-11-28t20-04-30-900z`. */
export function timestampTag(now: Date = new Date()): string {
  return slugify(now.toISOString().replace(/[:.]/g, "-"), { lower: true, strict: true });
}

/** Resolves and digests the context; `knownDigest` (from `check`) saves hashing the whole context a second time. */
function prepare(inputs: DockerBuildInputs, knownDigest?: string): Promise<PreparedBuildContext> {
  return prepareBuildContext({
    context: inputs.context,
    dockerfile: inputs.dockerfile,
    baseImage: inputs.baseImage ?? DEFAULT_BASE_IMAGE,
    cwd: process.cwd(),
    knownDigest,
  });
}

/** Checks the inputs and computes `contextDigest`, so that `pulumi preview` sees a changed file as an update. */
export async function checkBuild(_olds: DockerBuildInputs, news: DockerBuildInputs): Promise<dynamic.CheckResult> {
  const failures = validateBuildInputs(news);
  if (failures.length > 0) return { inputs: news, failures };
  const { contextDigest: _stale, ...rest } = news;
  if (containsUnknown([news.context, news.dockerfile, news.baseImage])) return { inputs: rest };
  try {
    const prepared = await prepare(rest);
    return { inputs: { ...rest, contextDigest: prepared.digest } };
  } catch (error) {
    if (error instanceof InputError)
      return { inputs: rest, failures: [{ property: error.property, reason: error.message }] };
    throw error;
  }
}

/** The tag and image remover of the engine `docker` talks to, safe for builds running at the same time. */
function collector(docker: Docker): ImageCollector {
  return new ImageCollector(docker, describeEngine(docker));
}

/** Builds and tags the image, returning the new state. */
async function build(inputs: DockerBuildInputs, tag: string | undefined): Promise<DockerBuildOutputs> {
  const resolvedTag = tag ?? timestampTag();
  const image = withTag(inputs.imageName, resolvedTag);
  const prepared = await prepare(inputs, inputs.contextDigest);
  const docker = dockerClient(inputs.docker);
  await removeBuildLeftovers(docker, (line) => console.log(line));
  const additionalTags = [...(inputs.additionalTags ?? [])];
  // Under a lease from before the build is sent until its tags are on: no clean-up removes a cache hit meanwhile.
  const imageId = await collector(docker).withLease(
    async () => {
      const id = await runBuild(docker, {
        image,
        context: contextTarStream(prepared),
        options: engineBuildOptions(inputs, prepared.dockerfileName),
      });
      await applyTags(docker, id, inputs.imageName, [resolvedTag, ...additionalTags]).catch((e) => {
        throw asEngineError(e, docker);
      });
      return id;
    },
    (warning) => console.log(`[${image}] ${warning}`),
  );
  return {
    ...inputs,
    tag: resolvedTag,
    tagGenerated: tag === undefined,
    image,
    imageId,
    additionalTags,
    resolvedContext: prepared.contextDir,
    resolvedDockerfile: prepared.dockerfilePath ?? "auto",
    generatedDockerfile: prepared.generatedDockerfile,
    contextDigest: prepared.digest,
  };
}

function allTags(state: { readonly tag: string; readonly additionalTags?: readonly string[] }): string[] {
  return [state.tag, ...(state.additionalTags ?? [])];
}

/**
 * The engine's drift for `diff`: what `pulumi up` must repair although no input changed. Preview must not fail when
 * the engine cannot be asked (an unknown connection, an engine that is down): then nothing is assumed missing.
 */
async function driftForDiff(olds: DockerBuildOutputs, news: DockerBuildInputs): Promise<EngineDrift> {
  if (containsUnknown(news.docker)) return "none";
  try {
    const drift = await engineDrift(dockerClient(news.docker), olds);
    if (drift === "image-missing") {
      console.log(
        `[${olds.image}] image ${olds.imageId} is no longer on the Docker engine: the update pulls it back from its registry, or rebuilds it`,
      );
    } else if (drift === "tags-missing") {
      console.log(`[${olds.image}] a tag of image ${olds.imageId} was removed or moved: the update tags it again`);
    }
    return drift;
  } catch (error) {
    console.log(
      `[${olds.image}] could not ask the Docker engine for image ${olds.imageId}: ${(error as Error).message}`,
    );
    return "none";
  }
}

/** The DockerBuild provider logic: plain functions over a Docker client created in each call from the plain inputs. */
export const dockerBuildHandlers: dynamic.ResourceProvider<DockerBuildInputs, DockerBuildOutputs> = {
  check: checkBuild,

  async diff(_id, olds, news) {
    const changes = diffBuild(olds, news);
    const keepChanged = (olds.keepLocally ?? false) !== (news.keepLocally ?? false);
    const drift = changes.rebuild || changes.replace ? "none" : await driftForDiff(olds, news);
    return {
      changes: changes.rebuild || changes.retag || changes.replace || keepChanged || drift !== "none",
      replaces: changes.replace ? ["imageName"] : [],
      deleteBeforeReplace: false,
    };
  },

  async create(inputs) {
    const outs = await build(inputs, inputs.tag);
    return { id: outs.image, outs: withoutUndefined(outs) };
  },

  async update(_id, olds, news) {
    const changes = diffBuild(olds, news);
    const docker = dockerClient(news.docker);
    const log = (line: string) => console.log(`[${olds.image}] ${line}`);
    const keptTag = news.tag ?? (olds.tagGenerated ? olds.tag : undefined);
    let drift = changes.rebuild
      ? "none"
      : await engineDrift(docker, olds).catch((e) => {
          throw asEngineError(e, docker);
        });
    const unwanted: ImageRelease[] = [];
    if (drift === "image-missing") {
      // The registry may still serve the very image: pulling it back changes nothing downstream, a rebuild would.
      const pulled = await pullBack(docker, olds, log);
      if (pulled === true) drift = "tags-missing";
      else if (pulled !== undefined) unwanted.push({ imageId: pulled, imageName: olds.imageName, tags: [] });
    }
    let outs: DockerBuildOutputs;
    if (changes.rebuild) {
      outs = await build(news, news.tag);
    } else if (drift === "image-missing") {
      outs = await build(news, keptTag);
    } else {
      const tag = keptTag ?? timestampTag();
      const additionalTags = [...(news.additionalTags ?? [])];
      if (changes.retag || drift === "tags-missing") {
        await applyTags(docker, olds.imageId, news.imageName, [tag, ...additionalTags]);
      }
      outs = {
        ...olds,
        ...news,
        tag,
        tagGenerated: news.tag === undefined,
        image: withTag(news.imageName, tag),
        additionalTags,
        contextDigest: news.contextDigest ?? olds.contextDigest,
      };
    }
    if (!news.keepLocally) {
      const dropped = allTags(olds).filter((t) => !allTags(outs).includes(t));
      unwanted.push({ imageId: olds.imageId, imageName: olds.imageName, tags: dropped });
    }
    const warnings = unwanted.length > 0 ? await collector(docker).release(unwanted) : [];
    for (const warning of warnings) console.log(`[${outs.image}] ${warning}`);
    return { outs: withoutUndefined(outs) };
  },

  async read(id, props) {
    if (!props) return { id, props };
    const docker = dockerClient(props.docker);
    const drift = await engineDrift(docker, props).catch((error) => {
      const engineError = asEngineError(error, docker);
      if (engineError !== error) throw engineError;
      console.log(`[${props.image}] refresh could not ask the Docker engine: ${(error as Error).message}`);
      return "none" as const;
    });
    if (drift === "image-missing") {
      console.log(
        `[${props.image}] image ${props.imageId} is not on this Docker engine; state kept, the next \`pulumi up\` pulls it back or rebuilds it`,
      );
    } else if (drift === "tags-missing") {
      console.log(`[${props.image}] a tag of ${props.imageId} is gone; the next \`pulumi up\` tags it again`);
    }
    return { id, props };
  },

  async delete(_id, props) {
    if (props.keepLocally) return;
    const docker = dockerClient(props.docker);
    const warnings = await collector(docker)
      .release([{ imageId: props.imageId, imageName: props.imageName, tags: allTags(props) }])
      .catch((e) => {
        throw asEngineError(e, docker);
      });
    for (const warning of warnings) console.log(`[${props.image}] ${warning}`);
  },
};
