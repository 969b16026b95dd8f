import { isDeepStrictEqual } from "node:util";
import { containsUnknown } from "./unknown-values";

/**
 * Every input of a resource by name, as an object with one `true` per input: its type makes the list whole, so an
 * input added to the resource's inputs type and left out here fails to compile.
 */
export type InputNames<T> = Readonly<Record<keyof T, true>>;

/**
 * The inputs whose value in the state is not exactly the new one, in the order of `names`: an input removed from the
 * program (absent from the new inputs, the same as never set) differs from any stored value, and a value unknown at
 * preview differs too. An update that changes nothing else rewrites them, so the state holds what the program says.
 */
export function differingInputs<T extends object>(olds: T, news: T, names: InputNames<T>): (keyof T & string)[] {
  return (Object.keys(names) as (keyof T & string)[]).filter(
    (key) => containsUnknown(news[key]) || !isDeepStrictEqual(olds[key], news[key]),
  );
}

/**
 * A state without its inputs: what the resource itself produced (image ID, digest, …). An update that changes nothing
 * but the state spreads the new inputs over it, so no input the program dropped survives from the old state.
 */
export function producedOutputs<O extends object, K extends keyof O>(
  state: O,
  names: Readonly<Record<K, true>>,
): Omit<O, K> {
  return Object.fromEntries(Object.entries(state).filter(([key]) => !Object.hasOwn(names, key))) as Omit<O, K>;
}
