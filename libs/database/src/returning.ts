/**
 * The ids a `DELETE ... RETURNING id` answered: TypeORM's postgres driver gives `[rows, count]` for a DELETE, and
 * the rows alone for a SELECT or INSERT.
 * @example returnedIds(await em.query('DELETE FROM scenario_runs WHERE id = 7 RETURNING id')) // [7]
 */
export function returnedIds(result: unknown): number[] {
  const rows: unknown = Array.isArray(result) && Array.isArray(result[0]) ? result[0] : Array.isArray(result) ? result : [];
  return (rows as { id: number }[]).map((r) => r.id);
}
