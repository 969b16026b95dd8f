import type Docker from "dockerode";
import { engineBuildOptions } from "./build-options";
import { timestampTag } from "./default-tag";
import type { DockerBuildInputs, DockerBuildOutputs, PlatformImage } from "./inputs";
import { buildPlatformImages } from "./multi-platform-build";
import { platformReleases } from "./platform-images";
import { removeBuildLeftovers } from "./leftover-containers";
import { classicOnlyInputs } from "./check-builder-inputs";
import { runBuild } from "./run-build";
import { targetProblem } from "./check-target";
import { sessionServices } from "./session-services";
import { contextSharedKey, sessionFiles } from "./session-files";
import type { SessionServices } from "../buildkit/session";
import { Readable } from "node:stream";
import {
  checkDockerfile,
  contextTarStream,
  formatSyntaxError,
  parseRemoteContext,
  prepareBuildContext,
  prepareRemoteContext,
  type PreparedBuildContext,
  type PreparedRemoteContext,
} from "../build-context";
import { InputError } from "../core/errors";
import { withTag } from "../core/image-reference";
import { asEngineError, dockerClient, engineHost } from "../engine/connection";
import { describeEngine } from "../engine/engine-address";
import { ImageCollector, type ImageRelease } from "../engine/image-gc";
import { applyTags } from "../engine/tags";
import { chooseBuilder, engineFacts } from "../engine/builder-support";
import { logLine } from "../core/resource-log";

/** The base image of a generated Dockerfile when `baseImage` is not given: the official Node LTS slim image. */
export const DEFAULT_BASE_IMAGE = "node:lts-slim";

/** A build context ready to send: a local folder (sent as a tar) or a remote context the engine fetches. */
export type PreparedContext = PreparedBuildContext | PreparedRemoteContext;

/** Whether a prepared context is remote (the engine fetches it; nothing is sent). */
export function isRemote(prepared: PreparedContext): prepared is PreparedRemoteContext {
  return "remote" in prepared;
}

/**
 * Resolves and digests the context and checks the Dockerfile's syntax, then that `target` names one of its stages (a
 * remote context's Dockerfile cannot be read here: the engine reports its errors, and judges its target);
 * `knownDigest` (from `check`) saves hashing the context a second time; `whileDigesting` runs on this thread while
 * the digest runs on its worker.
 */
export async function prepareContext(
  inputs: DockerBuildInputs,
  knownDigest?: string,
  whileDigesting?: () => void,
): Promise<PreparedContext> {
  const remote = parseRemoteContext(inputs.context);
  if (remote !== undefined) return prepareRemoteContext(remote, inputs.dockerfile, knownDigest);
  const prepared = await prepareBuildContext({
    context: inputs.context,
    dockerfile: inputs.dockerfile,
    baseImage: inputs.baseImage ?? DEFAULT_BASE_IMAGE,
    cwd: process.cwd(),
    knownDigest,
    whileDigesting,
  });
  const where =
    prepared.dockerfilePath ?? (prepared.inlineDockerfile ? "dockerfile.inline" : "the generated Dockerfile");
  const checked = checkDockerfile(prepared.dockerfileContent);
  if (checked.kind === "refused") {
    throw new InputError(
      prepared.inlineDockerfile ? "dockerfile.inline" : "dockerfile",
      `${formatSyntaxError(checked.error)} (in ${where}); fix the Dockerfile`,
    );
  }
  // The target is looked up only in a Dockerfile the check accepted: a refused one has been reported above, and the
  // stages of one for another frontend are that frontend's to read.
  if (checked.kind === "accepted") {
    const generated = prepared.generatedDockerfile !== undefined;
    const problem = targetProblem(inputs, checked.stages, { where, generated });
    if (problem !== undefined) throw new InputError("target", problem);
  }
  return prepared;
}

/** The body of one `/build` request: the context's tar, or nothing for a remote context. */
function contextBody(prepared: PreparedContext): () => NodeJS.ReadableStream {
  return isRemote(prepared) ? () => Readable.from([]) : () => contextTarStream(prepared);
}

/**
 * What the session of a BuildKit build of these inputs serves: the `sessionServices`, plus the local context and the
 * Dockerfile (then sent through the session, not as a tar; a remote context is fetched by the engine, and a context
 * with a name that is not UTF-8 is refused by the session and sent again as a tar, see `runBuild`).
 */
export function buildkitSession(inputs: DockerBuildInputs, prepared: PreparedContext): SessionServices {
  const services = sessionServices(inputs);
  if (isRemote(prepared)) return services;
  return { ...services, files: sessionFiles(prepared), sharedKey: contextSharedKey(prepared) };
}

/** The `resolvedDockerfile` output: a path, `"auto"`, `"inline"`, or the path inside a remote context. */
function resolvedDockerfile(prepared: PreparedContext): string {
  if (isRemote(prepared)) return prepared.dockerfileName;
  return prepared.dockerfilePath ?? (prepared.inlineDockerfile ? "inline" : "auto");
}

/** The tag and image remover of the engine `docker` talks to, safe for builds running at the same time. */
export function imageCollector(docker: Docker): ImageCollector {
  return new ImageCollector(docker, describeEngine(docker));
}

/** The primary tag and the additional tags of a state. */
export function allTags(state: { readonly tag: string; readonly additionalTags?: readonly string[] }): string[] {
  return [state.tag, ...(state.additionalTags ?? [])];
}

/** Everything a state tagged: its image with `tag` and `additionalTags`, and each platform image with its tag. */
export function stateReleases(state: DockerBuildOutputs): ImageRelease[] {
  return [
    { imageId: state.imageId, imageName: state.imageName, tags: allTags(state) },
    ...platformReleases(state.imageName, state.platformImages),
  ];
}

/** Builds and tags the image (with `tag`, or a new timestamp tag), returning the new state. */
export async function buildImage(inputs: DockerBuildInputs, tag: string | undefined): Promise<DockerBuildOutputs> {
  const resolvedTag = tag ?? timestampTag();
  const image = withTag(inputs.imageName, resolvedTag);
  const prepared = await prepareContext(inputs, inputs.contextDigest);
  const docker = dockerClient(inputs.docker);
  await removeBuildLeftovers(docker, (line) => logLine(line));
  const additionalTags = [...(inputs.additionalTags ?? [])];
  const engine = await engineFacts(docker);
  const platforms = inputs.platforms;
  const choice = platforms
    ? { builder: "buildkit" as const }
    : chooseBuilder(inputs.builder, engine, image, classicOnlyInputs(inputs));
  if (choice.fallback !== undefined) logLine(`[${image}] ${choice.fallback}`);
  const built = engineBuildOptions(inputs, prepared.dockerfileName, choice.builder);
  const options = isRemote(prepared) ? { ...built, query: { ...built.query, remote: prepared.remote.remote } } : built;
  // Under a lease from before the build is sent until its tags are on: no clean-up removes a cache hit meanwhile.
  const collector = imageCollector(docker);
  const { imageId, platformImages } = await collector.withLease(
    async () => {
      const built: { imageId: string; platformImages?: PlatformImage[] } = platforms
        ? await buildPlatformImages(docker, {
            imageName: inputs.imageName,
            tag: resolvedTag,
            platforms,
            context: contextBody(prepared),
            options,
            session: buildkitSession(inputs, prepared),
            engine,
            collector,
          })
        : {
            imageId: await runBuild(docker, {
              image,
              context: contextBody(prepared),
              options,
              builder: choice.builder,
              session: choice.builder === "buildkit" ? buildkitSession(inputs, prepared) : undefined,
            }),
          };
      await applyTags(docker, built.imageId, inputs.imageName, [resolvedTag, ...additionalTags]).catch((e) => {
        throw asEngineError(e, docker);
      });
      return built;
    },
    (warning) => logLine(`[${image}] ${warning}`),
  );
  return {
    ...inputs,
    tag: resolvedTag,
    tagGenerated: tag === undefined,
    image,
    imageId,
    additionalTags,
    resolvedContext: isRemote(prepared) ? prepared.remote.display : prepared.contextDir,
    resolvedDockerfile: resolvedDockerfile(prepared),
    generatedDockerfile: isRemote(prepared) ? undefined : prepared.generatedDockerfile,
    contextDigest: prepared.digest,
    resolvedBuilder: choice.builder,
    platformImages,
    engineHost: engineHost(docker),
  };
}
