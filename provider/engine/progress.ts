import { StringDecoder } from "node:string_decoder";
import type Docker from "dockerode";
import { DockerStepError } from "../core/errors";
import { asEngineError } from "./connection";

/** One decoded event of an Engine API JSON progress stream (build, push, pull). */
export interface ProgressEvent {
  /** Build output text (build streams). */
  readonly stream?: string;
  /** Status text, e.g. "Pushing" or "latest: digest: sha256:… size: 528". */
  readonly status?: string;
  /** Progress bar text. */
  readonly progress?: string;
  /** The numbers behind the progress bar: bytes done and bytes in all (a push's layer upload). */
  readonly progressDetail?: { readonly current?: number; readonly total?: number };
  /** Layer or tag the status is about. */
  readonly id?: string;
  /**
   * Structured data: `{ ID }` for a build's image, `{ Tag, Digest, Size }` for pushes, or (BuildKit, with `id`
   * `moby.buildkit.trace`) a base64 protobuf trace message.
   */
  readonly aux?:
    { readonly ID?: string; readonly Tag?: string; readonly Digest?: string; readonly Size?: number } | string;
  /** Error text: the operation failed even though the HTTP status was 200. */
  readonly error?: string;
  /** Structured error. */
  readonly errorDetail?: { readonly message?: string; readonly code?: number };
}

/** The error message of an event, if the event reports a failure. */
export function eventError(event: ProgressEvent): string | undefined {
  return event.errorDetail?.message ?? event.error;
}

/**
 * Reads every event of a JSON-lines progress stream, calling `onEvent` for each in order. Resolves when the stream
 * ends; rejects at once (and destroys the stream) when `onEvent` throws or the stream fails.
 */
export function readProgress(stream: NodeJS.ReadableStream, onEvent: (event: ProgressEvent) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder("utf8");
    let buffer = "";
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
      reject(error);
    };
    const handleLine = (line: string) => {
      const trimmed = line.trim();
      if (trimmed === "") return;
      let event: ProgressEvent;
      try {
        event = JSON.parse(trimmed) as ProgressEvent;
      } catch {
        event = { stream: `${trimmed}\n` };
      }
      onEvent(event);
    };
    stream.on("data", (chunk: Buffer | string) => {
      if (settled) return;
      buffer += typeof chunk === "string" ? chunk : decoder.write(chunk);
      let newline = buffer.indexOf("\n");
      try {
        while (newline >= 0) {
          handleLine(buffer.slice(0, newline));
          buffer = buffer.slice(newline + 1);
          newline = buffer.indexOf("\n");
        }
      } catch (error) {
        fail(error);
      }
    });
    stream.on("error", fail);
    stream.on("end", () => {
      if (settled) return;
      try {
        handleLine(buffer + decoder.end());
      } catch (error) {
        fail(error);
        return;
      }
      settled = true;
      resolve();
    });
  });
}

/** What `followOperation` needs to turn failures into errors that name the operation. */
export interface OperationLog {
  /** Handles one event; throws the operation's own error (a DockerStepError) when the event reports a failure. */
  readonly onEvent: (event: ProgressEvent) => void;
  /** The error for a failure that did not come from an event (the request was refused, the stream broke). */
  failure(message: string, cause?: unknown): Error;
}

/**
 * Starts an Engine API operation that answers with a progress stream and reads it to the end. A connection problem
 * becomes a DockerUnavailableError; any other failure the operation's own error, via `log`.
 */
export async function followOperation(
  docker: Docker,
  start: () => Promise<NodeJS.ReadableStream>,
  log: OperationLog,
  what: string,
): Promise<void> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await start();
  } catch (error) {
    const engineError = asEngineError(error, docker);
    if (engineError !== error) throw engineError;
    throw log.failure((error as Error).message, error);
  }
  try {
    await readProgress(stream, log.onEvent);
  } catch (error) {
    if (error instanceof DockerStepError) throw error;
    throw log.failure(`the ${what} stream failed: ${(error as Error).message}`, error);
  }
}
