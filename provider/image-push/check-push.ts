import type * as dynamic from "@pulumi/pulumi/dynamic";
import { validatePushInputs } from "./check-inputs";
import type { DockerPushInputs } from "./inputs";
import { sourceImageId } from "./push-source";
import { ImageReference } from "../core/image-reference";
import { containsUnknown } from "../core/unknown-values";
import { dockerClient } from "../engine/connection";
import { localImageId } from "../engine/tags";
import { logLine } from "../core/resource-log";

/**
 * Checks the inputs; without `imageId` (and `platformImages`), records which local image the tag (or `source`) points
 * at so a moved tag shows a diff.
 */
export async function checkPush(_olds: DockerPushInputs, news: DockerPushInputs): Promise<dynamic.CheckResult> {
  const failures = validatePushInputs(news, (message) => logLine(`warning: ${message}`));
  const { localImageId: _stale, ...inputs } = news;
  if (failures.length > 0) return { inputs, failures };
  if (news.source !== undefined) {
    if (containsUnknown([news.source, news.docker])) return { inputs };
    const local = await sourceImageId(dockerClient(news.docker), news.source);
    return { inputs: local === undefined ? inputs : { ...inputs, localImageId: local } };
  }
  if (
    news.imageId !== undefined ||
    news.platformImages !== undefined ||
    containsUnknown([news.imageName, news.tag, news.docker])
  )
    return { inputs };
  const reference = String(ImageReference.of(news.imageName, news.tag ?? "latest"));
  // An engine that cannot be resolved or reached now is reported by the push itself, with its advice.
  const local = await Promise.resolve()
    .then(() => localImageId(dockerClient(news.docker), reference))
    .catch(() => undefined);
  return { inputs: local === undefined ? inputs : { ...inputs, localImageId: local } };
}
