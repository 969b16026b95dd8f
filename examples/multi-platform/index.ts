import * as pulumi from "@pulumi/pulumi";
import { DockerBuild, DockerPush } from "pulumi-docker-dynamic";

const config = new pulumi.Config();
const registry = config.get("registry") ?? "localhost:5000";
const imagePrefix = config.get("imagePrefix") ?? "examples";
const platforms = config.getObject<string[]>("platforms") ?? ["linux/amd64", "linux/arm64"];

// One BuildKit build per platform; the tag on this engine is its own platform's image, each platform image also
// has an engine tag of its own (dev-linux-amd64, dev-linux-arm64).
const build = new DockerBuild("app", {
  imageName: `${registry}/${imagePrefix}/multi-platform`,
  tag: "dev",
  platforms,
  context: "app",
});

// Pushes each platform image, then writes an OCI image index over them under `dev`.
const push = new DockerPush("app", { build });

export const imageName = build.imageName;
export const tag = build.tag;
export const image = build.image;
export const imageId = build.imageId;
export const additionalTags = build.additionalTags;
export const platformImages = build.platformImages;
export const digest = push.digest;
export const repoDigest = push.repoDigest;
export const platformDigests = push.platformDigests;
