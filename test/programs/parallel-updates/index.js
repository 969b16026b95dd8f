// count DockerBuild + DockerPush pairs, for the parallel-updates suite.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild, DockerPush } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const images = {};
for (let i = 0; i < cfg.requireNumber("count"); i++) {
  const build = new DockerBuild("img" + i, {
    imageName: cfg.require("prefix") + "/img" + i,
    tag: "x",
    context: "app" + i,
  });
  const push = new DockerPush("img" + i, { imageName: build.imageName, tag: build.tag, imageId: build.imageId });
  images["img" + i] = { imageId: build.imageId, digest: push.digest };
}
exports.images = images;
