/** A status line rewritten in place; see {@link progressLine}. */
export interface ProgressLine {
  update(text: string): void;
  /** Clears the line so the command's own output starts on a clean line. */
  done(): void;
}

/**
 * A live progress line on stderr (carriage return, erase to end of line), only when stderr is a terminal and the
 * command is not writing JSON: piped or --json output stays exactly what it was.
 *
 * @example
 * const line = progressLine(args.flags.json === true);
 * line.update('incumbent 105, bound 100, gap 4.76%, 12.3 s');
 * line.done();
 */
export function progressLine(json: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  if (json || !stream.isTTY) return { update: () => undefined, done: () => undefined };
  let shown = false;
  return {
    update(text) {
      const width = Math.max(20, (stream.columns ?? 120) - 1);
      stream.write(`\r\x1b[K${text.length > width ? text.slice(0, width) : text}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
