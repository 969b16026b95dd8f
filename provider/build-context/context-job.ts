/**
 * The context work that runs on a worker thread: a walk, or a digest (walk, stat cache, hashing). Both make
 * synchronous system calls, which are fast but would otherwise hold up the provider process's event loop.
 */

import { DockerStepError, InputError } from "../core/errors";
import type { ContextDigestOptions, ContextDigestResult } from "./digest";
import type { ContextEntry, WalkChecks, WalkOptions } from "./walk";

/** One piece of context work. */
export type ContextJob =
  | { readonly kind: "walk"; readonly options: WalkOptions; readonly checks?: WalkChecks }
  | { readonly kind: "digest"; readonly options: ContextDigestOptions };

/** What a job returns, by kind. */
export type ContextJobResult<J extends ContextJob> = J extends { kind: "walk" } ? ContextEntry[] : ContextDigestResult;

/** An error as it crosses the thread boundary: enough to throw the same class with the same message. */
export interface CarriedError {
  /** `InputError`, `DockerStepError` or anything else. */
  readonly name: string;
  /** The message. */
  readonly message: string;
  /** The input property of an InputError. */
  readonly property?: string;
}

/** A job's answer from the worker. */
export type JobAnswer =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: CarriedError };

/** Turns a thrown value into what crosses the thread boundary. */
export function carryError(error: unknown): CarriedError {
  if (error instanceof InputError) return { name: "InputError", message: error.message, property: error.property };
  if (error instanceof DockerStepError) return { name: "DockerStepError", message: error.message };
  return { name: "Error", message: error instanceof Error ? error.message : String(error) };
}

/** The error to throw on the calling thread for a carried one. */
export function rebuildError(carried: CarriedError): Error {
  if (carried.name === "InputError") return new InputError(carried.property ?? "context", carried.message);
  if (carried.name === "DockerStepError") return new DockerStepError(carried.message);
  return new DockerStepError(`Reading the build context failed: ${carried.message}`);
}

/** Runs a job on the calling thread. */
export async function runJobHere(job: ContextJob): Promise<unknown> {
  // Loaded lazily: digest and walk load this module's caller, the pool, themselves.
  if (job.kind === "walk") {
    const { walkContextSync } = await import("./walk");
    return walkContextSync(job.options, job.checks);
  }
  const { contextDigestSync } = await import("./digest");
  return contextDigestSync(job.options);
}
