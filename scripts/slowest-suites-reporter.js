// Jest reporter: after the run, the ten slowest test files with their wall time, so a slow suite is seen at once.
class SlowestSuitesReporter {
  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((r) => ({
        file: r.testFilePath.replace(`${process.cwd()}/`, ''),
        ms: r.perfStats.end - r.perfStats.start,
        failed: r.numFailingTests,
      }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10);
    if (files.length === 0) return;
    const wall = (Date.now() - results.startTime) / 1000;
    console.log(`\nslowest test files (of ${results.testResults.length}; this run took ${wall.toFixed(1)} s wall):`);
    for (const f of files) console.log(`  ${(f.ms / 1000).toFixed(1).padStart(7)} s  ${f.file}${f.failed ? `  (${f.failed} failed)` : ''}`);
  }
}
module.exports = SlowestSuitesReporter;
