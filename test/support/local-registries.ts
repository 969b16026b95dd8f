import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { isLoopbackRegistry, registryApiBase } from "../../provider/registry-api/registry-url";

/** The registries `scripts/setup` starts on this machine, and the auth registry's credentials. */
export interface LocalRegistries {
  /** The open registry, e.g. `localhost:5000`. */
  readonly open: string;
  /** The htpasswd registry, e.g. `localhost:5001`. */
  readonly auth: string;
  /** The auth registry's user name and password, when the setup script wrote them. */
  readonly credentials?: { readonly username: string; readonly password: string };
}

const PDD_HOME = process.env.PDD_HOME ?? join(homedir(), ".cache", "pulumi-docker-dynamic");

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  return JSON.parse(await readFile(path, "utf8").catch(() => "null")) ?? undefined;
}

/** Reads `setup.json` (falling back to the default ports); only loopback registries are ever returned. */
export async function localRegistries(): Promise<LocalRegistries> {
  const setup = (await readJson(join(PDD_HOME, "setup.json"))) ?? {};
  const open = typeof setup.registry === "string" ? setup.registry : "localhost:5000";
  const auth = typeof setup.authRegistry === "string" ? setup.authRegistry : "localhost:5001";
  if (!isLoopbackRegistry(open) || !isLoopbackRegistry(auth)) throw new Error("test registries must be on loopback");
  const credsPath = typeof setup.authRegistryCredentials === "string" ? setup.authRegistryCredentials : undefined;
  const creds = await readJson(credsPath ?? join(PDD_HOME, "registry", "auth.json"));
  const ok = typeof creds?.username === "string" && typeof creds.password === "string";
  const credentials = ok ? { username: creds.username as string, password: creds.password as string } : undefined;
  return { open, auth, credentials };
}

/** The HTTP status of `GET /v2/` on a registry, or `undefined` when nothing answers within two seconds. */
export async function probe(registry: string): Promise<number | undefined> {
  try {
    const response = await fetch(`${registryApiBase(registry)}/v2/`, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.status;
  } catch {
    return undefined;
  }
}

async function expectStatus(response: Response, expected: number, what: string): Promise<Response> {
  if (response.status !== expected) throw new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
  return response;
}

/**
 * Uploads a minimal OCI manifest (empty config, no layers) under `tag` straight through the registry API and
 * returns its digest. `authorization` is sent on every request when given.
 */
export async function putTinyManifest(registry: string, repository: string, tag: string, authorization?: string) {
  const base = `${registryApiBase(registry)}/v2/${repository}`;
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  const config = Buffer.from("{}");
  const configDigest = `sha256:${createHash("sha256").update(config).digest("hex")}`;
  const start = await expectStatus(
    await fetch(`${base}/blobs/uploads/`, { method: "POST", headers }),
    202,
    "start upload",
  );
  const location = new URL(start.headers.get("location") ?? "", base);
  location.searchParams.set("digest", configDigest);
  await expectStatus(await fetch(location, { method: "PUT", headers, body: config }), 201, "upload config");
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: configDigest, size: config.length },
    layers: [],
  });
  const put = await fetch(`${base}/manifests/${tag}`, {
    method: "PUT",
    headers: { ...headers, "content-type": "application/vnd.oci.image.manifest.v1+json" },
    body: manifest,
  });
  await expectStatus(put, 201, "put manifest");
  return `sha256:${createHash("sha256").update(manifest).digest("hex")}`;
}
