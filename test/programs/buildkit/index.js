// BuildKit through the CLI, for the buildkit suite: a build secret, a base image from the htpasswd registry with
// credentials from DOCKER_CONFIG, an SSH agent, the classic builder beside BuildKit, and failures switched on by config.
const pulumi = require("@pulumi/pulumi");
const { DockerBuild } = require("pulumi-docker-dynamic");
const cfg = new pulumi.Config();
const registry = cfg.require("registry");
const repo = cfg.require("repo");
const build = (name, args) =>
  new DockerBuild(name, { imageName: `${registry}/${repo}-${name}`, tag: "v1", context: name, ...args });

const secret = build("secret", {
  secrets: { token: cfg.requireSecret("token") },
  buildArgs: { ROTATION: cfg.get("tokenRotation") ?? "1" },
});
const classic = build("classic", { builder: "classic" });
exports.secretImageId = secret.imageId;
exports.secretBuilder = secret.resolvedBuilder;
exports.classicBuilder = classic.resolvedBuilder;
exports.classicImage = classic.image;
if (cfg.getBoolean("privateBase")) {
  const base = build("private", {
    buildArgs: { BASE: cfg.require("privateBaseImage") },
    triggers: [cfg.get("attempt")],
  });
  exports.privateImage = base.image;
}
if (cfg.getBoolean("sshBuild")) {
  const ssh = build("ssh", { ssh: [{}], buildArgs: { BASE: cfg.require("sshBase") } });
  exports.sshImage = ssh.image;
}
if (cfg.getBoolean("missingSecret")) build("missing", { secrets: { other: "not the one the Dockerfile needs" } });
if (cfg.getBoolean("failingRun")) build("failing", {});
