import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseSshAddress, sshAddress, sshAddressProblem, sshArguments } from "../../../provider/engine/ssh-destination";
import { connectionProblems } from "../../../provider/input-rules/connection-problems";

describe("ssh:// addresses", () => {
  it("reads the user, host and port, leaving absent ones to the ssh configuration", () => {
    assert.deepEqual(parseSshAddress("ssh://root@build.example:2222"), {
      user: "root",
      host: "build.example",
      port: "2222",
    });
    assert.deepEqual(parseSshAddress("ssh://buildhost"), { user: undefined, host: "buildhost", port: undefined });
    assert.deepEqual(parseSshAddress("ssh://me@[::1]:22/"), { user: "me", host: "::1", port: "22" });
  });

  it("runs docker system dial-stdio without prompts, in the docker CLI's argument order", () => {
    assert.deepEqual(sshArguments({ user: "root", host: "h", port: "2222" }), [
      "-o",
      "BatchMode=yes",
      "-o",
      "ConnectTimeout=30",
      "-T",
      "-l",
      "root",
      "-p",
      "2222",
      "--",
      "h",
      "docker",
      "system",
      "dial-stdio",
    ]);
    assert.deepEqual(sshArguments({ host: "h" }).slice(5), ["--", "h", "docker", "system", "dial-stdio"]);
  });

  it("keeps a host that looks like an option from being read as one", () => {
    const args = sshArguments({ host: "-oProxyCommand=x" });
    assert.equal(args[args.indexOf("-oProxyCommand=x") - 1], "--");
  });

  it("writes the address back for messages", () => {
    assert.equal(sshAddress(parseSshAddress("ssh://root@127.0.0.1:2222")), "ssh://root@127.0.0.1:2222");
    assert.equal(sshAddress({ host: "::1" }), "ssh://[::1]");
  });

  it("refuses a password in the address without repeating it", () => {
    const problem = sshAddressProblem("ssh://root:hunter2@h") ?? "";
    assert.match(problem, /holds a password.*use a key/);
    assert.equal(problem.includes("hunter2"), false);
    assert.throws(() => parseSshAddress("ssh://root:hunter2@h"), /holds a password/);
    const unparsable = sshAddressProblem("ssh://root:hunter2@h h") ?? "";
    assert.match(unparsable, /is not an address/);
    assert.equal(unparsable.includes("hunter2"), false);
  });

  it("refuses a path, a query or a fragment as the docker CLI does", () => {
    assert.match(sshAddressProblem("ssh://u@h/var/run/docker.sock") ?? "", /has a path/);
    assert.match(sshAddressProblem("ssh://u@h?x=1") ?? "", /query or fragment/);
    assert.match(sshAddressProblem("ssh://u@h#x") ?? "", /query or fragment/);
    assert.match(sshAddressProblem("ssh://") ?? "", /names no host/);
    assert.equal(sshAddressProblem("ssh://u@h:2222"), undefined);
  });

  it("is what check reports against docker.host", () => {
    assert.deepEqual(
      connectionProblems({ host: "ssh://u:pw@h" }).map((p) => p.property),
      ["docker.host"],
    );
    assert.deepEqual(connectionProblems({ host: "ssh://u@h:2222" }), []);
  });
});
