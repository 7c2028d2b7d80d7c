// A Chromium of its own, driven over the DevTools protocol on a pipe, for the
// long-task measurement (issue 25) and nothing else.
//
// Why not Playwright's page: Playwright enables the Runtime domain on every
// page it drives (for its console events and evaluations). With the Runtime
// domain on, V8 collects source positions for the scripts it runs (a full
// second parse of each script that calls into the inspector's stack
// traces), inside the page's own tasks. Measured at 4x CPU slowdown on a page
// that only evaluates React's client and creates a root: 10 to 14 ms of
// evaluation without the Runtime domain, 68 to 113 ms with it, the difference
// being V8.CollectSourcePositions in the trace. No user's browser has that
// domain on, so the long-task check drives a page that never enables it:
// Page.navigate, Input events, Tracing on the browser's session, and
// Runtime.evaluate (a single call, which enables nothing) to wait for the
// page between steps.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

const CHROMIUM = '/usr/bin/chromium';

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
  sessionId?: string;
}

export class PipeBrowser {
  private nextId = 0;
  private readonly pending = new Map<
    number,
    { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void }
  >();
  private readonly listeners = new Set<(m: Message) => void>();
  private buffer = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly toChrome: Writable,
    fromChrome: Readable,
    private readonly profile: string,
  ) {
    fromChrome.on('data', (data: Buffer) => {
      this.buffer += data.toString('utf8');
      for (let end = this.buffer.indexOf('\0'); end >= 0; end = this.buffer.indexOf('\0')) {
        const message = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        this.dispatch(message);
      }
    });
    child.on('exit', () => {
      for (const { reject } of this.pending.values()) reject(new Error('chromium exited'));
      this.pending.clear();
    });
  }

  /** Starts a headless Chromium with a throwaway profile. */
  static launch(): PipeBrowser {
    const profile = mkdtempSync(join(tmpdir(), 'lwz-cdp-'));
    const child = spawn(
      CHROMIUM,
      [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--remote-debugging-pipe',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    const toChrome = child.stdio[3] as Writable;
    const fromChrome = child.stdio[4] as Readable;
    return new PipeBrowser(child, toChrome, fromChrome, profile);
  }

  private dispatch(message: Message): void {
    const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
    if (waiting && message.id !== undefined) {
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new Error(message.error.message));
      else waiting.resolve(message.result ?? {});
      return;
    }
    for (const listener of this.listeners) listener(message);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.toChrome.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });
  }

  /** A new tab, attached, with the given CPU slowdown. */
  async newPage(slowdown: number): Promise<PipePage> {
    const { browserContextId } = (await this.send('Target.createBrowserContext')) as { browserContextId: string };
    const { targetId } = (await this.send('Target.createTarget', { url: 'about:blank', browserContextId })) as {
      targetId: string;
    };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as {
      sessionId: string;
    };
    await this.send('Emulation.setCPUThrottlingRate', { rate: slowdown }, sessionId);
    return new PipePage(this, sessionId, browserContextId);
  }

  /** Traces the browser (every process) while `run` runs; the trace as Chrome's JSON. */
  async trace(categories: readonly string[], run: () => Promise<void>): Promise<string> {
    const events: unknown[] = [];
    let complete: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      complete = resolve;
    });
    const listener = (m: Message) => {
      if (m.method === 'Tracing.dataCollected') events.push(...((m.params?.value as unknown[]) ?? []));
      if (m.method === 'Tracing.tracingComplete') complete();
    };
    this.listeners.add(listener);
    try {
      await this.send('Tracing.start', {
        traceConfig: { includedCategories: categories },
        transferMode: 'ReportEvents',
      });
      try {
        await run();
      } finally {
        await this.send('Tracing.end');
        await done;
      }
    } finally {
      this.listeners.delete(listener);
    }
    return JSON.stringify({ traceEvents: events });
  }

  /** Closes Chromium, waits for it to exit (it writes its profile until then), and removes the profile. */
  async close(): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    await this.send('Browser.close').catch(() => this.child.kill());
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class PipePage {
  constructor(
    private readonly browser: PipeBrowser,
    private readonly sessionId: string,
    private readonly contextId: string,
  ) {}

  send(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    return this.browser.send(method, params, this.sessionId);
  }

  async goto(url: string): Promise<void> {
    await this.send('Page.navigate', { url });
  }

  /** Evaluates an expression in the page (one call; the Runtime domain stays off). */
  async evaluate<T>(expression: string): Promise<T> {
    const reply = (await this.send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
      result: { value?: T };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (reply.exceptionDetails)
      throw new Error(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text);
    return reply.result.value as T;
  }

  /** Waits until `expression` is true in the page, polling every 100 ms, for at most `timeoutMs`. */
  async waitFor(expression: string, what: string, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (await this.evaluate<boolean>(`Boolean(${expression})`).catch(() => false)) return;
      if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Types `text` key by key, as a keyboard does (keydown with its text, keyup), `delayMs` apart. */
  async type(text: string, delayMs: number): Promise<void> {
    for (const char of text) {
      const key = { key: char, text: char, unmodifiedText: char };
      await this.send('Input.dispatchKeyEvent', { type: 'keyDown', ...key });
      await this.send('Input.dispatchKeyEvent', { type: 'keyUp', key: char });
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }

  async close(): Promise<void> {
    await this.browser.send('Target.disposeBrowserContext', { browserContextId: this.contextId });
  }
}
