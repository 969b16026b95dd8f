// A build and a push through the TLS endpoint, for the TLS suite.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild, DockerPush } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const docker = {
  host: cfg.require("dockerHost"),
  caCert: cfg.require("caCert"),
  cert: cfg.require("clientCert"),
  key: cfg.requireSecret("clientKey"),
};
const build = new DockerBuild("app", { imageName: cfg.require("imageName"), tag: "tls", context: "app", docker });
const push = new DockerPush("app", { imageName: build.imageName, tag: build.tag, imageId: build.imageId, docker });
exports.imageId = build.imageId;
exports.digest = push.digest;
