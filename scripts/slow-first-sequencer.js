// Jest test sequencer: the files known to take longest start first, so the two workers never end with one of them
// running alone while the other is idle. The rest keep jest's order (failed last time first, then by the durations
// jest cached from earlier runs, then by file size), which on a fresh cache (CI) knows nothing of these.
const { dirname } = require('node:path');
// jest's own default sequencer, found from jest itself (a dependency of jest, not of this project).
const Sequencer = require(require.resolve('@jest/test-sequencer', { paths: [dirname(require.resolve('jest-config'))] })).default;

// Longest first, as measured by the slowest-suites reporter (README, "Build, start-up, test browser and cached reads").
const SLOW = [
  'test/faults.e2e-spec.ts',
  'test/scenarios.e2e-spec.ts',
  'geo/demo/generate.spec.ts',
  'test/build.e2e-spec.ts',
  'libs/datasets-model/src/read-files.fuzz.spec.ts',
  'test/stalled.e2e-spec.ts',
  'libs/optimizer/src/orlib.spec.ts',
  'test/web/map.e2e-spec.ts',
  'test/web/builder.e2e-spec.ts',
  'test/hostile3.e2e-spec.ts',
];

class SlowFirstSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const rank = (t) => {
      const i = SLOW.findIndex((f) => t.path.endsWith(`/${f}`));
      return i === -1 ? SLOW.length : i;
    };
    // Array.prototype.sort is stable: files outside SLOW keep jest's order.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
module.exports = SlowFirstSequencer;
