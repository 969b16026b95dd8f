import * as pulumi from "@pulumi/pulumi";
import { urnInput } from "./core/resource-urn";
import { DynamicResource, serializedProvider } from "./core/serialized-provider";
import type { ResourceArgs } from "./core/resource-args";
import type { RegistryCredential, DockerBuildUserInputs, PlatformImage } from "./image-build/inputs";

/** Credentials for a registry that base images are pulled from; each field may be an Output (e.g. a secret). */
export type RegistryCredentialArgs = ResourceArgs<RegistryCredential>;

/** Arguments of a {@link DockerBuild}: the plain inputs, each a `pulumi.Input`. */
export type DockerBuildArgs = ResourceArgs<DockerBuildUserInputs>;

/** Each build's `platformImages` as a DockerPush of it reads them (see {@link platformImagesToPush}). */
const platformImagesForPush = new WeakMap<object, pulumi.Output<PlatformImage[] | undefined>>();

/**
 * A build's `platformImages` for a DockerPush given `{ build }`: without `platforms` the build has none, and this is a
 * known `undefined` even at preview, where the output itself is unknown (Pulumi reports an output the state does not
 * hold as unknown at preview, so the push would show an update at every preview).
 */
export function platformImagesToPush(
  build: Pick<DockerBuild, "platformImages">,
): pulumi.Input<PlatformImage[] | undefined> {
  return platformImagesForPush.get(build) ?? build.platformImages;
}

/**
 * Written into the state as a few lines (`__provider`): it loads `image-build/docker-build-provider` in the provider
 * process.
 */
const dockerBuildProvider = serializedProvider(
  require.resolve("./image-build/docker-build-provider"),
  "dockerBuildProvider",
);

/**
 * Builds a Docker image through the Docker Engine API and tags it.
 *
 * - create: sends the context (honouring `.dockerignore`, or `<Dockerfile>.dockerignore`; a git or tarball URL is
 *   fetched by the engine instead) to the engine's BuildKit (or the classic builder, see
 *   `builder`) with a session of its own serving registry credentials, `secrets` and `ssh` agents; streams the build
 *   log step by step; tags `tag` and `additionalTags`. With `platforms`: one BuildKit build per platform at once, each
 *   image tagged `<tag>-<os>-<arch>[-<variant>]`, and `tag`/`additionalTags` on the engine's own platform's image.
 * - update: rebuilds when the context digest, the Dockerfile, a build input or `triggers` change (or always with
 *   `ignoreCache`); re-tags only when just the tags changed; a new `docker` connection or new `registries` only
 *   update the state (so refresh and destroy use them); never rebuilds for those, for new `secrets` values or for a
 *   new library version. An input removed from the program is a change like any other: the state afterwards holds
 *   exactly the program's inputs (a removed `keepLocally: true` is gone, so destroy removes the tags again).
 * - replace: only when `imageName` changes.
 * - every preview and update asks the engine (one image inspect) whether the image and its tags are still there: an
 *   image gone from the engine is pulled back when its registry still serves that very image, else rebuilt; a removed
 *   tag is put back.
 * - an update whose engine resolves to another address than `engineHost` brings the image to the new engine (pulled
 *   back from its registry, else rebuilt there) and leaves the old engine's tags alone.
 * - refresh: reports (in the log) when the image or a tag is missing from the engine, and keeps the state; fails with
 *   a DockerUnavailableError naming the engine when the engine cannot be reached (the state is left as it was).
 *   Refresh and delete go to the recorded `engineHost`, with the current TLS material only when the `docker` input
 *   and environment still resolve to that address.
 * - a build cut off by its engine (crash, restart) fails with a DockerUnavailableError naming the engine; the next
 *   build on that engine removes the intermediate containers the cut-off build left.
 * - delete: removes the tags it applied (platform tags included) unless `keepLocally`; never force-removes an image a container uses. Tags
 *   and images are removed only while no build of this library runs on the same engine from this machine.
 */
export class DockerBuild extends DynamicResource {
  /** Repository including the registry. */
  declare readonly imageName: pulumi.Output<string>;
  /** The tag applied: the input, or the generated timestamp tag. */
  declare readonly tag: pulumi.Output<string>;
  /** `imageName:tag`. */
  declare readonly image: pulumi.Output<string>;
  /** Image ID (`sha256:…`) reported by the build. */
  declare readonly imageId: pulumi.Output<string>;
  /** The additional tags applied. */
  declare readonly additionalTags: pulumi.Output<string[]>;
  /** Digest of the Dockerfile and every file sent in the build context. */
  declare readonly contextDigest: pulumi.Output<string>;
  /** Absolute path of the build context that was sent. */
  declare readonly resolvedContext: pulumi.Output<string>;
  /** Absolute path of the Dockerfile used, or `"auto"`. */
  declare readonly resolvedDockerfile: pulumi.Output<string>;
  /** The generated Dockerfile text when `dockerfile` is `"auto"`. */
  declare readonly generatedDockerfile: pulumi.Output<string | undefined>;
  /** The builder that built the image: `"buildkit"` or `"classic"`. */
  declare readonly resolvedBuilder: pulumi.Output<"buildkit" | "classic">;
  /**
   * With `platforms`: each platform's image (`platform` as Docker reads it, `linux/arm64` for `linux/aarch64`;
   * `imageId`; engine `tag`), in the order of `platforms`.
   */
  declare readonly platformImages: pulumi.Output<PlatformImage[] | undefined>;
  /** The engine address the image was built on (`unix://…`, `tcp://host:port`, `ssh://…`); refresh and delete go there. */
  declare readonly engineHost: pulumi.Output<string>;

  constructor(name: string, args: DockerBuildArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      ...urnInput(name, "DockerBuild", opts),
      registries: args.registries === undefined ? undefined : pulumi.secret(args.registries),
      docker: args.docker === undefined ? undefined : pulumi.secret(args.docker),
      secrets: args.secrets === undefined ? undefined : pulumi.secret(args.secrets),
      tag: args.tag,
      additionalTags: args.additionalTags,
      image: undefined,
      imageId: undefined,
      contextDigest: undefined,
      resolvedContext: undefined,
      resolvedDockerfile: undefined,
      generatedDockerfile: undefined,
      resolvedBuilder: undefined,
      platformImages: undefined,
      engineHost: undefined,
    };
    super(
      dockerBuildProvider,
      name,
      props,
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "registries", "docker", "secrets"],
      },
      "docker",
      "DockerBuild",
    );
    const none = pulumi.output<PlatformImage[] | undefined>(undefined);
    platformImagesForPush.set(
      this,
      pulumi.output(args.platforms).apply((platforms) => (platforms === undefined ? none : this.platformImages)),
    );
  }
}
