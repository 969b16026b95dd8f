import { PushError, RegistryAuthError } from "../core/errors";
import { eventError, type ProgressEvent } from "../engine/progress";
import { LayerProgress } from "./layer-progress";

const DIGEST_LINE = /^(\S+): digest: (sha256:[a-f0-9]{64}) size: \d+/;
const RETRY_LINE = /^Retrying in \d+ seconds?/;

/**
 * Follows one push's progress events: prints status lines and compact per-layer progress ({@link LayerProgress}),
 * fails fast on an error event, captures the digest.
 */
export class PushLog {
  /** The manifest digest from the aux event or the `…: digest: sha256:… size: N` status line. */
  digest: string | undefined;
  /** The engine's own message when an error event failed the push. */
  engineError: string | undefined;
  private lastStatus = "";
  private stopped: Error | undefined;

  /**
   * `onRetry` is told of each "Retrying in N seconds" line the engine sends while it retries an upload; `layers` turns
   * layer events into lines (a clock can be given to it in tests).
   */
  constructor(
    private readonly reference: string,
    private readonly registry: string,
    private readonly print: (line: string) => void,
    private readonly onRetry: () => void = () => undefined,
    private readonly layers: LayerProgress = new LayerProgress(),
  ) {}

  /** Prints the closing line: how many layers were pushed and how many the registry already had. */
  finish(): void {
    this.print(`[${this.reference}] ${this.layers.summary()}`);
  }

  /** Makes the next event fail the push with `error` (e.g. the registry is found down while the engine retries). */
  stop(error: Error): void {
    this.stopped ??= error;
  }

  /** Handles one progress event; throws a PushError when it reports a failure. */
  readonly onEvent = (event: ProgressEvent): void => {
    if (this.stopped !== undefined) throw this.stopped;
    const error = eventError(event);
    if (error !== undefined) {
      this.engineError = error;
      throw this.failure(error);
    }
    if (typeof event.aux === "object" && event.aux.Digest) this.digest = event.aux.Digest;
    if (event.status === undefined) return;
    const digestLine = DIGEST_LINE.exec(event.status);
    if (digestLine && !this.digest) this.digest = digestLine[2];
    if (RETRY_LINE.test(event.status)) this.onRetry();
    if (event.id !== undefined) {
      for (const line of this.layers.lines(event)) this.print(`[${this.reference}] ${line}`);
      return;
    }
    if (event.progress) return; // progress bars are too chatty for the Pulumi log
    const line = event.status;
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
