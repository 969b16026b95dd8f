// A DockerBuild and a DockerPush, shaped by stack config (the shared program of the push, drift and fault suites).
const pulumi = require("@pulumi/pulumi");
const { DockerBuild, DockerPush } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const build = new DockerBuild("app", {
  imageName: cfg.require("imageName"),
  tag: cfg.get("tag") ?? "dev",
  additionalTags: cfg.getObject("additionalTags") ?? [],
  context: "app",
});
const user = cfg.get("registryUser");
const credentials = user ? { username: user, password: cfg.requireSecret("registryPassword") } : undefined;
// Inputs that only change the state (keepRemotely, credentials, docker, source): set, then removed;
// `source: "build"` pushes the build's image by reference, in place of `imageId`. Otherwise the build itself: its name,
// tags and image ID (the form README leads with).
const { source, ...stateOnly } = cfg.getObject("stateOnly") ?? {};
const push = new DockerPush("app", {
  ...(source === "build"
    ? { imageName: build.imageName, tag: build.tag, additionalTags: build.additionalTags, source: build.image }
    : { build }),
  credentials,
  keepRemotely: cfg.getBoolean("keepRemotely"),
  ...stateOnly,
});
if (cfg.getBoolean("pushTwice")) {
  new DockerPush(
    "again",
    { imageName: push.imageName, tag: push.tag, imageId: build.imageId, credentials },
    { dependsOn: push },
  );
}
exports.imageId = build.imageId;
exports.tag = push.tag;
exports.digest = push.digest;
exports.repoDigest = push.repoDigest;
exports.references = push.references;
exports.missingTags = push.missingTags;
