/**
 * What `JSON.stringify` makes of a value of type T, as a type: a Date becomes its ISO string, functions vanish, and
 * an interface becomes a plain object type (so it fits a schema's record types). The API checks what each handler
 * returns, in this form, against its published response schema.
 * @example const at: Wire<{ at: Date }> = { at: '2026-01-01T00:00:00.000Z' };
 */
export type Wire<T> = T extends Date
  ? string
  : T extends string | number | boolean | bigint | symbol | null | undefined
    ? T
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Wire<T[K]> }
      : T extends object
        ? [keyof T] extends [never]
          ? Record<string, unknown>
          : { [K in keyof T as T[K] extends (...a: never[]) => unknown ? never : K]: Wire<T[K]> }
        : T;
