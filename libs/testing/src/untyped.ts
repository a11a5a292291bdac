/**
 * A value outside its declared type on purpose, for specs of the runtime checks that guard untyped input (JSON
 * bodies, files, GeoJSON from elsewhere): the one place such a value is given a static type it does not have.
 * @example validateProjectionInput(input, { birthExtension: untyped<BirthExtension>('wild') }) // reports the field
 */
export function untyped<T>(value: unknown): T {
  return value as T;
}
