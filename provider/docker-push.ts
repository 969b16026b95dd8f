import * as pulumi from "@pulumi/pulumi";
import { urnInput } from "./core/resource-urn";
import { serializedProvider } from "./core/serialized-provider";
import type { PlatformImage } from "./core/platform";
import type { ResourceArgs } from "./core/resource-args";
import type { PushCredentials, DockerPushInputs, DockerPushOutputs, DockerPushUserInputs } from "./image-push/inputs";

/** Registry credentials as a resource input; each field may be an Output (e.g. a secret). */
export type PushCredentialsArgs = ResourceArgs<PushCredentials>;

/** Arguments of a {@link DockerPush}: the plain inputs, each a `pulumi.Input`. */
export type DockerPushArgs = Omit<ResourceArgs<DockerPushUserInputs>, "platformImages"> & {
  /**
   * The platform images of a multi-platform build, usually `build.platformImages` (an Output that is `undefined` for a
   * single-platform build, which then pushes as a single image); see {@link DockerPushUserInputs.platformImages}.
   */
  readonly platformImages?: pulumi.Input<readonly PlatformImage[] | undefined>;
};

/** Written into the state as a few lines: it loads `image-push/docker-push-provider` in the provider process. */
const dockerPushProvider = serializedProvider<DockerPushInputs, DockerPushOutputs>(
  require.resolve("./image-push/docker-push-provider"),
  "dockerPushProvider",
);

/**
 * Pushes an image's tags to its registry and records the manifest digest.
 *
 * - create: pushes `tag` and `additionalTags` (skipping a tag the registry already holds at the same digest); with
 *   `source`, first tags that image as `imageName:tag` (and each additional tag) on the engine, so one build can be
 *   pushed to several registries; with `platformImages`, pushes each platform's tag and writes an OCI image index over
 *   them under the tags.
 * - update: re-pushes when the tags, `platformImages` or the image behind the tag change (`imageId`, the image
 *   `source` names, or the local image), even for a fixed tag like `dev`; new credentials only update the state. A plain
 *   `pulumi up` asks no registry: a tag deleted behind Pulumi's back is found by refresh (`pulumi up --refresh`).
 * - replace: only when `imageName` changes.
 * - refresh: checks each tag still resolves to the recorded digest, and with `platformImages` that the index and every
 *   platform manifest are still there (by digest); what is missing is pushed again by the next `up`.
 * - delete: removes the engine tags a `source` push added (`engineTags`, where they still point at the pushed image
 *   and are not its last tag); leaves the registry alone unless `keepRemotely: false`, then deletes the manifest by
 *   digest (an index and then the platform manifests it names).
 */
export class DockerPush extends pulumi.dynamic.Resource {
  /** Repository including the registry. */
  declare readonly imageName: pulumi.Output<string>;
  /** The tag pushed. */
  declare readonly tag: pulumi.Output<string>;
  /** `imageName:tag`. */
  declare readonly image: pulumi.Output<string>;
  /** The additional tags pushed. */
  declare readonly additionalTags: pulumi.Output<string[]>;
  /** Manifest digest (`sha256:…`) as the registry stores it. */
  declare readonly digest: pulumi.Output<string>;
  /** `imageName@digest`: the immutable reference downstream deployments should use. */
  declare readonly repoDigest: pulumi.Output<string>;
  /** Every `imageName:tag` now in the registry at `digest`. */
  declare readonly references: pulumi.Output<string[]>;
  /** With `platformImages`: each platform's manifest digest (`digest` is then the image index's). */
  declare readonly platformDigests: pulumi.Output<{ platform: string; digest: string }[] | undefined>;
  /** Tags a refresh found missing from the registry (pushed again by the next `up`). */
  declare readonly missingTags: pulumi.Output<string[]>;
  /** With `platformImages`: digests of the index or platform manifests a refresh found gone (pushed again by the next `up`). */
  declare readonly missingManifests: pulumi.Output<string[] | undefined>;
  /** The engine address the last push went through (`unix://…`, `tcp://host:port`, `ssh://…`). */
  declare readonly engineHost: pulumi.Output<string>;
  /** With `source`: the `imageName:tag` references this push added on the engine (removed on delete). */
  declare readonly engineTags: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: DockerPushArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      ...urnInput(name, "DockerPush", opts),
      credentials: args.credentials === undefined ? undefined : pulumi.secret(args.credentials),
      docker: args.docker === undefined ? undefined : pulumi.secret(args.docker),
      tag: args.tag,
      additionalTags: args.additionalTags,
      image: undefined,
      digest: undefined,
      repoDigest: undefined,
      references: undefined,
      platformDigests: undefined,
      missingTags: undefined,
      missingManifests: undefined,
      engineHost: undefined,
      engineTags: undefined,
    };
    super(
      dockerPushProvider,
      name,
      props,
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "credentials", "docker"],
      },
      "docker",
      "DockerPush",
    );
  }
}
