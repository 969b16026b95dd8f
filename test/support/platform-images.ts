import Dockerode from "dockerode";
import { contextTar } from "./session-build";
import { localImageIdOf } from "./docker-cli";

/** One platform's image of a stand-in multi-platform build, as DockerBuild's `platformImages` lists it. */
export interface BuiltPlatformImage {
  readonly platform: string;
  readonly imageId: string;
  readonly tag: string;
}

/**
 * Builds `FROM scratch` + one file for `platform` with the engine's BuildKit (no emulation: nothing runs) and tags it
 * `imageName:tag`; `marker` goes into the file, so different markers give different images.
 */
export async function buildPlatformImage(
  imageName: string,
  tag: string,
  platform: string,
  marker: string,
): Promise<BuiltPlatformImage> {
  const docker = new Dockerode();
  const reference = `${imageName}:${tag}`;
  const files = { Dockerfile: "FROM scratch\nCOPY file /file\n", file: `${marker} ${platform}\n` };
  const stream = await docker.buildImage(contextTar(files), {
    version: "2",
    platform,
    t: reference,
  } as Dockerode.ImageBuildOptions);
  const errors: string[] = [];
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(
      stream,
      (error) => (error ? reject(error) : resolve()),
      (event: { error?: string }) => {
        if (event.error) errors.push(event.error);
      },
    ),
  );
  if (errors.length > 0) throw new Error(`BuildKit build of ${reference} (${platform}) failed: ${errors.join("; ")}`);
  const imageId = localImageIdOf(reference);
  if (imageId === undefined) throw new Error(`BuildKit build of ${reference} left no image`);
  return { platform, imageId, tag };
}
