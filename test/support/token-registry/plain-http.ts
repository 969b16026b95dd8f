import type { TokenRegistry } from "./token-registry";

/** Fetches a token for `scope` from the token registry's realm with plain HTTP (independent of the library). */
export async function fetchToken(
  target: TokenRegistry,
  scope: string,
  credentials: { readonly username: string; readonly password: string } = target.credentials,
): Promise<string> {
  const url = new URL(target.tokens.realm);
  url.searchParams.set("service", target.service);
  url.searchParams.set("scope", scope);
  const basic = Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64");
  const response = await fetch(url, { headers: { authorization: `Basic ${basic}` } });
  if (!response.ok) throw new Error(`token request for ${scope}: HTTP ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** The status and `Docker-Content-Digest` of `HEAD /v2/<repository>/manifests/<reference>`, with a pull token. */
export async function headManifest(
  target: TokenRegistry,
  repository: string,
  reference: string,
): Promise<{ status: number; digest: string | null }> {
  const token = await fetchToken(target, `repository:${repository}:pull`);
  const response = await fetch(`http://${target.registry}/v2/${repository}/manifests/${reference}`, {
    method: "HEAD",
    headers: {
      authorization: `Bearer ${token}`,
      accept: [
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
      ].join(", "),
    },
  });
  return { status: response.status, digest: response.headers.get("docker-content-digest") };
}
