import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIELD_ALIASES } from './headers';
import { FOOTER_WORDS } from './parse-tabular';
import { NOTICE_KINDS } from './problems';
import { STAGE_WORDS } from './vocab';

const DOC = readFileSync(join(__dirname, '../../../docs/import-formats.md'), 'utf8');
const fold = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, '');
const FOLDED = fold(DOC);

describe('docs/import-formats.md lists what the importer accepts and says', () => {
  it('every header spelling of every documented layer (per-grade and age fields by their pattern)', () => {
    const missing: string[] = [];
    for (const [layer, fields] of Object.entries(FIELD_ALIASES)) {
      if (!DOC.includes(`**${layer}**`)) continue;
      for (const [field, aliases] of Object.entries(fields)) {
        if (/^(enrol|classes)_[gk]\d+$|^age_\d+$/.test(field)) continue;
        for (const a of [field, ...aliases]) if (!DOC.includes(`\`${a}\``)) missing.push(`${layer}.${field}: ${a}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every 学段 word, footer word and notice kind', () => {
    expect(Object.keys(STAGE_WORDS).filter((k) => !FOLDED.includes(k))).toEqual([]);
    expect(FOOTER_WORDS.filter((w) => !DOC.includes(w))).toEqual([]);
    expect(NOTICE_KINDS.filter((k) => !DOC.includes(`\`${k}\``))).toEqual([]);
  });
});
