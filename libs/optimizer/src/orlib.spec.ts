import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseOrlibCap, readOrlibOptima, solveOrlibCflp } from './orlib';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const orlibDir = path.resolve(repoRoot, '..', 'shared', 'data', 'orlib');
const haveData = existsSync(path.join(orlibDir, 'optima.csv'));
if (!haveData) {
  console.log(`OR-Library tests skipped: reference data not found at ${orlibDir} (expected ../shared/data/orlib beside the checkout)`);
}
const withData = haveData ? describe : describe.skip;

describe('parseOrlibCap', () => {
  // 2 facilities, 2 customers; costs are for serving a customer's whole demand.
  const text = ' 2 2 \n 10 100. \n 20 200.\n 5\n 1.5 2.5\n 7\n 3 4\n';

  it('reads capacities, fixed costs, demands and the cost rows', () => {
    expect(parseOrlibCap(text, 'tiny')).toEqual({
      name: 'tiny',
      capacities: [10, 20],
      capacityIsPlaceholder: false,
      fixedCosts: [100, 200],
      demands: [5, 7],
      costs: [
        [1.5, 2.5],
        [3, 4],
      ],
    });
  });

  it('substitutes the literal word capacity only when told the value', () => {
    const placeholder = text.replace(' 10 100.', ' capacity 100.').replace(' 20 200.', ' capacity 200.');
    expect(parseOrlibCap(placeholder, 'big').capacityIsPlaceholder).toBe(true);
    expect(parseOrlibCap(placeholder, 'big', 8000).capacities).toEqual([8000, 8000]);
  });

  it('reports truncated and malformed files', () => {
    expect(() => parseOrlibCap(' 2 2 \n 10 100.', 'short')).toThrow('file ends early');
    expect(() => parseOrlibCap(text.replace('1.5', 'x'), 'bad')).toThrow('expected a number');
  });
});

withData('OR-Library small instances reach their published optima', () => {
  const optima = haveData ? readOrlibOptima(path.join(orlibDir, 'optima.csv')) : [];
  const small = optima.filter((r) => !/cap[abc]\.txt$/.test(r.file));

  it('covers cap41..cap134', () => {
    expect(small.length).toBe(37);
  });

  // Sequential on purpose: each solve already has a worker thread of its own.
  it.each(small.filter((r) => r.capacitatedOptimum !== undefined).map((r) => [r.instance, r] as const))(
    '%s capacitated',
    async (_name, row) => {
      const result = await solveOrlibCflp(path.join(orlibDir, row.file), { capacity: row.capacityOverride, timeLimitSeconds: 120 });
      expect(result.status).toBe('optimal');
      const published = row.capacitatedOptimum as number;
      expect(Math.abs((result.objective ?? NaN) - published) / published).toBeLessThanOrEqual(1e-6);
    },
  );

  it.each(small.filter((r) => r.uncapacitatedOptimum !== undefined).map((r) => [r.instance, r] as const))(
    '%s uncapacitated',
    async (_name, row) => {
      const result = await solveOrlibCflp(path.join(orlibDir, row.file), { uncapacitated: true, timeLimitSeconds: 120 });
      expect(result.status).toBe('optimal');
      const published = row.uncapacitatedOptimum as number;
      expect(Math.abs((result.objective ?? NaN) - published) / published).toBeLessThanOrEqual(1e-6);
    },
  );

  it.each(['cap41', 'cap71', 'cap131'])('%s capacitated with lazy x_ij <= y_j rows', async (name) => {
    const row = small.find((r) => r.instance === name);
    if (!row) throw new Error(`${name} missing from optima.csv`);
    const result = await solveOrlibCflp(path.join(orlibDir, row.file), { method: 'mip', strengthen: 'lazy', timeLimitSeconds: 120 });
    expect(result.status).toBe('optimal');
    const published = row.capacitatedOptimum as number;
    expect(Math.abs((result.objective ?? NaN) - published) / published).toBeLessThanOrEqual(1e-6);
  });

  it('refuses capa without a capacity instead of guessing', async () => {
    await expect(solveOrlibCflp(path.join(orlibDir, 'cap', 'capa.txt'))).rejects.toThrow('pass a capacity');
  });
});
