import type * as pulumi from "@pulumi/pulumi";

type Primitive = string | number | boolean | bigint | symbol | null | undefined;

/** A plain input value as a user may write it: the value, or a `pulumi.Input` of it, at every level. */
export type InputOf<T> = pulumi.Input<
  T extends Primitive
    ? T
    : T extends readonly (infer E)[]
      ? InputOf<E>[]
      : T extends object
        ? { readonly [K in keyof T]: InputOf<Exclude<T[K], undefined>> }
        : T
>;

/**
 * A resource's user-facing arguments derived from its plain inputs: each field a `pulumi.Input`, arrays and objects
 * element by element. The mapped type keeps each field's JSDoc, so an input is declared and documented once.
 */
export type ResourceArgs<T> = { readonly [K in keyof T]: InputOf<Exclude<T[K], undefined>> };
