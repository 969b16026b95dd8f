import * as pulumi from "@pulumi/pulumi";
import { DockerBuild, DockerPush } from "pulumi-docker-dynamic";
import { Container } from "./container";

const config = new pulumi.Config();
const registry = config.get("registry") ?? "localhost:5000";
const imagePrefix = config.get("imagePrefix") ?? "examples";
const port = config.getNumber("port") ?? 8080;
const containerName = config.get("containerName") ?? `${pulumi.getProject()}-${pulumi.getStack()}`;

const build = new DockerBuild("web", {
  imageName: `${registry}/${imagePrefix}/deploy`,
  tag: "dev",
  context: "app",
});

const push = new DockerPush("web", { build });

// Deploy the immutable digest, not the moving `dev` tag: a new push means a new reference and a new container.
const web = new Container("web", {
  image: push.repoDigest,
  name: containerName,
  port,
});

export const imageName = build.imageName;
export const tag = build.tag;
export const image = build.image;
export const imageId = build.imageId;
export const additionalTags = build.additionalTags;
export const digest = push.digest;
export const repoDigest = push.repoDigest;
export const containerId = web.containerId;
export const url = pulumi.interpolate`http://127.0.0.1:${web.port}/`;
