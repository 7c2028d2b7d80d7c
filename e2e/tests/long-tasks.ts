// Reads a Chrome performance trace (Playwright's browser.startTracing, over
// CDP) and lists the page's tasks on the renderer's main thread (issue 25:
// no task over 50 ms on the first load, none over 16 ms per keystroke, at
// 4x CPU slowdown).
//
// A task's length here is its thread time (the trace's "tdur"): the CPU time
// the main thread spent in it. The machine these tests run on is shared and
// often loaded; there a task's wall time also counts the time the thread
// waited for a core, which says nothing about the page. Chrome's CPU
// throttling keeps the thread busy for its share of each slice, so at 4x
// the thread time is about four times the task's own work, as the wall time
// is on a quiet machine.
//
// Tasks that Playwright itself causes (its DevTools evaluations, such as a
// locator's lookup) are left out: they are the test's work, not the page's.
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: {
    name?: string;
    data?: { url?: string; functionName?: string; type?: string };
    chrome_mojo_event_info?: { mojo_interface_tag?: string };
  };
}

export interface Task {
  /** Milliseconds from the first task of the trace. */
  at: number;
  /** Thread time, ms. */
  cpuMs: number;
  /** Wall time, ms. */
  wallMs: number;
  /** What ran inside, longest first: "FunctionCall(x) 12.1", "Layout 3.0". */
  inside: string[];
  /** It ran the page's own script (an event handler, a timer, a module, a callback). */
  script: boolean;
  /** Thread time of the page's script inside the task (its outermost script events), ms; the rest is Chromium's own work. */
  scriptMs: number;
}

const TASK_NAMES = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
const SCRIPT_NAMES = new Set([
  'FunctionCall',
  'EventDispatch',
  'TimerFire',
  'FireIdleCallback',
  'FireAnimationFrame',
  'v8.evaluateModule',
  'EvaluateScript',
  'RunMicrotasks',
]);

function eventsOf(trace: Buffer | string): TraceEvent[] {
  const parsed = JSON.parse(typeof trace === 'string' ? trace : trace.toString('utf8')) as
    | { traceEvents?: TraceEvent[] }
    | TraceEvent[];
  return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
}

/** The page's main-thread tasks, in order. `origin`: the page's origin, whose scripts count as the page's. */
export function pageTasks(trace: Buffer | string, origin: string): Task[] {
  const events = eventsOf(trace);
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  // The renderer that ran the page's scripts (another one may hold about:blank).
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !mains.has(key)) continue;
    (byThread.get(key) ?? byThread.set(key, []).get(key))?.push(e);
  }
  const ours = [...byThread.values()].filter((list) => list.some((e) => e.args?.data?.url?.startsWith(origin)));
  const tasks: Task[] = [];
  for (const list of ours) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    const tops = outermost(list.filter((e) => TASK_NAMES.has(e.name)));
    const t0 = tops[0]?.ts ?? 0;
    let i = 0;
    for (const top of tops) {
      const stop = top.ts + (top.dur ?? 0);
      const inner: TraceEvent[] = [];
      while (i < list.length && (list[i] as TraceEvent).ts < top.ts) i++;
      for (let j = i; j < list.length && (list[j] as TraceEvent).ts < stop; j++) {
        const e = list[j] as TraceEvent;
        if (e !== top && !TASK_NAMES.has(e.name)) inner.push(e);
      }
      const devtools = inner.some(
        (e) =>
          e.args?.chrome_mojo_event_info?.mojo_interface_tag === 'blink.mojom.DevToolsSession' ||
          (e.name === 'EvaluateScript' && !e.args?.data?.url?.startsWith(origin)),
      );
      if (devtools) continue;
      const ms = (e: TraceEvent) => (e.tdur ?? e.dur ?? 0) / 1000;
      tasks.push({
        at: (top.ts - t0) / 1000,
        cpuMs: ms(top),
        wallMs: (top.dur ?? 0) / 1000,
        inside: inner
          .filter((e) => ms(e) >= 1)
          .sort((a, b) => ms(b) - ms(a))
          .slice(0, 6)
          .map(
            (e) => `${e.name}${e.args?.data?.functionName ? `(${e.args.data.functionName})` : ''} ${ms(e).toFixed(1)}`,
          ),
        script: inner.some((e) => SCRIPT_NAMES.has(e.name)),
        scriptMs: outermost(inner.filter((e) => SCRIPT_NAMES.has(e.name))).reduce((sum, e) => sum + ms(e), 0),
      });
    }
  }
  return tasks.sort((a, b) => a.at - b.at);
}

/** The events not inside another of the list (sorted by start, the longer first at the same start). */
function outermost(events: readonly TraceEvent[]): TraceEvent[] {
  const out: TraceEvent[] = [];
  let end = -Infinity;
  for (const e of events) {
    if (e.ts < end) continue;
    out.push(e);
    end = e.ts + (e.dur ?? 0);
  }
  return out;
}

export const describeTask = (t: Task): string =>
  `at ${t.at.toFixed(0)} ms: ${t.cpuMs.toFixed(1)} ms of thread time (${t.wallMs.toFixed(1)} ms wall): ${t.inside.join(', ') || 'no event over 1 ms'}`;
