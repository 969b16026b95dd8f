import { StringDecoder } from "node:string_decoder";
import { BuildError } from "../core/errors";
import { eventError, type OperationLog, type ProgressEvent } from "../engine/progress";
import { decodeTrace, type BuildkitStatus, type BuildkitVertex, type BuildkitVertexStatus } from "./trace";
import { decimalSize } from "../core/byte-size";

const TRACE_ID = "moby.buildkit.trace";
const KEEP_LINES = 20;
const CANCELLED = /context canceled|cancelled/i;

/** What the log knows about one build step (a BuildKit vertex), for tests and callers that time steps. */
export interface BuildkitStep {
  /** The step's display name, e.g. `[stage-a 2/2] RUN sleep 2`. */
  readonly name: string;
  /** Whether the step's result came from the build cache. */
  readonly cached: boolean;
  /** When the step started, once it has. */
  readonly started?: Date;
  /** When the step finished, once it has. */
  readonly completed?: Date;
  /** The step's error message, when it failed. */
  readonly error?: string;
}

/** Text of one output stream of a vertex that has not reached a newline yet. */
interface PartialLine {
  readonly decoder: StringDecoder;
  text: string;
}

/** The log's running state of one vertex. */
interface VertexState {
  /** The step's number in the printed log (`#3`), given when it is first printed, as `--progress=plain` does. */
  number: number;
  vertex: Partial<BuildkitVertex>;
  announced: boolean;
  finished: boolean;
  readonly lines: string[];
  readonly partial: Map<number, PartialLine>;
}

/**
 * Follows a BuildKit build's progress events (`POST /build?version=2`): decodes the `moby.buildkit.trace` messages
 * into readable lines like `docker build --progress=plain`, captures the image ID, and turns an error event into a
 * BuildError naming the step that failed with that step's last output lines.
 */
export class BuildkitLog implements OperationLog {
  /** The image ID from the build's `moby.image.id` aux event, once seen. */
  imageId: string | undefined;
  /** The message of the daemon's own error event, once seen (the build failed by itself, not by losing the engine). */
  daemonError: string | undefined;
  private readonly vertexes = new Map<string, VertexState>();
  private readonly errored: VertexState[] = [];
  private readonly statusesDone = new Set<string>();
  private readonly lines: string[] = [];
  private streamPartial = "";
  private announcedCount = 0;

  constructor(
    private readonly image: string,
    private readonly print: (line: string) => void,
  ) {}

  /** Every step seen so far, by name, in the order first seen (a later step of the same name replaces it). */
  get steps(): ReadonlyMap<string, BuildkitStep> {
    const steps = new Map<string, BuildkitStep>();
    for (const { vertex } of this.vertexes.values()) {
      if (vertex.name === undefined) continue;
      const { name, cached = false, started, completed, error } = vertex;
      steps.set(name, {
        name,
        cached,
        ...(started && { started }),
        ...(completed && { completed }),
        ...(error && { error }),
      });
    }
    return steps;
  }

  /** Handles one progress event; throws a BuildError when the event reports a failure or its trace is unreadable. */
  readonly onEvent = (event: ProgressEvent): void => {
    const aux: unknown = event.aux;
    if (event.id === TRACE_ID && typeof aux === "string") this.addTrace(aux);
    else if (typeof aux === "object" && aux !== null && typeof (aux as { ID?: unknown }).ID === "string")
      this.imageId = (aux as { ID: string }).ID;
    if (event.stream !== undefined) this.addStreamText(event.stream);
    if (event.status !== undefined)
      this.addStreamText(`${event.status}${event.progress ? ` ${event.progress}` : ""}\n`);
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

  /** The error for a daemon message, naming the image, the failing step and that step's last output lines. */
  failure(message: string, cause?: unknown): BuildError {
    this.flushAll();
    const failing = this.errored.find((s) => !CANCELLED.test(s.vertex.error ?? "")) ?? this.errored[0];
    const at = failing?.vertex.name ? ` at step ${failing.vertex.name}` : "";
    const lines = failing && failing.lines.length > 0 ? failing.lines : this.lines;
    const tail = lines.length > 0 ? `\nLast lines of the build log:\n  ${lines.join("\n  ")}` : "";
    return new BuildError(`Build of "${this.image}" failed${at}: ${message.trim()}${tail}`, {
      image: this.image,
      cause,
    });
  }

  private addTrace(aux: string): void {
    let status: BuildkitStatus;
    try {
      status = decodeTrace(aux);
    } catch (error) {
      throw this.failure(`could not read the engine's BuildKit progress: ${(error as Error).message}`, error);
    }
    for (const vertex of status.vertexes) this.startVertex(vertex);
    for (const taskStatus of status.statuses) this.addStatus(taskStatus);
    for (const log of status.logs) this.addOutput(this.stateOf(log.vertex), log.stream, log.data);
    for (const warning of status.warnings) {
      this.emit(`WARNING: ${warning.short}`);
      for (const line of warning.detail) this.emit(`  ${line}`);
      if (warning.url) this.emit(`  More info: ${warning.url}`);
    }
    for (const vertex of status.vertexes) this.finishVertex(this.stateOf(vertex.digest));
  }

  private stateOf(digest: string): VertexState {
    let state = this.vertexes.get(digest);
    if (!state) {
      state = {
        number: 0,
        vertex: {},
        announced: false,
        finished: false,
        lines: [],
        partial: new Map(),
      };
      this.vertexes.set(digest, state);
    }
    return state;
  }

  private startVertex(vertex: BuildkitVertex): void {
    const state = this.stateOf(vertex.digest);
    state.vertex = vertex;
    if (!state.announced && (vertex.started !== undefined || vertex.cached)) this.announce(state);
  }

  private announce(state: VertexState): void {
    state.announced = true;
    state.number = ++this.announcedCount;
    this.emit(`#${state.number} ${state.vertex.name ?? ""}`.trimEnd());
  }

  private finishVertex(state: VertexState): void {
    const { cached, started, completed, error } = state.vertex;
    if (state.finished || (completed === undefined && error === undefined)) return;
    state.finished = true;
    if (!state.announced) this.announce(state);
    this.flushVertex(state);
    if (error !== undefined) {
      this.errored.push(state);
      this.emit(CANCELLED.test(error) ? `#${state.number} CANCELED` : `#${state.number} ERROR: ${error}`);
    } else if (cached) {
      this.emit(`#${state.number} CACHED`);
    } else {
      const seconds = started && completed ? (completed.getTime() - started.getTime()) / 1000 : 0;
      this.emit(`#${state.number} DONE ${seconds.toFixed(1)}s`);
    }
  }

  /** Prints a task's progress once, when it completes (the intermediate byte counts would only be noise). */
  private addStatus(status: BuildkitVertexStatus): void {
    const key = `${status.vertex} ${status.id}`;
    if (status.completed === undefined || this.statusesDone.has(key)) return;
    this.statusesDone.add(key);
    const amount = status.total > 0 ? `${size(status.current)} / ${size(status.total)}` : size(status.current);
    // As `docker build --progress=plain` prints it: the id (`transferring context:`), which already says what the
    // name (`transferring`) does.
    const what = status.id !== "" ? status.id : status.name;
    const state = this.stateOf(status.vertex);
    if (!state.announced) this.announce(state);
    this.emit(`#${state.number} ${what} ${status.current > 0 ? `${amount} ` : ""}done`);
  }

  private addOutput(state: VertexState, stream: number, data: Buffer): void {
    let partial = state.partial.get(stream);
    if (!partial) {
      partial = { decoder: new StringDecoder("utf8"), text: "" };
      state.partial.set(stream, partial);
    }
    if (!state.announced) this.announce(state);
    partial.text += partial.decoder.write(data);
    let newline = partial.text.indexOf("\n");
    while (newline >= 0) {
      this.addOutputLine(state, partial.text.slice(0, newline));
      partial.text = partial.text.slice(newline + 1);
      newline = partial.text.indexOf("\n");
    }
    // A progress bar redraws its line with \r: only the text after the last one will ever be visible.
    const redraw = partial.text.lastIndexOf("\r", partial.text.length - 2);
    if (redraw >= 0) partial.text = partial.text.slice(redraw + 1);
  }

  private addOutputLine(state: VertexState, raw: string): void {
    const line = visible(raw);
    if (line === "") return;
    state.lines.push(line);
    if (state.lines.length > KEEP_LINES) state.lines.shift();
    this.emit(`#${state.number} ${line}`);
  }

  private flushVertex(state: VertexState): void {
    for (const partial of state.partial.values()) {
      const rest = partial.text + partial.decoder.end();
      partial.text = "";
      if (rest !== "") this.addOutputLine(state, rest);
    }
  }

  private flushAll(): void {
    for (const state of this.vertexes.values()) this.flushVertex(state);
    if (this.streamPartial !== "") this.addStreamText("\n");
  }

  private addStreamText(text: string): void {
    this.streamPartial += text;
    let newline = this.streamPartial.indexOf("\n");
    while (newline >= 0) {
      const line = visible(this.streamPartial.slice(0, newline));
      this.streamPartial = this.streamPartial.slice(newline + 1);
      if (line !== "") this.emit(line);
      newline = this.streamPartial.indexOf("\n");
    }
  }

  private emit(line: string): void {
    this.lines.push(line);
    if (this.lines.length > KEEP_LINES) this.lines.shift();
    this.print(`[${this.image}] ${line}`);
  }
}

/** The text a terminal would show for a line: what follows its last carriage return, without trailing spaces. */
function visible(raw: string): string {
  const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
  return line.slice(line.lastIndexOf("\r") + 1).trimEnd();
}

/** A byte count the way `docker build --progress=plain` shows it, e.g. `1.20kB`. */
function size(bytes: number): string {
  const { value, unit } = decimalSize(bytes);
  return unit === "B" ? `${value}B` : `${value.toFixed(2)}${unit}`;
}
