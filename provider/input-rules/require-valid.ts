import type * as dynamic from "@pulumi/pulumi/dynamic";
import { InputError } from "../core/errors";

/**
 * The create-time end of the one input path: `check` reports these failures against their properties; a value that
 * was unknown at preview is judged by the same validator at create, and its first failure is thrown as an InputError.
 */
export function requireValid(failures: readonly dynamic.CheckFailure[]): void {
  const first = failures[0];
  if (first !== undefined) throw new InputError(first.property, first.reason);
}
