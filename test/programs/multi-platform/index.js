// A multi-platform build pushed as one index, and a DockerIndex over two single-platform builds (stand-ins for two
// build hosts), for the multi-platform suite.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild, DockerPush, DockerIndex } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const imageName = cfg.require("imageName");

const app = new DockerBuild("app", {
  imageName,
  tag: "multi",
  context: cfg.get("appContext") ?? "app",
  platforms: cfg.requireObject("platforms"),
  // Not the hosts' images: a platform manifest deleted from the registry is this push's alone to repair.
  labels: { "pdd.test.role": "multi-platform" },
});
// The build itself: every platform's image, pushed as one index.
const appPush = new DockerPush("app", { build: app, keepRemotely: false });

const host = (platform) => {
  const name = `host-${platform.split("/")[1]}`;
  const build = new DockerBuild(name, { imageName, tag: name, context: "app", platform });
  return new DockerPush(name, { imageName, tag: build.tag, imageId: build.imageId, keepRemotely: false });
};
const hosts = ["linux/amd64", "linux/arm64"].map(host);
const combined = new DockerIndex("combined", {
  imageName,
  tag: "combined",
  sources: hosts.map((push) => push.repoDigest),
  // Inputs that only change the state (keepRemotely, credentials): the suite sets more, then removes them all.
  ...(cfg.getObject("combinedStateOnly") ?? { keepRemotely: false }),
});

exports.imageId = app.imageId;
exports.platformImages = app.platformImages;
exports.digest = appPush.digest;
exports.repoDigest = appPush.repoDigest;
exports.platformDigests = appPush.platformDigests;
exports.hostDigests = hosts.map((push) => push.digest);
exports.combinedDigest = combined.digest;
