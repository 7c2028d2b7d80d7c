// The built wizard server on its own port and a page of Debian's chromium on
// it, for the scripts that take the README's pictures (pnpm run build first).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';

/** A path from the repository root. */
export const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

async function waitForHealth(base: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not answer on ${base}`);
}

/** Starts the server on PORT, opens its page at the viewport, runs fn, and stops both. */
export async function withWizardPage(
  port: number,
  viewport: { width: number; height: number },
  fn: (page: Page) => Promise<void>,
): Promise<void> {
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [root('apps/server/dist/server.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PUBLIC_URL: `${base}/` },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitForHealth(base);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    });
    try {
      const page = await browser.newPage({ viewport });
      await page.goto(base);
      await fn(page);
    } finally {
      await browser.close();
    }
  } finally {
    server.kill('SIGTERM');
  }
}
