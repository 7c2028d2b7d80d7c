// The only module that reads process.env. Everything else receives a typed
// Config, so tests can build an app with any settings and no global state.
import { fileURLToPath } from 'node:url';
import * as z from 'zod/mini';

const intVar = (name: string, min: number, max: number, fallback: number) =>
  z.pipe(
    z._default(z.string().check(z.regex(/^[0-9]+$/, { error: `${name} must be a whole number` })), String(fallback)),
    z.pipe(
      z.transform((v: string) => Number(v)),
      z
        .number()
        .check(
          z.gte(min, { error: `${name} must be at least ${min}` }),
          z.lte(max, { error: `${name} must be at most ${max}` }),
        ),
    ),
  );

// Both src/env.ts (tsx) and dist/server.js (bundled) sit one folder below
// apps/server, so the same relative URL finds apps/web/dist from either.
const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Absolute http(s), no query, fragment or credentials: share links append "#share=..." to it. */
function isPublicUrl(value: string): boolean {
  if (/[?#]/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/**
 * Fastify's trustProxy: off unless set. "true" trusts every hop (only when
 * nothing but the proxy can reach the port); a comma-separated list trusts
 * those proxy addresses or networks. Fastify 5 refuses to believe a bare hop
 * count (it cannot check the peer), so none is offered.
 */
export type TrustProxy = boolean | string[];
// Each entry an IPv4 or IPv6 address or network: it must hold "." or ":".
const TRUST_PROXY_LIST_RE = /^[0-9a-f/]*[.:][0-9a-f.:/]*(?:,[0-9a-f/]*[.:][0-9a-f.:/]*)*$/i;
function parseTrustProxy(value: string): TrustProxy {
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  return value.split(',');
}

const EnvSchema = z.object({
  HOST: z._default(z.string().check(z.minLength(1, { error: 'HOST must not be empty' })), '127.0.0.1'),
  // 0 asks the OS for a free port (used by the shutdown test).
  PORT: intVar('PORT', 0, 65535, 8080),
  LOG_LEVEL: z._default(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
    }),
    'info',
  ),
  // Requests per client IP, per POST route, per window; 0 turns the limit off (benchmarks).
  RATE_LIMIT_MAX: intVar('RATE_LIMIT_MAX', 0, 1_000_000, 120),
  RATE_LIMIT_WINDOW: intVar('RATE_LIMIT_WINDOW', 1000, 86_400_000, 60_000),
  // Behind a reverse proxy every request comes from the proxy's address, so
  // the rate limit would put all clients in one bucket; this tells Fastify
  // which X-Forwarded-For hops to believe. Off by default: believed on a
  // directly reachable server, the header lets anyone pick their own bucket.
  TRUST_PROXY: z._default(
    z.string().check(
      z.trim(),
      z.refine((v) => v === '' || v === 'true' || v === 'false' || TRUST_PROXY_LIST_RE.test(v.replace(/\s+/g, '')), {
        error:
          'TRUST_PROXY must be empty, true, false or comma-separated proxy addresses or networks (127.0.0.1,10.0.0.0/8)',
      }),
    ),
    '',
  ),
  WEB_DIST: z._default(z.string().check(z.minLength(1)), DEFAULT_WEB_DIST),
  // Where people open the wizard; the base of the link in the bundle's share.txt.
  PUBLIC_URL: z._default(
    z.string().check(
      z.refine(isPublicUrl, {
        error: 'PUBLIC_URL must be an absolute http(s) URL without query, fragment or credentials',
      }),
    ),
    'http://127.0.0.1:8080/',
  ),
});

export interface Config {
  host: string;
  port: number;
  logLevel: z.output<typeof EnvSchema>['LOG_LEVEL'];
  rateLimit: { max: number; windowMs: number };
  /** Which X-Forwarded-For hops to believe for the client address (the rate limit's key); false by default. */
  trustProxy: TrustProxy;
  /** Folder holding the built web app (index.html); missing means "API only". */
  webDist: string;
  /** The wizard's address as people reach it (normalized, e.g. "http://127.0.0.1:8080/"). */
  publicUrl: string;
}

export type Env = Record<string, string | undefined>;

/** Parses an environment; throws one readable error listing every bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const result = EnvSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = result.data;
  return {
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    rateLimit: { max: e.RATE_LIMIT_MAX, windowMs: e.RATE_LIMIT_WINDOW },
    trustProxy: parseTrustProxy(e.TRUST_PROXY.replace(/\s+/g, '')),
    webDist: e.WEB_DIST,
    publicUrl: new URL(e.PUBLIC_URL).href,
  };
}
