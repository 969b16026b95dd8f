import { closestMatch } from "../core/edit-distance";

/** A check of one `buildOptions` value: the expected form when the value does not fit, else `undefined`. */
type ValueCheck = (value: unknown) => string | undefined;

const integer =
  (min: number): ValueCheck =>
  (value) => {
    const n = typeof value === "string" && /^-?\d+$/.test(value) ? Number(value) : value;
    return Number.isSafeInteger(n) && (n as number) >= min ? undefined : `a whole number${min >= 0 ? " ≥ 0" : ""}`;
  };
const bytes: ValueCheck = (value) =>
  integer(0)(value) === undefined ? undefined : "a number of bytes, e.g. 1073741824";
const swapBytes: ValueCheck = (value) =>
  integer(-1)(value) === undefined ? undefined : "a number of bytes (memory + swap), or -1 for unlimited swap";
const flag: ValueCheck = (value) => (typeof value === "boolean" ? undefined : "true or false");
const alwaysOn: ValueCheck = (value) =>
  value === true ? undefined : "true, or left out: this library always removes intermediate containers";
const text: ValueCheck = (value) => (typeof value === "string" ? undefined : "a string");
const cpuSet: ValueCheck = (value) =>
  typeof value === "string" && /^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(value) ? undefined : 'a CPU list like "0-3" or "0,2"';
const oneOf =
  (...values: string[]): ValueCheck =>
  (value) =>
    typeof value === "string" && values.includes(value)
      ? undefined
      : `one of ${values.map((v) => `"${v}"`).join(", ")}`;
const jsonList: ValueCheck = (value) => {
  try {
    if (typeof value === "string" && Array.isArray(JSON.parse(value))) return undefined;
  } catch {
    // not JSON
  }
  return 'a JSON list as a string, e.g. \'[{"Name":"nofile","Soft":1024,"Hard":2048}]\'';
};

/**
 * The Engine API `/build` query parameters that `buildOptions` passes through (those without a typed input), each with
 * a check of its value. Names are case-sensitive, as the engine reads them.
 */
export const BUILD_OPTION_CHECKS: Readonly<Record<string, ValueCheck>> = {
  memory: bytes,
  memswap: swapBytes,
  cpushares: integer(0),
  cpuperiod: integer(0),
  cpuquota: integer(0),
  cpusetcpus: cpuSet,
  cpusetmems: cpuSet,
  cgroupparent: text,
  q: flag,
  rm: alwaysOn,
  forcerm: alwaysOn,
  squash: flag,
  isolation: oneOf("default", "process", "hyperv"),
  ulimits: jsonList,
  outputs: text,
  version: oneOf("1", "2"),
  session: text,
  buildid: text,
};

/** The known `buildOptions` name closest to `key` (ignoring case), when one is close enough to be a likely typo. */
export function closestBuildOption(key: string): string | undefined {
  return closestMatch(key, Object.keys(BUILD_OPTION_CHECKS));
}
