/**
 * The `--flags` of Dockerfile instructions as BuildKit's instruction parser checks them before building
 * (`instructions/bflag.go`, the RUN flag hooks, HEALTHCHECK's durations): which flags each instruction takes, what kind
 * of value each needs, and the values BuildKit refuses while parsing. Each check returns what is wrong, or undefined.
 */

import { closest, cut, goLower, parseGoBool, parseGoDuration, parseGoInt32 } from "./go-text";

/** A flag's kind of value: a boolean (`--link`, `--link=false`), a string, or a string that may be repeated. */
export type FlagKind = "bool" | "string" | "strings";

/** The flags an instruction takes, by name. */
export type FlagSpec = ReadonlyMap<string, FlagKind>;

/** The flags of each instruction that takes some (every other instruction takes none). */
export const INSTRUCTION_FLAGS: Readonly<Record<string, FlagSpec>> = {
  ADD: new Map<string, FlagKind>([
    ["chown", "string"],
    ["chmod", "string"],
    ["link", "bool"],
    ["keep-git-dir", "bool"],
    ["checksum", "string"],
    ["unpack", "bool"],
    ["exclude", "strings"],
  ]),
  COPY: new Map<string, FlagKind>([
    ["chown", "string"],
    ["from", "string"],
    ["chmod", "string"],
    ["link", "bool"],
    ["exclude", "strings"],
    ["parents", "bool"],
  ]),
  FROM: new Map<string, FlagKind>([["platform", "string"]]),
  RUN: new Map<string, FlagKind>([
    ["mount", "strings"],
    ["network", "string"],
    ["security", "string"],
    ["device", "strings"],
  ]),
  HEALTHCHECK: new Map<string, FlagKind>([
    ["interval", "string"],
    ["timeout", "string"],
    ["start-period", "string"],
    ["start-interval", "string"],
    ["retries", "string"],
  ]),
};

const NO_FLAGS: FlagSpec = new Map();

/** The values of the flags given, by name (a repeated `strings` flag has several). */
export type FlagValues = ReadonlyMap<string, readonly string[]>;

/** Checks `flags` against what `instruction` takes (BFlags.Parse): the values, or what is wrong. */
export function parseFlags(instruction: string, flags: readonly string[]): { values: FlagValues } | { error: string } {
  const spec = INSTRUCTION_FLAGS[instruction] ?? NO_FLAGS;
  const values = new Map<string, string[]>();
  for (const flag of flags) {
    if (flag === "--") break;
    if (!flag.startsWith("--")) return { error: `${instruction} flag ${flag} must start with --` };
    const [flagName, value, hasValue] = cut(flag, "=");
    const name = flagName.slice(2);
    const kind = spec.get(name);
    if (kind === undefined) {
      const hint = closest(name, [...spec.keys()]);
      const known =
        spec.size === 0 ? "it takes no flags" : `it takes ${[...spec.keys()].map((k) => `--${k}`).join(", ")}`;
      return { error: `${instruction} has no flag ${flagName}${hint ? ` (did you mean --${hint}?)` : ""}; ${known}` };
    }
    if (values.has(name) && kind !== "strings") return { error: `${instruction} flag ${flagName} is given twice` };
    if (kind === "bool") {
      if (hasValue && value === "") return { error: `${instruction} flag ${flagName}= needs a value (true or false)` };
      if (!["true", "false", ""].includes(goLower(value))) {
        return { error: `${instruction} flag ${flagName} takes true or false, not ${JSON.stringify(value)}` };
      }
    } else if (!hasValue) return { error: `${instruction} flag ${flagName} needs a value: ${flagName}=<value>` };
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return { values };
}

/** `csvvalue.Fields`: the comma-separated fields of a flag value, undefined when it is not valid CSV (or empty). */
export function csvFields(text: string): string[] | undefined {
  let line = text.endsWith("\r\n") ? text.slice(0, -2) : text.endsWith("\n") ? text.slice(0, -1) : text;
  if (line === "") return undefined;
  const fields: string[] = [];
  for (;;) {
    if (!line.startsWith('"')) {
      const comma = line.indexOf(",");
      const field = comma >= 0 ? line.slice(0, comma) : line;
      if (field.includes('"')) return undefined;
      fields.push(field);
      if (comma < 0) return fields;
      line = line.slice(comma + 1);
      continue;
    }
    line = line.slice(1);
    let halfOpen = false;
    for (;;) {
      const quote = line.indexOf('"');
      if (quote < 0) return undefined;
      if (halfOpen) fields[fields.length - 1] += line.slice(0, quote);
      else fields.push(line.slice(0, quote));
      line = line.slice(quote + 1);
      // `""` is a quote inside the field; `",` ends it; anything else after a closing quote is an error.
      halfOpen = line.startsWith('"');
      if (halfOpen) {
        fields[fields.length - 1] += '"';
        line = line.slice(1);
      } else if (line.startsWith(",")) {
        line = line.slice(1);
        break;
      } else if (line === "") return fields;
      else return undefined;
    }
  }
}

/** What BuildKit refuses in a `--mount` value before building: bad CSV, or a `from` using a variable. */
function mountProblem(value: string): string | undefined {
  const fields = csvFields(value);
  if (fields === undefined) return `RUN --mount=${value} is not a valid comma-separated list of key=value`;
  for (const field of fields) {
    const [key, fieldValue, hasValue] = cut(field, "=");
    const dollar = fieldValue.indexOf("$");
    if (hasValue && goLower(key) === "from" && dollar >= 0 && dollar !== fieldValue.length - 1) {
      return `RUN --mount from=${fieldValue} cannot use a variable; define an alias stage (FROM … AS name) instead`;
    }
  }
  return undefined;
}

/** What BuildKit refuses in a `--device` value: bad CSV, two names, a bad `required`, an unknown key. */
function deviceProblem(value: string): string | undefined {
  const fields = csvFields(value);
  if (fields === undefined) return `RUN --device=${value} is not a valid comma-separated list`;
  let name = "";
  for (const field of fields) {
    const [rawKey, fieldValue, hasValue] = cut(field, "=");
    const key = goLower(rawKey);
    if (!hasValue && key === "required") continue;
    if (key === "name" && hasValue) {
      if (name !== "") return `RUN --device=${value} names the device twice`;
      name = fieldValue;
    } else if (key === "required" && hasValue) {
      if (parseGoBool(fieldValue) === undefined) return `RUN --device required=${fieldValue} is not true or false`;
    } else if (name === "") name = field;
    else return `RUN --device=${value}: unexpected ${JSON.stringify(field)} (it takes name=… and required)`;
  }
  return undefined;
}

/** What BuildKit refuses in RUN's flag values: mounts, devices, the network and security modes. */
export function runFlagProblem(values: FlagValues): string | undefined {
  for (const device of values.get("device") ?? []) {
    const problem = deviceProblem(device);
    if (problem !== undefined) return problem;
  }
  for (const mount of values.get("mount") ?? []) {
    const problem = mountProblem(mount);
    if (problem !== undefined) return problem;
  }
  const network = values.get("network")?.[0] ?? "default";
  if (!["default", "none", "host"].includes(network)) {
    return `RUN --network=${network} is not a network mode BuildKit knows (default, none or host)`;
  }
  const security = values.get("security")?.[0] ?? "sandbox";
  if (!["sandbox", "insecure"].includes(security)) {
    return `RUN --security=${security} is not sandbox or insecure`;
  }
  return undefined;
}

/** What BuildKit refuses in HEALTHCHECK's flag values: durations under 1ms or unreadable, retries not a count. */
export function healthcheckFlagProblem(values: FlagValues): string | undefined {
  for (const name of ["interval", "timeout", "start-period", "start-interval"]) {
    const value = values.get(name)?.[0] ?? "";
    if (value === "") continue;
    const duration = parseGoDuration(value);
    if (duration === undefined) return `HEALTHCHECK --${name}=${value} is not a duration (e.g. 30s, 1m30s)`;
    if (duration !== 0n && duration < 1000000n) return `HEALTHCHECK --${name}=${value} is less than 1ms`;
  }
  const retries = values.get("retries")?.[0] ?? "";
  if (retries !== "") {
    const count = parseGoInt32(retries);
    if (count === undefined) return `HEALTHCHECK --retries=${retries} is not a whole number`;
    if (count < 0) return `HEALTHCHECK --retries=${retries} cannot be negative`;
  }
  return undefined;
}
