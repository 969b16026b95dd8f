import * as pulumi from "@pulumi/pulumi";
import { DockerBuild, DockerPush } from "pulumi-docker-dynamic";

const config = new pulumi.Config();
const registry = config.get("registry") ?? "localhost:5000";
const imagePrefix = config.get("imagePrefix") ?? "examples";
const baseImage = config.get("baseImage") ?? "local/python:3";

// build_docker_image with dockerfile: auto for a Python app. The generated Dockerfile installs app/requirements.txt
// with `python -m pip install` and copies app/ to /opt/app/app/; app/ has no Dockerfile.
const build = new DockerBuild("app", {
  imageName: `${registry}/${imagePrefix}/auto-dockerfile-python`,
  tag: "dev",
  context: "app",
  dockerfile: "auto",
  baseImage,
});

const push = new DockerPush("app", { build });

export const imageName = build.imageName;
export const tag = build.tag;
export const image = build.image;
export const imageId = build.imageId;
export const additionalTags = build.additionalTags;
export const digest = push.digest;
export const repoDigest = push.repoDigest;
export const generatedDockerfile = build.generatedDockerfile;
