import { AsyncLocalStorage } from "node:async_hooks";
import { Client, credentials } from "@grpc/grpc-js";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";

/**
 * The input that carries a resource's URN into its provider: Pulumi's dynamic provider server does not pass the URN
 * of a CreateRequest, UpdateRequest, … to the handlers, so each resource class computes it (`pulumi.createUrn`) and
 * sends it as this input. The name starts with `__`, which the CLI treats as internal; no diff ever compares it.
 */
export const URN_INPUT = "__urn";

const ENGINE_LOG = "/pulumirpc.Engine/Log";
/** How long one line may take to reach the engine before it is printed instead (so a handler never waits on it). */
const LOG_DEADLINE_MS = 10_000;
const ADDRESS = /^(?:127\.0\.0\.1|localhost|\[::1\]|[\w.-]+):\d+$/;

/** The URN of the resource whose handler runs in the current async context. */
const running = new AsyncLocalStorage<string>();
let engine: { readonly address: string; readonly client: Client } | undefined;
let delivered: Promise<void> = Promise.resolve();

/**
 * The address of the Pulumi engine's gRPC server when this process is a dynamic provider: the engine starts every
 * plugin with its address as the last argument (after flags such as `-v=9 --logtostderr`).
 */
export function engineAddressOf(argv: readonly string[]): string | undefined {
  if (!(argv[1] ?? "").includes("dynamic-provider")) return undefined;
  const last = argv[argv.length - 1];
  return last !== undefined && ADDRESS.test(last) ? last : undefined;
}

/** A log line's severity and text: a `warning: ` prefix makes a warning (the prefix is dropped). */
export function severityOf(line: string): { readonly severity: LogSeverity; readonly message: string } {
  const warning = /^warning: /i.exec(line);
  return warning
    ? { severity: LogSeverity.WARNING, message: line.slice(warning[0].length) }
    : { severity: LogSeverity.INFO, message: line };
}

function engineClient(): Client | undefined {
  if (engine !== undefined) return engine.client;
  const address = engineAddressOf(process.argv);
  if (address === undefined) return undefined;
  engine = { address, client: new Client(address, credentials.createInsecure()) };
  return engine.client;
}

function send(client: Client, urn: string, line: string): Promise<void> {
  const { severity, message } = severityOf(line);
  const request = new LogRequest();
  request.setSeverity(severity);
  request.setMessage(message);
  request.setUrn(urn);
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      ENGINE_LOG,
      (r: LogRequest) => Buffer.from(r.serializeBinary()),
      () => ({}),
      request,
      { deadline: Date.now() + LOG_DEADLINE_MS },
      (error) => (error ? reject(error) : resolve()),
    );
  });
}

/**
 * Prints one line of a resource operation's log. Inside a handler wrapped by {@link withResourceLogs} in the provider
 * process, the line goes to the Pulumi engine as a log message with the resource's URN, so the CLI shows it on that
 * resource's row (and `--json` / `--event-log` diagnostics carry the URN); lines are delivered in order, and a line
 * the engine does not take is printed instead. Anywhere else (tests, a handler without a URN) it is printed to stdout,
 * which the engine shows under the stack.
 */
export function logLine(line: string): void {
  const urn = running.getStore();
  const client = urn === undefined ? undefined : engineClient();
  if (urn === undefined || client === undefined) {
    console.log(line);
    return;
  }
  delivered = delivered.then(() => send(client, urn, line)).catch(() => console.log(line));
}

/** Runs `step` with the log lines it prints attributed to `urn`, and returns once they have reached the engine. */
export async function withUrn<T>(urn: unknown, step: () => Promise<T>): Promise<T> {
  if (typeof urn !== "string" || urn === "") return step();
  return running.run(urn, async () => {
    try {
      return await step();
    } finally {
      await delivered;
    }
  });
}

function urnOf(...values: unknown[]): unknown {
  for (const value of values) {
    const urn = (value as Record<string, unknown> | undefined)?.[URN_INPUT];
    if (typeof urn === "string" && urn !== "") return urn;
  }
  return undefined;
}

function keepUrn<O>(outs: O | undefined, urn: unknown): O | undefined {
  return typeof urn === "string" && outs !== undefined ? { ...outs, [URN_INPUT]: urn } : outs;
}

/**
 * Wraps a provider's handlers so that what each prints (through {@link logLine}) appears on its resource's row: the URN
 * is read from the `__urn` input (or the state's), and kept in the state so delete and refresh find it too. States
 * written before the input existed have no URN; their lines appear under the stack as before.
 */
export function withResourceLogs<I, O>(handlers: dynamic.ResourceProvider<I, O>): dynamic.ResourceProvider<I, O> {
  const { check, diff, create, update, read, delete: remove } = handlers;
  return {
    ...(check && { check: (olds, news) => withUrn(urnOf(news, olds), () => check(olds, news)) }),
    ...(diff && { diff: (id, olds, news) => withUrn(urnOf(news, olds), () => diff(id, olds, news)) }),
    create: (inputs) =>
      withUrn(urnOf(inputs), async () => {
        const result = await create(inputs);
        return { ...result, outs: keepUrn(result.outs, urnOf(inputs)) };
      }),
    ...(update && {
      update: (id, olds, news) =>
        withUrn(urnOf(news, olds), async () => {
          const result = await update(id, olds, news);
          return { ...result, outs: keepUrn(result.outs, urnOf(news, olds)) };
        }),
    }),
    ...(read && {
      read: (id, props) =>
        withUrn(urnOf(props), async () => {
          const result = await read(id, props);
          return { ...result, props: keepUrn(result.props, urnOf(props)) };
        }),
    }),
    ...(remove && { delete: (id, props) => withUrn(urnOf(props), () => remove(id, props)) }),
  };
}
