// Resources listed in stack config, for the bad-input suite.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild, DockerPush } = require("pulumi-docker-dynamic");
const builds = {};
for (const r of new pulumi.Config().requireObject("resources")) {
  if (r.kind === "build") {
    const args = { ...r.args };
    if (r.hostAfter) args.docker = { host: builds[r.hostAfter].imageId.apply(() => r.args.docker.host) };
    builds[r.name] = new DockerBuild(r.name, args);
  } else {
    const b = r.from ? builds[r.from] : undefined;
    const from = b ? { imageName: b.imageName, tag: b.tag, imageId: b.imageId } : {};
    new DockerPush(r.name, { ...from, ...r.args });
  }
}
