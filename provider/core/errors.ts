/** Context carried by every error this library throws. */
export interface DockerStepErrorOptions {
  /** The image reference the failed operation worked on, when there is one. */
  readonly image?: string;
  /** The underlying error. */
  readonly cause?: unknown;
}

/** Base class of every error raised by this library's providers. */
export class DockerStepError extends Error {
  override name = "DockerStepError";
  /** The image reference the failed operation worked on, when there is one. */
  readonly image?: string;

  constructor(message: string, options: DockerStepErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.image = options.image;
  }
}

/** An input property is invalid; `property` names it so the engine can report it against the property. */
export class InputError extends DockerStepError {
  override name = "InputError";
  /** The input property at fault, e.g. `imageName` or `credentials.password`. */
  readonly property: string;

  constructor(property: string, message: string, options: DockerStepErrorOptions = {}) {
    super(message, options);
    this.property = property;
  }
}

/** The Docker engine cannot be reached or refused the connection. */
export class DockerUnavailableError extends DockerStepError {
  override name = "DockerUnavailableError";
}

/** An image build failed: an error event in the build stream, or a stream that ended without an image ID. */
export class BuildError extends DockerStepError {
  override name = "BuildError";
}

/** A push failed: an error event in the push stream, or a push that reported no digest. */
export class PushError extends DockerStepError {
  override name = "PushError";
}

/** An image index could not be made: a source is not a single-platform image, or two give the same platform. */
export class ImageIndexError extends DockerStepError {
  override name = "ImageIndexError";
}

/** A registry rejected the credentials, or no credentials could be resolved where they were required. */
export class RegistryAuthError extends DockerStepError {
  override name = "RegistryAuthError";
}

/** A registry HTTP API call failed for a reason other than authentication. */
export class RegistryError extends DockerStepError {
  override name = "RegistryError";
  /** The HTTP status of the failed call, when a response arrived. */
  readonly status?: number;

  constructor(message: string, options: DockerStepErrorOptions & { readonly status?: number } = {}) {
    super(message, options);
    this.status = options.status;
  }
}

/** A registry could not be reached at all (refused, reset, no answer in time); no HTTP response arrived. */
export class RegistryUnreachableError extends RegistryError {
  override name = "RegistryUnreachableError";
}

/** A registry's TLS certificate could not be verified (unknown CA, wrong host name, expired) or a client certificate was refused. */
export class RegistryTlsError extends RegistryError {
  override name = "RegistryTlsError";
}
