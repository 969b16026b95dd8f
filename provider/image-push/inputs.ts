import type { PlatformImage } from "../core/platform";

export type { PlatformImage };
import type { DockerConnection } from "../engine/docker-connection";

/**
 * Registry credentials for a push (prefect-docker's `credentials` block, camel-cased), and how far to trust the
 * registry's TLS; each field may be an Output. Give username and password together, or neither (then `docker login`'s
 * credentials are used and only `caCert` / `insecure` apply).
 */
export interface PushCredentials {
  /** User name for the registry. */
  readonly username?: string;
  /** Password or access token. */
  readonly password?: string;
  /**
   * PEM of the CA certificate(s) that signed the registry's certificate, trusted by this library's own registry calls
   * besides this machine's CAs, `NODE_EXTRA_CA_CERTS` and `/etc/docker/certs.d/<host:port>/*.crt`. The engine does not
   * see it: it reads certs.d.
   */
  readonly caCert?: string;
  /**
   * Talk to this registry over plain HTTP, or over HTTPS without verifying its certificate (HTTPS first). The engine
   * must list the registry in its `insecure-registries` too. Loopback registries need no flag. @default false
   */
  readonly insecure?: boolean;
  /** The registry the credentials are for. @default the registry in `imageName` */
  readonly registryUrl?: string;
  /** Accepted for parity with prefect-docker; every push authenticates afresh, so it changes nothing. */
  readonly reauth?: boolean;
}

/** The manifest digest one platform's image was pushed at. */
export interface PlatformDigest {
  /** The platform, `os/arch[/variant]`, as given in `platformImages`. */
  readonly platform: string;
  /** Manifest digest (`sha256:…`) of that platform's image in the registry. */
  readonly digest: string;
}

/** What users give a {@link DockerPush}, declared once; the names follow prefect-docker's `push_docker_image` step. */
export interface DockerPushUserInputs {
  /** Repository including the registry, e.g. `localhost:5000/team/app` (usually `build.imageName`). */
  readonly imageName: string;
  /** Tag to push (usually `build.tag`). @default "latest" */
  readonly tag?: string;
  /** More tags to push (usually `build.additionalTags`). */
  readonly additionalTags?: readonly string[];
  /** Registry credentials; the whole object is stored as a secret. @default resolved like the docker CLI */
  readonly credentials?: PushCredentials;
  /**
   * An image on the engine to push, by ID or reference (e.g. `build.imageId` or `build.image`): the push tags it as
   * `imageName:tag` and each additional tag on the engine, then pushes those, so one build can go to several
   * registries or repositories; a new image behind it re-pushes. Without it, the tags a build made are pushed.
   */
  readonly source?: string;
  /** The local image ID expected behind the tag (usually `build.imageId`): a new ID re-pushes even a fixed tag. */
  readonly imageId?: string;
  /**
   * The images of a multi-platform build (usually `build.platformImages`): each platform tag is pushed, then an OCI
   * image index over them is written under `tag` and `additionalTags`; `imageId` is then not used.
   */
  readonly platformImages?: readonly PlatformImage[];
  /** Leave the registry alone on delete; `false` deletes the pushed manifest (an index and its platform images). @default true */
  readonly keepRemotely?: boolean;
  /**
   * Docker engine connection: `host` with its TLS fields, or a docker `context`; stored as a secret. @default resolved
   * like the docker CLI (`DOCKER_HOST`, `DOCKER_CONTEXT`, the config's current context, the default socket)
   */
  readonly docker?: DockerConnection;
}

/** The DockerPush inputs as the provider receives them: every `pulumi.Input` resolved, plus what `check` adds. */
export interface DockerPushInputs extends DockerPushUserInputs {
  /** The image ID the local tag (or `source`) pointed at when `check` ran (when `imageId` is not given). */
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
  /** The local image ID that was pushed (with `platformImages`: `imageId`, else the first platform's image). */
  readonly pushedImageId: string;
  /** With `platformImages`: the manifest digest of each platform's image, in the order given; `digest` is the index. */
  readonly platformDigests?: readonly PlatformDigest[];
  /** Tags a refresh found missing from the registry; the next `up` pushes them again. */
  readonly missingTags?: readonly string[];
  /**
   * With `platformImages`: digests of the manifests a refresh found gone from the registry (the index, or a platform's
   * manifest it lists, deleted by digest while every tag may still be there); the next `up` pushes them again. Absent
   * when none is.
   */
  readonly missingManifests?: readonly string[];
  /** The engine address the last push went through (never TLS material; absent in states written before it was recorded). */
  readonly engineHost?: string;
  /** With `source`: the `imageName:tag` references this push added on the engine (removed again on delete). */
  readonly engineTags?: readonly string[];
}
