import 'reflect-metadata';
import { parseArgs } from './args';
import { importCommand } from './commands/import';
import { migrateCommand } from './commands/migrate';

const HELP = `usage: npm run cli -- <command> [options]
  migrate [--revert]                    apply pending migrations (or revert the last)
  import <files...> [--crs C] [--dataset D] [--layer L] [--replace] [--json]
  versions [--dataset D] [--json]        list dataset versions
`;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const command = args.positionals[0];
  switch (command) {
    case 'migrate':
      await migrateCommand(args);
      return 0;
    case 'import':
      return importCommand(args);
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
