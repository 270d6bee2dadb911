// Mocha's spec reporter, plus the closing line `N passed, N failed` that CI reads
// (mocha itself ends with "N passing", which CI does not recognise).
'use strict';
const Mocha = require('mocha');
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const { passes = 0, failures = 0, pending = 0 } = runner.stats || {};
      // Spec registered its epilogue first, so this prints after it: the very last line.
      // Synchronous on purpose: with `exit: true` mocha exits right after this event.
      const skipped = pending ? `, ${pending} skipped` : '';
      process.stdout.write(`${passes} passed, ${failures} failed${skipped}\n`);
    });
  }
}
module.exports = SummaryReporter;
