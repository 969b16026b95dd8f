import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkImageInputs, isKnown } from "../input-rules/image-inputs";
import { connectionProblems } from "../input-rules/connection-problems";
import { ImageReference, normalizeRegistry, repositoryProblem } from "../core/image-reference";
import { platformImagesProblems } from "./check-platform-images";
import { sourceProblems } from "./check-source";
import type { DockerPushInputs, PushCredentials } from "./inputs";

/** The failures of a `credentials` input: both username and password are needed. */
export function credentialsProblems(credentials: PushCredentials | undefined): dynamic.CheckFailure[] {
  if (credentials === undefined || !isKnown(credentials)) return [];
  return (["username", "password"] as const)
    .filter((key) => credentials[key] === undefined || credentials[key] === "")
    .map((key) => ({
      property: `credentials.${key}`,
      reason: `credentials.${key} is missing; give both username and password, or drop credentials to use docker login`,
    }));
}

/** Validates DockerPush inputs; `warn` receives advice that does not stop the push. */
export function validatePushInputs(inputs: DockerPushInputs, warn: (message: string) => void): dynamic.CheckFailure[] {
  const failures: dynamic.CheckFailure[] = [];
  const { imageName, credentials } = inputs;
  checkImageInputs(inputs, failures);
  failures.push(...connectionProblems(inputs.docker));
  if (isKnown(inputs.imageId) && !/^sha256:[a-f0-9]{64}$/.test(String(inputs.imageId))) {
    failures.push({ property: "imageId", reason: "imageId must be an image ID like sha256:<64 hex> (build.imageId)" });
  }
  failures.push(...platformImagesProblems(inputs.platformImages));
  failures.push(...sourceProblems(inputs));
  failures.push(...credentialsProblems(credentials));
  if (credentials !== undefined && isKnown(credentials)) {
    const url = credentials.registryUrl;
    if (isKnown(url) && url && isKnown(imageName) && typeof imageName === "string" && !repositoryProblem(imageName)) {
      const expected = ImageReference.of(imageName).registry;
      if (normalizeRegistry(url).toLowerCase() !== expected.toLowerCase()) {
        warn(`credentials.registryUrl names "${normalizeRegistry(url)}" but ${imageName} is pushed to "${expected}"`);
      }
    }
  }
  return failures;
}
