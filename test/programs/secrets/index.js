// Every credential route at once, for the secrets suite.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild, DockerPush } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const docker = {
  host: cfg.require("dockerHost"),
  caCert: cfg.require("caCert"),
  cert: cfg.require("clientCert"),
  key: cfg.requireSecret("clientKey"),
};
const reg = cfg.require("registry");
const alt = cfg.require("altRegistry");
const repo = cfg.require("repo");
const base = new DockerBuild("base", { imageName: reg + "/" + repo + "-base", tag: "v1", context: "base", docker });
const basePush = new DockerPush("base", {
  imageName: base.imageName,
  tag: base.tag,
  imageId: base.imageId,
  docker,
  keepRemotely: false,
  credentials: { username: cfg.require("pushUser"), password: cfg.requireSecret("pushPassword") },
});
const registries = [{ address: reg, username: cfg.require("pullUser"), password: cfg.requireSecret("pullPassword") }];
const derived = (name, imageName) =>
  new DockerBuild(name, {
    imageName,
    tag: "v1",
    context: "app",
    pull: true,
    registries,
    docker,
    buildArgs: { BASE: basePush.repoDigest },
  });
const app = derived("app", alt + "/" + repo + "-app");
const copy = derived("copy", reg + "/" + repo + "-copy");
for (const [name, build] of [
  ["app", app],
  ["copy", copy],
]) {
  new DockerPush(name, {
    imageName: build.imageName,
    tag: build.tag,
    imageId: build.imageId,
    docker,
    keepRemotely: false,
  });
}
if (cfg.getBoolean("wrongPush")) {
  new DockerPush("wrong", {
    imageName: copy.imageName,
    tag: copy.tag,
    imageId: copy.imageId,
    docker,
    credentials: { username: cfg.require("pushUser"), password: cfg.requireSecret("wrongPassword") },
  });
}
exports.digest = basePush.digest;
