import * as pulumi from "@pulumi/pulumi";
import { InputError } from "./core/errors";
import { urnInput } from "./core/resource-urn";
import { DynamicResource, serializedProvider } from "./core/serialized-provider";
import type { PlatformImage } from "./core/platform";
import type { ResourceArgs } from "./core/resource-args";
import { type DockerBuild, platformImagesToPush } from "./docker-build";
import type { PushCredentials, DockerPushUserInputs } from "./image-push/inputs";

/** Registry credentials as a resource input; each field may be an Output (e.g. a secret). */
export type PushCredentialsArgs = ResourceArgs<PushCredentials>;

/** Arguments of a {@link DockerPush} naming the image itself: the plain inputs, each a `pulumi.Input`. */
export type DockerPushImageArgs = Omit<ResourceArgs<DockerPushUserInputs>, "platformImages"> & {
  /**
   * The platform images of a multi-platform build, usually `build.platformImages` (an Output that is `undefined` for a
   * single-platform build, which then pushes as a single image, though every preview then shows an update: an output
   * the state lacks is unknown at preview; `{ build }` avoids it); see {@link DockerPushUserInputs.platformImages}.
   */
  readonly platformImages?: pulumi.Input<readonly PlatformImage[] | undefined>;
  /** Not with these inputs: see {@link DockerPushBuildArgs}. */
  readonly build?: undefined;
};

/** The inputs a DockerPush given `build` takes from that build. */
export const FROM_BUILD = ["imageName", "tag", "additionalTags", "imageId", "platformImages"] as const;

/** The outputs of a {@link DockerBuild} a DockerPush given `build` reads. */
export type PushedBuild = Pick<DockerBuild, (typeof FROM_BUILD)[number]>;

/** Arguments of a {@link DockerPush} of a build: the build itself, and the inputs it does not decide. */
export type DockerPushBuildArgs = Omit<DockerPushImageArgs, (typeof FROM_BUILD)[number] | "build"> & {
  /**
   * The build to push: `imageName`, `tag`, `additionalTags`, `imageId` and `platformImages` are its outputs (so the
   * push waits for it, re-pushes when its image changes and pushes every platform of a multi-platform build), and
   * are not given besides. To push the build under another name too, add a DockerPush with `source: build.image` and
   * its own `imageName` and `tag`.
   */
  readonly build: PushedBuild;
} & { readonly [K in (typeof FROM_BUILD)[number]]?: never };

/** Arguments of a {@link DockerPush}: a build to push (`{ build }`), or the image's name, tag and ID given one by one. */
export type DockerPushArgs = DockerPushBuildArgs | DockerPushImageArgs;

/**
 * The plain inputs of a push: with `build`, the five inputs it decides taken from its outputs; an InputError naming the
 * property when one of them is given besides the build (a JavaScript program is not stopped by the types).
 */
export function pushInputs(name: string, args: DockerPushArgs): DockerPushImageArgs {
  const { build, ...rest } = args;
  if (build === undefined) return rest as DockerPushImageArgs;
  const given = FROM_BUILD.find((key) => (rest as Record<string, unknown>)[key] !== undefined);
  if (given !== undefined) {
    throw new InputError(
      given,
      `DockerPush "${name}" has both build and ${given}: with build, ${given} is the build's (build.${given}); ` +
        `remove ${given}, or to push the build under another name add a DockerPush with source: build.image`,
    );
  }
  return {
    ...rest,
    imageName: build.imageName,
    tag: build.tag,
    additionalTags: build.additionalTags,
    imageId: build.imageId,
    platformImages: platformImagesToPush(build),
  };
}

/**
 * Written into the state as a few lines (`__provider`): it loads `image-push/docker-push-provider` in the provider
 * process.
 */
const dockerPushProvider = serializedProvider(
  require.resolve("./image-push/docker-push-provider"),
  "dockerPushProvider",
);

/**
 * Pushes an image's tags to its registry and records the manifest digest: `new DockerPush("app", { build })` pushes
 * what a {@link DockerBuild} made (its name, tags, image ID and platform images), or name the image input by input.
 *
 * - create: pushes `tag` and `additionalTags` (skipping a tag the registry already holds at the same digest); with
 *   `source`, first tags that image as `imageName:tag` (and each additional tag) on the engine, so one build can be
 *   pushed to several registries; with `platformImages`, pushes each platform's tag and writes an OCI image index over
 *   them under the tags.
 * - update: re-pushes when the tags, `platformImages` or the image behind the tag change (`imageId`, the image
 *   `source` names, or the local image), even for a fixed tag like `dev`; new credentials only update the state, as do
 *   new or removed `keepRemotely`, `docker` and `source` (naming the same image): the state afterwards holds exactly
 *   the program's inputs, a removed one is gone from it. A plain
 *   `pulumi up` asks no registry: a tag deleted behind Pulumi's back is found by refresh (`pulumi up --refresh`).
 * - replace: only when `imageName` changes.
 * - refresh: checks each tag still resolves to the recorded digest, and with `platformImages` that the index and every
 *   platform manifest are still there (by digest); what is missing is pushed again by the next `up`.
 * - delete: removes the engine tags a `source` push added (`engineTags`, where they still point at the pushed image
 *   and are not its last tag); leaves the registry alone unless `keepRemotely: false`, then deletes the manifest by
 *   digest (an index and then the platform manifests it names).
 */
export class DockerPush extends DynamicResource {
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
    const inputs = pushInputs(name, args);
    const props = {
      ...inputs,
      ...urnInput(name, "DockerPush", opts),
      credentials: inputs.credentials === undefined ? undefined : pulumi.secret(inputs.credentials),
      docker: inputs.docker === undefined ? undefined : pulumi.secret(inputs.docker),
      tag: inputs.tag,
      additionalTags: inputs.additionalTags,
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
