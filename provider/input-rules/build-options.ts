import type * as dynamic from "@pulumi/pulumi/dynamic";
import { isKnown } from "./image-inputs";
import { BUILD_OPTION_CHECKS, closestBuildOption } from "./build-option-types";

/** Engine API `/build` parameters that have a typed input of their own, with that input's name. */
const TYPED_BUILD_OPTIONS: Readonly<Record<string, string>> = {
  t: "tag / additionalTags",
  dockerfile: "dockerfile",
  buildargs: "buildArgs",
  target: "target",
  platform: "platform",
  labels: "labels",
  cachefrom: "cacheFrom",
  pull: "pull",
  nocache: "noCache",
  networkmode: "network",
  extrahosts: "extraHosts",
  shmsize: "shmSize",
  remote: "context (a git or http(s) tarball URL)",
};

function keyProblem(key: string, property: string): string | undefined {
  const typed = TYPED_BUILD_OPTIONS[key.toLowerCase()];
  if (typed) return `${property} is set through the ${typed} input; move it there`;
  if (BUILD_OPTION_CHECKS[key] !== undefined) return undefined;
  const closest = closestBuildOption(key);
  const hint = closest
    ? `did you mean ${closest}?`
    : `the ones buildOptions takes are ${Object.keys(BUILD_OPTION_CHECKS).join(", ")}`;
  return `${property} is not an Engine API /build parameter; ${hint}`;
}

/** Checks `buildOptions`: an object of known Engine API `/build` parameters without a typed input, each well typed. */
export function checkBuildOptions(options: unknown, failures: dynamic.CheckFailure[]): void {
  if (!isKnown(options)) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    failures.push({
      property: "buildOptions",
      reason: "buildOptions must be an object of Engine API /build parameters",
    });
    return;
  }
  for (const [key, value] of Object.entries(options)) {
    const property = `buildOptions.${key}`;
    const problem = keyProblem(key, property);
    if (problem !== undefined) {
      failures.push({ property, reason: problem });
    } else if (isKnown(value) && !["string", "number", "boolean"].includes(typeof value)) {
      failures.push({ property, reason: `${property} must be a string, number or boolean, not ${typeof value}` });
    } else if (isKnown(value)) {
      const expected = BUILD_OPTION_CHECKS[key]?.(value);
      if (expected !== undefined) {
        failures.push({ property, reason: `${property} must be ${expected}, not ${JSON.stringify(value)}` });
      }
    }
  }
}
