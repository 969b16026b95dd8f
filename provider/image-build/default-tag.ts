import slugify from "slugify";

/** A tag made from the current UTC time, as prefect-docker's build step does: `2026-11-28t20-04-30-900z`. */
export function timestampTag(now: Date = new Date()): string {
  return slugify(now.toISOString().replace(/[:.]/g, "-"), { lower: true, strict: true });
}
