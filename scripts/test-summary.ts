/** Prints one closing line for CI from the Vitest and Playwright JSON reports: "tests: N passed, N failed". */
import fs from "node:fs";

type Counts = { passed: number; failed: number; skipped: number };
const total: Counts = { passed: 0, failed: 0, skipped: 0 };

function read(file: string): unknown {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined;
}

const unit = read("reports/unit.json") as { numPassedTests: number; numFailedTests: number; numPendingTests: number } | undefined;
if (unit) {
  total.passed += unit.numPassedTests;
  total.failed += unit.numFailedTests;
  total.skipped += unit.numPendingTests;
}
const e2e = read("reports/e2e.json") as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } } | undefined;
if (e2e) {
  total.passed += e2e.stats.expected + e2e.stats.flaky;
  total.failed += e2e.stats.unexpected;
  total.skipped += e2e.stats.skipped;
}
if (!unit || !e2e) {
  process.stdout.write(`missing report: ${!unit ? "reports/unit.json " : ""}${!e2e ? "reports/e2e.json" : ""}\n`);
  total.failed += 1;
}
process.stdout.write(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(total.failed > 0 ? 1 : 0);
