/** Minimal argv parsing: positionals, `--flag value`, `--flag=value` and boolean `--flag`. */
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | true>;
}

const BOOLEAN_FLAGS = new Set(['json', 'revert', 'uncapacitated', 'help', 'replace', 'dry-run', 'repair']);

/**
 * @example parseArgs(['import', 'a.csv', '--crs', 'GCJ02', '--json'])
 * // { positionals: ['import','a.csv'], flags: { crs: 'GCJ02', json: true } }
 */
export function parseArgs(argv: string[]): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) out.flags[a.slice(2, eq)] = a.slice(eq + 1);
    else if (BOOLEAN_FLAGS.has(a.slice(2)) || i + 1 >= argv.length || argv[i + 1].startsWith('--')) out.flags[a.slice(2)] = true;
    else out.flags[a.slice(2)] = argv[++i];
  }
  return out;
}

export function flagString(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags[name];
  return typeof v === 'string' ? v : undefined;
}
