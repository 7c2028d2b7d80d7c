// pnpm load: LOAD_SECONDS (default 60) at 64 connections against the built
// server; exits 1 if any response had a status other than the one expected
// for its body. The figures go into docs/RELIABILITY.md.
import { formatReport, loadSession } from './lib/load-session.ts';

const seconds = Number(process.env.LOAD_SECONDS ?? 60);
if (!Number.isFinite(seconds) || seconds <= 0) throw new Error('LOAD_SECONDS must be a positive number');

const report = await loadSession(seconds);
console.log(formatReport(report));
if (process.env.LOAD_REPORT_JSON) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(process.env.LOAD_REPORT_JSON, `${JSON.stringify(report, null, 2)}\n`);
}
process.exitCode = report.unexpected === 0 ? 0 : 1;
