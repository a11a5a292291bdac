import { Model } from './model';
import { verifySolution } from './verify';
import { interpretJsLpSolverAnswer } from './jsLpSolver-backend';

/** min x + 2y  s.t.  x + y >= 3 ("cover"),  x - y <= 1 ("balance"),  0 <= x <= 4,  y integer. */
function smallModel(): Model {
  const m = new Model('min');
  const x = m.addVariable({ label: 'x', upper: 4, cost: 1 });
  const y = m.addVariable({ label: 'y', kind: 'integer', cost: 2 });
  m.addConstraint(
    [
      [x, 1],
      [y, 1],
    ],
    '>=',
    3,
    'cover',
  );
  m.addConstraint(
    [
      [x, 1],
      [y, -1],
    ],
    '<=',
    1,
    'balance',
  );
  return m;
}

describe('verifySolution', () => {
  it('accepts a feasible solution and recomputes the objective', () => {
    // x = 2, y = 1: cover 3 >= 3, balance 1 <= 1, objective 2 + 2 = 4.
    const report = verifySolution(smallModel(), [2, 1], 4);
    expect(report.ok).toBe(true);
    expect(report.objective).toBe(4);
    expect(report.problems).toEqual([]);
  });

  it('names the worst violated constraint', () => {
    // x = 3, y = 0: cover holds (3), balance is 3 > 1, violated by 2 (scaled by max(1, 1, 1) = 2).
    const report = verifySolution(smallModel(), [3, 0]);
    expect(report.ok).toBe(false);
    expect(report.worstConstraint).toBe('balance');
    expect(report.maxScaledResidual).toBeCloseTo(2, 12);
    expect(report.problems.join(' ')).toContain('balance');
  });

  it('scales residuals by the right-hand side and row norm', () => {
    const m = new Model('min');
    const x = m.addVariable({ label: 'x' });
    m.addConstraint([[x, 1000]], '<=', 1e6, 'big');
    // Activity 1,000,000.5 exceeds 1e6 by 0.5: scaled 5e-7, inside 1e-6.
    expect(verifySolution(m, [1000.0005]).ok).toBe(true);
    // Exceeding by 5 is 5e-6 scaled: rejected.
    expect(verifySolution(m, [1000.005]).ok).toBe(false);
  });

  it('rejects fractional integers, bound violations and a wrong objective', () => {
    const m = smallModel();
    expect(verifySolution(m, [1.5, 1.5]).problems.join(' ')).toContain('integrality');
    expect(verifySolution(m, [5, 3]).problems.join(' ')).toContain('bound');
    const wrongObjective = verifySolution(m, [2, 1], 3.9);
    expect(wrongObjective.ok).toBe(false);
    expect(wrongObjective.problems.join(' ')).toContain('reported objective');
  });

  it('tolerates integrality within 1e-6', () => {
    expect(verifySolution(smallModel(), [2, 1 + 5e-7]).maxIntegralityViolation).toBeLessThan(1e-6);
    expect(verifySolution(smallModel(), [2, 1 + 5e-7]).ok).toBe(true);
  });

  it('rejects missing or non-finite values', () => {
    expect(verifySolution(smallModel(), [1]).ok).toBe(false);
    expect(verifySolution(smallModel(), [NaN, 1]).ok).toBe(false);
  });
});

describe('javascript-lp-solver answers go through the verifier', () => {
  const context = { backend: 'javascript-lp-solver', seconds: 0 };

  it('turns an answer that violates the model into an error naming the constraint', () => {
    // The failure mode measured on javascript-lp-solver (docs/solvers.md): "feasible" with values breaking a row and a too-good objective.
    const result = interpretJsLpSolverAnswer(smallModel(), { feasible: true, bounded: true, result: 1, x0: 1 }, context);
    expect(result.status).toBe('error');
    if (result.status === 'error') {
      expect(result.reason).toBe('verification_failed');
      expect(result.message).toContain('cover');
    }
  });

  it('rejects fractional binaries from a timed-out MIP', () => {
    const result = interpretJsLpSolverAnswer(smallModel(), { feasible: true, bounded: true, result: 4.5, x0: 1.5, x1: 1.5 }, context);
    expect(result.status).toBe('error');
  });

  it('accepts a correct answer; omitted variables are zero', () => {
    // x = 0 is omitted by javascript-lp-solver; y = 3: cover 3, balance -3, objective 6 (feasible, not optimal).
    const result = interpretJsLpSolverAnswer(smallModel(), { feasible: true, bounded: true, result: 6, x1: 3 }, context);
    expect(result.status).toBe('optimal');
    if (result.status === 'optimal') expect(result.values).toEqual([0, 3]);
  });

  it('labels an answer after its own timeout as feasible with unknown gap', () => {
    const result = interpretJsLpSolverAnswer(
      smallModel(),
      { feasible: true, bounded: true, result: 4, x0: 2, x1: 1 },
      { ...context, stoppedByTimeout: true },
    );
    expect(result.status).toBe('feasible');
    if (result.status === 'feasible') expect(result.gap).toBeNull();
  });

  it('reads its infeasible and unbounded flags without trusting the values', () => {
    expect(interpretJsLpSolverAnswer(smallModel(), { feasible: false, result: 0, x0: 99 }, context).status).toBe('infeasible');
    expect(interpretJsLpSolverAnswer(smallModel(), { feasible: true, bounded: false, result: Infinity }, context).status).toBe('unbounded');
  });
});
