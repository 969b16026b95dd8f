import { StringDecoder } from "node:string_decoder";

/** One decoded event of an Engine API JSON progress stream (build, push, pull). */
export interface ProgressEvent {
  /** Build output text (build streams). */
  readonly stream?: string;
  /** Status text, e.g. "Pushing" or "latest: digest: sha256:… size: 528". */
  readonly status?: string;
  /** Progress bar text. */
  readonly progress?: string;
  /** Layer or tag the status is about. */
  readonly id?: string;
  /** Final structured result: `{ ID }` for builds, `{ Tag, Digest, Size }` for pushes. */
  readonly aux?: { readonly ID?: string; readonly Tag?: string; readonly Digest?: string; readonly Size?: number };
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
