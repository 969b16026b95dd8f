// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require("../../../package.json") as { readonly name: string; readonly version: string };

/** This library's npm version, recorded in image labels. */
export const LIBRARY_VERSION: string = pkg.version;

/** Labels added to every image this library builds (prefect-docker's IMAGE_LABELS), merged with the user's. */
export const IMAGE_LABELS: Readonly<Record<string, string>> = {
  "dev.pulumi-docker-dynamic.version": LIBRARY_VERSION,
};
