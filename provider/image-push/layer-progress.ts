import type { ProgressEvent } from "../engine/progress";
import { decimalSize } from "../core/byte-size";

/** How long a layer's progress line waits after the previous one of the same layer. @default 3000 ms */
export const PROGRESS_INTERVAL_MS = 3000;

/** What became of a layer in a push. */
type LayerOutcome = "pushed" | "present" | "mounted";

interface Layer {
  /** Bytes to upload, from the engine's `progressDetail.total`. */
  total?: number;
  /** The most bytes the engine reported sent (`progressDetail.current`); it can pass `total` (a small layer). */
  sent?: number;
  /** When its last progress line was printed. */
  printedAt?: number;
  outcome?: LayerOutcome;
}

/** `1.5 MB`: a byte count in the decimal units the docker CLI uses. */
export function formatSize(bytes: number): string {
  const { value, unit } = decimalSize(bytes);
  return unit === "B" ? `${bytes} B` : `${value.toFixed(1)} ${unit}`;
}

const OUTCOMES: readonly [RegExp, LayerOutcome][] = [
  [/^Pushed$/, "pushed"],
  [/^Layer already exists$/, "present"],
  [/^Mounted from /, "mounted"],
];

/** Status lines of a layer that say nothing a person needs (every layer goes through them). */
const QUIET = /^(Preparing|Waiting|Pushing)$/;

/**
 * Turns a push's per-layer events into compact lines: a layer's progress (`<layer>: pushing 1.0 MB / 6.0 MB (17%)`,
 * from the engine's `progressDetail`) at most once every `interval` ms, its outcome once (`pushed 6.0 MB`, `already in
 * the registry`, `mounted from …`), and at the end one line counting the layers pushed and those already present.
 * Engine 20.10 sends Preparing/Waiting/Pushing/Pushed; the containerd image store (engine 28) sends only Pushing and
 * the outcome, with its own totals; both are read the same way.
 */
export class LayerProgress {
  private readonly layers = new Map<string, Layer>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly interval: number = PROGRESS_INTERVAL_MS,
  ) {}

  /** The lines to print for one event: none, a progress or outcome line, or the event's own status (other events). */
  lines(event: ProgressEvent): string[] {
    const { id, status } = event;
    if (id === undefined || status === undefined) return [];
    const outcome = OUTCOMES.find(([pattern]) => pattern.test(status))?.[1];
    if (outcome === undefined && !QUIET.test(status)) return [`${id}: ${status}`];
    const layer = this.layers.get(id) ?? {};
    this.layers.set(id, layer);
    const total = event.progressDetail?.total;
    if (typeof total === "number" && total > 0) layer.total = total;
    if (outcome !== undefined)
      return layer.outcome === undefined ? [`${id}: ${this.settle(layer, outcome, status)}`] : [];
    return status === "Pushing" ? this.progress(id, layer, event) : [];
  }

  /** The closing line: how many layers were pushed (and their size) and how many the registry already had. */
  summary(): string {
    const all = [...this.layers.values()];
    const pushed = all.filter((l) => l.outcome === "pushed");
    const present = all.filter((l) => l.outcome === "present" || l.outcome === "mounted").length;
    const bytes = pushed.reduce((sum, l) => sum + (l.total ?? 0), 0);
    const size = bytes > 0 ? ` (${formatSize(bytes)})` : "";
    return `${all.length} layer${all.length === 1 ? "" : "s"}: ${pushed.length} pushed${size}, ${present} already present`;
  }

  private settle(layer: Layer, outcome: LayerOutcome, status: string): string {
    layer.outcome = outcome;
    if (outcome === "pushed" && layer.total !== undefined) layer.total = Math.max(layer.total, layer.sent ?? 0);
    if (outcome === "pushed") return layer.total === undefined ? "pushed" : `pushed ${formatSize(layer.total)}`;
    return outcome === "present" ? "already in the registry" : status.replace(/^Mounted/, "mounted");
  }

  private progress(id: string, layer: Layer, event: ProgressEvent): string[] {
    const current = event.progressDetail?.current;
    if (typeof current !== "number" || layer.outcome !== undefined) return [];
    layer.sent = Math.max(layer.sent ?? 0, current);
    const now = this.now();
    if (layer.printedAt !== undefined && now - layer.printedAt < this.interval) return [];
    layer.printedAt = now;
    // A total below what was sent is no total (the engine's can be a small layer's compressed size): none is shown.
    if (layer.total === undefined || current > layer.total) return [`${id}: pushing ${formatSize(current)}`];
    const percent = Math.floor((current / layer.total) * 100);
    return [`${id}: pushing ${formatSize(current)} / ${formatSize(layer.total)} (${percent}%)`];
  }
}
