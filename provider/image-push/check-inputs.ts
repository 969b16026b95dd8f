import type * as dynamic from "@pulumi/pulumi/dynamic";
import { inputShapeProblems } from "../input-rules/input-types";
import { DOCKER_PUSH_SHAPES, DOCKER_PUSH_STATE_KEYS } from "./input-shapes";
import { checkImageInputs, isKnown } from "../input-rules/image-inputs";
import { connectionProblems } from "../input-rules/connection-problems";
import { ImageReference, normalizeRegistry, repositoryProblem } from "../core/image-reference";
import { platformImagesProblems } from "./check-platform-images";
import { sourceProblems } from "./check-source";
import { certificatesProblem } from "../input-rules/pem-problems";
import type { DockerPushInputs, PushCredentials } from "./inputs";

/** The two `credentials` fields given together or not at all. */
const PAIR = ["username", "password"] as const;

/** The failures of a `credentials` input: username and password together or neither; a PEM `caCert`; a boolean `insecure`. */
export function credentialsProblems(credentials: PushCredentials | undefined): dynamic.CheckFailure[] {
  if (credentials === undefined || !isKnown(credentials)) return [];
  const failures: dynamic.CheckFailure[] = [];
  const given = (key: "username" | "password") => credentials[key] !== undefined && credentials[key] !== "";
  // The property missing when exactly one of the pair is given (a property name, no credential).
  const missing = given("username") !== given("password") ? PAIR.find((key) => !given(key)) : undefined;
  if (missing !== undefined) {
    failures.push({
      property: `credentials.${missing}`,
      reason: `credentials.${missing} is missing; give both username and password, or drop credentials (or keep only its caCert and insecure) to use docker login`,
    });
  }
  const { caCert, insecure } = credentials;
  if (isKnown(caCert) && caCert !== undefined) {
    const problem = typeof caCert === "string" ? certificatesProblem(caCert) : "is not text";
    if (problem !== undefined) {
      failures.push({
        property: "credentials.caCert",
        reason: `credentials.caCert must be PEM text (-----BEGIN CERTIFICATE----- …), e.g. the content of the CA's .crt file; it ${problem}`,
      });
    }
  }
  if (isKnown(insecure) && insecure !== undefined && typeof insecure !== "boolean") {
    failures.push({ property: "credentials.insecure", reason: "credentials.insecure must be true or false" });
  }
  return failures;
}

/** Validates DockerPush inputs; `warn` receives advice that does not stop the push. */
export function validatePushInputs(inputs: DockerPushInputs, warn: (message: string) => void): dynamic.CheckFailure[] {
  const failures = inputShapeProblems("DockerPush", inputs, DOCKER_PUSH_SHAPES, DOCKER_PUSH_STATE_KEYS);
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
