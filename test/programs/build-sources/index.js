// One DockerBuild whose args come from config, for the build-sources suite (inline Dockerfiles, remote contexts,
// per-Dockerfile ignore files, Dockerfile syntax errors).
const pulumi = require("@pulumi/pulumi");
const { DockerBuild } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const build = new DockerBuild("app", cfg.requireObject("args"));
exports.imageId = build.imageId;
exports.contextDigest = build.contextDigest;
exports.resolvedContext = build.resolvedContext;
exports.resolvedDockerfile = build.resolvedDockerfile;
