import { authServerAddress } from "./registry-auth";
import { credentialsFromAuths } from "./auths-entry";
import { runCredentialHelper } from "./credential-helper";
import type { CredentialLocator } from "./credential-locator";
import { findRegistryEntry } from "./find-registry-entry";

/** `credHelpers[registry]`: the helper configured for this one registry. */
export const credHelpersLocator: CredentialLocator = {
  name: "credHelpers",
  async locate({ registry, loaded, env }) {
    const entry = findRegistryEntry(loaded.config.credHelpers, registry);
    if (entry === undefined) return undefined;
    const configuredBy = `credHelpers["${entry[0]}"] in ${loaded.source}`;
    const serverAddress = authServerAddress(registry);
    return runCredentialHelper({ helper: entry[1], registry, serverAddress, configuredBy, env });
  },
};

/** `credsStore`: the default helper for every registry. */
export const credsStoreLocator: CredentialLocator = {
  name: "credsStore",
  async locate({ registry, loaded, env }) {
    const helper = loaded.config.credsStore;
    if (helper === undefined) return undefined;
    const configuredBy = `credsStore in ${loaded.source}`;
    const serverAddress = authServerAddress(registry);
    return runCredentialHelper({ helper, registry, serverAddress, configuredBy, env });
  },
};

/** `auths`: credentials stored in the config itself. */
export const authsLocator: CredentialLocator = {
  name: "auths",
  async locate({ registry, loaded }) {
    return credentialsFromAuths(loaded.config.auths, registry, loaded.source);
  },
};

/** The chain in the order the docker CLI consults it; the first locator that yields credentials wins. */
export const DEFAULT_LOCATORS: readonly CredentialLocator[] = [credHelpersLocator, credsStoreLocator, authsLocator];
