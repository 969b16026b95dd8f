import type { PlatformImage } from "../core/platform";

export type { PlatformImage };
import type { BuilderKind } from "../engine/builder-kind";
import type { DockerConnection } from "../engine/docker-connection";
import type { DockerfileInput } from "../build-context/dockerfile-input";

/** Credentials for a registry that base images are pulled from during a build. */
export interface RegistryCredential {
  /** Registry host, e.g. `registry.example.com` or `localhost:5001`. */
  readonly address: string;
  /** User name. */
  readonly username: string;
  /** Password or token. */
  readonly password: string;
}

/** An SSH agent a build may use through `RUN --mount=type=ssh` (as `docker build --ssh id=socket`). */
export interface SshAgentForward {
  /** The id a Dockerfile names in `RUN --mount=type=ssh,id=…`. @default "default" */
  readonly id?: string;
  /** The agent's socket, as a one-element list (the docker CLI's form). @default [the `SSH_AUTH_SOCK` agent] */
  readonly paths?: readonly string[];
}

/** What users give a {@link DockerBuild}, declared once; the names follow prefect-docker's `build_docker_image` step. */
export interface DockerBuildUserInputs {
  /** Repository including the registry, e.g. `localhost:5000/team/app`, without tag or digest. */
  readonly imageName: string;
  /** Tag to apply. @default a slugified UTC timestamp chosen at build time, stable until the next rebuild */
  readonly tag?: string;
  /** More tags to apply to the same image. */
  readonly additionalTags?: readonly string[];
  /**
   * Build context: a folder relative to the program's working directory, or a remote context the engine fetches
   * itself: a git repository (`https://host/repo.git#ref:subdir`, `git://…`, `git@host:repo.git`) or an http(s) URL of
   * a tarball. A remote context rebuilds when its commit (`git ls-remote`) or the tarball's content changes. @default "."
   */
  readonly context?: string;
  /**
   * Dockerfile path relative to the context (may lie outside it; inside a remote context: its path there), `"auto"` to
   * generate one, or `{ inline: "FROM …" }` for a Dockerfile written in the program. @default "Dockerfile"
   */
  readonly dockerfile?: DockerfileInput;
  /** Base image of the generated Dockerfile (`dockerfile: "auto"` only). @default "node:lts-slim" */
  readonly baseImage?: string;
  /** Build-time variables, as `docker build --build-arg`. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Stage of a multi-stage Dockerfile to build, as `--target`. */
  readonly target?: string;
  /**
   * Target platform such as `linux/amd64`, as `--platform`: read as Docker reads it and sent normalised
   * (`linux/aarch64` as `linux/arm64`); a lone OS or architecture (`arm64`) is sent as written, for the engine to
   * complete with its own.
   */
  readonly platform?: string;
  /**
   * Build one image per platform (`os/arch[/variant]`, e.g. `["linux/amd64", "linux/arm64"]`, each read as Docker
   * reads it: `linux/aarch64` is `linux/arm64`, and two spellings of one platform fail check), in parallel, each
   * tagged `<tag>-<os>-<arch>[-<variant>]` of the normalised platform on the engine; `tag` and `additionalTags` go to
   * the engine's own platform's image (else the first one's). BuildKit only; not together with `platform`. Changing
   * what it means rebuilds; another spelling of the same platforms only updates the state. RUN steps of a platform
   * other than the engine's need emulation (binfmt_misc + qemu) on the engine's host.
   */
  readonly platforms?: readonly string[];
  /** Image labels, as `--label`; this library adds `dev.pulumi-docker-dynamic.version`. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Images to consider as cache sources, as `--cache-from`. */
  readonly cacheFrom?: readonly string[];
  /** Always try to pull newer base images, as `--pull`. @default false */
  readonly pull?: boolean;
  /** Build without the cache, as `--no-cache`. @default false */
  readonly noCache?: boolean;
  /** Network mode for RUN instructions, as `--network`. */
  readonly network?: string;
  /** Extra `/etc/hosts` entries as `host:ip`, as `--add-host`. */
  readonly extraHosts?: readonly string[];
  /** Size of `/dev/shm` in bytes, as `--shm-size`. */
  readonly shmSize?: number;
  /** Other Engine API `/build` query parameters (prefect-docker's `**build_kwargs`), e.g. `memory`; check refuses unknown keys and wrong types. */
  readonly buildOptions?: Readonly<Record<string, string | number | boolean>>;
  /** Credentials for registries that base images are pulled from (sent as X-Registry-Config); stored as a secret. */
  readonly registries?: readonly RegistryCredential[];
  /**
   * The engine's builder: `"buildkit"` (cache and secret mounts, SSH forwarding, parallel stages) or the legacy
   * `"classic"` one. Changing it rebuilds. @default "buildkit" when the engine has it (API 1.39+ on Linux), else "classic"
   */
  readonly builder?: BuilderKind;
  /**
   * Build secrets by id for `RUN --mount=type=secret,id=…` (BuildKit only); stored as a secret, never written into the
   * image, the log or plain state. A new value alone does not rebuild, nor does BuildKit's cache depend on it: give a
   * version of it in `buildArgs` (an `ARG` the step sees) to build with a new value.
   */
  readonly secrets?: Readonly<Record<string, string>>;
  /** SSH agents for `RUN --mount=type=ssh` (BuildKit only), as `docker build --ssh`. */
  readonly ssh?: readonly SshAgentForward[];
  /** `"inline"` writes BuildKit cache metadata into the image so later builds can use it in `cacheFrom`. */
  readonly cacheTo?: "inline";
  /** Rebuild on every `pulumi up` (prefect-docker's `ignore_cache`). @default false */
  readonly ignoreCache?: boolean;
  /** Arbitrary values; any change forces a rebuild. */
  readonly triggers?: readonly unknown[];
  /** Keep the tags on the engine when the resource is deleted. @default false */
  readonly keepLocally?: boolean;
  /**
   * Docker engine connection: `host` with its TLS fields, or a docker `context`; stored as a secret. @default resolved
   * like the docker CLI (`DOCKER_HOST`, `DOCKER_CONTEXT`, the config's current context, the default socket)
   */
  readonly docker?: DockerConnection;
}

/** The DockerBuild inputs as the provider receives them: every `pulumi.Input` resolved, plus what `check` adds. */
export interface DockerBuildInputs extends DockerBuildUserInputs {
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
  /** Absolute path of the Dockerfile used, `"auto"` for a generated one, `"inline"` for an inline one (a remote context: its path there). */
  readonly resolvedDockerfile: string;
  /** The generated Dockerfile text when `dockerfile` is `"auto"`. */
  readonly generatedDockerfile?: string;
  /** Digest of the Dockerfile and every file sent in the context. */
  readonly contextDigest: string;
  /** The builder that built the image (absent in states written before builders could be chosen: classic). */
  readonly resolvedBuilder?: BuilderKind;
  /** The image of each of `platforms`, in their order (absent without `platforms`). */
  readonly platformImages?: readonly PlatformImage[];
  /**
   * The engine address the image is on (`unix://…`, `tcp://host:port`, `ssh://…`; never TLS material): refresh and
   * delete go there (absent in states written before it was recorded: they use the current resolution).
   */
  readonly engineHost?: string;
}
