import * as pulumi from "@pulumi/pulumi";
import { DockerBuild, DockerPush } from "pulumi-docker-dynamic";

const config = new pulumi.Config();
const registry = config.get("registry") ?? "localhost:5000";
const imagePrefix = config.get("imagePrefix") ?? "examples";
const version = config.get("version") ?? "v0.1.0";
// In CI this would be the commit being built, e.g. from `git rev-parse HEAD`.
const gitSha = config.get("gitSha") ?? "dac9ccccedaa55a17916eef14f95cc7bdd3c8199";

// build_docker_image with additional_tags: [v0.1.0, dac9cccc…]
const build = new DockerBuild("app", {
  imageName: `${registry}/${imagePrefix}/multi-tag`,
  tag: "dev",
  additionalTags: [version, gitSha],
  context: "app",
});

// push_docker_image with additional_tags: "{{ build-image.additional_tags }}"
const push = new DockerPush("app", { build });

export const imageName = build.imageName;
export const tag = build.tag;
export const image = build.image;
export const imageId = build.imageId;
export const additionalTags = build.additionalTags;
export const digest = push.digest;
export const repoDigest = push.repoDigest;
export const references = push.references;
