import * as pulumi from "@pulumi/pulumi";
import type { DockerConnection } from "./engine/connection";
import { serializedProvider } from "./core/serialized-provider";
import type { DockerBuildInputs, DockerBuildOutputs } from "./image-build/inputs";

/** Credentials for a registry that base images are pulled from; each field may be an Output (e.g. a secret). */
export interface RegistryCredentialArgs {
  /** Registry host, e.g. `registry.example.com` or `localhost:5001`. */
  readonly address: pulumi.Input<string>;
  /** User name. */
  readonly username: pulumi.Input<string>;
  /** Password or token. */
  readonly password: pulumi.Input<string>;
}

/** Arguments of a {@link DockerBuild}; the names follow prefect-docker's `build_docker_image` step. */
export interface DockerBuildArgs {
  /** Repository including the registry, e.g. `localhost:5000/team/app`, without tag or digest. */
  readonly imageName: pulumi.Input<string>;
  /** Tag to apply. @default a slugified UTC timestamp chosen at build time, stable until the next rebuild */
  readonly tag?: pulumi.Input<string>;
  /** More tags to apply to the same image. */
  readonly additionalTags?: pulumi.Input<pulumi.Input<string>[]>;
  /** Build context folder, relative to the program's working directory. @default "." */
  readonly context?: pulumi.Input<string>;
  /** Dockerfile path relative to the context (may lie outside it), or `"auto"` to generate one. @default "Dockerfile" */
  readonly dockerfile?: pulumi.Input<string>;
  /** Base image of the generated Dockerfile (`dockerfile: "auto"` only). @default "node:lts-slim" */
  readonly baseImage?: pulumi.Input<string>;
  /** Build-time variables, as `docker build --build-arg`. */
  readonly buildArgs?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Stage of a multi-stage Dockerfile to build, as `--target`. */
  readonly target?: pulumi.Input<string>;
  /** Target platform such as `linux/amd64`, as `--platform`. */
  readonly platform?: pulumi.Input<string>;
  /** Image labels, as `--label`; this library adds `dev.pulumi-docker-dynamic.version`. */
  readonly labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Images to consider as cache sources, as `--cache-from`. */
  readonly cacheFrom?: pulumi.Input<pulumi.Input<string>[]>;
  /** Always try to pull newer base images, as `--pull`. @default false */
  readonly pull?: pulumi.Input<boolean>;
  /** Build without the cache, as `--no-cache`. @default false */
  readonly noCache?: pulumi.Input<boolean>;
  /** Network mode for RUN instructions, as `--network`. */
  readonly network?: pulumi.Input<string>;
  /** Extra `/etc/hosts` entries as `host:ip`, as `--add-host`. */
  readonly extraHosts?: pulumi.Input<pulumi.Input<string>[]>;
  /** Size of `/dev/shm` in bytes, as `--shm-size`. */
  readonly shmSize?: pulumi.Input<number>;
  /** Other Engine API `/build` query parameters (the seed's `**build_kwargs`), e.g. `memory`; check refuses unknown keys and wrong types. */
  readonly buildOptions?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  /** Credentials for registries that base images are pulled from; stored as a secret. */
  readonly registries?: pulumi.Input<pulumi.Input<RegistryCredentialArgs>[]>;
  /** Rebuild on every `pulumi up` (the seed's `ignore_cache`). @default false */
  readonly ignoreCache?: pulumi.Input<boolean>;
  /** Arbitrary values; any change forces a rebuild. */
  readonly triggers?: pulumi.Input<unknown[]>;
  /** Keep the tags on the engine when the resource is deleted. @default false */
  readonly keepLocally?: pulumi.Input<boolean>;
  /** Docker engine connection; stored as a secret. @default the environment (`DOCKER_HOST`, …) */
  readonly docker?: pulumi.Input<DockerConnection>;
}

/** Written into the state as a few lines: it loads `image-build/docker-build-provider` in the provider process. */
const dockerBuildProvider = serializedProvider<DockerBuildInputs, DockerBuildOutputs>(
  require.resolve("./image-build/docker-build-provider"),
  "dockerBuildProvider",
);

/**
 * Builds a Docker image through the Docker Engine API and tags it.
 *
 * - create: sends the context (honouring `.dockerignore`), streams the build log, tags `tag` and `additionalTags`.
 * - update: rebuilds when the context digest, the Dockerfile, a build input or `triggers` change (or always with
 *   `ignoreCache`); re-tags only when just the tags changed; never rebuilds for credentials or a new library version.
 * - replace: only when `imageName` changes.
 * - every preview and update asks the engine (one image inspect) whether the image and its tags are still there: an
 *   image gone from the engine is pulled back when its registry still serves that very image, else rebuilt; a removed
 *   tag is put back.
 * - refresh: reports (in the log) when the image or a tag is missing from the engine, and keeps the state; fails with
 *   a DockerUnavailableError naming the engine when the engine cannot be reached (the state is left as it was).
 * - a build cut off by its engine (crash, restart) fails with a DockerUnavailableError naming the engine; the next
 *   build on that engine removes the intermediate containers the cut-off build left.
 * - delete: removes the tags it applied unless `keepLocally`; never force-removes an image a container uses. Tags
 *   and images are removed only while no build of this library runs on the same engine from this machine.
 */
export class DockerBuild extends pulumi.dynamic.Resource {
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

  constructor(name: string, args: DockerBuildArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      registries: args.registries === undefined ? undefined : pulumi.secret(args.registries),
      docker: args.docker === undefined ? undefined : pulumi.secret(args.docker),
      tag: args.tag,
      additionalTags: args.additionalTags,
      image: undefined,
      imageId: undefined,
      contextDigest: undefined,
      resolvedContext: undefined,
      resolvedDockerfile: undefined,
      generatedDockerfile: undefined,
    };
    super(
      dockerBuildProvider,
      name,
      props,
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "registries", "docker"],
      },
      "docker",
      "DockerBuild",
    );
  }
}
