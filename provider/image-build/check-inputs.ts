import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkImageInputs, isKnown } from "../input-rules/image-inputs";
import { connectionProblems } from "../input-rules/connection-problems";
import { UNKNOWN } from "../core/unknown-values";
import { checkBuildOptions } from "../input-rules/build-options";
import { extraHostProblem } from "../input-rules/extra-hosts";
import { validateBuilderInputs } from "./check-builder-inputs";
import { validatePlatforms } from "./check-platforms";
import type { DockerBuildInputs } from "./inputs";
import { dockerfileInputProblem } from "../build-context/dockerfile-input";

const PLATFORM = /^[a-z0-9_]+(\/[a-z0-9_]+(\/[a-z0-9_.]+)?)?$/;

type Failure = dynamic.CheckFailure;

function checkExtraHosts(value: unknown, failures: Failure[]): void {
  if (!isKnown(value)) return;
  if (!Array.isArray(value)) {
    failures.push({ property: "extraHosts", reason: "extraHosts must be a list of host:ip entries" });
    return;
  }
  value.forEach((entry: unknown, i) => {
    const problem = isKnown(entry) ? extraHostProblem(entry) : undefined;
    if (problem !== undefined) failures.push({ property: `extraHosts[${i}]`, reason: `extraHosts[${i}] ${problem}` });
  });
}

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
  failures.push(...validatePlatforms(inputs));
  const dockerfileProblem = dockerfileInputProblem(inputs.dockerfile);
  if (dockerfileProblem !== undefined) failures.push(dockerfileProblem);
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
  checkBuildOptions(inputs.buildOptions, failures);
  checkExtraHosts(inputs.extraHosts, failures);
  failures.push(...connectionProblems(inputs.docker));
  failures.push(...validateBuilderInputs(inputs));
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
