import type { DockerConnection } from "../engine/connection";

/** Credentials for a registry that base images are pulled from during a build. */
export interface RegistryCredential {
  /** Registry host, e.g. `registry.example.com` or `localhost:5001`. */
  readonly address: string;
  /** User name. */
  readonly username: string;
  /** Password or token (secret). */
  readonly password: string;
}

/** The DockerBuild inputs as the provider receives them: every `pulumi.Input` resolved to a plain value. */
export interface DockerBuildInputs {
  /** Repository including the registry, e.g. `localhost:5000/team/app`, without tag or digest. */
  readonly imageName: string;
  /** Tag to apply; when absent a slugified UTC timestamp is chosen at build time. */
  readonly tag?: string;
  /** More tags to apply to the same image. */
  readonly additionalTags?: readonly string[];
  /** Build context folder, relative to the program's working directory. @default "." */
  readonly context?: string;
  /** Dockerfile path relative to the context, or `"auto"` to generate one. @default "Dockerfile" */
  readonly dockerfile?: string;
  /** Base image of a generated Dockerfile (`dockerfile: "auto"` only). @default "node:lts-slim" */
  readonly baseImage?: string;
  /** Build-time variables (`--build-arg`). */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Stage to build (`--target`). */
  readonly target?: string;
  /** Target platform, e.g. `linux/amd64` (`--platform`). */
  readonly platform?: string;
  /** Labels to set on the image (`--label`), merged with this library's own label. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Images to use as cache sources (`--cache-from`). */
  readonly cacheFrom?: readonly string[];
  /** Always attempt to pull newer versions of the base images (`--pull`). @default false */
  readonly pull?: boolean;
  /** Do not use the build cache (`--no-cache`). @default false */
  readonly noCache?: boolean;
  /** Network mode for RUN instructions (`--network`). */
  readonly network?: string;
  /** Extra `/etc/hosts` entries as `host:ip` (`--add-host`). */
  readonly extraHosts?: readonly string[];
  /** Size of `/dev/shm` in bytes (`--shm-size`). */
  readonly shmSize?: number;
  /** Other Engine API `/build` query parameters, e.g. `memory`; check refuses unknown keys and wrong types. */
  readonly buildOptions?: Readonly<Record<string, string | number | boolean>>;
  /** Credentials for registries base images are pulled from (sent as X-Registry-Config). */
  readonly registries?: readonly RegistryCredential[];
  /** Rebuild on every `pulumi up`, like the seed's `ignore_cache`. @default false */
  readonly ignoreCache?: boolean;
  /** Arbitrary values; any change forces a rebuild. */
  readonly triggers?: readonly unknown[];
  /** Keep the image's tags on the engine when the resource is deleted. @default false */
  readonly keepLocally?: boolean;
  /** Docker engine connection. @default the environment (`DOCKER_HOST`, …) */
  readonly docker?: DockerConnection;
  /** Digest of the Dockerfile and every file sent in the context; computed by `check`. */
  readonly contextDigest?: string;
}

/** The DockerBuild state: its inputs plus what the build produced. */
export interface DockerBuildOutputs extends DockerBuildInputs {
  /** The tag applied (the input, or the generated timestamp tag). */
  readonly tag: string;
  /** True when `tag` was generated because no tag was given. */
  readonly tagGenerated: boolean;
  /** `imageName:tag`. */
  readonly image: string;
  /** Image ID (`sha256:…`) reported by the build. */
  readonly imageId: string;
  /** The additional tags applied (empty when none). */
  readonly additionalTags: readonly string[];
  /** Absolute path of the build context that was sent. */
  readonly resolvedContext: string;
  /** Absolute path of the Dockerfile used, or `"auto"` for a generated one. */
  readonly resolvedDockerfile: string;
  /** The generated Dockerfile text when `dockerfile` is `"auto"`. */
  readonly generatedDockerfile?: string;
  /** Digest of the Dockerfile and every file sent in the context. */
  readonly contextDigest: string;
}
