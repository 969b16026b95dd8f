import * as pulumi from "@pulumi/pulumi";
import { DockerBuild, DockerPush } from "pulumi-docker-dynamic";

const config = new pulumi.Config();
const registry = config.get("registry") ?? "localhost:5000";
const imagePrefix = config.get("imagePrefix") ?? "examples";
const platform = config.get("platform") ?? "linux/amd64";

// build_docker_image with platform: the base image must exist for that platform (local/busybox is linux/amd64).
const build = new DockerBuild("app", {
  imageName: `${registry}/${imagePrefix}/platform`,
  tag: "dev",
  platform,
  context: "app",
});

const push = new DockerPush("app", { build });

export const imageName = build.imageName;
export const tag = build.tag;
export const image = build.image;
export const imageId = build.imageId;
export const additionalTags = build.additionalTags;
export const digest = push.digest;
export const repoDigest = push.repoDigest;
