// A build and a push on the engine named by config, for the faults suite.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild, DockerPush } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const docker = { host: cfg.require("dockerHost") };
const build = new DockerBuild("app", {
  imageName: cfg.require("imageName"),
  tag: "dev",
  context: "app",
  buildArgs: { NONCE: cfg.get("nonce") ?? "0", SLEEP: cfg.get("sleep") ?? "0" },
  docker,
  builder: cfg.get("builder"),
});
const push = new DockerPush("app", { imageName: build.imageName, tag: build.tag, imageId: build.imageId, docker });
exports.imageId = build.imageId;
exports.digest = push.digest;
