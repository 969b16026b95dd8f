// One DockerBuild shaped by config, for the DockerBuild suite.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const build = new DockerBuild("app", {
  imageName: cfg.require("imageName"),
  tag: "e2e",
  additionalTags: ["e2e-extra"],
  context: "app",
  ignoreCache: cfg.getBoolean("ignoreCache") ?? false,
  triggers: cfg.getObject("triggers") ?? [],
  // Inputs that only change the state (keepLocally, docker, registries, secrets, ssh, builder): set, then removed.
  ...cfg.getObject("stateOnly"),
});
exports.imageId = build.imageId;
exports.image = build.image;
exports.contextDigest = build.contextDigest;
