import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkImageInputs, isKnown } from "../check-common";
import { UNKNOWN } from "../unknown";
import type { DockerBuildInputs } from "./types";

const PLATFORM = /^[a-z0-9_]+(\/[a-z0-9_]+(\/[a-z0-9_.]+)?)?$/;

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
  remote: "context",
};

type Failure = dynamic.CheckFailure;

function checkStringRecord(property: string, value: unknown, failures: Failure[]): void {
  if (!isKnown(value)) return;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    failures.push({ property, reason: `${property} must be an object of string values` });
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (isKnown(item) && typeof item !== "string") {
      failures.push({ property: `${property}.${key}`, reason: `${property}.${key} must be a string` });
    }
  }
}

/** Validates the DockerBuild inputs that can be judged without touching the disk or the engine. */
export function validateBuildInputs(inputs: DockerBuildInputs): Failure[] {
  const failures: Failure[] = [];
  checkImageInputs(inputs, failures);
  if (isKnown(inputs.platform) && !PLATFORM.test(String(inputs.platform))) {
    failures.push({
      property: "platform",
      reason: `platform "${inputs.platform}" is malformed; use os/arch[/variant], e.g. linux/amd64 or linux/arm64/v8`,
    });
  }
  if (isKnown(inputs.baseImage) && inputs.dockerfile !== UNKNOWN && (inputs.dockerfile ?? "Dockerfile") !== "auto") {
    failures.push({
      property: "baseImage",
      reason: 'baseImage only applies to dockerfile: "auto"; remove baseImage or set dockerfile to "auto"',
    });
  }
  checkStringRecord("buildArgs", inputs.buildArgs, failures);
  checkStringRecord("labels", inputs.labels, failures);
  if (isKnown(inputs.shmSize) && (typeof inputs.shmSize !== "number" || inputs.shmSize <= 0)) {
    failures.push({ property: "shmSize", reason: "shmSize must be a positive number of bytes" });
  }
  if (isKnown(inputs.buildOptions)) {
    const options = inputs.buildOptions;
    if (typeof options !== "object" || options === null || Array.isArray(options)) {
      failures.push({
        property: "buildOptions",
        reason: "buildOptions must be an object of Engine API /build parameters",
      });
    } else {
      for (const [key, value] of Object.entries(options)) {
        const property = `buildOptions.${key}`;
        const typed = TYPED_BUILD_OPTIONS[key.toLowerCase()];
        if (typed) {
          failures.push({ property, reason: `${property} is set through the ${typed} input; move it there` });
        } else if (isKnown(value) && !["string", "number", "boolean"].includes(typeof value)) {
          failures.push({ property, reason: `${property} must be a string, number or boolean, not ${typeof value}` });
        }
      }
    }
  }
  if (isKnown(inputs.registries)) {
    if (!Array.isArray(inputs.registries)) {
      failures.push({ property: "registries", reason: "registries must be a list of { address, username, password }" });
    } else {
      inputs.registries.forEach((r, i) => {
        if ((r as unknown) === UNKNOWN) return;
        for (const key of ["address", "username", "password"] as const) {
          if (!r || r[key] === undefined || r[key] === "") {
            failures.push({ property: `registries[${i}].${key}`, reason: `registries[${i}].${key} is required` });
          }
        }
      });
    }
  }
  return failures;
}
