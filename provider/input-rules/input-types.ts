import type * as dynamic from "@pulumi/pulumi/dynamic";
import { closestMatch } from "../core/edit-distance";
import type { InputNames } from "../core/state-inputs";
import { isKnown } from "./image-inputs";

/**
 * The JavaScript shape an input must have: `"string"`, `"boolean"`, `"number"`, `"list"` (an array; its entries are the
 * input's own rule's), `"object"` (a plain object), or `"own-rule"` for an input whose rule already refuses every
 * wrong shape with a message of its own (e.g. `dockerfile`, a string or `{ inline }`).
 */
export type InputShape = "string" | "boolean" | "number" | "list" | "object" | "own-rule";

/** The shape of every input a resource takes: the compiler makes a new input state its shape here. */
export type InputShapes<Inputs> = { readonly [K in keyof Required<Inputs>]: InputShape };

/** The names of the inputs a shapes table lists, each `true` (see {@link InputNames}). */
export function inputNames<Inputs>(shapes: InputShapes<Inputs>): InputNames<Required<Inputs>> {
  return Object.fromEntries(Object.keys(shapes).map((key) => [key, true])) as InputNames<Required<Inputs>>;
}

/** What a value is, in a user's words: `the string "false"`, `a list`, `the number 1`. */
function described(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `the ${typeof value} ${String(value)}`;
}

const EXPECTED: Record<Exclude<InputShape, "own-rule">, string> = {
  string: "a string",
  boolean: "true or false",
  number: "a number",
  list: "a list",
  object: "an object",
};

function hasShape(value: unknown, shape: Exclude<InputShape, "own-rule">): boolean {
  if (shape === "list") return Array.isArray(value);
  if (shape === "object") return typeof value === "object" && value !== null && !Array.isArray(value);
  return typeof value === shape;
}

/** A hint for a wrong shape where the fix is plain: a boolean or a number written as a string. */
function hint(value: unknown, shape: InputShape): string {
  if (shape === "boolean" && (value === "true" || value === "false")) return ` (write ${value} without quotes)`;
  if (shape === "boolean" && (value === 0 || value === 1)) return ` (write ${value === 1 ? "true" : "false"})`;
  if (shape === "list" && typeof value === "string") return ` (write [${JSON.stringify(value)}])`;
  return "";
}

/**
 * Check failures for inputs a resource does not take (named with the closest input it does take) and for inputs of the
 * wrong shape (a string `"false"` for a boolean). `resource` names the resource in messages; `alsoAllowed` lists the
 * keys its state and class add beside the inputs (outputs, `check`'s own fields); keys starting with `__` are Pulumi's.
 */
export function inputShapeProblems<Inputs>(
  resource: string,
  inputs: object,
  shapes: InputShapes<Inputs>,
  alsoAllowed: readonly string[],
): dynamic.CheckFailure[] {
  const failures: dynamic.CheckFailure[] = [];
  const known = Object.keys(shapes);
  for (const [key, value] of Object.entries(inputs)) {
    if (key.startsWith("__") || alsoAllowed.includes(key)) continue;
    const shape = (shapes as Record<string, InputShape | undefined>)[key];
    if (shape === undefined) {
      if (value === undefined) continue;
      const closest = closestMatch(key, known);
      const fix = closest !== undefined ? `did you mean ${closest}?` : `the inputs are ${known.join(", ")}`;
      failures.push({ property: key, reason: `${key} is not an input of ${resource}; ${fix}` });
      continue;
    }
    if (shape === "own-rule" || !isKnown(value) || value === null || hasShape(value, shape)) continue;
    failures.push({
      property: key,
      reason: `${key} must be ${EXPECTED[shape]}, not ${described(value)}${hint(value, shape)}`,
    });
  }
  return failures;
}
