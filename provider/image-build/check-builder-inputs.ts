import { statSync } from "node:fs";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { UNKNOWN } from "../core/unknown-values";
import { isKnown } from "../input-rules/image-inputs";
import type { DockerBuildInputs } from "./inputs";
import { DEFAULT_SSH_ID } from "../buildkit/ssh-service";

type Failure = dynamic.CheckFailure;

/** The ids BuildKit accepts in `RUN --mount=type=secret,id=…` and `type=ssh,id=…`. */
const MOUNT_ID = /^[A-Za-z0-9_.-]+$/;

function socketProblem(path: string): string | undefined {
  try {
    return statSync(path).isSocket() ? undefined : "is not a socket";
  } catch {
    return "does not exist";
  }
}

function checkSecrets(secrets: unknown, failures: Failure[]): void {
  if (!isKnown(secrets)) return;
  if (typeof secrets !== "object" || secrets === null || Array.isArray(secrets)) {
    failures.push({ property: "secrets", reason: "secrets must be an object of secret values by id" });
    return;
  }
  for (const [id, value] of Object.entries(secrets)) {
    if (!MOUNT_ID.test(id)) {
      failures.push({
        property: `secrets.${id}`,
        reason: `secrets id "${id}" may only hold letters, digits, "_", "." and "-", as RUN --mount=type=secret,id=… does`,
      });
    } else if (isKnown(value) && typeof value !== "string") {
      failures.push({ property: `secrets.${id}`, reason: `secrets.${id} must be a string` });
    }
  }
}

function checkSshAgent(agent: unknown, i: number, env: NodeJS.ProcessEnv, failures: Failure[]): string | undefined {
  if (!isKnown(agent)) return undefined;
  if (typeof agent !== "object" || agent === null || Array.isArray(agent)) {
    failures.push({ property: `ssh[${i}]`, reason: `ssh[${i}] must be { id?, paths? }` });
    return undefined;
  }
  const { id, paths } = agent as { id?: unknown; paths?: unknown };
  if (isKnown(id) && id !== undefined && (typeof id !== "string" || !MOUNT_ID.test(id))) {
    failures.push({
      property: `ssh[${i}].id`,
      reason: `ssh[${i}].id must be an id of letters, digits, "_", "." and "-"`,
    });
  }
  if (paths === UNKNOWN) return typeof id === "string" ? id : DEFAULT_SSH_ID;
  if (paths !== undefined && (!Array.isArray(paths) || paths.length > 1 || paths.some((p) => typeof p !== "string"))) {
    failures.push({
      property: `ssh[${i}].paths`,
      reason: `ssh[${i}].paths must hold one SSH agent socket path (start ssh-agent and ssh-add the key files)`,
    });
  } else {
    const socket = (paths as string[] | undefined)?.[0] ?? env.SSH_AUTH_SOCK;
    const problem =
      socket === undefined || socket === ""
        ? "SSH_AUTH_SOCK is not set"
        : socketProblem(socket) && `the agent socket ${socket} ${socketProblem(socket)}`;
    if (problem) {
      failures.push({
        property: `ssh[${i}].paths`,
        reason: `ssh[${i}] has no SSH agent: ${problem}; start ssh-agent (and ssh-add your key) or give its socket in ssh[${i}].paths`,
      });
    }
  }
  return typeof id === "string" ? id : DEFAULT_SSH_ID;
}

function checkSsh(ssh: unknown, env: NodeJS.ProcessEnv, failures: Failure[]): void {
  if (!isKnown(ssh)) return;
  if (!Array.isArray(ssh)) {
    failures.push({ property: "ssh", reason: "ssh must be a list of { id?, paths? }" });
    return;
  }
  const seen = new Set<string>();
  ssh.forEach((agent: unknown, i) => {
    const id = checkSshAgent(agent, i, env, failures);
    if (id === undefined) return;
    if (seen.has(id)) failures.push({ property: `ssh[${i}].id`, reason: `ssh[${i}].id "${id}" is given twice` });
    seen.add(id);
  });
}

/**
 * The network modes the engine's BuildKit builds with: moby's builder-next (`builder/builder-next/builder.go`, the same
 * switch in 20.10 and 28) takes `host` and `none`, and `default` or nothing, and refuses every other with `network mode
 * "…" not supported by buildkit`; the classic builder runs RUN steps on any network of the engine.
 */
export const BUILDKIT_NETWORKS: readonly string[] = ["default", "host", "none"];

/** Whether BuildKit builds with this `network` (unset counts as the default). */
function buildkitTakesNetwork(network: unknown): boolean {
  return network === undefined || network === "" || BUILDKIT_NETWORKS.includes(network as string);
}

/**
 * Why a build of these inputs needs the classic builder, when it does: `shmSize` (the engine's BuildKit ignores
 * `/build`'s shmsize, so BuildKit would silently build with the default `/dev/shm`) and a `network` other than
 * {@link BUILDKIT_NETWORKS} (the engine's BuildKit refuses the build).
 */
export function classicOnlyInputs(inputs: DockerBuildInputs): string | undefined {
  const reasons: string[] = [];
  if (isKnown(inputs.shmSize)) reasons.push("shmSize is honoured only by the classic builder");
  if (isKnown(inputs.network) && !buildkitTakesNetwork(inputs.network)) {
    reasons.push(`network ${JSON.stringify(inputs.network)} is one only the classic builder builds on`);
  }
  return reasons.length === 0 ? undefined : reasons.join(", and ");
}

/**
 * Validates the builder inputs: `builder`, `secrets`, `ssh` (the agent sockets must exist) and `cacheTo`; secrets, SSH
 * agents, inline cache and `platforms` need BuildKit, so they are refused together with `builder: "classic"`.
 */
export function validateBuilderInputs(inputs: DockerBuildInputs, env: NodeJS.ProcessEnv = process.env): Failure[] {
  const failures: Failure[] = [];
  const builder: unknown = inputs.builder;
  if (isKnown(builder) && builder !== undefined && builder !== "buildkit" && builder !== "classic") {
    failures.push({
      property: "builder",
      reason: `builder must be "buildkit" or "classic", not ${JSON.stringify(builder)}`,
    });
  }
  const cacheTo: unknown = inputs.cacheTo;
  if (isKnown(cacheTo) && cacheTo !== undefined && cacheTo !== "inline") {
    failures.push({
      property: "cacheTo",
      reason: `cacheTo supports only "inline" (cache metadata inside the image), not ${JSON.stringify(cacheTo)}`,
    });
  }
  checkSecrets(inputs.secrets, failures);
  checkSsh(inputs.ssh, env, failures);
  const needBuildkit = (["secrets", "ssh", "cacheTo", "platforms"] as const).filter((key) => inputs[key] !== undefined);
  if (inputs.shmSize !== undefined && (builder === "buildkit" || (builder !== "classic" && needBuildkit.length > 0))) {
    const why = builder === "buildkit" ? 'builder is "buildkit"' : `${needBuildkit.join(", ")} need BuildKit`;
    failures.push({
      property: "shmSize",
      reason: `shmSize is honoured only by the classic builder (BuildKit ignores it), and ${why}; remove shmSize`,
    });
  }
  const network: unknown = inputs.network;
  if (
    isKnown(network) &&
    !buildkitTakesNetwork(network) &&
    (builder === "buildkit" || (builder !== "classic" && needBuildkit.length > 0))
  ) {
    const why = builder === "buildkit" ? 'builder is "buildkit"' : `${needBuildkit.join(", ")} need BuildKit`;
    failures.push({
      property: "network",
      reason:
        `network ${JSON.stringify(network)} is one the engine's BuildKit refuses (it builds with ` +
        `${BUILDKIT_NETWORKS.map((n) => `"${n}"`).join(", ")} only), and ${why}; use one of those, or ` +
        `builder: "classic" to build on that network`,
    });
  }
  if (builder === "classic") {
    for (const key of needBuildkit) {
      failures.push({
        property: key,
        reason: `${key} needs BuildKit, and builder is "classic"; remove builder: "classic" or remove ${key}`,
      });
    }
  }
  return failures;
}
