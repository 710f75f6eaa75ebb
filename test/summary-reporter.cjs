// Mocha's spec output, plus the counts written to $RUTAAPI_TEST_SUMMARY so test/run-all.mjs can
// print one closing "N passed, N failed" line across every suite.
const Mocha = require('mocha');
const { writeFileSync } = require('node:fs');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.RUTAAPI_TEST_SUMMARY;
      if (file) {
        const { passes, failures, pending } = this.stats;
        writeFileSync(file, JSON.stringify({ passed: passes, failed: failures, skipped: pending }));
      }
    });
  }
}
module.exports = SummaryReporter;
