// Every resource the suite creates (a mount, a namespace, a link, a process, a
// directory) registers how to undo it here, the moment it exists. The undo
// steps are synchronous, so they run on a normal exit, on an exception and on
// Ctrl-C alike, newest first. Only what this process registered is touched.
import { spawnSync } from 'node:child_process';

interface Undo {
  what: string;
  fn: () => void;
}

const stack: Undo[] = [];

/** Registers an undo step; call the returned function when the resource is released normally. */
export function onCleanup(what: string, fn: () => void): () => void {
  const u: Undo = { what, fn };
  stack.push(u);
  return () => {
    const i = stack.indexOf(u);
    if (i >= 0) stack.splice(i, 1);
  };
}

/** Runs every registered undo step, newest first; a failing step is reported and the rest still run. */
export function cleanupAll(): void {
  while (stack.length) {
    const u = stack.pop();
    if (!u) break;
    try {
      u.fn();
    } catch (e) {
      console.error(`cleanup: ${u.what}: ${(e as Error).message}`);
    }
  }
}

/** A synchronous command for undo steps; failures are returned, not thrown. */
export function runSync(cmd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

let installed = false;

/** Cleanup on exit and on SIGINT, SIGTERM and SIGHUP (then exit 130/143/129). */
export function installCleanupHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', cleanupAll);
  const codes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const [sig, code] of Object.entries(codes)) {
    process.on(sig as NodeJS.Signals, () => {
      console.error(`\nreal-mail: ${sig}: removing every container, mount, namespace and link of this run`);
      cleanupAll();
      process.exit(code);
    });
  }
}
