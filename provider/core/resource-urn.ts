import * as pulumi from "@pulumi/pulumi";
import { URN_INPUT } from "./resource-log";

/**
 * The `__urn` input of a resource of this library: the URN the engine gives it (`pulumi-nodejs:dynamic/docker:<type>`
 * under `opts.parent`), computed before it is registered, so that its provider can log on the resource's own row.
 */
export function urnInput(name: string, type: string, opts: pulumi.CustomResourceOptions | undefined) {
  return { [URN_INPUT]: pulumi.createUrn(name, `pulumi-nodejs:dynamic/docker:${type}`, opts?.parent) };
}
