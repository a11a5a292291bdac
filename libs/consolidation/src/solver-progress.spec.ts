import { ConsolidationModel } from '@app/consolidation';
import { HighsBackend, type Model, type SolveOptions, type SolveProgress, type SolveResult, type SolverBackend } from '@app/optimizer';
import { demand, school, unit } from '@app/testing';

/** HiGHS, after announcing two progress snapshots the way a long solve would. */
class AnnouncingBackend implements SolverBackend {
  readonly name = 'announcing';
  async solve(model: Model, options: SolveOptions = {}): Promise<SolveResult> {
    options.onProgress?.({ incumbent: null, bound: 10, gap: null, elapsedMs: 1000 });
    options.onProgress?.({ incumbent: 12, bound: 11, gap: 1 / 12, elapsedMs: 2000 });
    return new HighsBackend().solve(model, options);
  }
}

describe('ConsolidationModel.solve: solver progress', () => {
  it('hands every snapshot of the solver to onSolverProgress, not to the phase callback', async () => {
    const model = ConsolidationModel.fromInputs(
      {
        schools: [
          school({ code: 'A', km: 0, township: 'T1', enrolment: 300, classes: 12 }),
          school({ code: 'B', km: 3, township: 'T1', enrolment: 100, classes: 6 }),
        ],
        units: [unit('vA', 0, 'T1'), unit('vB', 3, 'T1')],
        demand: [...demand('vA', 2027, 40), ...demand('vB', 2027, 20)],
        targetYear: 2027,
      },
      { detourFactor: 1, smallSchoolThreshold: 200, maxSmallSchools: 1, moveCostPerPupil: 0 },
    );
    const snapshots: SolveProgress[] = [];
    const phases: string[] = [];
    const result = await model.solve({
      backend: new AnnouncingBackend(),
      onSolverProgress: (p) => snapshots.push(p),
      onProgress: (e) => phases.push(e.phase),
    });
    expect(result.status).toBe('optimal');
    expect(snapshots.slice(0, 2)).toEqual([
      { incumbent: null, bound: 10, gap: null, elapsedMs: 1000 },
      { incumbent: 12, bound: 11, gap: 1 / 12, elapsedMs: 2000 },
    ]);
    expect(phases).toEqual(['model built', 'solving', 'verified']);
  });
});
