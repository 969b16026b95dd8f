import type { PushCredentials } from "../image-push/inputs";

/** What users give a {@link DockerIndex}, declared once. */
export interface DockerIndexUserInputs {
  /** Repository including the registry the index is written to, e.g. `localhost:5000/team/app`. */
  readonly imageName: string;
  /** Tag to write the index under. @default "latest" */
  readonly tag?: string;
  /** More tags to write the same index under. */
  readonly additionalTags?: readonly string[];
  /**
   * Repo digests (`registry/repo@sha256:…`) of single-platform images in `imageName`'s registry, one per platform
   * (usually `push.repoDigest` of pushes from several build hosts); another repository's image is copied in by mount.
   */
  readonly sources: readonly string[];
  /** Registry credentials; the whole object is stored as a secret. @default resolved like the docker CLI */
  readonly credentials?: PushCredentials;
  /** Leave the registry alone on delete; `false` deletes the index (not the images it names). @default true */
  readonly keepRemotely?: boolean;
}

/** The DockerIndex inputs as the provider receives them: every `pulumi.Input` resolved. */
export type DockerIndexInputs = DockerIndexUserInputs;

/** The DockerIndex state: its inputs plus what writing the index produced. */
export interface DockerIndexOutputs extends DockerIndexInputs {
  /** The tag written. */
  readonly tag: string;
  /** The additional tags written (empty when none). */
  readonly additionalTags: readonly string[];
  /** `imageName:tag`. */
  readonly image: string;
  /** Digest (`sha256:…`) of the OCI image index. */
  readonly digest: string;
  /** `imageName@digest`: the immutable multi-platform reference downstream deployments should use. */
  readonly repoDigest: string;
  /** The platform of each source, `os/arch[/variant]`, in the order of `sources`. */
  readonly platforms: readonly string[];
  /** Every `imageName:tag` now at the index. */
  readonly references: readonly string[];
  /** Tags a refresh found missing from the registry; the next `up` writes them again. */
  readonly missingTags?: readonly string[];
  /**
   * Digests of the manifests a refresh found gone from `imageName`'s repository (the index, or a source's manifest it
   * lists); the next `up` copies a source from another repository in again and writes the index. Absent when none is.
   */
  readonly missingManifests?: readonly string[];
}
