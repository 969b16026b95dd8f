import type * as dynamic from "@pulumi/pulumi/dynamic";
import { ImageReference, repositoryProblem } from "../core/image-reference";
import { credentialsProblems } from "../image-push/check-inputs";
import { checkImageInputs, isKnown } from "../input-rules/image-inputs";
import { inputShapeProblems } from "../input-rules/input-types";
import { DOCKER_INDEX_SHAPES, DOCKER_INDEX_STATE_KEYS } from "./input-shapes";
import type { DockerIndexInputs } from "./inputs";

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** A source repo digest split into its repository name and digest, or the reason it is not one. */
export function parseSource(source: string): { name: string; digest: string } | { problem: string } {
  const at = source.lastIndexOf("@");
  const name = at < 0 ? source : source.slice(0, at);
  const digest = at < 0 ? "" : source.slice(at + 1);
  if (!DIGEST.test(digest)) return { problem: "is not a repo digest like registry/repo@sha256:<64 hex>" };
  const problem = repositoryProblem(name);
  return problem === undefined ? { name, digest } : { problem: `has a repository that ${problem}` };
}

function sourcesProblems(inputs: DockerIndexInputs): dynamic.CheckFailure[] {
  const { sources, imageName } = inputs;
  if (!isKnown(sources)) return [];
  if (!Array.isArray(sources) || sources.length === 0) {
    return [
      { property: "sources", reason: "sources must list the repo digests of one or more single-platform images" },
    ];
  }
  const registry =
    isKnown(imageName) && typeof imageName === "string" && !repositoryProblem(imageName)
      ? ImageReference.of(imageName).registry
      : undefined;
  const failures: dynamic.CheckFailure[] = [];
  sources.forEach((source: unknown, i) => {
    if (!isKnown(source)) return;
    const property = `sources[${i}]`;
    const parsed = typeof source === "string" ? parseSource(source) : { problem: "must be a string" };
    if ("problem" in parsed) {
      failures.push({ property, reason: `${property} "${String(source)}" ${parsed.problem}` });
    } else if (registry !== undefined && ImageReference.of(parsed.name).registry !== registry) {
      failures.push({
        property,
        reason:
          `${property} "${source}" is in registry "${ImageReference.of(parsed.name).registry}", not in ` +
          `"${registry}" of imageName; push the image to ${registry} first`,
      });
    }
  });
  return failures;
}

/** Validates DockerIndex inputs: image name and tags, sources, credentials. */
export function validateIndexInputs(inputs: DockerIndexInputs): dynamic.CheckFailure[] {
  const failures = inputShapeProblems("DockerIndex", inputs, DOCKER_INDEX_SHAPES, DOCKER_INDEX_STATE_KEYS);
  checkImageInputs(inputs, failures);
  failures.push(...sourcesProblems(inputs));
  failures.push(...credentialsProblems(inputs.credentials));
  return failures;
}

/** DockerIndex's check: the failures, each naming its property. */
export async function checkIndex(_olds: DockerIndexInputs, news: DockerIndexInputs): Promise<dynamic.CheckResult> {
  const failures = validateIndexInputs(news);
  return failures.length > 0 ? { inputs: news, failures } : { inputs: news };
}
