import { Model } from './model';
import { HighsBackend } from './highs-backend';
import { highsWasmModule } from './highs-wasm';
import { JsLpSolverBackend } from './jsLpSolver-backend';
import { hasSolution, type SolveResult, type SolverBackend } from './solver';
import { toLpFormat } from './lp-format';
import { toJsLpSolverModel } from './jsLpSolver-format';

const backends: Array<[string, () => SolverBackend]> = [
  ['highs (arrays)', () => new HighsBackend()],
  ['highs (LP text)', () => new HighsBackend({ input: 'lp' })],
  ['javascript-lp-solver', () => new JsLpSolverBackend()],
];

function expectObjective(result: SolveResult, expected: number): void {
  expect(result.status).toBe('optimal');
  if (!hasSolution(result)) throw new Error(`no solution: ${result.message}`);
  expect(result.verification.ok).toBe(true);
  expect(Math.abs(result.objective - expected)).toBeLessThan(1e-6 * Math.max(1, Math.abs(expected)));
}

/** max 3x + 2y  s.t. x + y <= 4, x + 3y <= 6, x <= 3: vertex (3, 1), objective 11. */
function productionLp(): Model {
  const m = new Model('max');
  const x = m.addVariable({ cost: 3, upper: 3 });
  const y = m.addVariable({ cost: 2 });
  m.addConstraint(
    [
      [x, 1],
      [y, 1],
    ],
    '<=',
    4,
  );
  m.addConstraint(
    [
      [x, 1],
      [y, 3],
    ],
    '<=',
    6,
  );
  return m;
}

/** min z, z free, z >= x - 3, z >= 3 - x, 1 <= x <= 2 as a range row: x = 2, z = 1; constant 10 -> 11. */
function rangeAndFreeLp(): Model {
  const m = new Model('min');
  const z = m.addVariable({ lower: -Infinity, cost: 1 });
  const x = m.addVariable({ lower: -Infinity });
  m.addConstraint(
    [
      [z, 1],
      [x, -1],
    ],
    '>=',
    -3,
  );
  m.addConstraint(
    [
      [z, 1],
      [x, 1],
    ],
    '>=',
    3,
  );
  m.addRange([[x, 1]], 1, 2, 'x window');
  m.objectiveConstant = 10;
  return m;
}

/** max 5a + 4b s.t. 6a + 4b <= 24, a + 2b <= 6, integers: LP (3, 1.5) = 21, integer optimum (4, 0) = 20. */
function smallMip(): Model {
  const m = new Model('max');
  const a = m.addVariable({ kind: 'integer', cost: 5 });
  const b = m.addVariable({ kind: 'integer', cost: 4 });
  m.addConstraint(
    [
      [a, 6],
      [b, 4],
    ],
    '<=',
    24,
  );
  m.addConstraint(
    [
      [a, 1],
      [b, 2],
    ],
    '<=',
    6,
  );
  return m;
}

function infeasibleLp(): Model {
  const m = new Model('min');
  const x = m.addVariable({ upper: 1, cost: 1 });
  const y = m.addVariable({ upper: 1, cost: 1 });
  m.addConstraint(
    [
      [x, 1],
      [y, 1],
    ],
    '>=',
    5,
    'too much',
  );
  return m;
}

function unboundedLp(): Model {
  const m = new Model('max');
  const x = m.addVariable({ cost: 1 });
  const y = m.addVariable({ cost: 1 });
  m.addConstraint(
    [
      [x, 1],
      [y, -1],
    ],
    '<=',
    1,
  );
  return m;
}

/**
 * Market split (Cornuejols and Dawande) with slack: 6 equality rows over 40 binaries, coefficients 0..99 and
 * targets at half the row sums. A zero-slack solution is very unlikely to exist and proving the optimum is far
 * beyond a second of branch and bound, so a short limit must end in 'time_limit' or a verified 'feasible'.
 */
export function marketSplit(seed = 1, rows = 6, cols = 40): Model {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const m = new Model('min');
  const x = Array.from({ length: cols }, (_, j) => m.addVariable({ kind: 'binary', label: `x${j}` }));
  for (let r = 0; r < rows; r++) {
    const a = x.map(() => Math.floor(random() * 100));
    const target = Math.floor(a.reduce((s, v) => s + v, 0) / 2);
    const over = m.addVariable({ cost: 1, label: `over${r}` });
    const under = m.addVariable({ cost: 1, label: `under${r}` });
    m.addConstraint([...x.map((v, j) => [v, a[j]] as [number, number]), [over, -1], [under, 1]], '=', target, `split ${r}`);
  }
  return m;
}

describe.each(backends)('%s', (_name, make) => {
  it('solves a small LP to its optimum', async () => {
    expectObjective(await make().solve(productionLp()), 11);
  });

  it('handles free variables, range rows and the objective constant', async () => {
    expectObjective(await make().solve(rangeAndFreeLp()), 11);
  });

  it('solves a small MIP to its integer optimum', async () => {
    const result = await make().solve(smallMip());
    expectObjective(result, 20);
  });

  it('reports an infeasible LP', async () => {
    expect((await make().solve(infeasibleLp())).status).toBe('infeasible');
  });

  it('reports an unbounded LP', async () => {
    expect((await make().solve(unboundedLp())).status).toBe('unbounded');
  });

  it('never calls a time-limited hard MIP optimal', async () => {
    const started = Date.now();
    const result = await make().solve(marketSplit(), { timeLimitSeconds: 1 });
    expect(['time_limit', 'feasible', 'error']).toContain(result.status);
    if (result.status === 'error') expect(result.reason).toBe('verification_failed');
    if (hasSolution(result)) expect(result.verification.ok).toBe(true);
    // Limit 1 s; the hard kill comes at 1.1 s + 2 s, so the call must return well before 5 s.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('cancels a running solve through its AbortSignal', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    const result = await make().solve(marketSplit(2), { signal: controller.signal });
    expect(result.status).toBe('error');
    if (result.status === 'error') expect(result.reason).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('HighsBackend specifics', () => {
  it('reports an infeasible MIP', async () => {
    const m = new Model('min');
    const x = m.addVariable({ kind: 'integer', cost: 1, upper: 10 });
    m.addConstraint([[x, 2]], '=', 1, 'odd');
    expect((await new HighsBackend().solve(m)).status).toBe('infeasible');
  });

  it("reports HiGHS's own run time and node count, apart from the wall seconds", async () => {
    const mip = await new HighsBackend().solve(smallMip());
    expectObjective(mip, 20);
    // (4, 0) is found and proved without branching beyond the root: a node count, not an estimate.
    expect(Number.isInteger(mip.solver!.nodes)).toBe(true);
    expect(mip.solver!.nodes).toBeGreaterThanOrEqual(0);
    expect(mip.solver!.seconds).toBeGreaterThanOrEqual(0);
    expect(mip.solver!.seconds).toBeLessThanOrEqual(mip.seconds);
    // An LP has no branch-and-bound nodes; an infeasible answer still carries the run's figures.
    expect((await new HighsBackend().solve(productionLp())).solver!.nodes).toBeNull();
    const infeasible = await new HighsBackend().solve(infeasibleLp());
    expect(infeasible.status).toBe('infeasible');
    expect(infeasible.solver!.seconds).toBeGreaterThanOrEqual(0);
  });

  it('compiles HiGHS once per process and gives every worker the same module, with the same answers', async () => {
    const module = await highsWasmModule();
    expect(module).toBeDefined();
    expect(await highsWasmModule()).toBe(module);
    const first = await new HighsBackend().solve(smallMip());
    const second = await new HighsBackend().solve(smallMip());
    expectObjective(first, 20);
    if (!hasSolution(second)) throw new Error(second.message);
    expect(second.values).toEqual(hasSolution(first) ? first.values : []);
  });

  it('returns at once when the signal is already aborted', async () => {
    const result = await new HighsBackend().solve(productionLp(), { signal: AbortSignal.abort() });
    expect(result.status).toBe('error');
  });

  it('keeps the event loop free while solving', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await new HighsBackend().solve(marketSplit(3), { timeLimitSeconds: 1 });
    clearInterval(timer);
    // A solve on the main thread would starve the interval for the whole second.
    expect(ticks).toBeGreaterThan(20);
  });
});

describe('writers', () => {
  it('writes LP text with generated names only', () => {
    const m = new Model('min');
    const x = m.addVariable({ label: 'weird: name <= 3', upper: 2, cost: 1 });
    const y = m.addVariable({ label: 'y', kind: 'binary', cost: -1 });
    m.addRange(
      [
        [x, 1],
        [y, 2.5],
      ],
      -1,
      4,
      'a: row',
    );
    expect(toLpFormat(m)).toBe(
      [
        'Minimize',
        ' obj: + 1 x0 - 1 x1',
        'Subject To',
        ' c0: -1 <= + 1 x0 + 2.5 x1 <= 4',
        'Bounds',
        ' 0 <= x0 <= 2',
        ' 0 <= x1 <= 1',
        'General',
        ' x1',
        'End',
        '',
      ].join('\n'),
    );
  });

  it('writes javascript-lp-solver JSON with bounds as rows', () => {
    const m = new Model('max');
    const x = m.addVariable({ lower: -2, upper: 5, cost: 3 });
    m.addConstraint([[x, 1]], '=', 1);
    const json = toJsLpSolverModel(m);
    expect(json.opType).toBe('max');
    expect(json.unrestricted).toEqual({ x0: 1 });
    expect(json.constraints).toEqual({ lb0: { min: -2 }, ub0: { max: 5 }, c0: { equal: 1 } });
    expect(json.variables.x0).toEqual({ _objective: 3, lb0: 1, ub0: 1, c0: 1 });
  });
});
