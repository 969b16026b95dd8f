import type { DockerBuildInputs, DockerBuildOutputs } from "../../provider/image-build/inputs";

/** A DockerBuild state as a successful build leaves it (`localhost:5000/app:dev` + `v1`), with `extra` on top. */
export function builtState(extra: Partial<DockerBuildOutputs> = {}): DockerBuildOutputs {
  return {
    imageName: "localhost:5000/app",
    tag: "dev",
    tagGenerated: false,
    image: "localhost:5000/app:dev",
    imageId: `sha256:${"a".repeat(64)}`,
    additionalTags: ["v1"],
    context: "app",
    registries: [{ address: "localhost:5001", username: "u", password: "p" }],
    resolvedContext: "/src/app",
    resolvedDockerfile: "/src/app/Dockerfile",
    contextDigest: `sha256:${"b".repeat(64)}`,
    ...extra,
  };
}

/** The inputs that produced `state`, with some replaced (typed loosely so unknowns can be given). */
export function inputsOf(state: DockerBuildOutputs, changes: Record<string, unknown> = {}): DockerBuildInputs {
  const {
    tagGenerated: _tagGenerated,
    image: _image,
    imageId: _imageId,
    resolvedContext: _resolvedContext,
    resolvedDockerfile: _resolvedDockerfile,
    generatedDockerfile: _generatedDockerfile,
    resolvedBuilder: _resolvedBuilder,
    platformImages: _platformImages,
    ...inputs
  } = state;
  return { ...inputs, tag: state.tagGenerated ? undefined : state.tag, ...changes } as DockerBuildInputs;
}
