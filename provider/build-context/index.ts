/** The build-context feature: `.dockerignore` matching, the context walk, its digest, its tar stream and the
 * generated Dockerfile. */

export {
  appDirName,
  detectAutoDockerfileInputs,
  generateDockerfile,
  uniqueDockerfileName,
  type AutoDockerfileInputs,
  type DetectedManifests,
} from "./auto-dockerfile";
export {
  contextDigest,
  contextDigestDetailed,
  contextDigestSync,
  digestEntries,
  type ContextDigestOptions,
  type ContextDigestResult,
} from "./digest";
export { createIgnoreMatcher, parseDockerignore, type IgnoreMatcher, type IgnorePattern } from "./dockerignore";
export { DOCKERIGNORE, readDockerignore } from "./dockerignore-file";
export { dockerfileIgnorePath, readBuildIgnore, type BuildIgnoreFile } from "./dockerfile-ignore";
export {
  dockerfileInputProblem,
  isInlineDockerfile,
  type DockerfileInput,
  type DockerfileInputProblem,
  type InlineDockerfile,
} from "./dockerfile-input";
export {
  checkDockerfile,
  dockerfileSyntaxProblem,
  formatSyntaxError,
  parseDockerfile,
  type DockerfileCheck,
  type DockerfileInstruction,
  type DockerfileSyntaxError,
  type ParsedDockerfile,
} from "./dockerfile-syntax";
export {
  buildkitTargetStage,
  classicTargetStage,
  targetStage,
  type DockerfileStage,
  type TargetLookup,
} from "./dockerfile-stages";
export { isRemoteContext, parseRemoteContext, redactUrl, type RemoteContext } from "./remote-context";
export { commitOfRef, prepareRemoteContext, remoteContextDigest, type PreparedRemoteContext } from "./remote-revision";
export {
  contextTarStream,
  prepareBuildContext,
  type PrepareBuildContextInputs,
  type PreparedBuildContext,
} from "./prepare";
export { AUTO_DOCKERFILE, resolveBuildContext, type BuildContextInputs, type ResolvedBuildContext } from "./resolve";
export { createContextTar, packEntries, type ContextTarOptions, type ExtraFile } from "./tar";
export { defaultStatCacheDir } from "./stat-cache";
export {
  walkContext,
  walkContextSync,
  type ContextEntry,
  type ContextEntryType,
  type WalkChecks,
  type WalkOptions,
} from "./walk";
