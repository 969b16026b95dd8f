import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkImageInputs, isKnown } from "../input-rules/image-inputs";
import { repositoryProblem, tagProblem } from "../core/image-reference";
import { connectionProblems } from "../input-rules/connection-problems";
import { UNKNOWN } from "../core/unknown-values";
import { checkBuildOptions } from "../input-rules/build-options";
import { extraHostProblem } from "../input-rules/extra-hosts";
import { validateBuilderInputs } from "./check-builder-inputs";
import { validatePlatforms } from "./check-platforms";
import { platformInput } from "../core/platform";
import type { DockerBuildInputs } from "./inputs";
import { inputShapeProblems } from "../input-rules/input-types";
import { DOCKER_BUILD_SHAPES, DOCKER_BUILD_STATE_KEYS } from "./input-shapes";
import { dockerfileInputProblem } from "../build-context/dockerfile-input";

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

/**
 * What is wrong with an image reference such as `localhost:5000/app:cache` or `app@sha256:…` (a repository with an
 * optional tag and digest, as distribution/reference reads it), or undefined when nothing is.
 */
function referenceProblem(reference: string): string | undefined {
  const at = reference.indexOf("@");
  const named = at < 0 ? reference : reference.slice(0, at);
  if (at >= 0 && !/^sha256:[a-f0-9]{64}$/.test(reference.slice(at + 1))) return "has a malformed digest";
  const colon = named.lastIndexOf(":");
  const hasTag = colon > named.lastIndexOf("/");
  const problem = repositoryProblem(hasTag ? named.slice(0, colon) : named);
  if (problem !== undefined) return problem;
  return hasTag ? tagProblem(named.slice(colon + 1)) : undefined;
}

/**
 * `platform`: a platform Docker reads (`linux/amd64`, `linux/aarch64`), or one part the engine completes with its own
 * OS or architecture (`linux`, `arm64`), as `docker build --platform` takes it.
 */
function checkPlatform(value: unknown, failures: Failure[]): void {
  if (!isKnown(value) || typeof value !== "string") return;
  const input = platformInput(value, { partial: true });
  if ("problem" in input) {
    failures.push({
      property: "platform",
      reason: `platform ${JSON.stringify(value)} ${input.problem}`,
    });
  }
}

/** `cacheFrom`: a list of image references (the shape itself is checked with every input's). */
function checkCacheFrom(value: unknown, failures: Failure[]): void {
  if (!isKnown(value) || !Array.isArray(value)) return;
  value.forEach((entry: unknown, i) => {
    if (!isKnown(entry)) return;
    const problem = typeof entry === "string" ? referenceProblem(entry) : "must be a string";
    if (problem !== undefined) {
      failures.push({
        property: `cacheFrom[${i}]`,
        reason: `cacheFrom[${i}] ${JSON.stringify(entry)} ${problem}; give an image reference such as localhost:5000/team/app:cache`,
      });
    }
  });
}

function checkStringRecord(property: string, value: unknown, failures: Failure[]): void {
  if (!isKnown(value)) return;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    failures.push({ property, reason: `${property} must be an object of string values` });
    return;
  }
  if (Object.hasOwn(value, "")) {
    failures.push({ property, reason: `${property} has an empty name; give every entry a name` });
  }
  for (const [key, item] of Object.entries(value)) {
    if (isKnown(item) && typeof item !== "string") {
      failures.push({ property: `${property}.${key}`, reason: `${property}.${key} must be a string` });
    }
  }
}

/** Validates the DockerBuild inputs that can be judged without touching the disk or the engine. */
export function validateBuildInputs(inputs: DockerBuildInputs): Failure[] {
  const failures: Failure[] = inputShapeProblems("DockerBuild", inputs, DOCKER_BUILD_SHAPES, DOCKER_BUILD_STATE_KEYS);
  checkImageInputs(inputs, failures);
  checkPlatform(inputs.platform, failures);
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
  checkCacheFrom(inputs.cacheFrom, failures);
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
