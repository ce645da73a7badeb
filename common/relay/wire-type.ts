import type { z } from 'zod'

/** `T` with every array and object read-only, so the relay's read-only entities fit the schemas' types. */
export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T

/**
 * What schema `S` gives once parsed, read-only: the one way the contract names a wire type, so no type is
 * written beside its schema.
 */
export type Wire<S extends z.ZodType> = DeepReadonly<z.output<S>>
