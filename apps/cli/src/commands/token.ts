import { TokensService } from '@app/access';
import { flagString, type ParsedArgs } from '../args';
import { openContext } from '../context';

/** `token create --role planner|reviewer|admin --name NAME`: prints the new token once. */
export async function tokenCommand(args: ParsedArgs): Promise<number> {
  if (args.positionals[1] !== 'create') throw new Error('usage: token create --role planner|reviewer|admin --name NAME');
  const ctx = await openContext({ inlineJobs: true });
  try {
    const t = await ctx.app.get(TokensService).create(flagString(args, 'name'), flagString(args, 'role'));
    console.log(`${t.role} token "${t.name}" (id ${t.id}): ${t.token}`);
    return 0;
  } finally {
    await ctx.close();
  }
}
