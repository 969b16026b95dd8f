import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeSshFailure, sshStderrTail } from "../../../provider/engine/ssh-failure";

const at = { user: "root", host: "127.0.0.1", port: "2222" };

describe("describeSshFailure", () => {
  it("names the host and the ssh-keyscan command when the host key is unknown", () => {
    const message = describeSshFailure(at, {
      code: 255,
      stderr:
        "No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.\r\nHost key verification failed.\r\n",
    });
    assert.match(message, /host key of ssh:\/\/root@127\.0\.0\.1:2222 is not known/);
    assert.match(message, /ssh-keyscan -p 2222 127\.0\.0\.1 >> ~\/\.ssh\/known_hosts/);
    assert.match(message, /ssh -p 2222 root@127\.0\.0\.1/);
  });

  it("leaves -p out of the advice when the address has no port", () => {
    const message = describeSshFailure({ host: "h" }, { code: 255, stderr: "Host key verification failed.\n" });
    assert.match(message, /ssh-keyscan h >> ~\/\.ssh\/known_hosts/);
    assert.match(message, /connect once with ssh h /);
  });

  it("tells a changed host key apart from an unknown one", () => {
    const message = describeSshFailure(at, {
      code: 255,
      stderr:
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\nHost key verification failed.\n",
    });
    assert.match(message, /differs from the one in known_hosts/);
    assert.match(message, /ssh-keygen -R '\[127\.0\.0\.1\]:2222'/);
  });

  it("says which keys ssh may use when the login is refused", () => {
    const message = describeSshFailure(at, { code: 255, stderr: "root@127.0.0.1: Permission denied (publickey).\n" });
    assert.match(message, /could not log in to ssh:\/\/root@127\.0\.0\.1:2222: no key was accepted/);
    assert.match(message, /ssh-add/);
    assert.match(message, /authorized_keys/);
  });

  it("does not take the engine's permission error for a refused login", () => {
    const message = describeSshFailure(at, {
      code: 1,
      stderr: "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock\n",
    });
    assert.match(message, /"docker system dial-stdio" on ssh:\/\/root@127\.0\.0\.1:2222 failed \(exit code 1\)/);
    assert.match(message, /permission denied while trying to connect/);
  });

  it("reports an unreachable host and a remote without the docker CLI", () => {
    assert.match(
      describeSshFailure(at, { code: 255, stderr: "ssh: connect to host 127.0.0.1 port 2222: Connection refused\n" }),
      /Cannot reach ssh:\/\/root@127\.0\.0\.1:2222 over ssh.*Connection refused/,
    );
    assert.match(
      describeSshFailure(at, { code: 127, stderr: "bash: line 1: docker: command not found\n" }),
      /has no docker CLI.*install the docker CLI there/,
    );
  });

  it("keeps only the last lines of stderr and never key material", () => {
    const stderr = [
      "-----BEGIN OPENSSH PRIVATE KEY-----",
      "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ",
      "-----END OPENSSH PRIVATE KEY-----",
      ...Array.from({ length: 10 }, (_, i) => `line ${i}`),
    ].join("\n");
    const tail = sshStderrTail(stderr);
    assert.equal(tail, "line 4 / line 5 / line 6 / line 7 / line 8 / line 9");
    assert.equal(sshStderrTail(stderr.split("\n").slice(0, 4).join("\n")).includes("b3BlbnNzaC1"), false);
    assert.equal(describeSshFailure(at, { code: 255, stderr }).includes("b3BlbnNzaC1"), false);
  });
});
