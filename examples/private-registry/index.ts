import * as pulumi from "@pulumi/pulumi";
import { DockerBuild, DockerPush } from "pulumi-docker-dynamic";

const config = new pulumi.Config();
const registry = config.get("registry") ?? "localhost:5001";
const imagePrefix = config.get("imagePrefix") ?? "examples";
const username = config.require("registryUser");
// A secret Output: Pulumi encrypts it in the state and masks it in every log.
const password = config.requireSecret("registryPassword");

const build = new DockerBuild("app", {
  imageName: `${registry}/${imagePrefix}/private-registry`,
  tag: "dev",
  context: "app",
});

// push_docker_image with credentials: the password stays a secret end to end (DockerPush stores the whole
// credentials object as a secret, too).
const push = new DockerPush("app", {
  imageName: build.imageName,
  tag: build.tag,
  imageId: build.imageId,
  credentials: { username, password, registryUrl: registry },
});

export const imageName = build.imageName;
export const tag = build.tag;
export const image = build.image;
export const imageId = build.imageId;
export const additionalTags = build.additionalTags;
export const digest = push.digest;
export const repoDigest = push.repoDigest;
