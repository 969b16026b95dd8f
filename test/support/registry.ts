import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseRepository } from "../../provider/image-ref";
import { RegistryClient, type RegistryAuth } from "../../provider/registry";
import { testEnvironment } from "./environment";

const client = new RegistryClient();

/** The digest a registry holds for `imageName:tag`, or `undefined`. */
export async function remoteDigest(imageName: string, tag: string, auth?: RegistryAuth): Promise<string | undefined> {
  const { registry, path: repository } = parseRepository(imageName);
  return (await client.headManifest({ registry, repository, reference: tag }, auth))?.digest;
}

/** The tags a registry holds for a repository. */
export async function remoteTags(imageName: string, auth?: RegistryAuth): Promise<string[]> {
  const { registry, path: repository } = parseRepository(imageName);
  return (await client.listTags({ registry, repository }, auth)).sort();
}

/** Deletes a manifest (and so its tags) from a registry. */
export async function deleteRemote(imageName: string, digest: string, auth?: RegistryAuth): Promise<void> {
  const { registry, path: repository } = parseRepository(imageName);
  await client.deleteManifest({ registry, repository, digest }, auth);
}

/** How many blob uploads the open registry's access log shows for a repository so far. */
export function blobUploads(imageName: string, which: "open" | "auth" = "open"): number {
  const log = readFileSync(path.join(testEnvironment().home, "logs", `registry-${which}.log`), "utf8");
  const { path: repository } = parseRepository(imageName);
  return log.split("\n").filter((line) => line.includes(`"POST /v2/${repository}/blobs/uploads/`)).length;
}
