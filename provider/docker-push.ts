import * as pulumi from "@pulumi/pulumi";
import type { DockerConnection } from "./engine/connection";
import { serializedProvider } from "./core/serialized-provider";
import type { DockerPushInputs, DockerPushOutputs } from "./image-push/inputs";

/** Registry credentials as a resource input; each field may be an Output, e.g. `config.requireSecret(…)`. */
export interface PushCredentialsArgs {
  /** User name for the registry. */
  readonly username: pulumi.Input<string>;
  /** Password or access token. */
  readonly password: pulumi.Input<string>;
  /** The registry the credentials are for. @default the registry in `imageName` */
  readonly registryUrl?: pulumi.Input<string>;
  /** Accepted for parity with prefect-docker; every push authenticates afresh. */
  readonly reauth?: pulumi.Input<boolean>;
}

/** Arguments of a {@link DockerPush}; the names follow prefect-docker's `push_docker_image` step. */
export interface DockerPushArgs {
  /** Repository including the registry, e.g. `localhost:5000/team/app` (usually `build.imageName`). */
  readonly imageName: pulumi.Input<string>;
  /** Tag to push (usually `build.tag`). @default "latest" */
  readonly tag?: pulumi.Input<string>;
  /** More tags to push (usually `build.additionalTags`). */
  readonly additionalTags?: pulumi.Input<pulumi.Input<string>[]>;
  /** Registry credentials; the whole object is stored as a secret. @default resolved like the docker CLI */
  readonly credentials?: pulumi.Input<PushCredentialsArgs>;
  /** The local image ID expected behind the tag (usually `build.imageId`): a new ID re-pushes even a fixed tag. */
  readonly imageId?: pulumi.Input<string>;
  /** Leave the registry alone on delete; `false` deletes the pushed manifest. @default true */
  readonly keepRemotely?: pulumi.Input<boolean>;
  /** Docker engine connection; stored as a secret. @default the environment (`DOCKER_HOST`, …) */
  readonly docker?: pulumi.Input<DockerConnection>;
}

/** Written into the state as a few lines: it loads `image-push/docker-push-provider` in the provider process. */
const dockerPushProvider = serializedProvider<DockerPushInputs, DockerPushOutputs>(
  require.resolve("./image-push/docker-push-provider"),
  "dockerPushProvider",
);

/**
 * Pushes an image's tags to its registry and records the manifest digest.
 *
 * - create: pushes `tag` and `additionalTags` (skipping a tag the registry already holds at the same digest).
 * - update: re-pushes when the tags change or the image behind the tag changes (`imageId`, or the local image when
 *   `imageId` is not given), even for a fixed tag like `dev`; new credentials only update the state. A plain
 *   `pulumi up` asks no registry: a tag deleted behind Pulumi's back is found by refresh (`pulumi up --refresh`).
 * - replace: only when `imageName` changes.
 * - refresh: checks each tag still resolves to the recorded digest; missing tags are pushed again by the next `up`.
 * - delete: leaves the registry alone unless `keepRemotely: false`, then deletes the manifest by digest.
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
  /** Tags a refresh found missing from the registry (pushed again by the next `up`). */
  declare readonly missingTags: pulumi.Output<string[]>;

  constructor(name: string, args: DockerPushArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      credentials: args.credentials === undefined ? undefined : pulumi.secret(args.credentials),
      docker: args.docker === undefined ? undefined : pulumi.secret(args.docker),
      tag: args.tag,
      additionalTags: args.additionalTags,
      image: undefined,
      digest: undefined,
      repoDigest: undefined,
      references: undefined,
      missingTags: undefined,
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
