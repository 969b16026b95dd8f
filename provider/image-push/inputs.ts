import type { DockerConnection } from "../engine/connection";

/** Registry credentials for a push (the seed's `credentials` block, camel-cased). */
export interface PushCredentials {
  /** User name for the registry. */
  readonly username: string;
  /** Password or access token (secret). */
  readonly password: string;
  /** The registry the credentials are for. @default the registry in `imageName` */
  readonly registryUrl?: string;
  /** Accepted for parity with the seed; every push authenticates afresh, so it changes nothing. */
  readonly reauth?: boolean;
}

/** The DockerPush inputs as the provider receives them: every `pulumi.Input` resolved to a plain value. */
export interface DockerPushInputs {
  /** Repository including the registry, e.g. `localhost:5000/team/app` (usually `build.imageName`). */
  readonly imageName: string;
  /** Tag to push. @default "latest" */
  readonly tag?: string;
  /** More tags to push (usually `build.additionalTags`). */
  readonly additionalTags?: readonly string[];
  /** Registry credentials; when absent they are resolved like the docker CLI does. */
  readonly credentials?: PushCredentials;
  /** The local image ID expected behind the tag (usually `build.imageId`). */
  readonly imageId?: string;
  /** Leave the registry alone on delete. @default true */
  readonly keepRemotely?: boolean;
  /** Docker engine connection. @default the environment (`DOCKER_HOST`, …) */
  readonly docker?: DockerConnection;
  /** The image ID the local tag pointed at when `check` ran (when `imageId` is not given). */
  readonly localImageId?: string;
}

/** The DockerPush state: its inputs plus what the push produced. */
export interface DockerPushOutputs extends DockerPushInputs {
  /** The tag pushed. */
  readonly tag: string;
  /** `imageName:tag`. */
  readonly image: string;
  /** The additional tags pushed (empty when none). */
  readonly additionalTags: readonly string[];
  /** Manifest digest (`sha256:…`) of the pushed image, as the registry stores it. */
  readonly digest: string;
  /** `imageName@digest`: the immutable reference downstream deployments should use. */
  readonly repoDigest: string;
  /** Every `imageName:tag` now in the registry at `digest` (pushed now, or found already there). */
  readonly references: readonly string[];
  /** The local image ID that was pushed. */
  readonly pushedImageId: string;
  /** Tags a refresh found missing from the registry; the next `up` pushes them again. */
  readonly missingTags?: readonly string[];
}
