import 'reflect-metadata';
import { parseArgs } from './args';

const HELP = `usage: npm run cli -- <command> [options]
  warnings [--dataset D] [--json]       evaluate early warnings now and print the active ones
  solve-cflp <file> [--capacity N] [--uncapacitated] [--time-limit S] [--method structured|mip] [--json]
                                        solve an OR-Library capacitated facility-location instance
  consolidate [--target-year 2027] [--max-small 30] [--threshold 200] [--json]
                                        small-school consolidation plan (a scenario run with optimisation)
  token create --role planner|reviewer|admin --name NAME
                                        create an API token (shown once)
  backup <file> / restore <file>        pg_dump the database / restore into an empty DATABASE_URL
  travel --from <unit or school code> --to <school code> [--dataset D] [--version V] [--json]
                                        minutes, km and road classes of one trip (straight line x detour without roads)
  prune [--days N] [--json]             remove finished runs older than N days (RUN_RETENTION_DAYS, 90), and the
                                        evaluations, projections and report files no remaining run uses;
                                        approved/adopted runs (and their reports) stay
  demo                                  import the demo region, project it, print the planner's tables
  migrate [--revert]                    apply pending migrations (or revert the last)
  import <files...> [--crs C] [--dataset D] [--layer L] [--replace] [--json]
  project [--dataset D] [--version V] [--births medium|low|high|constant|trend] [--json]
                                        project demand 12 years ahead and print it by county and district
  backtest [--dataset D] [--version V] [--births ...] [--json]
                                        rolling-origin back-test of the projection and its 80/95 % intervals
                                        (default: the committed demo region, no database)
`;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const command = args.positionals[0];
  // Each command loads its own modules on demand, so `--help` (and a typo) answer without booting Nest or TypeORM.
  switch (command) {
    case 'migrate':
      await (await import('./commands/migrate')).migrateCommand(args);
      return 0;
    case 'import':
      return (await import('./commands/import')).importCommand(args);
    case 'project':
      return (await import('./commands/project')).projectCommand(args);
    case 'demo':
      return (await import('./commands/demo')).demoCommand(args);
    case 'backtest':
      return (await import('./commands/backtest')).backtestCommand(args);
    case 'warnings':
      return (await import('./commands/warnings')).warningsCommand(args);
    case 'solve-cflp':
      return (await import('./commands/solve-cflp')).solveCflpCommand(args);
    case 'consolidate':
      return (await import('./commands/consolidate')).consolidateCommand(args);
    case 'token':
      return (await import('./commands/token')).tokenCommand(args);
    case 'backup':
      return (await import('./commands/backup')).backupCommand(args);
    case 'restore':
      return (await import('./commands/backup')).restoreCommand(args);
    case 'prune':
      return (await import('./commands/prune')).pruneCommand(args);
    case 'travel':
      return (await import('./commands/travel')).travelCommand(args);
    default:
      console.log(HELP);
      return command && command !== 'help' ? 1 : 0;
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${(e as Error).message}`);
    process.exit(1);
  },
);
