import { BuildError } from "../core/errors";
import { eventError, type ProgressEvent } from "../engine/progress";

const STEP = /^Step (\d+\/\d+) : (.*)$/;
const RUNNING_IN = /^\s*---> Running in ([0-9a-f]{12,64})$/;
const KEEP_LINES = 20;

/** Follows a build's progress events: prints the log, tracks the current step, and captures the image ID. */
export class BuildLog {
  /** The image ID from the build's final aux event, once seen. */
  imageId: string | undefined;
  /** The message of the daemon's own error event, once seen (the build failed by itself, not by losing the engine). */
  daemonError: string | undefined;
  /** IDs of the containers the build announced (`---> Running in <id>`), in order. */
  readonly containers: string[] = [];
  private step: string | undefined;
  private readonly lines: string[] = [];
  private partial = "";

  constructor(
    private readonly image: string,
    private readonly print: (line: string) => void,
  ) {}

  /** Handles one progress event; throws a BuildError when the event reports a failure. */
  readonly onEvent = (event: ProgressEvent): void => {
    if (event.stream !== undefined) this.addText(event.stream);
    if (event.status !== undefined) this.addText(`${event.status}${event.progress ? ` ${event.progress}` : ""}\n`);
    if (typeof event.aux === "object" && event.aux.ID) this.imageId = event.aux.ID;
    const error = eventError(event);
    if (error !== undefined) {
      this.daemonError = error;
      throw this.failure(error);
    }
  };

  /** The error to raise when the stream ended without an image ID. */
  noImageId(): BuildError {
    return this.failure("the build stream ended without reporting an image ID");
  }

  /** The error for a daemon message, naming the image, the failing step and the last lines of the log. */
  failure(message: string, cause?: unknown): BuildError {
    this.flush();
    const at = this.step ? ` at step ${this.step}` : "";
    const tail = this.lines.length > 0 ? `\nLast lines of the build log:\n  ${this.lines.join("\n  ")}` : "";
    return new BuildError(`Build of "${this.image}" failed${at}: ${message.trim()}${tail}`, {
      image: this.image,
      cause,
    });
  }

  private addText(text: string): void {
    this.partial += text;
    let newline = this.partial.indexOf("\n");
    while (newline >= 0) {
      this.addLine(this.partial.slice(0, newline));
      this.partial = this.partial.slice(newline + 1);
      newline = this.partial.indexOf("\n");
    }
  }

  private flush(): void {
    if (this.partial !== "") this.addLine(this.partial);
    this.partial = "";
  }

  private addLine(raw: string): void {
    const line = raw.replace(/\r/g, "").trimEnd();
    if (line === "") return;
    const step = STEP.exec(line);
    if (step) this.step = `${step[1]} (${step[2]})`;
    const container = RUNNING_IN.exec(line);
    if (container?.[1]) this.containers.push(container[1]);
    this.lines.push(line);
    if (this.lines.length > KEEP_LINES) this.lines.shift();
    this.print(`[${this.image}] ${line}`);
  }
}
