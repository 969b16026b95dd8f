import * as pulumi from "@pulumi/pulumi";

/**
 * A container started from an image reference, with its port 80 published on 127.0.0.1. It is written as a
 * Pulumi dynamic resource in this example (not in the library) to show the downstream step of a build and push:
 * deploy the immutable `repoDigest`. It drives the docker CLI, so it needs nothing beyond Node.js and `docker`.
 *
 * - create: `docker run --detach` and a check that the container is still running a moment later.
 * - update: none: a new image, name, port or command replaces the container (the old one is removed first, since
 *   the name and the port cannot be shared).
 * - refresh: drops the resource from the state when the container is gone.
 * - delete: `docker rm --force`.
 */

/** Arguments of a {@link Container}. */
export interface ContainerArgs {
  /** An image reference the engine can run or pull, e.g. `localhost:5000/app@sha256:…`. */
  readonly image: pulumi.Input<string>;
  /** The container name. */
  readonly name: pulumi.Input<string>;
  /** The port on 127.0.0.1 that forwards to the container's port 80. */
  readonly port: pulumi.Input<number>;
}

/** The plain inputs the provider receives. */
interface ContainerInputs {
  readonly image: string;
  readonly name: string;
  readonly port: number;
}

/** The state: the inputs and the container ID. */
interface ContainerOutputs extends ContainerInputs {
  readonly containerId: string;
}

// Pulumi serializes the provider object below into the stack state and runs it in another process, so its methods
// load what they need with require() and capture nothing from this module but these plain values.
const HOST_IP = "127.0.0.1";
const CONTAINER_PORT = 80;
const REPLACE_KEYS = "image,name,port";

const containerProvider: pulumi.dynamic.ResourceProvider<ContainerInputs, ContainerOutputs> = {
  async diff(_id, olds, news) {
    const keys = REPLACE_KEYS.split(",") as (keyof ContainerInputs)[];
    const replaces = keys.filter((key) => olds[key] !== news[key]);
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: true };
  },

  async create(inputs) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
    const docker = (...args: string[]) => execFileSync("docker", args, { encoding: "utf8" }).trim();
    const publish = `${HOST_IP}:${inputs.port}:${CONTAINER_PORT}`;
    console.log(`[${inputs.name}] docker run ${inputs.image} on ${HOST_IP}:${inputs.port}`);
    const id = docker("run", "--detach", "--name", inputs.name, "--publish", publish, inputs.image);
    await new Promise((resolve) => setTimeout(resolve, 300));
    if (docker("inspect", "--format", "{{.State.Running}}", id) !== "true") {
      const logs = docker("logs", "--tail", "20", id);
      docker("rm", "--force", id);
      throw new Error(`Container ${inputs.name} from ${inputs.image} stopped right after it started:\n${logs}`);
    }
    return { id, outs: { ...inputs, containerId: id } };
  },

  async read(id, props) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
    const inspect = spawnSync("docker", ["container", "inspect", "--format", "{{.Id}}", id], { encoding: "utf8" });
    if (inspect.status !== 0) return {};
    return { id, props };
  },

  async delete(id) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
    const removed = spawnSync("docker", ["rm", "--force", id], { encoding: "utf8" });
    if (removed.status !== 0 && !/No such container/i.test(removed.stderr)) {
      throw new Error(`docker rm --force ${id} failed: ${removed.stderr.trim()}`);
    }
  },
};

/** A container running `image`, published on `http://127.0.0.1:<port>/`; replaced when the image changes. */
export class Container extends pulumi.dynamic.Resource {
  /** The image reference the container runs. */
  declare readonly image: pulumi.Output<string>;
  /** The container name. */
  declare readonly name: pulumi.Output<string>;
  /** The port on 127.0.0.1. */
  declare readonly port: pulumi.Output<number>;
  /** The container ID. */
  declare readonly containerId: pulumi.Output<string>;

  constructor(name: string, args: ContainerArgs, opts?: pulumi.CustomResourceOptions) {
    super(containerProvider, name, { ...args, containerId: undefined }, opts, "example", "Container");
  }
}
