import type { Model } from './model';

/** Solver-side name of variable `j`; labels never reach a file so they cannot break its syntax. */
export function variableName(j: number): string {
  return `x${j}`;
}

/** Solver-side name of row `i`. */
export function rowName(i: number): string {
  return `c${i}`;
}

// HiGHS reads long lines, but other LP readers stop at 255-560 characters; wrapping keeps the file portable.
const TERMS_PER_LINE = 8;

/**
 * Writes the model in CPLEX LP format as read by HiGHS. Every variable gets an explicit bound line so that it
 * exists as a column even when no row or objective mentions it. The objective constant is left out (HiGHS
 * reports the linear part; the backend adds the constant back).
 *
 * @example
 * const text = toLpFormat(model); // "Minimize\n obj: + 1 x0 + 2 x1\nSubject To\n c0: + 1 x0 + 1 x1 >= 3\n..."
 */
export function toLpFormat(model: Model): string {
  const out: string[] = [];
  out.push(model.sense === 'min' ? 'Minimize' : 'Maximize');
  const objIdx: number[] = [];
  const objCoef: number[] = [];
  model.objective.forEach((c, j) => {
    if (c !== 0) {
      objIdx.push(j);
      objCoef.push(c);
    }
  });
  if (objIdx.length === 0 && model.variableCount > 0) {
    objIdx.push(0);
    objCoef.push(0);
  }
  out.push(` obj:${expression(objIdx, objCoef)}`);

  out.push('Subject To');
  model.rows.forEach((row, i) => {
    if (row.lower === -Infinity && row.upper === Infinity) return;
    // An empty row still needs a term to be syntactically valid; a zero coefficient keeps its meaning.
    const expr = row.indices.length > 0 ? expression(row.indices, row.coefficients) : ' 0 x0';
    const name = ` ${rowName(i)}:`;
    if (row.lower === row.upper) out.push(`${name}${expr} = ${num(row.upper)}`);
    else if (row.lower === -Infinity) out.push(`${name}${expr} <= ${num(row.upper)}`);
    else if (row.upper === Infinity) out.push(`${name}${expr} >= ${num(row.lower)}`);
    else out.push(`${name} ${num(row.lower)} <=${expr} <= ${num(row.upper)}`);
  });

  out.push('Bounds');
  for (let j = 0; j < model.variableCount; j++) out.push(` ${boundLine(variableName(j), model.lower[j], model.upper[j])}`);

  const integers: string[] = [];
  model.integer.forEach((isInt, j) => {
    if (isInt) integers.push(variableName(j));
  });
  if (integers.length > 0) {
    out.push('General');
    for (let k = 0; k < integers.length; k += TERMS_PER_LINE) out.push(` ${integers.slice(k, k + TERMS_PER_LINE).join(' ')}`);
  }
  out.push('End', '');
  return out.join('\n');
}

function expression(indices: readonly number[], coefficients: readonly number[]): string {
  let text = '';
  for (let k = 0; k < indices.length; k++) {
    if (k > 0 && k % TERMS_PER_LINE === 0) text += '\n ';
    const c = coefficients[k];
    text += ` ${c < 0 ? '-' : '+'} ${num(Math.abs(c))} ${variableName(indices[k])}`;
  }
  return text;
}

function boundLine(name: string, lower: number, upper: number): string {
  if (lower === -Infinity && upper === Infinity) return `${name} free`;
  if (lower === upper) return `${name} = ${num(lower)}`;
  if (upper === Infinity) return `${name} >= ${num(lower)}`;
  return `${lower === -Infinity ? '-inf' : num(lower)} <= ${name} <= ${num(upper)}`;
}

// JavaScript's shortest round-trip form; the LP reader accepts its exponent notation (1e-7, 1.5e+21).
function num(x: number): string {
  return String(x);
}
