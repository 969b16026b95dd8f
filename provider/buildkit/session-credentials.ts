import { normalizeRegistry } from "../core/image-reference";
import { resolveRegistryAuth, type DockerConfigLocation } from "../registry-credentials";
import type { RegistryCredential } from "../image-build/inputs";
import type { SessionServices } from "./session";

/**
 * The `credentials(host)` function of a session: the explicit `registries` entry for the host first, else what the
 * docker CLI would use (credHelpers → credsStore → auths of the docker config). An identity token is answered as
 * an empty user name with the token as secret, as the docker CLI's own session does. `options` says where the docker
 * config is (DOCKER_CONFIG of `env`, else `homeDir`).
 */
export function sessionCredentials(
  registries: readonly RegistryCredential[] | undefined,
  options: DockerConfigLocation = {},
): SessionServices["credentials"] {
  return async (host) => {
    const registry = normalizeRegistry(host);
    const explicit = registries?.find((entry) => normalizeRegistry(entry.address) === registry);
    if (explicit !== undefined) return { username: explicit.username, secret: explicit.password };
    const auth = await resolveRegistryAuth(registry, { env: options.env, homeDir: options.homeDir });
    if (auth?.identityToken !== undefined && auth.identityToken !== "") {
      return { username: "", secret: auth.identityToken };
    }
    if (auth?.username !== undefined || auth?.password !== undefined) {
      return { username: auth.username ?? "", secret: auth.password ?? "" };
    }
    return undefined;
  };
}
