import { loadConfig } from '@app/config';
import { createDataSource, resolveDatabaseUrl } from '@app/database';
import type { ParsedArgs } from '../args';

/** `migrate [--revert]`: applies pending migrations, or reverts the last one. */
export async function migrateCommand(args: ParsedArgs): Promise<void> {
  const cfg = loadConfig();
  const { url, embedded } = await resolveDatabaseUrl(cfg, (m) => console.error(m));
  const ds = createDataSource(url, { applicationName: 'edu-migrate' });
  try {
    await ds.initialize();
    if (args.flags.revert) {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
    } else {
      const done = await ds.runMigrations({ transaction: 'each' });
      console.log(
        done.length ? `applied ${done.length} migration(s): ${done.map((m) => m.name).join(', ')}` : 'schema is current: nothing to apply',
      );
    }
  } finally {
    if (ds.isInitialized) await ds.destroy();
    if (embedded) await embedded.stop();
  }
}
