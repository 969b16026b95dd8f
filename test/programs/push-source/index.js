// One DockerBuild pushed by two DockerPush resources with `source`: to the open and to the htpasswd registry.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild, DockerPush } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const build = new DockerBuild("app", { imageName: cfg.require("buildName"), tag: "build", context: "app" });
const open = new DockerPush("open", {
  source: build.imageId,
  imageName: cfg.require("openName"),
  tag: "v1",
  additionalTags: cfg.getObject("openTags") ?? [],
});
exports.buildImageId = build.imageId;
exports.open = { digest: open.digest, engineTags: open.engineTags };
if (!cfg.getBoolean("dropAuth")) {
  const auth = new DockerPush("auth", {
    source: build.image,
    imageName: cfg.require("authName"),
    tag: "v1",
    credentials: { username: cfg.require("registryUser"), password: cfg.requireSecret("registryPassword") },
    keepRemotely: false,
  });
  exports.auth = { digest: auth.digest, engineTags: auth.engineTags };
}
