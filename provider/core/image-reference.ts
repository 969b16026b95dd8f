/**
 * Docker image references, parsed and validated with the grammar of the distribution reference library:
 * `[registry[:port]/]path-component[/path-component...][:tag][@digest]`.
 */

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const PORT = /^[0-9]+$/;
const TAG = /^[\w][\w.-]{0,127}$/;
/** The longest repository path (after `library/` is added for Docker Hub), as distribution/reference allows. */
const MAX_PATH_LENGTH = 255;
/** An image ID's hex: distribution/reference refuses a name that is exactly this, so that it is never taken for one. */
const IMAGE_ID_HEX = /^[a-f0-9]{64}$/;
/** A bracketed IPv6 address as distribution/reference reads one: hex digits and colons only (no zone). */
const IPV6_HOST = /^\[[a-fA-F0-9:]+\]$/;

/** The registry Docker uses when a name has no registry part. */
export const DOCKER_HUB = "docker.io";
/** The key under which the docker CLI stores Docker Hub credentials in config.json. */
export const DOCKER_HUB_AUTH_KEY = "https://index.docker.io/v1/";

/** A repository name split into its registry and path. */
export interface Repository {
  /** Registry host with optional port, e.g. `localhost:5000`; `docker.io` when the name has none. */
  readonly registry: string;
  /** Repository path inside the registry, e.g. `team/app` (`library/` is added for Docker Hub official images). */
  readonly path: string;
  /** The name exactly as given. */
  readonly name: string;
}

function isDomain(part: string): boolean {
  if (part.startsWith("[")) {
    const end = part.indexOf("]");
    if (end < 0 || !IPV6_HOST.test(part.slice(0, end + 1))) return false;
    const rest = part.slice(end + 1);
    return rest === "" || (rest.startsWith(":") && PORT.test(rest.slice(1)));
  }
  const [host, port, extra] = part.split(":");
  if (extra !== undefined || host === undefined || host === "") return false;
  if (port !== undefined && !PORT.test(port)) return false;
  return host.split(".").every((c) => DOMAIN_COMPONENT.test(c));
}

function looksLikeDomain(first: string): boolean {
  return first.includes(".") || first.includes(":") || first === "localhost" || first !== first.toLowerCase();
}

/**
 * Explains why `name` is not a valid repository name (registry and path, without tag or digest), or returns
 * `undefined` when it is valid.
 */
export function repositoryProblem(name: string): string | undefined {
  if (name === "") return "must not be empty";
  if (IMAGE_ID_HEX.test(name)) return "must not be 64 hexadecimal characters, which Docker reads as an image ID";
  if (name.includes("@")) return "must not contain a digest (@sha256:...); give the repository only";
  const parts = name.split("/");
  const first = parts[0] ?? "";
  let pathParts = parts;
  if (parts.length > 1 && looksLikeDomain(first)) {
    if (!isDomain(first)) return `has an invalid registry host "${first}"`;
    pathParts = parts.slice(1);
  }
  const last = pathParts[pathParts.length - 1] ?? "";
  if (last.includes(":")) return "must not contain a tag; put the tag in the `tag` input";
  for (const component of pathParts) {
    if (!PATH_COMPONENT.test(component)) {
      return `has an invalid path component "${component}" (lowercase letters, digits and single separators . _ __ - only)`;
    }
  }
  const { path } = parseRepository(name);
  if (path.length > MAX_PATH_LENGTH) {
    return `has a repository path of ${path.length} characters (${path}); at most ${MAX_PATH_LENGTH} are allowed`;
  }
  return undefined;
}

/** Explains why `tag` is not a valid Docker tag, or returns `undefined` when it is valid. */
export function tagProblem(tag: string): string | undefined {
  if (TAG.test(tag)) return undefined;
  return "must be 1 to 128 characters of letters, digits, '_', '.' and '-', not starting with '.' or '-'";
}

/** Splits a repository name (already validated) into registry and path, the way the Docker engine resolves it. */
export function parseRepository(name: string): Repository {
  const parts = name.split("/");
  const first = parts[0] ?? "";
  const hasDomain = parts.length > 1 && looksLikeDomain(first);
  const registry = hasDomain ? normalizeRegistry(first) : DOCKER_HUB;
  const rest = hasDomain ? parts.slice(1) : parts;
  const path = registry === DOCKER_HUB && rest.length === 1 ? `library/${rest[0]}` : rest.join("/");
  return { registry, path, name };
}

/** Normalises a registry address as users write it (`https://host:port/`, `index.docker.io`) to a bare host[:port]. */
export function normalizeRegistry(address: string): string {
  const host = address
    .trim()
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/.*$/, "");
  if (
    host === "docker.io" ||
    host === "index.docker.io" ||
    host === "registry-1.docker.io" ||
    host === "registry.hub.docker.com"
  ) {
    return DOCKER_HUB;
  }
  return host;
}

/** `name:tag`. */
export function withTag(name: string, tag: string): string {
  return `${name}:${tag}`;
}

/**
 * An image reference as a value: registry, repository path, tag and digest, parsed once from a validated repository
 * name, with Docker Hub normalised; formats itself the way the engine and the docker CLI write references.
 */
export class ImageReference {
  /** Registry host[:port], `docker.io` for Docker Hub. */
  readonly registry: string;
  /** Repository path inside the registry (`library/` added for Docker Hub official images). */
  readonly repository: string;

  private constructor(
    /** The repository name exactly as the user gave it, e.g. `localhost:5000/team/app`. */
    readonly name: string,
    /** The tag, when the reference has one. */
    readonly tag?: string,
    /** The manifest digest (`sha256:…`), when the reference has one. */
    readonly digest?: string,
  ) {
    const { registry, path } = parseRepository(name);
    this.registry = registry;
    this.repository = path;
  }

  /** The reference to a repository name (already validated by check), optionally with a tag. */
  static of(name: string, tag?: string): ImageReference {
    return new ImageReference(name, tag);
  }

  /** A `name:tag` as the engine lists it in `RepoTags` (`latest` when it has no tag). */
  static parseTagged(reference: string): ImageReference {
    const colon = reference.lastIndexOf(":");
    if (colon < 0 || reference.lastIndexOf("/") > colon) return new ImageReference(reference, "latest");
    return new ImageReference(reference.slice(0, colon), reference.slice(colon + 1));
  }

  /** `registry/repository:tag`, so that `app:dev`, `docker.io/library/app:dev` and the engine's `RepoTags` compare alike. */
  get canonical(): string {
    return `${this.registry}/${this.repository}:${this.tag ?? "latest"}`;
  }

  /** The same repository at `tag`. */
  withTag(tag: string): ImageReference {
    return new ImageReference(this.name, tag);
  }

  /** The same repository at `digest`. */
  withDigest(digest: string): ImageReference {
    return new ImageReference(this.name, undefined, digest);
  }

  /** The key the docker CLI stores this registry's credentials under (Docker Hub's legacy URL, else host[:port]). */
  get credentialKey(): string {
    return this.registry === DOCKER_HUB ? DOCKER_HUB_AUTH_KEY : this.registry;
  }

  /** The digests among an image's `RepoDigests` (`name@sha256:…`) that belong to this repository. */
  digestsIn(repoDigests: readonly string[]): string[] {
    const prefix = `${this.name}@`;
    return repoDigests.filter((d) => d.startsWith(prefix)).map((d) => d.slice(prefix.length));
  }

  /** `name`, `name:tag` or `name@digest`, as written in the inputs. */
  toString(): string {
    if (this.digest !== undefined) return `${this.name}@${this.digest}`;
    return this.tag === undefined ? this.name : withTag(this.name, this.tag);
  }
}
