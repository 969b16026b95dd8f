import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

/**
 * How the provider process should `require` a module of this library: by package path when the library is installed
 * under `node_modules` (so state stays valid on every machine), else by absolute path (a checkout of this repository).
 */
export function moduleSpecifier(absoluteFile: string): string {
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = absoluteFile.lastIndexOf(marker);
  if (at < 0) return absoluteFile;
  return absoluteFile
    .slice(at + marker.length)
    .split(path.sep)
    .join("/");
}

/**
 * The module text Pulumi's dynamic provider host runs to get a resource's provider (`require(text).handler()`, once per
 * provider process): its `handler` loads the export `exportName` of the module `specifier` and returns it. Two strings
 * and nothing else: no client, no secret, no code that changes between library versions, so a new version of this
 * library never causes a diff by itself. Written here rather than serialized by `pulumi.dynamic.Resource`, whose
 * closure serializer loads TypeScript and the inspector in every `pulumi preview` and `up` (about 0.25 CPU-seconds a
 * run).
 */
export function providerSource(specifier: string, exportName: string): string {
  const [file, name] = [JSON.stringify(specifier), JSON.stringify(exportName)];
  return [
    "// pulumi-docker-dynamic: the resource's handlers, loaded from the library in the provider process.",
    "exports.handler = function () {",
    `  const handlers = require(${file})[${name}];`,
    `  if (!handlers) throw new Error("pulumi-docker-dynamic: " + ${file} + " has no export " + ${name});`,
    "  return handlers;",
    "};",
    "",
  ].join("\n");
}

/** The provider text of a resource: `exportName` of the module at `absoluteFile`, loaded in the provider process. */
export function serializedProvider(absoluteFile: string, exportName: string): string {
  return providerSource(moduleSpecifier(absoluteFile), exportName);
}

/**
 * A resource of Pulumi's dynamic provider (`pulumi-nodejs:dynamic/<module>:<type>`, as `pulumi.dynamic.Resource` makes
 * it, so URNs and states are the same) whose `__provider` input is the given {@link providerSource} text.
 */
export abstract class DynamicResource extends pulumi.CustomResource {
  protected constructor(
    provider: string,
    name: string,
    props: pulumi.Inputs,
    opts: pulumi.CustomResourceOptions,
    module: string,
    type: string,
  ) {
    super(`pulumi-nodejs:dynamic/${module}:${type}`, name, { ...props, __provider: provider }, opts);
  }
}
