import type { Platform } from "../core/platform";
import { sha256Digest } from "./manifest-requests";

/** The media type of an OCI image index. */
export const OCI_INDEX_MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";

/** One platform's manifest in an image index. */
export interface IndexEntry {
  /** The manifest's digest, `sha256:…`. */
  readonly digest: string;
  /** The manifest's size in bytes. */
  readonly size: number;
  /** The manifest's media type (Docker v2 or OCI image manifest). */
  readonly mediaType: string;
  /** The platform the manifest's image runs on. */
  readonly platform: Platform;
}

/** A serialized image index: its bytes, digest, size and media type. */
export interface ImageIndex {
  /** Always {@link OCI_INDEX_MEDIA_TYPE}. */
  readonly mediaType: string;
  /** The serialized index. */
  readonly bytes: Buffer;
  /** `sha256:…` of the bytes. */
  readonly digest: string;
  /** The number of bytes. */
  readonly size: number;
}

/**
 * An OCI image index over `entries`, in their order, serialized deterministically (fixed key order, no spaces), so the
 * same entries always give the same digest.
 */
export function imageIndex(entries: readonly IndexEntry[]): ImageIndex {
  const manifests = entries.map(({ mediaType, digest, size, platform }) => ({
    mediaType,
    digest,
    size,
    platform: {
      architecture: platform.architecture,
      os: platform.os,
      ...(platform.variant === undefined ? {} : { variant: platform.variant }),
    },
  }));
  const bytes = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX_MEDIA_TYPE, manifests }), "utf8");
  return { mediaType: OCI_INDEX_MEDIA_TYPE, bytes, digest: sha256Digest(bytes), size: bytes.length };
}
