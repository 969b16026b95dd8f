// count DockerBuild + DockerPush pairs whose builds reach the host's loopback (network "host"), for the concurrency
// suite: config count, prefix (the registry repository prefix) and builder.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild, DockerPush } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const digests = {};
for (let i = 0; i < cfg.requireNumber("count"); i++) {
  const build = new DockerBuild("img" + i, {
    imageName: cfg.require("prefix") + "/img" + i,
    tag: "x",
    context: "app" + i,
    network: "host",
    builder: cfg.require("builder"),
  });
  const push = new DockerPush("img" + i, { imageName: build.imageName, tag: build.tag, imageId: build.imageId });
  digests["img" + i] = push.digest;
}
exports.digests = digests;
