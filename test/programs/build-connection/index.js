// A DockerBuild whose engine connection and pull credentials come from stack config.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const build = new DockerBuild("app", {
  imageName: cfg.require("imageName"),
  tag: "dev",
  context: "app",
  docker: cfg.getObject("docker"),
  registries: cfg.getObject("registries"),
});
exports.imageId = build.imageId;
