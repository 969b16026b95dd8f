import { DockerStepError } from "../core/errors";
import { authServerAddress, compactAuth, type RegistryAuth } from "./registry-auth";
import type { AuthsEntry } from "./docker-config-file";
import { findRegistryEntry } from "./find-registry-entry";

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}

function decodeBasic(encoded: string, key: string, source: string): { username: string; password: string } {
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) {
    throw new DockerStepError(
      `The "auth" value for "${key}" in ${source} is not base64 of "username:password"; run \`docker login\` again.`,
    );
  }
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Turns one `auths` entry into credentials: the base64 `auth` pair, overridden by separate `username`/`password`
 * fields, plus `identitytoken`/`registrytoken`. Returns `undefined` for an entry holding no secret (e.g. the `{}`
 * placeholders `docker login` writes when a credential store holds the real secret).
 */
export function authFromEntry(
  entry: AuthsEntry,
  key: string,
  registry: string,
  source: string,
): RegistryAuth | undefined {
  const basic = nonEmpty(entry.auth) === undefined ? undefined : decodeBasic(entry.auth as string, key, source);
  const username = nonEmpty(entry.username) ?? nonEmpty(basic?.username);
  const password = nonEmpty(entry.password) ?? nonEmpty(basic?.password);
  const identityToken = nonEmpty(entry.identitytoken);
  const registryToken = nonEmpty(entry.registrytoken);
  if (password === undefined && identityToken === undefined && registryToken === undefined) return undefined;
  return compactAuth({ username, password, identityToken, registryToken, serverAddress: authServerAddress(registry) });
}

/** Looks `registry` up in config.json's `auths` map, whatever form its key takes. */
export function credentialsFromAuths(
  auths: Readonly<Record<string, AuthsEntry>> | undefined,
  registry: string,
  source: string,
): RegistryAuth | undefined {
  const found = findRegistryEntry(auths, registry);
  return found === undefined ? undefined : authFromEntry(found[1], found[0], registry, source);
}
