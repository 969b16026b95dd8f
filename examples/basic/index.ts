import * as pulumi from "@pulumi/pulumi";
import { DockerBuild, DockerPush } from "pulumi-docker-dynamic";

const config = new pulumi.Config();
const registry = config.get("registry") ?? "localhost:5000";
const imagePrefix = config.get("imagePrefix") ?? "examples";

// build_docker_image: image_name repo-name/image-name, tag dev
const build = new DockerBuild("app", {
  imageName: `${registry}/${imagePrefix}/basic`,
  tag: "dev",
  context: "app",
});

// push_docker_image: image_name "{{ build-image.image_name }}", tag "{{ build-image.tag }}"
const push = new DockerPush("app", {
  imageName: build.imageName,
  tag: build.tag,
  imageId: build.imageId,
});

export const imageName = build.imageName;
export const tag = build.tag;
export const image = build.image;
export const imageId = build.imageId;
export const additionalTags = build.additionalTags;
export const digest = push.digest;
export const repoDigest = push.repoDigest;
