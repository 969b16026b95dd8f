import type Docker from "dockerode";
import { describeEngine } from "../engine/engine-address";
import { recordInterruptedBuild } from "../engine/interrupted-builds";
import { DockerUnavailableError } from "../core/errors";

/** A build whose stream broke off without the daemon reporting an error of its own. */
export interface CutOffBuild {
  /** The image reference being built. */
  readonly image: string;
  /** When the build request was sent. */
  readonly startedAt: Date;
  /** The intermediate containers the classic builder announced; `undefined` for BuildKit, which leaves none. */
  readonly containers: readonly string[] | undefined;
  /** The error the build failed with. */
  readonly error: unknown;
}

async function engineAnswers(docker: Docker): Promise<boolean> {
  try {
    await docker.ping();
    return true;
  } catch {
    return false;
  }
}

/**
 * Handles a build that ended without the daemon's own error event (the engine crashed, restarted or the connection
 * broke): records it so the next build on this engine removes the containers it left, and returns the error to
 * throw, a DockerUnavailableError naming the engine when the engine no longer answers.
 */
export async function buildCutOff(docker: Docker, build: CutOffBuild): Promise<unknown> {
  const engine = describeEngine(docker);
  if (build.error instanceof DockerUnavailableError && !build.containers?.length) return build.error;
  if (build.containers !== undefined) {
    recordInterruptedBuild({
      engine,
      image: build.image,
      startedAt: build.startedAt.toISOString(),
      failedAt: new Date().toISOString(),
      containers: [...build.containers],
    });
  }
  if (await engineAnswers(docker)) return build.error;
  const reason = build.error instanceof Error ? build.error.message.split("\n")[0] : String(build.error);
  return new DockerUnavailableError(
    `The Docker engine at ${engine} went away during the build of "${build.image}" (${reason}); start it again and run pulumi up${build.containers === undefined ? "" : ": the next build on it removes the containers this build left"}`,
    { image: build.image, cause: build.error },
  );
}
