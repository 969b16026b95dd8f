import { isDeepStrictEqual } from "node:util";

/** The value Pulumi passes to dynamic providers for an input that is not known yet (during preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is, or contains, an input that is unknown during preview. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** A copy of `value` without `undefined` object members (the engine's wire format cannot carry them). */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return Object.fromEntries(entries.map(([k, v]) => [k, withoutUndefined(v)])) as T;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

/**
 * Whether an old (state) value and a new input mean the same thing: absent, `null`, `[]` and `{}` are alike, and a
 * new value that is unknown during preview may differ.
 */
export function sameValue(old: unknown, news: unknown): boolean {
  if (isEmpty(old) && isEmpty(news)) return true;
  if (containsUnknown(news)) return false;
  return isDeepStrictEqual(old, news);
}
