import type { InfeasibilityExplanation } from '@app/consolidation';

/** Why a run is `infeasible`, in Chinese and English, naming the townships and schools that bind. */
export interface InfeasibleReason {
  zh: string;
  en: string;
  townships: { code: string | null; name: string; schools: { code: string; name: string }[]; limits: string[] }[];
}

const LIMIT_ZH: Record<string, string> = {
  no_school_in_reach: '交通距离内无其他学校',
  sole_school_in_reach: '为部分村社交通距离内唯一学校',
  township_rule: '乡镇须保留一所小学',
  township_all_closed: '乡镇全部小学被列为必须撤并',
  must_keep: '列入必须保留名单',
  fixed_open: '规模较大不参与撤并',
  too_few_pupils_in_reach: '交通距离内生源不足',
  capacity_or_travel_elsewhere: '周边学校学位、寄宿或交通条件不足',
  capacity_short: '学位或寄宿床位不足',
  not_made_small: '不得使其他学校变为小规模',
};

/**
 * The reason of an infeasible consolidation, from the explanation the model computes: the summary, then each
 * township with the schools and limits that bind (at most 10 townships, the largest number of findings first).
 * @example infeasibleReason(result.infeasibility, names).zh // '无可行方案：……柯城区某镇（330802001）：某小学（乡镇须保留一所小学）'
 */
export function infeasibleReason(
  x: InfeasibilityExplanation,
  names: { township: (code: string) => string | undefined; school: (code: string) => string | undefined },
): InfeasibleReason {
  const townships = x.byTownship
    .map((t) => {
      const codes = [...new Set([...t.smallSchools, ...t.findings.flatMap((f) => (f.schoolCode ? [f.schoolCode] : []))])].sort();
      return {
        code: t.townshipCode,
        name: (t.townshipCode && names.township(t.townshipCode)) ?? t.townshipCode ?? '(no township)',
        schools: codes.map((code) => ({ code, name: names.school(code) ?? code })),
        limits: [...new Set(t.findings.map((f) => f.limit))],
      };
    })
    .filter((t) => t.schools.length > 0 || t.limits.length > 0)
    .sort((a, b) => b.schools.length - a.schools.length || String(a.code).localeCompare(String(b.code)));
  const shown = townships.slice(0, 10);
  const more = townships.length - shown.length;
  const minimum = x.minimumSmallSchools;
  const zhHead =
    `无可行方案：要求小规模学校（不足${x.threshold}人）不超过${x.maxSmallSchools}所，` +
    `${minimum !== null ? `在其他约束下至少保留${minimum}所` : `至少有${x.forcedSmallSchools}所必须保留`}。`;
  const enHead =
    `No plan meets the limits: at most ${x.maxSmallSchools} schools under ${x.threshold} pupils were asked for, ` +
    `${
      minimum !== null
        ? `the other limits allow no fewer than ${minimum}`
        : `${x.forcedSmallSchools} must stay open and small whatever the ` + `plan`
    }.`;
  const zhList = shown
    .map(
      (t) =>
        `${t.name}（${t.code ?? '—'}）：${t.schools.map((s) => s.name).join('、') || '—'}（${t.limits.map((l) => LIMIT_ZH[l] ?? l).join('；')}）`,
    )
    .join('；');
  const enList = shown
    .map((t) => `${t.name} (${t.code ?? '-'}): ${t.schools.map((s) => `${s.name} ${s.code}`).join(', ') || '-'} (${t.limits.join(', ')})`)
    .join('; ');
  return {
    zh: `${zhHead}约束所在乡镇：${zhList}${more > 0 ? `，另有${more}个乡镇` : ''}。`,
    en: `${enHead} Binding townships: ${enList}${more > 0 ? `; and ${more} more township(s)` : ''}.`,
    townships,
  };
}
