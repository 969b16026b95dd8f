import type * as dynamic from "@pulumi/pulumi/dynamic";
import { prepareContext } from "./build-image";
import { validateBuildInputs } from "./check-inputs";
import type { DockerBuildInputs } from "./inputs";
import { InputError } from "../core/errors";
import { loadEngineClientCode } from "../engine/connection";
import { containsUnknown } from "../core/unknown-values";

/** Checks the inputs and computes `contextDigest`, so that `pulumi preview` sees a changed file as an update. */
export async function checkBuild(_olds: DockerBuildInputs, news: DockerBuildInputs): Promise<dynamic.CheckResult> {
  const failures = validateBuildInputs(news);
  if (failures.length > 0) return { inputs: news, failures };
  const { contextDigest: _stale, ...rest } = news;
  if (containsUnknown([news.context, news.dockerfile, news.baseImage])) return { inputs: rest };
  try {
    // The diff and create that follow need the engine client: its code loads while the digest runs on its worker.
    const prepared = await prepareContext(rest, undefined, loadEngineClientCode);
    return { inputs: { ...rest, contextDigest: prepared.digest } };
  } catch (error) {
    if (error instanceof InputError)
      return { inputs: rest, failures: [{ property: error.property, reason: error.message }] };
    throw error;
  }
}
