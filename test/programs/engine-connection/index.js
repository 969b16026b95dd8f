// A build and a push whose engine comes from the environment (DOCKER_HOST, DOCKER_CONTEXT, …), or from the
// docker.context input when the "dockerContext" config is set, for the engine connection suite.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild, DockerPush } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const context = cfg.get("dockerContext");
const docker = context ? { context } : undefined;
const build = new DockerBuild("app", { imageName: cfg.require("imageName"), tag: "conn", context: "app", docker });
const push = new DockerPush("app", { imageName: build.imageName, tag: build.tag, imageId: build.imageId, docker });
exports.imageId = build.imageId;
exports.digest = push.digest;
exports.engineHost = build.engineHost;
exports.pushEngineHost = push.engineHost;
