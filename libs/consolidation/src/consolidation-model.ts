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
 * Small-school consolidation (issue 7): which primary, junior and nine-year schools stay open in the target year,
 * where each village's pupils go, and how many classes receiving schools add, so that at most N open schools have
 * fewer than T pupils. A MILP in the style of spopt: build with {@link ConsolidationModel.fromInputs}, check
 * cheaply with {@link precheck}, solve with {@link solve} (HiGHS in a worker; every answer verified twice).
 *
 * **Sets.** S: schools teaching primary and/or junior grades, open in the target year (status 'open' and not
 * closed by then, or 'planned' and opened by then). P_s ⊆ {primary, junior}: the stages of s. V: units (villages,
 * communities) with projected pupils. B = {lower: grades 1-3, upper: 4-6, junior: 7-9}, stage(b) primary, primary,
 * junior. Demand pairs (v, b) with d_vb > 0 pupils (target-year `residentByGrade`, or registered, summed over the
 * band's grades). c(v, p): v's current school: its catchment's school (the nearest of several; catchments by unit
 * list, else by polygon containing v's centroid), else the nearest school teaching p.
 *
 * **Distances.** km_vs = haversine(v, s) x detour (1.3, per county if given): road km.
 *
 * **Which schools can close (keeps the model small).** S_var = schools with a decision: fewer than `closableBelow`
 * (default 2T = 400) pupils today, not must-keep, not planned, teaching only primary/junior grades. Must-close
 * schools are fixed closed (y_s = 0, no variables); every other school is fixed open (y_s = 1).
 *
 * **Candidate arcs.** A_vb = {c(v, stage b)} (always, whatever its distance: the status quo is not a move), plus the
 * k (default 5) nearest schools teaching stage(b), not must-close, within the band's limit: L = dayKm (default 5)
 * for every band; L = boardingKm (default 15) for bands upper and junior when the school has boarding places. A
 * move (s ≠ c) with km > dayKm is a boarding arc (set A^board_s).
 *
 * **Variables.** y_s ∈ {0,1} (s ∈ S_var): open. x_vbs >= 0 (arcs): pupils of (v, b) at s, x <= d_vb.
 * e_sp ∈ {0..R_s} (R_s = maxClasses - classes, 0 when maxClasses is unknown): classes added for stage p; it
 * exists only where the pupils in reach of p exceed the seats, bounded by ⌈(reach_sp - Q_sp) / n_sp⌉ (more could
 * never be filled: an exact reduction). z_s ∈ {0,1}: s open and small.
 *
 * **Constraints.**
 * 1. placed: Σ_s x_vbs = d_vb for every (v, b).
 * 2. seats: Σ_{(v,b): stage p} x_vbs <= Q_sp y_s + n_sp e_sp, with n_sp the class-size norm (school's
 *    classSizeNorm, else DEFAULT_CLASS_SIZE: 45 primary, 50 junior) and Q_sp = n_sp x classes of p (per-grade
 *    classes, else the school's classes shared by grades), or max(that, current pupils of p) with capacityBasis
 *    'norm_or_current' (default: today's over-full classes are a given, not an infeasibility).
 * 3. strengthening: x_vbs <= d_vb y_s (implied for integer y, but it tightens the LP relaxation; STACK.md).
 * 4. building: Σ_p e_sp <= R_s y_s.
 * 5. boarding: Σ_{A^board_s} x <= boardingPlaces_s y_s.
 * 6. small: enrolment_s = other_s + Σ x_·s (other_s: current pupils of grades not planned);
 *    enrolment_s >= T (y_s - z_s), z_s <= y_s, and Σ_s z_s <= N. Reductions: a school that cannot reach T even
 *    with every pupil in reach (within seats + room) has z_s = y_s (no variable); one whose captive pupils (units
 *    with no other candidate) already make T has z_s = 0. Rule (allowNewSmallSchools false, default): the plan
 *    makes no school small: a school with at least T pupils in the target-year status quo has z_s = 0, i.e.
 *    enrolment_s >= T y_s. On the demo city this leaves about 60 indicator binaries instead of 180.
 * 7. township: Σ_{s primary in t} y_s >= 1 for every township t not waived (skipped when one is fixed open).
 * 8. lists: y_s = 1 for must-keep, y_s = 0 for must-close.
 *
 * **Objective.** min Σ cost_b km_vbs x_vbs (cost_b = travelCostPerPupilKm x bandTravelWeight_b, defaults 400 CNY,
 * 1) + M Σ_{s ≠ c(v)} x_vbs (M = moveCostPerPupil, default 2,000: re-zoning is not free) + F Σ y_s
 * (F = fixedCostPerSchool, default 200,000, fixed-open schools as a constant) + E Σ e_sp (E = expansionCostPerClass,
 * default 120,000). All in CNY per year; see DEFAULT_CONSOLIDATION_OPTIONS for where the defaults come from.
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
    const base = { stats, warnings: this.warnings };
    const empty = { objective: null, gap: null, plan: null, infeasibility: null, verification: null };
    if (options.signal?.aborted) {
      return { ...base, ...empty, status: 'cancelled', message: 'cancelled before solving', backend: null, solveSeconds: 0 };
    }
    progress('model built', `${stats.schools} schools (${stats.closableSchools} closable), ${stats.villages} villages, ${stats.arcs} arcs, ${stats.variables} variables, ${stats.rows} rows`);

    const cancelled = (): ConsolidationResult => ({ ...base, ...empty, status: 'cancelled', message: 'solve cancelled', backend: backend.name, solveSeconds: seconds() });
    if (pre.fatal.length > 0) {
      const infeasibility = await this.explain(options, solveOptions, backend, progress, false);
      return { ...base, ...empty, status: 'infeasible', message: infeasibility.summary, infeasibility, backend: null, solveSeconds: seconds() };
    }
    if (pre.forcedSmallSchools.length > this.options.maxSmallSchools) {
      const infeasibility = await this.explain(options, solveOptions, backend, progress, true);
      if (options.signal?.aborted) return cancelled();
      return { ...base, ...empty, status: 'infeasible', message: infeasibility.summary, infeasibility, backend: backend.name, solveSeconds: seconds() };
    }

    const form = this.buildModel();
    progress('solving', `${backend.name}: ${stats.variables} variables (${stats.integerVariables} integer), ${stats.rows} rows, gap ${solveOptions.mipRelGap}, limit ${solveOptions.timeLimitSeconds} s`);
    const result = await backend.solve(form.model, solveOptions);
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
      progress('verified', `${result.status}, objective ${result.objective.toFixed(0)}, gap ${result.gap ?? 'n/a'}, ${plan.kpis.smallSchoolsAfter} small schools`);
      return {
        ...base,
        status: result.status,
        message: result.status === 'optimal' ? 'optimal within the requested gap' : `stopped at the time limit with gap ${result.gap ?? 'unknown'}`,
        objective: result.objective,
        gap: result.gap,
        plan,
        infeasibility: null,
        verification: result.verification,
        backend: result.backend,
        solveSeconds: seconds(),
      };
    }
    if (result.status === 'infeasible') {
      const infeasibility = await this.explain(options, solveOptions, backend, progress, true);
      if (options.signal?.aborted) return cancelled();
      return { ...base, ...empty, status: 'infeasible', message: infeasibility.summary, infeasibility, backend: result.backend, solveSeconds: seconds() };
    }
    const status = result.status === 'error' && result.reason === 'cancelled' ? 'cancelled' : result.status === 'time_limit' ? 'time_limit' : 'error';
    return { ...base, ...empty, status, message: result.message, verification: result.verification ?? null, backend: result.backend, solveSeconds: seconds() };
  }

  /** The explanation of an infeasible model; `solveAgain` false when structural findings rule out any plan. */
  private async explain(
    options: ConsolidationSolveOptions,
    solveOptions: { timeLimitSeconds: number; mipRelGap: number; signal?: AbortSignal; onProgress?: (p: SolveProgress) => void },
    backend: NonNullable<ConsolidationSolveOptions['backend']>,
    progress: (phase: ConsolidationPhase, message: string) => void,
    solveAgain: boolean,
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
    };
    const run = solveAgain && options.explainInfeasibility !== false;
    let minimum: SolveResult | null = null;
    if (run) {
      progress('explaining', `minimising the number of schools under ${T} pupils under the other limits`);
      const form = this.buildModel('min_small');
      // The count is an integer: a gap below 1/count proves it; 1e-4 is below that for any city.
      minimum = await backend.solve(form.model, { ...solveOptions, mipRelGap: 1e-4 });
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
        if (hasSolution(best)) {
          const bestDecisions = readDecisions(inst, cheapest, best.values);
          const bestPlan = buildPlan(inst, st, bestDecisions, false);
          if (bestPlan.check.ok && bestPlan.kpis.smallSchoolsAfter <= count) [decisions, plan] = [bestDecisions, bestPlan];
        }
        if (plan.check.ok) explanation.minimumPlan = plan;
        findings.push(...smallSchoolFindings(inst, st, decisions, plan));
      } else if (minimum.status === 'infeasible') {
        progress('explaining', 'the limits other than the cap conflict: locating seat and boarding shortfalls');
        const elastic = this.buildModel('elastic');
        const relaxed = await backend.solve(elastic.model, { ...solveOptions, mipRelGap: 1e-4 });
        if (hasSolution(relaxed)) {
          findings.push(...shortfallFindings(inst, elastic.slacks.map((s) => ({ ...s, value: relaxed.values[s.variable] }))));
        }
      }
    }
    explanation.byTownship = byTownship(findings, explanation.minimumPlan);
    const townships = explanation.byTownship.filter((t) => t.findings.length > 0).length;
    if (st.fatal.length > 0) {
      explanation.summary = `no plan can place every pupil under the given limits: ${st.fatal.length} structural finding(s) in ${townships} township(s), first: ${st.fatal[0].message}`;
    } else if (explanation.minimumSmallSchools !== null) {
      explanation.summary = `at most ${N} schools under ${T} pupils were asked for, but the other limits allow no fewer than ${explanation.minimumSmallSchools}${
        explanation.minimumProved ? '' : ' (best found, not proved)'
      } (${forced} are small and must stay open whatever the plan); binding limits in ${townships} township(s)`;
    } else if (minimum?.status === 'infeasible') {
      explanation.summary = `even without the small-school cap no plan meets the seats, boarding places, travel limits, township rule and the rule that no school is made small; shortfalls in ${townships} township(s)`;
    } else if (minimum) {
      explanation.summary = `at most ${N} schools under ${T} pupils were asked for, but at least ${forced} are small and must stay open whatever the plan; the second solve ended ${minimum.status}: ${hasSolution(minimum) ? '' : minimum.message}`;
    } else {
      explanation.summary = `at most ${N} schools under ${T} pupils were asked for, but at least ${forced} are small and must stay open whatever the plan`;
    }
    return explanation;
  }
}
