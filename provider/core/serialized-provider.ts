import * as path from "node:path";
import type * as dynamic from "@pulumi/pulumi/dynamic";

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

type Handlers<I, O> = dynamic.ResourceProvider<I, O>;

/**
 * A provider object that Pulumi can serialize into state as a few lines: each method `require`s the module that
 * holds the real handlers when called. It captures two strings and nothing else: no client, no secret, no code
 * that changes between library versions, so a new version of this library never causes a diff by itself.
 */
export function delegatingProvider<I, O>(specifier: string, exportName: string): dynamic.ResourceProvider<I, O> {
  const load = (): Handlers<I, O> => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const handlers = (require(specifier) as Record<string, Handlers<I, O>>)[exportName];
    if (!handlers) throw new Error(`pulumi-docker-dynamic: ${specifier} has no export ${exportName}`);
    return handlers;
  };
  return {
    check: (olds, news) => load().check!(olds, news),
    diff: (id, olds, news) => load().diff!(id, olds, news),
    create: (inputs) => load().create(inputs),
    update: (id, olds, news) => load().update!(id, olds, news),
    read: (id, props) => load().read!(id, props),
    delete: (id, props) => load().delete!(id, props),
  };
}

/** The serialized provider of a resource: `exportName` of the module at `absoluteFile`, loaded in the provider process. */
export function serializedProvider<I, O>(absoluteFile: string, exportName: string): dynamic.ResourceProvider<I, O> {
  return delegatingProvider<I, O>(moduleSpecifier(absoluteFile), exportName);
}
