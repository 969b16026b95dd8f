import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { Duplex } from "node:stream";
import { DockerUnavailableError } from "../core/errors";
import { type SshDestination, sshAddress, sshArguments } from "./ssh-destination";
import { describeSshFailure } from "./ssh-failure";

/** How an SshStdioSocket runs ssh. */
export interface SshStdioOptions {
  /** The ssh client to run. @default "ssh", found on PATH as the docker CLI finds it */
  readonly command?: string;
  /** How long a connection may sit unused in the agent's pool before its ssh process is ended. @default 10000 */
  readonly idleMs?: number;
}

/** The most of ssh's stderr kept for an error message (the tail is what matters). */
const STDERR_LIMIT = 16 * 1024;

/**
 * One connection to a remote engine: `ssh … -- host docker system dial-stdio` as a child process, its stdout read and
 * its stdin written as the bytes of an HTTP connection. It offers what Node's HTTP client and agent call on a socket
 * (`setTimeout`, `setKeepAlive`, `setNoDelay`, `ref`, `unref`), so a request, a streamed upload, a keep-alive reuse and
 * a hijacked (upgraded) connection all work on it. When ssh ends before any byte arrived, the stream fails with a
 * DockerUnavailableError that says why (see describeSshFailure); ssh's own output never reaches stdout or a log.
 */
export class SshStdioSocket extends Duplex {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly destination: SshDestination;
  private readonly idleMs: number;
  private stderr = "";
  private answered = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private timeoutMs = 0;
  private timeoutTimer: NodeJS.Timeout | undefined;

  constructor(destination: SshDestination, options: SshStdioOptions = {}) {
    super({ allowHalfOpen: true });
    this.destination = destination;
    this.idleMs = options.idleMs ?? 10_000;
    const command = options.command ?? "ssh";
    this.child = spawn(command, sshArguments(destination), { stdio: ["pipe", "pipe", "pipe"] });
    const { stdin, stdout, stderr } = this.child;
    stdout.on("data", (chunk: Buffer) => {
      this.answered = true;
      this.touch();
      if (!this.push(chunk)) stdout.pause();
    });
    stderr.setEncoding("utf8");
    stderr.on("data", (text: string) => {
      this.stderr = (this.stderr + text).slice(-STDERR_LIMIT);
    });
    // A write after ssh died fails with EPIPE; the exit below reports why ssh died.
    stdin.on("error", () => undefined);
    this.child.on("error", (error: NodeJS.ErrnoException) => {
      this.destroy(
        new DockerUnavailableError(
          `Cannot run "${command}" to reach the Docker engine at ${sshAddress(destination)} (${error.code ?? error.message}): install the OpenSSH client (ssh) and put it on PATH`,
          { cause: error },
        ),
      );
    });
    this.child.on("close", (code) => this.onExit(code));
  }

  /** ssh ended and its output is read: the end of the stream, or a failure when it never answered. */
  private onExit(code: number | null): void {
    if (this.destroyed) return;
    if (!this.answered) {
      this.destroy(
        new DockerUnavailableError(describeSshFailure(this.destination, { code, stderr: this.stderr }), {
          cause: Object.assign(new Error(`ssh exited with ${code ?? "a signal"}`), { exitCode: code }),
        }),
      );
      return;
    }
    this.push(null);
  }

  override _read(): void {
    this.child.stdout.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.touch();
    if (this.child.stdin.write(chunk, encoding)) callback();
    else this.child.stdin.once("drain", () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.child.stdin.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.timeoutTimer);
    this.child.stdin.destroy();
    this.child.stdout.destroy();
    this.child.stderr.destroy();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    callback(error);
  }

  /** Restarts the inactivity timer of `setTimeout`. */
  private touch(): void {
    if (this.timeoutMs > 0) this.timeoutTimer?.refresh();
  }

  /** Emits `timeout` after `ms` without traffic (0 turns it off), as `net.Socket#setTimeout` does. */
  setTimeout(ms: number, callback?: () => void): this {
    clearTimeout(this.timeoutTimer);
    this.timeoutMs = ms;
    this.timeoutTimer = ms > 0 ? setTimeout(() => this.emit("timeout"), ms).unref() : undefined;
    if (callback) this.once("timeout", callback);
    return this;
  }

  /** Nothing to do: the connection is a pipe to a local process (ssh keeps its own TCP connection alive). */
  setKeepAlive(): this {
    return this;
  }

  /** Nothing to do, as for setKeepAlive. */
  setNoDelay(): this {
    return this;
  }

  /** The connection is in use again: it keeps the process alive, and the idle timer stops. */
  ref(): this {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.child.ref();
    for (const pipe of [this.child.stdin, this.child.stdout, this.child.stderr]) (pipe as { ref?: () => void }).ref?.();
    return this;
  }

  /** The connection waits in the agent's pool: it does not keep the process alive, and ends after `idleMs` unused. */
  unref(): this {
    this.child.unref();
    for (const pipe of [this.child.stdin, this.child.stdout, this.child.stderr]) {
      (pipe as { unref?: () => void }).unref?.();
    }
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.destroy(), this.idleMs).unref();
    return this;
  }
}
