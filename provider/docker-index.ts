import * as pulumi from "@pulumi/pulumi";
import { urnInput } from "./core/resource-urn";
import { DynamicResource, serializedProvider } from "./core/serialized-provider";
import type { ResourceArgs } from "./core/resource-args";
import type { DockerIndexUserInputs } from "./image-index/inputs";

/** Arguments of a {@link DockerIndex}: the plain inputs, each a `pulumi.Input`. */
export type DockerIndexArgs = ResourceArgs<DockerIndexUserInputs>;

/**
 * Written into the state as a few lines (`__provider`): it loads `image-index/docker-index-provider` in the provider
 * process.
 */
const dockerIndexProvider = serializedProvider(
  require.resolve("./image-index/docker-index-provider"),
  "dockerIndexProvider",
);

/**
 * Writes an OCI image index over single-platform images already in a registry (e.g. pushed from several build hosts),
 * so one tag serves every platform.
 *
 * - create: reads each source's manifest and config for its platform (two of one platform fail), copies a source from
 *   another repository of the registry in by blob mounts, and writes the index under `tag` and `additionalTags`.
 * - update: writes again when `sources` or the tags change; new credentials or `keepRemotely` only update the state,
 *   removed ones too: the state afterwards holds exactly the program's inputs.
 * - replace: only when `imageName` changes.
 * - refresh: checks each tag still resolves to the index, and that the index and each source's manifest are still in
 *   `imageName`'s repository (by digest); the next `up` writes again what is missing.
 * - delete: leaves the registry alone unless `keepRemotely: false`, then deletes the index by digest (not the images).
 */
export class DockerIndex extends DynamicResource {
  /** Repository including the registry. */
  declare readonly imageName: pulumi.Output<string>;
  /** The tag written. */
  declare readonly tag: pulumi.Output<string>;
  /** `imageName:tag`. */
  declare readonly image: pulumi.Output<string>;
  /** The additional tags written. */
  declare readonly additionalTags: pulumi.Output<string[]>;
  /** Digest (`sha256:…`) of the image index. */
  declare readonly digest: pulumi.Output<string>;
  /** `imageName@digest`: the immutable multi-platform reference. */
  declare readonly repoDigest: pulumi.Output<string>;
  /** The platform of each source, in the order of `sources`. */
  declare readonly platforms: pulumi.Output<string[]>;
  /** Every `imageName:tag` now at the index. */
  declare readonly references: pulumi.Output<string[]>;
  /** Tags a refresh found missing from the registry (written again by the next `up`). */
  declare readonly missingTags: pulumi.Output<string[]>;
  /** Digests of the index or source manifests a refresh found gone from the repository (written again by the next `up`). */
  declare readonly missingManifests: pulumi.Output<string[] | undefined>;

  constructor(name: string, args: DockerIndexArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      ...urnInput(name, "DockerIndex", opts),
      credentials: args.credentials === undefined ? undefined : pulumi.secret(args.credentials),
      tag: args.tag,
      additionalTags: args.additionalTags,
      image: undefined,
      digest: undefined,
      repoDigest: undefined,
      platforms: undefined,
      references: undefined,
      missingTags: undefined,
      missingManifests: undefined,
    };
    super(
      dockerIndexProvider,
      name,
      props,
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "credentials"] },
      "docker",
      "DockerIndex",
    );
  }
}
