import { PushError, RegistryAuthError } from "../errors";
import { eventError, type ProgressEvent } from "../engine/progress";

const DIGEST_LINE = /^(\S+): digest: (sha256:[a-f0-9]{64}) size: \d+/;

/** Follows one push's progress events: prints status lines, fails fast on an error event, captures the digest. */
export class PushLog {
  /** The manifest digest from the aux event or the `…: digest: sha256:… size: N` status line. */
  digest: string | undefined;
  /** True once a layer was uploaded (not just found in the registry). */
  uploaded = false;
  private lastStatus = "";

  constructor(
    private readonly reference: string,
    private readonly registry: string,
    private readonly print: (line: string) => void,
  ) {}

  /** Handles one progress event; throws a PushError when it reports a failure. */
  readonly onEvent = (event: ProgressEvent): void => {
    const error = eventError(event);
    if (error !== undefined) throw this.failure(error);
    if (event.aux?.Digest) this.digest = event.aux.Digest;
    if (event.status === undefined) return;
    const digestLine = DIGEST_LINE.exec(event.status);
    if (digestLine && !this.digest) this.digest = digestLine[2];
    if (event.status === "Pushed") this.uploaded = true;
    if (event.progress) return; // progress bars are too chatty for the Pulumi log
    const line = event.id ? `${event.id}: ${event.status}` : event.status;
    if (line === this.lastStatus) return;
    this.lastStatus = line;
    this.print(`[${this.reference}] ${line}`);
  };

  /** The error for a daemon message, naming the reference and the registry. */
  failure(message: string, cause?: unknown): PushError | RegistryAuthError {
    const text = `Push of "${this.reference}" to ${this.registry} failed: ${message.trim()}`;
    if (/unauthorized|authentication required|denied|no basic auth/i.test(message)) {
      return new RegistryAuthError(
        `${text} (authentication with ${this.registry} failed: check the credentials input or run docker login)`,
        { image: this.reference, cause },
      );
    }
    return new PushError(text, { image: this.reference, cause });
  }
}
