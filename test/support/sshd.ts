import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { testEnvironment } from "./environment";
import { makeTree, removeTree } from "./fixtures";
import { freeLoopbackPort } from "./free-port";

/** Debian's OpenSSH server; `scripts/setup` installs `openssh-server` when it is missing. */
const SSHD = "/usr/sbin/sshd";

/** A test's own sshd on 127.0.0.1, and ssh clients set up for it that never read or write the user's ~/.ssh. */
export interface TestSshd {
  /** The port sshd listens on. */
  readonly port: number;
  /** The engine address to give the provider: `ssh://root@127.0.0.1:<port>`. */
  readonly address: string;
  /**
   * A folder holding an `ssh` that runs `/usr/bin/ssh -F <config>`: the test's client key, the test's known_hosts
   * with this sshd's host key in it, no agent. Put it first on PATH, or run `<folder>/ssh`.
   */
  readonly trustedBin: string;
  /** Like trustedBin, but its known_hosts is empty: the host key is unknown. */
  readonly untrustedBin: string;
  /** Like trustedBin, but with a key sshd does not accept. */
  readonly wrongKeyBin: string;
  /** The base64 body of the client's private key file, to look for in state and logs. */
  readonly clientKeyBody: string;
  /** How many logins sshd accepted so far. */
  logins(): number;
  /** What sshd logged (stderr), for failure messages. */
  log(): string;
  /** Stops sshd and removes its folder. */
  close(): Promise<void>;
}

/** A port nobody listens on right now, chosen by the OS. */
function keygen(file: string, comment: string): void {
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file]);
}

/** An `ssh` wrapper in `<dir>/<name>/ssh` that uses only the given identity and known_hosts file. */
function clientBin(dir: string, name: string, identity: string, knownHosts: string): string {
  const bin = path.join(dir, name);
  mkdirSync(bin);
  const config = path.join(bin, "ssh_config");
  writeFileSync(
    config,
    [
      "Host *",
      `  IdentityFile ${identity}`,
      "  IdentitiesOnly yes",
      "  IdentityAgent none",
      `  UserKnownHostsFile ${knownHosts}`,
      "  GlobalKnownHostsFile /dev/null",
      "  LogLevel ERROR",
      "",
    ].join("\n"),
  );
  writeFileSync(path.join(bin, "ssh"), `#!/bin/sh\nexec /usr/bin/ssh -F '${config}' "$@"\n`);
  chmodSync(path.join(bin, "ssh"), 0o755);
  return bin;
}

/** Waits until sshd logs that it listens, or fails with its log when it exits first or takes more than 10 s. */
function listening(child: ChildProcess, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start in 10 s:\n${output()}`)), 10_000);
    const check = () => {
      if (/Server listening on/.test(output())) {
        clearTimeout(timer);
        child.stderr?.off("data", check);
        resolve();
      }
    };
    child.stderr?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited with ${code}:\n${output()}`));
    });
  });
}

/**
 * Starts `/usr/sbin/sshd -D -e -f <config>` on 127.0.0.1 and a free port with a host key and a client key made for
 * it. Root may log in with the client key, for this daemon only; sessions get `DOCKER_HOST` of the engine under test
 * (`SetEnv`, from testEnvironment().engine), so the remote `docker system dial-stdio` (Debian's docker CLI, first on the session's PATH) reaches it.
 */
export async function startSshd(): Promise<TestSshd> {
  const dir = makeTree({}, "pdd-sshd-");
  try {
    const port = await freeLoopbackPort();
    keygen(path.join(dir, "host_key"), "pdd-test-host");
    keygen(path.join(dir, "client_key"), "pdd-test-client");
    keygen(path.join(dir, "other_key"), "pdd-test-other");
    writeFileSync(path.join(dir, "authorized_keys"), readFileSync(path.join(dir, "client_key.pub")));
    const hostKey = readFileSync(path.join(dir, "host_key.pub"), "utf8").split(" ").slice(0, 2).join(" ");
    writeFileSync(path.join(dir, "known_hosts"), `[127.0.0.1]:${port} ${hostKey}\n`);
    writeFileSync(path.join(dir, "known_hosts.empty"), "");
    const config = path.join(dir, "sshd_config");
    writeFileSync(
      config,
      [
        `Port ${port}`,
        "ListenAddress 127.0.0.1",
        `HostKey ${path.join(dir, "host_key")}`,
        `PidFile ${path.join(dir, "sshd.pid")}`,
        `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
        "PermitRootLogin prohibit-password",
        "PubkeyAuthentication yes",
        "PasswordAuthentication no",
        "KbdInteractiveAuthentication no",
        "UsePAM no",
        "StrictModes no",
        "MaxStartups 50",
        "LogLevel VERBOSE",
        `SetEnv DOCKER_HOST=${testEnvironment().engine.host} PATH=/usr/bin:/bin:/usr/sbin:/sbin`,
        "",
      ].join("\n"),
    );
    // sshd refuses to start without its privilege separation folder (Debian's service creates it the same way).
    mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
    const child = spawn(SSHD, ["-D", "-e", "-f", config], { stdio: ["ignore", "ignore", "pipe"] });
    let output = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (text: string) => {
      output += text;
    });
    await listening(child, () => output);
    const clientKey = readFileSync(path.join(dir, "client_key"), "utf8");
    return {
      port,
      address: `ssh://root@127.0.0.1:${port}`,
      trustedBin: clientBin(dir, "trusted", path.join(dir, "client_key"), path.join(dir, "known_hosts")),
      untrustedBin: clientBin(dir, "untrusted", path.join(dir, "client_key"), path.join(dir, "known_hosts.empty")),
      wrongKeyBin: clientBin(dir, "wrong-key", path.join(dir, "other_key"), path.join(dir, "known_hosts")),
      clientKeyBody: clientKey.split("\n")[1] ?? "",
      logins: () => output.match(/Accepted publickey for root/g)?.length ?? 0,
      log: () => output,
      async close() {
        if (child.exitCode === null) {
          const exited = new Promise((resolve) => child.once("exit", resolve));
          child.kill("SIGTERM");
          await exited;
        }
        removeTree(dir);
      },
    };
  } catch (error) {
    removeTree(dir);
    throw error;
  }
}
