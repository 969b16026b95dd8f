// A build and a push on an engine reached over ssh (docker.host = ssh://user@host:port), for the ssh suite.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild, DockerPush } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const docker = { host: cfg.require("dockerHost") };
const build = new DockerBuild("app", {
  imageName: cfg.require("imageName"),
  tag: "ssh",
  context: "app",
  secrets: { token: cfg.requireSecret("token") },
  docker,
});
const push = new DockerPush("app", { imageName: build.imageName, tag: build.tag, imageId: build.imageId, docker });
exports.imageId = build.imageId;
exports.digest = push.digest;
