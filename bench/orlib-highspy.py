"""Native HiGHS (Python highspy) on one OR-Library cap instance, for bench/orlib.ts.

Strong formulation: min sum f_j y_j + sum c_ij x_ij, sum_j x_ij = 1, sum_i d_i x_ij <= s_j y_j,
x_ij <= y_j (every arc), sum_j s_j y_j >= sum_i d_i; y binary; mip_rel_gap 1e-9.
Usage: python3 bench/orlib-highspy.py FILE CAPACITY|uncap TIME_LIMIT  -> one JSON line on stdout.
"""
import json
import sys
import time

import highspy
import numpy as np


def main() -> None:
    path, capacity, limit = sys.argv[1], sys.argv[2], float(sys.argv[3])
    started = time.time()
    cpu_started = time.process_time()
    tokens = open(path).read().split()
    m, n = int(tokens[0]), int(tokens[1])
    at = 2
    caps, fixed = [], []
    for _ in range(m):
        caps.append(float('nan') if tokens[at].lower() == 'capacity' else float(tokens[at]))
        fixed.append(float(tokens[at + 1]))
        at += 2
    demand = np.zeros(n)
    cost = np.zeros((n, m))
    for i in range(n):
        demand[i] = float(tokens[at])
        at += 1
        cost[i, :] = [float(t) for t in tokens[at:at + m]]
        at += m
    uncap = capacity == 'uncap'
    if not uncap:
        caps = [float(capacity)] * m
    h = highspy.Highs()
    h.setOptionValue('output_flag', False)
    h.setOptionValue('mip_rel_gap', 1e-9)
    h.setOptionValue('time_limit', limit)
    inf = highspy.kHighsInf
    # Columns: y_0..y_{m-1}, then x_ij row-major (i, j) -> m + i*m + j.
    ncol = m + n * m
    lower = np.zeros(ncol)
    upper = np.ones(ncol)
    if not uncap:
        for i in range(n):
            upper[m + i * m:m + (i + 1) * m] = np.minimum(1.0, np.array(caps) / max(demand[i], 1e-12))
    h.addVars(ncol, lower, upper)
    h.changeColsCost(ncol, np.arange(ncol, dtype=np.int32), np.concatenate([np.array(fixed), cost.reshape(-1)]))
    h.changeColsIntegrality(m, np.arange(m, dtype=np.int32), np.array([highspy.HighsVarType.kInteger] * m))
    starts, index, value, lo, up = [], [], [], [], []

    def row(idx, val, lb, ub):
        starts.append(len(index))
        index.extend(idx)
        value.extend(val)
        lo.append(lb)
        up.append(ub)

    for i in range(n):
        row([m + i * m + j for j in range(m)], [1.0] * m, 1.0, 1.0)
    if not uncap:
        for j in range(m):
            row([j] + [m + i * m + j for i in range(n)], [-caps[j]] + list(demand), -inf, 0.0)
    for i in range(n):
        for j in range(m):
            share = 1.0 if uncap else min(1.0, caps[j] / max(demand[i], 1e-12))
            row([m + i * m + j, j], [1.0, -share], -inf, 0.0)
    if not uncap:
        row(list(range(m)), caps, float(demand.sum()), inf)
    h.addRows(len(lo), np.array(lo), np.array(up), len(index), np.array(starts, dtype=np.int32), np.array(index, dtype=np.int32), np.array(value))
    built = time.time()
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    print(json.dumps({
        'status': status,
        'objective': info.objective_function_value,
        'gap': info.mip_gap,
        'solveSeconds': time.time() - built,
        'seconds': time.time() - started,
        'cpuSeconds': time.process_time() - cpu_started,
        'version': h.version(),
    }))


main()
