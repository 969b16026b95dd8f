import type * as dynamic from "@pulumi/pulumi/dynamic";
import slugify from "slugify";
import { engineBuildOptions } from "./build-options";
import { diffBuild } from "./diff";
import { removeBuildLeftovers } from "./leftover-containers";
import { runBuild } from "./run-build";
import type { DockerBuildInputs, DockerBuildOutputs } from "./types";
import { validateBuildInputs } from "./validate";
import { contextTarStream, prepareBuildContext, type PreparedBuildContext } from "../context";
import { asEngineError, dockerClient } from "../engine/connection";
import { applyTags, localImageId, removeIfUntagged, removeTags } from "../engine/tags";
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

/** Builds and tags the image, returning the new state. */
async function build(inputs: DockerBuildInputs, tag: string | undefined): Promise<DockerBuildOutputs> {
  const resolvedTag = tag ?? timestampTag();
  const image = withTag(inputs.imageName, resolvedTag);
  const prepared = await prepare(inputs, inputs.contextDigest);
  const docker = dockerClient(inputs.docker);
  await removeBuildLeftovers(docker, (line) => console.log(line));
  const imageId = await runBuild(docker, {
    image,
    context: contextTarStream(prepared),
    options: engineBuildOptions(inputs, prepared.dockerfileName),
  });
  const additionalTags = [...(inputs.additionalTags ?? [])];
  await applyTags(docker, imageId, inputs.imageName, [resolvedTag, ...additionalTags]).catch((e) => {
    throw asEngineError(e, docker);
  });
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

/** The DockerBuild provider logic: plain functions over a Docker client created in each call from the plain inputs. */
export const dockerBuildHandlers: dynamic.ResourceProvider<DockerBuildInputs, DockerBuildOutputs> = {
  check: checkBuild,

  async diff(_id, olds, news) {
    const changes = diffBuild(olds, news);
    const keepChanged = (olds.keepLocally ?? false) !== (news.keepLocally ?? false);
    return {
      changes: changes.rebuild || changes.retag || changes.replace || keepChanged,
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
    const keptTag = news.tag ?? (olds.tagGenerated ? olds.tag : undefined);
    let outs: DockerBuildOutputs;
    const present = async () => (await localImageId(docker, olds.imageId).catch(() => undefined)) === olds.imageId;
    if (changes.rebuild || (changes.retag && !(await present()))) {
      outs = await build(news, news.tag);
    } else {
      const tag = keptTag ?? timestampTag();
      const additionalTags = [...(news.additionalTags ?? [])];
      if (changes.retag) await applyTags(docker, olds.imageId, news.imageName, [tag, ...additionalTags]);
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
      const warnings = await removeTags(docker, olds.imageId, olds.imageName, dropped);
      if (outs.imageId !== olds.imageId) warnings.push(...(await removeIfUntagged(docker, olds.imageId)));
      for (const warning of warnings) console.log(`[${outs.image}] ${warning}`);
    }
    return { outs: withoutUndefined(outs) };
  },

  async read(id, props) {
    if (!props) return { id, props };
    const docker = dockerClient(props.docker);
    const present = await localImageId(docker, props.imageId).catch((error) => {
      const engineError = asEngineError(error, docker);
      if (engineError !== error) throw engineError;
      console.log(`[${props.image}] refresh could not ask the Docker engine: ${(error as Error).message}`);
      return props.imageId;
    });
    if (present !== props.imageId) {
      console.log(
        `[${props.image}] image ${props.imageId} is not on this Docker engine; state kept (rebuilt when inputs change)`,
      );
    }
    return { id, props };
  },

  async delete(_id, props) {
    if (props.keepLocally) return;
    const docker = dockerClient(props.docker);
    const warnings = await removeTags(docker, props.imageId, props.imageName, allTags(props))
      .then(async (w) => [...w, ...(await removeIfUntagged(docker, props.imageId))])
      .catch((e) => {
        throw asEngineError(e, docker);
      });
    for (const warning of warnings) console.log(`[${props.image}] ${warning}`);
  },
};
