/**
 * A test stack's clean-up without `pulumi destroy`: the delete handlers of the stack's dynamic resources, called as
 * Pulumi's dynamic provider host calls them (`requireFromString(outputs.__provider).handler().delete(id, outputs)`, in
 * reverse order of the state), in a node process of its own with the stack's environment.
 *
 * For the end of a test whose last word is not a destroy: `pulumi destroy` there proves nothing (its result was never
 * looked at) and costs the CLI, the key derivation of the passphrase and a provider process: about 1 CPU-second for a
 * stack of one DockerBuild, against 0.2 this way (measured on the machine the suite runs on). Run as
 * `node delete-resources.js <checkpoint.json>`; prints each failure and exits 1 after trying them all.
 */
import { readFileSync } from "node:fs";

/** One resource of a file backend's checkpoint, as far as the clean-up reads it. */
export interface CheckpointResource {
  /** The resource's URN, for messages. */
  readonly urn?: string;
  /** The resource's type token, e.g. `pulumi-nodejs:dynamic/docker:DockerBuild`. */
  readonly type: string;
  /** Its ID, for a custom resource. */
  readonly id?: string;
  /** Its outputs as stored: secrets are objects carrying the secret signature and a ciphertext. */
  readonly outputs?: Record<string, unknown>;
}

/** The key Pulumi marks a secret value with in state. */
export const SECRET_SIGNATURE = "4dabf18193072939515e22adb298388d";

/** The latest deployment of a checkpoint file, as far as the test support reads it. */
export interface SavedDeployment {
  /** Its resources, in the order Pulumi created them. */
  readonly resources?: CheckpointResource[];
}

/** A file backend's checkpoint file: the format version and the latest deployment. */
export interface SavedCheckpoint {
  readonly version?: number;
  readonly checkpoint?: { readonly latest?: SavedDeployment };
}

/** Reads a checkpoint file (`<backend>/.pulumi/stacks/<project>/<stack>.json`). */
export function readCheckpoint(file: string): SavedCheckpoint {
  return JSON.parse(readFileSync(file, "utf8")) as SavedCheckpoint;
}

/**
 * The resources a destroy would delete through Pulumi's dynamic provider (`pulumi-nodejs:dynamic:Resource` and
 * `pulumi-nodejs:dynamic/<module>:<type>`): those with an ID and a `__provider` text.
 */
export function dynamicResources(resources: readonly CheckpointResource[]): CheckpointResource[] {
  return resources.filter(
    (r) =>
      r.type.startsWith("pulumi-nodejs:dynamic") && r.id !== undefined && typeof r.outputs?.__provider === "string",
  );
}

/** Whether a value holds a secret (the handlers would need the passphrase to read it). */
export function holdsSecret(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (value === null || typeof value !== "object") return false;
  if (SECRET_SIGNATURE in value) return true;
  return Object.values(value).some(holdsSecret);
}

interface DeleteHandler {
  delete?(id: string, outputs: Record<string, unknown>): Promise<void>;
}

async function main(file: string): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const requireFromString = require("require-from-string") as (code: string) => { handler(): DeleteHandler };
  const handlers = new Map<string, DeleteHandler>();
  let failures = 0;
  for (const resource of dynamicResources(readCheckpoint(file).checkpoint?.latest?.resources ?? []).reverse()) {
    const outputs = resource.outputs ?? {};
    try {
      const text = String(outputs.__provider);
      const handler = handlers.get(text) ?? requireFromString(text).handler();
      handlers.set(text, handler);
      await handler.delete?.(String(resource.id), outputs);
    } catch (error) {
      failures++;
      console.error(`clean-up of ${resource.urn ?? String(resource.id)} failed: ${(error as Error).message}`);
    }
  }
  return failures === 0 ? 0 : 1;
}

if (require.main === module) {
  main(process.argv[2] ?? "").then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.stack ?? error.message);
      process.exit(1);
    },
  );
}
