/**
 * Writes migrations/<epoch>-<Name>.ts with the SQL that brings a database built by the existing migrations in
 * line with the entities. The output is a draft to review by hand, then list in libs/database/src/migrations.ts.
 * Usage: npm run migration:generate -- <PascalName>   (needs DATABASE_URL of a scratch database it may rebuild)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@app/config';
import { createDataSource } from '@app/database';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('usage: migration:generate -- <PascalName>');
  const url = loadConfig().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL must name a scratch database');
  const ds = createDataSource(url);
  await ds.initialize();
  await ds.runMigrations();
  const log = await ds.driver.createSchemaBuilder().log();
  await ds.destroy();
  if (log.upQueries.length === 0) {
    console.log('entities and migrations agree: nothing to generate');
    return;
  }
  const esc = (q: string) => q.replace(/\\/g, '\\\\').replace(/`/g, '\\`');
  const up = log.upQueries.map((q) => `    await q.query(\`${esc(q.query)}\`);`).join('\n');
  const down = [...log.downQueries]
    .reverse()
    .map((q) => `    await q.query(\`${esc(q.query)}\`);`)
    .join('\n');
  const epoch = Date.now();
  const file = join('migrations', `${epoch}-${name}.ts`);
  writeFileSync(
    file,
    `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${name}${epoch} implements ` +
      `MigrationInterface {\n  name = '${name}${epoch}';\n\n  public async up(q: QueryRunner): Promise<void> ` +
      `{\n${up}\n  }\n\n  public async down(q: QueryRunner): Promise<void> {\n${down}\n  }\n}\n`,
  );
  // Generated SQL is one line per statement; a line over 140 characters fails `npm run lint` (scripts/check-line-length.js).
  console.log(`wrote ${file}: break SQL lines over 140 characters at commas, then npm run format`);
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
