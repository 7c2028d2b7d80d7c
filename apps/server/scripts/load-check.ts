// The CI version of `pnpm load`: 5 s at 64 connections. It asserts
// correctness only (every response had the status expected for its body, and
// the run did exercise both 200 and 422), never speed. Writes
// {"passed": N, "failed": N} to the file named by LOAD_JSON for
// scripts/run-tests.mjs.
import { writeFileSync } from 'node:fs';
import { formatReport, loadSession, type LoadReport } from './lib/load-session.ts';

const seconds = Number(process.env.LOAD_SECONDS ?? 5);

function checks(r: LoadReport): [string, boolean][] {
  return [
    ['responses were received', r.requests > 0],
    [
      'valid bodies got 200 and invalid ones 422 (both seen)',
      (r.byStatus['200'] ?? 0) > 0 && (r.byStatus['422'] ?? 0) > 0,
    ],
    ['0 unexpected statuses, connection errors or timeouts', r.unexpected === 0],
  ];
}

let results: [string, boolean][];
try {
  const report = await loadSession(seconds);
  console.log(formatReport(report));
  results = checks(report);
} catch (err) {
  console.error(err);
  results = [['the load run completed', false]];
}
for (const [name, ok] of results) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
const counts = { passed: results.filter(([, ok]) => ok).length, failed: results.filter(([, ok]) => !ok).length };
if (process.env.LOAD_JSON) writeFileSync(process.env.LOAD_JSON, `${JSON.stringify(counts)}\n`);
console.log(`load check: ${counts.passed} passed, ${counts.failed} failed`);
process.exitCode = counts.failed === 0 ? 0 : 1;
