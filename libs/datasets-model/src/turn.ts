import { setImmediate } from 'node:timers/promises';

/**
 * Lets the event loop run what is waiting (timers, I/O, other requests) before the caller goes on: long imports call
 * it between chunks of rows, so no chunk holds the API's loop for more than a few tens of milliseconds.
 * @example for (let i = 0; i < rows.length; i += 1000) { if (i > 0) await turn(); work(rows.slice(i, i + 1000)); }
 */
export function turn(): Promise<void> {
  return setImmediate();
}
