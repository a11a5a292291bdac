import { HighsBackend, hasSolution, type SolveProgress, type SolveResult } from '@app/optimizer';
import { byTownship, shortfallFindings, smallSchoolFindings } from './explain';
import { analyse, buildFormulation, type Formulation, type Structure, type Variant } from './formulation';
import { buildInstance, type Instance } from './instance';
import { buildPlan, readDecisions } from './plan';
import {
  DEFAULT_CONSOLIDATION_GAP,
  DEFAULT_CONSOLIDATION_TIME_LIMIT,
  type ConsolidationInputs,
  type ConsolidationOptions,
  type ConsolidationPhase,
  type ConsolidationResult,
  type ConsolidationSolveOptions,
  type ConsolidationSolveRecord,
  type ConsolidationStats,
  type InfeasibilityExplanation,
  type InfeasibilityFinding,
  type ResolvedConsolidationOptions,
} from './types';

/** Cheap feasibility findings, no solver involved. */
export interface ConsolidationPrecheck {
  /** False when a finding makes every plan impossible or the forced small schools already exceed N. */
  ok: boolean;
  /** Structural problems: pupils with no school in reach, townships whose primary schools all must close, ... */
  fatal: InfeasibilityFinding[];
  /** Schools that stay open and small in every plan (a lower bound on the small-school count). */
  forcedSmallSchools: string[];
}

/**
 * Phased small-school consolidation: which primary, junior and nine-year schools close, in which year of the
 * closure window, where each village's pupils go when their school closes, and how many classes receiving schools
 * add and by when, so that at most N open schools have fewer than T pupils in the target year. A multi-period MILP
 * (one model over every window year, not a rolling horizon, so nothing is lost to myopic early decisions): build
 * with {@link ConsolidationModel.fromInputs}, check cheaply with {@link precheck}, solve with {@link solve} (HiGHS
 * in a worker; every answer verified against the model by the optimizer, then the plan re-checked by its rules).
 *
 * **Sets.** S: schools teaching primary and/or junior grades, open in the target year. P_s ⊆ {primary, junior}.
 * Y = {y_0 < ... < y_{n-1}}: the closure window (default base year + 1 .. max(2030, target year)); τ: index of the
 * target year. V: units with projected pupils. B = {lower: grades 1-3, upper: 4-6, junior: 7-9}. Demand pairs
 * (v, b) with D_vbt pupils in year t (resident by default; a year without rows takes the nearest year's). c(v, b):
 * the current school (catchment's school, nearest of several; else the nearest school teaching the stage).
 *
 * **Travel.** One function gives km and, where a travel-time source exists, minutes for every (v, s) (default:
 * haversine x detour 1.3, per county if given, no minutes). A move of band b to s is allowed when: lower (grades
 * 1-3, day pupils only) minutes <= 30, else km <= dayKm (5); upper/junior as day pupils minutes <= 45, else km <=
 * dayKm; else as boarders where s has boarding places, minutes <= 90, else km <= boardingKm (15). Boarding arcs form
 * A^board_s. No move crosses a county line unless the scenario names the county pair.
 *
 * **Which schools can close.** S_var: fewer than `closableBelow` (2T) pupils today, not must-keep, not planned,
 * only primary/junior grades. Every other school is kept. Must-close schools close by the target year.
 *
 * **Arcs.** Pupils move only because their school closes: for (v, b) with c = c(v, b) ∈ S_var, closure arcs A_vb go
 * to the k (5) nearest allowed schools of the stage (only the partner for a merge pair, only the central school for
 * a teaching point). With re-zoning allowed (off by default), (v, b) of a kept school get re-zoning arcs R_vb too.
 *
 * **Variables.** o_st ∈ {0,1} (s ∈ S_var, t ∈ Y): open in year t. g_at ∈ [0,1] (a ∈ A_vb): share of (v, b) on
 * arc a in year t. h_a ∈ [0,1] (a ∈ R_vb): share re-zoned from the first window year on. e_spt ∈ {0..R_s}
 * integer: classes added for stage p in use in year t, only for t with y_t >= base + 2 (built in y_t - 1, after the
 * base year: 先建后撤), bounded by the classes the pupils in reach could fill. z_s ∈ {0,1}: open and small in τ.
 *
 * **Constraints** (o ≡ 1 for kept schools).
 * 1. closed for good: o_st <= o_s,t-1.
 * 2. placement: Σ_{a ∈ A_vb} g_at + o_ct = 1: while c is open its pupils stay; from its closure year they are all
 *    placed on closure arcs (no arc: c cannot close).
 * 2b. strengthening: g_at <= o_rt for a receiving school r that may close (implied, tightens the LP).
 * 3. once moved, stay: g_at <= g_a,t+1. With (2) the shares are the same in every year after the closure, and a
 *    receiving school cannot close later (its pupils would have to move twice).
 * 4. seats: Σ_{a into s, stage p} D_vbt g_at (+ D_vbt h_a) <= Q⁺_spt o_st + n_p e_spt, where Q⁺_spt = max(0, Q_sp -
 *    own_spt) are the seats its own catchment leaves free; Q_sp is the seat definition of the run's world and of
 *    the warnings (approved seats split by classes, else classes x norm: stageSeats of @app/warnings-model), and the
 *    world adds n_p e_spt from the ready year, so the plan's seats are the seats its warnings read;
 *    e_spt >= e_sp,t-1; Σ_p e_spt <= R_s o_st (building limit).
 * 5. boarding: Σ_{A^board_s} D_vbt g_at <= boardingPlaces_s o_st.
 * 6. re-zoning (when allowed): Σ_a h_a <= 1 per (v, b); Σ D_vbτ h_a <= maxPupils; a school under T in the status
 *    quo sends nobody; own_s - Σ_out D h >= T (never takes a school under T).
 * 7. small in the target year: own_sτ o_sτ + Σ_{A into s} D_vbτ g_aτ >= T' (o_sτ - z_s), z_s <= o_sτ, with
 *    T' = T (1 - 1e-5) the line of isUnderThreshold (@app/domain), the one small-school test the world's indicators
 *    use too (compulsory pupils only: a school's kindergarten or senior pupils do not count);
 *    re-zoned pupils do not count (a school stops being small by its own pupils and those of closed schools).
 *    Σ z_s + Σ_{always small} o_sτ <= N. Reductions: 'always' (even with every pupil of a closable neighbour in
 *    reach it stays under T: z = o), 'never' (own pupils make T), 'exempt' (teaching points, when the scenario says
 *    they do not count).
 * 8. pace: Σ_{s in county} (o_s,t-1 - o_st) <= K per county and year (o_s,-1 = 1).
 * 9. merge pairs: o_a,n-1 + o_b,n-1 = 1. 10. township: Σ_{primary in t} o_s,n-1 >= 1 (not waived). 11. lists.
 *
 * **Objective** (CNY summed over the window years, undiscounted): Σ_t [F Σ_s o_st + Σ_(v,b) cost_b km_vc D_vbt
 * o_ct (stayers) + Σ_a cost_b km_a D_vbt g_at + E Σ e_spt] + M x pupils moved, once, in their move year (Σ_t D_vbt
 * (o_c,t-1 - o_ct), telescoped to terms on o). cost_b = travelCostPerPupilKm x bandTravelWeight_b (400 CNY), F =
 * 200,000, E = 120,000 per class-year, M = 2,000. The window's end truncates the savings of a late closure (no
 * salvage value), so late closures are chosen only when the cap, K or the build-ahead rule require them.
 *
 * **Later years.** The cap is a constraint in τ only; the plan reports for every later window year how many open
 * schools fall under T as births fall, whether the cap still holds and which schools cross the line.
 *
 * **When infeasible.** A second solve drops the cap and minimises Σ z_s (plus y_s of always-small schools): the
 * smallest number of small schools the other limits allow. Each small school left open in that plan is explained
 * (must-keep, only school in reach of named villages, township rule, fixed open, or capacity/travel at the schools
 * in reach), grouped by township; a third solve finds the cheapest plan with that many small schools
 * (`minimumPlan`). If even the second solve is infeasible, an elastic solve (seats, boarding, township and
 * no-new-small rows with penalised shortfalls) says where seats or boarding places run short.
 *
 * @example
 * const model = ConsolidationModel.fromInputs({ schools, units, demand, catchments, targetYear: 2027 });
 * const result = await model.solve({ timeLimitSeconds: 60, onProgress: (e) => console.log(e.phase) });
 * if (result.plan) console.log(result.plan.kpis.smallSchoolsAfter);
 * else console.log(result.infeasibility?.summary);
 */
export class ConsolidationModel {
  private structureCache: Structure | null = null;
  private formulationCache: Formulation | null = null;
  private buildSeconds: number;

  private constructor(
    /** The sets the model is built from (internal representation). */
    readonly instance: Instance,
    instanceSeconds: number,
  ) {
    this.buildSeconds = instanceSeconds;
  }

  /**
   * Validates the input (throws {@link ConsolidationInputError} on malformed data) and builds the sets: planned
   * schools, demand pairs and candidate arcs. Inputs are not mutated.
   */
  static fromInputs(inputs: ConsolidationInputs, options: ConsolidationOptions = {}): ConsolidationModel {
    const started = performance.now();
    const instance = buildInstance(inputs, options);
    return new ConsolidationModel(instance, (performance.now() - started) / 1000);
  }

  get options(): ResolvedConsolidationOptions {
    return this.instance.options;
  }

  get warnings(): string[] {
    return [...this.instance.warnings];
  }

  /** Structure read off the sets (cached). */
  get structure(): Structure {
    if (!this.structureCache) {
      const started = performance.now();
      this.structureCache = analyse(this.instance);
      this.buildSeconds += (performance.now() - started) / 1000;
    }
    return this.structureCache;
  }

  /** Cheap reasons no plan can exist (no solver). */
  precheck(): ConsolidationPrecheck {
    const st = this.structure;
    const forcedSmallSchools = st.forcedSmall.map((i) => this.instance.schools[i].code);
    return {
      ok: st.fatal.length === 0 && forcedSmallSchools.length <= this.options.maxSmallSchools,
      fatal: [...st.fatal],
      forcedSmallSchools,
    };
  }

  /**
   * The MILP ('plan', with the cap N or `cap`), or a diagnostic variant ('min_small', 'elastic'). Throws when the
   * precheck found pupils with no candidate school (no model can place them).
   */
  buildModel(variant: Variant = 'plan', cap?: number): Formulation {
    const standard = variant === 'plan' && cap === undefined;
    if (standard && this.formulationCache) return this.formulationCache;
    const st = this.structure;
    if (st.fatal.some((f) => f.limit === 'no_school_in_reach')) throw new Error(`cannot build the model: ${st.fatal[0].message}`);
    const started = performance.now();
    const form = buildFormulation(this.instance, st, variant, cap);
    if (standard) {
      this.buildSeconds += (performance.now() - started) / 1000;
      this.formulationCache = form;
    }
    return form;
  }

  /** Size of the model (builds it when needed). */
  stats(): ConsolidationStats {
    const inst = this.instance;
    const form = this.structure.fatal.some((f) => f.limit === 'no_school_in_reach') ? null : this.buildModel();
    const m = form?.model;
    return {
      schools: inst.schools.length,
      closableSchools: inst.schools.filter((s) => s.mode === 'var').length,
      years: [...inst.years],
      villages: inst.units.length,
      demandPairs: inst.demands.length,
      arcs: inst.arcs.length,
      variables: m?.variableCount ?? 0,
      integerVariables: m ? m.integer.filter(Boolean).length : 0,
      rows: m?.rowCount ?? 0,
      buildSeconds: this.buildSeconds,
    };
  }

  /**
   * Prechecks, builds, solves, verifies (the optimizer checks values against the model; `plan.check` re-checks
   * the plan's own rules) and, when infeasible, explains. Never throws for infeasible or cancelled runs.
   */
  async solve(options: ConsolidationSolveOptions = {}): Promise<ConsolidationResult> {
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    const progress = (phase: ConsolidationPhase, message: string): void => options.onProgress?.({ phase, message, seconds: seconds() });
    const backend = options.backend ?? new HighsBackend();
    const solveOptions = {
      timeLimitSeconds: options.timeLimitSeconds ?? DEFAULT_CONSOLIDATION_TIME_LIMIT,
      mipRelGap: options.mipRelGap ?? DEFAULT_CONSOLIDATION_GAP,
      signal: options.signal,
      onProgress: options.onSolverProgress,
    };
    const pre = this.precheck();
    const stats = this.stats();
    // Filled as the solves run (the array is shared by every result built below).
    const solves: ConsolidationSolveRecord[] = [];
    const base = { stats, warnings: this.warnings, solves };
    const empty = { objective: null, gap: null, bound: null, plan: null, infeasibility: null, verification: null };
    if (options.signal?.aborted) {
      return { ...base, ...empty, status: 'cancelled', message: 'cancelled before solving', backend: null, solveSeconds: 0 };
    }
    progress(
      'model built',
      `${stats.years[0]}-${stats.years[stats.years.length - 1]}: ${stats.schools} schools (${stats.closableSchools} ` +
        `closable), ${stats.villages} villages, ${stats.arcs} arcs, ${stats.variables} variables, ${stats.rows} rows`,
    );

    const cancelled = (): ConsolidationResult => ({
      ...base,
      ...empty,
      status: 'cancelled',
      message: 'solve cancelled',
      backend: backend.name,
      solveSeconds: seconds(),
    });
    if (pre.fatal.length > 0) {
      const infeasibility = await this.explain(options, solveOptions, backend, progress, false, solves);
      return {
        ...base,
        ...empty,
        status: 'infeasible',
        message: infeasibility.summary,
        infeasibility,
        backend: null,
        solveSeconds: seconds(),
      };
    }
    if (pre.forcedSmallSchools.length > this.options.maxSmallSchools) {
      const infeasibility = await this.explain(options, solveOptions, backend, progress, true, solves);
      if (options.signal?.aborted) return cancelled();
      return {
        ...base,
        ...empty,
        status: 'infeasible',
        message: infeasibility.summary,
        infeasibility,
        backend: backend.name,
        solveSeconds: seconds(),
      };
    }

    const form = this.buildModel();
    progress(
      'solving',
      `${backend.name}: ${stats.variables} variables (${stats.integerVariables} integer), ${stats.rows} rows, gap ` +
        `${solveOptions.mipRelGap}, limit ${solveOptions.timeLimitSeconds} s`,
    );
    const result = await backend.solve(form.model, solveOptions);
    solves.push(solveRecord('plan', form, result));
    if (hasSolution(result)) {
      const decisions = readDecisions(this.instance, form, result.values);
      const plan = buildPlan(this.instance, this.structure, decisions, true);
      if (!plan.check.ok) {
        return {
          ...base,
          ...empty,
          status: 'error',
          message: `the solver's plan fails its own checks: ${plan.check.problems.slice(0, 5).join('; ')}`,
          verification: result.verification,
          backend: result.backend,
          solveSeconds: seconds(),
        };
      }
      progress(
        'verified',
        `${result.status}, objective ${result.objective.toFixed(0)}, gap ${result.gap ?? 'n/a'}, ` +
          `${plan.kpis.smallSchoolsAfter} small schools`,
      );
      return {
        ...base,
        status: result.status,
        message:
          result.status === 'optimal'
            ? 'optimal within the requested gap'
            : `stopped at the time limit with gap ${result.gap ?? 'unknown'}`,
        objective: result.objective,
        gap: result.gap,
        bound: result.gap === null ? null : result.objective - result.gap * Math.abs(result.objective),
        plan,
        infeasibility: null,
        verification: result.verification,
        backend: result.backend,
        solveSeconds: seconds(),
      };
    }
    if (result.status === 'infeasible') {
      const infeasibility = await this.explain(options, solveOptions, backend, progress, true, solves);
      if (options.signal?.aborted) return cancelled();
      return {
        ...base,
        ...empty,
        status: 'infeasible',
        message: infeasibility.summary,
        infeasibility,
        backend: result.backend,
        solveSeconds: seconds(),
      };
    }
    const status =
      result.status === 'error' && result.reason === 'cancelled' ? 'cancelled' : result.status === 'time_limit' ? 'time_limit' : 'error';
    return {
      ...base,
      ...empty,
      status,
      message: result.message,
      verification: result.verification ?? null,
      backend: result.backend,
      solveSeconds: seconds(),
    };
  }

  /** The explanation of an infeasible model; `solveAgain` false when structural findings rule out any plan. */
  private async explain(
    options: ConsolidationSolveOptions,
    solveOptions: { timeLimitSeconds: number; mipRelGap: number; signal?: AbortSignal; onProgress?: (p: SolveProgress) => void },
    backend: NonNullable<ConsolidationSolveOptions['backend']>,
    progress: (phase: ConsolidationPhase, message: string) => void,
    solveAgain: boolean,
    solves: ConsolidationSolveRecord[],
  ): Promise<InfeasibilityExplanation> {
    const inst = this.instance;
    const st = this.structure;
    const T = this.options.smallSchoolThreshold;
    const N = this.options.maxSmallSchools;
    const findings: InfeasibilityFinding[] = [...st.fatal];
    const forced = st.forcedSmall.length;
    const explanation: InfeasibilityExplanation = {
      summary: '',
      threshold: T,
      maxSmallSchools: N,
      forcedSmallSchools: forced,
      minimumSmallSchools: null,
      minimumProved: false,
      secondSolve: null,
      findings,
      byTownship: [],
      minimumPlan: null,
      minimumPlanSolve: null,
    };
    const run = solveAgain && options.explainInfeasibility !== false;
    let minimum: SolveResult | null = null;
    if (run) {
      progress('explaining', `minimising the number of schools under ${T} pupils under the other limits`);
      const form = this.buildModel('min_small');
      // The count is an integer: a gap below 1/count proves it; 1e-4 is below that for any city.
      minimum = await backend.solve(form.model, { ...solveOptions, mipRelGap: 1e-4 });
      solves.push(solveRecord('min_small', form, minimum));
      explanation.secondSolve = {
        status: minimum.status,
        seconds: minimum.seconds,
        gap: hasSolution(minimum) ? minimum.gap : null,
        message: hasSolution(minimum) ? undefined : minimum.message,
      };
      if (hasSolution(minimum)) {
        let decisions = readDecisions(inst, form, minimum.values);
        let plan = buildPlan(inst, st, decisions, false);
        const count = plan.kpis.smallSchoolsAfter;
        explanation.minimumSmallSchools = count;
        explanation.minimumProved = minimum.status === 'optimal';
        // Among plans with that many small schools, the cheapest one (the count alone leaves ties arbitrary).
        progress('explaining', `${count} small schools at least; finding the cheapest plan with ${count}`);
        const cheapest = this.buildModel('plan', count);
        const best = await backend.solve(cheapest.model, solveOptions);
        solves.push(solveRecord('plan_at_minimum', cheapest, best));
        if (hasSolution(best)) {
          const bestDecisions = readDecisions(inst, cheapest, best.values);
          const bestPlan = buildPlan(inst, st, bestDecisions, false);
          if (bestPlan.check.ok && bestPlan.kpis.smallSchoolsAfter <= count) {
            [decisions, plan] = [bestDecisions, bestPlan];
            explanation.minimumPlanSolve = {
              status: best.status,
              objective: best.objective,
              bound: best.gap === null ? null : best.objective - best.gap * Math.abs(best.objective),
              gap: best.gap,
              seconds: best.seconds,
            };
          }
        }
        if (plan.check.ok) explanation.minimumPlan = plan;
        findings.push(...smallSchoolFindings(inst, st, decisions, plan));
      } else if (minimum.status === 'infeasible') {
        progress('explaining', 'the limits other than the cap conflict: locating seat and boarding shortfalls');
        const elastic = this.buildModel('elastic');
        const relaxed = await backend.solve(elastic.model, { ...solveOptions, mipRelGap: 1e-4 });
        solves.push(solveRecord('elastic', elastic, relaxed));
        if (hasSolution(relaxed)) {
          findings.push(
            ...shortfallFindings(
              inst,
              elastic.slacks.map((s) => ({ ...s, value: relaxed.values[s.variable] })),
            ),
          );
        }
      }
    }
    explanation.byTownship = byTownship(findings, explanation.minimumPlan);
    const townships = explanation.byTownship.filter((t) => t.findings.length > 0).length;
    if (st.fatal.length > 0) {
      explanation.summary =
        `no plan can place every pupil under the given limits: ${st.fatal.length} structural finding(s) in ${townships} ` +
        `township(s), first: ${st.fatal[0].message}`;
    } else if (explanation.minimumSmallSchools !== null) {
      explanation.summary =
        `at most ${N} schools under ${T} pupils were asked for, but the other limits allow no fewer than ` +
        `${explanation.minimumSmallSchools}${explanation.minimumProved ? '' : ' (best found, not proved)'} (${forced} ` +
        `are small and must stay open whatever the plan); binding limits in ${townships} township(s)`;
    } else if (minimum?.status === 'infeasible') {
      explanation.summary =
        `even without the small-school cap no plan meets the seats, boarding places, travel limits, township rule and ` +
        `the rule that no school is made small; shortfalls in ${townships} township(s)`;
    } else if (minimum) {
      explanation.summary =
        `at most ${N} schools under ${T} pupils were asked for, but at least ${forced} are small and must stay open ` +
        `whatever the plan; the second solve ended ${minimum.status}: ${hasSolution(minimum) ? '' : minimum.message}`;
    } else {
      explanation.summary =
        `at most ${N} schools under ${T} pupils were asked for, but at least ${forced} are small and must stay open ` + `whatever the plan`;
    }
    return explanation;
  }
}

function solveRecord(model: ConsolidationSolveRecord['model'], form: Formulation, result: SolveResult): ConsolidationSolveRecord {
  return {
    model,
    status: result.status,
    seconds: result.seconds,
    solverSeconds: result.solver?.seconds ?? null,
    nodes: result.solver?.nodes ?? null,
    variables: form.model.variableCount,
    rows: form.model.rowCount,
  };
}
