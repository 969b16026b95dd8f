// A DockerBuild and a DockerPush to an HTTPS registry, with the registry's CA (optional) and password as secrets.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild, DockerPush } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const build = new DockerBuild("app", { imageName: cfg.require("imageName"), tag: "dev", context: "app" });
const caCert = cfg.getSecret("caCert");
const push = new DockerPush("app", {
  imageName: build.imageName,
  tag: build.tag,
  imageId: build.imageId,
  credentials: { username: cfg.require("registryUser"), password: cfg.requireSecret("registryPassword"), caCert },
  keepRemotely: false,
});
exports.digest = push.digest;
exports.repoDigest = push.repoDigest;
