import type * as dynamic from "@pulumi/pulumi/dynamic";
import { repositoryProblem, tagProblem } from "../core/image-reference";
import { UNKNOWN } from "../core/unknown-values";

/** True when an input is given and known (not the preview placeholder for a value computed later). */
export function isKnown(value: unknown): boolean {
  return value !== undefined && value !== UNKNOWN;
}

function checkTag(property: string, tag: unknown, failures: dynamic.CheckFailure[]): void {
  if (!isKnown(tag)) return;
  const problem = typeof tag === "string" ? tagProblem(tag) : "must be a string";
  if (problem) failures.push({ property, reason: `${property} "${String(tag)}" ${problem}` });
}

/** The checks both resources make: `imageName` is a repository without tag or digest, every tag is valid. */
export function checkImageInputs(
  inputs: { readonly imageName?: unknown; readonly tag?: unknown; readonly additionalTags?: unknown },
  failures: dynamic.CheckFailure[],
): void {
  const { imageName } = inputs;
  if (imageName === undefined) {
    failures.push({ property: "imageName", reason: "imageName is required, e.g. localhost:5000/team/app" });
  } else if (isKnown(imageName)) {
    const problem = typeof imageName === "string" ? repositoryProblem(imageName) : "must be a string";
    if (problem) failures.push({ property: "imageName", reason: `imageName "${String(imageName)}" ${problem}` });
  }
  checkTag("tag", inputs.tag, failures);
  if (!isKnown(inputs.additionalTags)) return;
  if (!Array.isArray(inputs.additionalTags)) {
    failures.push({ property: "additionalTags", reason: "additionalTags must be a list of tags" });
  } else {
    inputs.additionalTags.forEach((tag: unknown, i) => checkTag(`additionalTags[${i}]`, tag, failures));
  }
}
