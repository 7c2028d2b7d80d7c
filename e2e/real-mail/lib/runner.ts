// A tiny check registry: each check is timed, failures print the daemons' logs,
// and the run ends with the plain "N passed, N failed" line CI reads.
export interface CheckResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

const results: CheckResult[] = [];

export async function check(name: string, fn: () => Promise<void>): Promise<boolean> {
  const start = Date.now();
  try {
    await fn();
    results.push({ name, ok: true, ms: Date.now() - start });
    console.log(`  ok   ${name} (${Date.now() - start} ms)`);
    return true;
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    results.push({ name, ok: false, ms: Date.now() - start, error });
    console.log(`  FAIL ${name} (${Date.now() - start} ms)\n${error.replace(/^/gm, '       ')}`);
    return false;
  }
}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

export function summary(): { passed: number; failed: number } {
  const passed = results.filter((r) => r.ok).length;
  return { passed, failed: results.length - passed };
}

export function allResults(): readonly CheckResult[] {
  return results;
}
