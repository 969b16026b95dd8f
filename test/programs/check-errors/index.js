// One DockerBuild or DockerPush with the args from config, for the check-errors suite.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild, DockerPush } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const args = cfg.requireObject("args");
if (cfg.require("kind") === "build") new DockerBuild("bad", args);
else new DockerPush("bad", args);
