import type * as dynamic from "@pulumi/pulumi/dynamic";
import { normalizeRegistry, registryOf, repositoryProblem, tagProblem } from "../image-ref";
import { UNKNOWN } from "../unknown";
import type { DockerPushInputs } from "./types";

function isKnown(value: unknown): boolean {
  return value !== undefined && value !== UNKNOWN;
}

function checkTag(property: string, tag: unknown, failures: dynamic.CheckFailure[]): void {
  if (!isKnown(tag)) return;
  const problem = typeof tag === "string" ? tagProblem(tag) : "must be a string";
  if (problem) failures.push({ property, reason: `${property} "${String(tag)}" ${problem}` });
}

/** Validates DockerPush inputs; `warn` receives advice that does not stop the push. */
export function validatePushInputs(inputs: DockerPushInputs, warn: (message: string) => void): dynamic.CheckFailure[] {
  const failures: dynamic.CheckFailure[] = [];
  const { imageName, credentials } = inputs;
  if (imageName === undefined) {
    failures.push({ property: "imageName", reason: "imageName is required, e.g. localhost:5000/team/app" });
  } else if (isKnown(imageName)) {
    const problem = typeof imageName === "string" ? repositoryProblem(imageName) : "must be a string";
    if (problem) failures.push({ property: "imageName", reason: `imageName "${imageName}" ${problem}` });
  }
  checkTag("tag", inputs.tag, failures);
  if (isKnown(inputs.additionalTags)) {
    if (!Array.isArray(inputs.additionalTags)) {
      failures.push({ property: "additionalTags", reason: "additionalTags must be a list of tags" });
    } else {
      inputs.additionalTags.forEach((tag, i) => checkTag(`additionalTags[${i}]`, tag, failures));
    }
  }
  if (isKnown(inputs.imageId) && !/^sha256:[a-f0-9]{64}$/.test(String(inputs.imageId))) {
    failures.push({ property: "imageId", reason: "imageId must be an image ID like sha256:<64 hex> (build.imageId)" });
  }
  if (credentials !== undefined && isKnown(credentials)) {
    for (const key of ["username", "password"] as const) {
      const value = credentials[key];
      if (value === undefined || value === "") {
        failures.push({
          property: `credentials.${key}`,
          reason: `credentials.${key} is missing; give both username and password, or drop credentials to use docker login`,
        });
      }
    }
    const url = credentials.registryUrl;
    if (isKnown(url) && url && isKnown(imageName) && typeof imageName === "string" && !repositoryProblem(imageName)) {
      const expected = registryOf(imageName);
      if (normalizeRegistry(url).toLowerCase() !== expected.toLowerCase()) {
        warn(`credentials.registryUrl names "${normalizeRegistry(url)}" but ${imageName} is pushed to "${expected}"`);
      }
    }
  }
  return failures;
}
