import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/env.ts';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:8080, rate limit on, web app from ../web/dist', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ host: '127.0.0.1', port: 8080, logLevel: 'info', rateLimit: { max: 120, windowMs: 60_000 } });
    expect(c.webDist).toMatch(/apps\/web\/dist$/);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      HOST: '::1', PORT: '9090', LOG_LEVEL: 'warn', RATE_LIMIT_MAX: '0', RATE_LIMIT_WINDOW: '1000', WEB_DIST: '/srv/web',
    });
    expect(c).toEqual({ host: '::1', port: 9090, logLevel: 'warn', rateLimit: { max: 0, windowMs: 1000 }, webDist: '/srv/web' });
  });

  it('refuses bad values, naming each variable', () => {
    const bad = () => loadConfig({ PORT: '80a', RATE_LIMIT_MAX: '-1', LOG_LEVEL: 'loud', RATE_LIMIT_WINDOW: '10' });
    expect(bad).toThrow(/PORT: PORT must be a whole number/);
    expect(bad).toThrow(/RATE_LIMIT_MAX/);
    expect(bad).toThrow(/LOG_LEVEL/);
    expect(bad).toThrow(/RATE_LIMIT_WINDOW: RATE_LIMIT_WINDOW must be at least 1000/);
    expect(() => loadConfig({ PORT: '65536' })).toThrow(/PORT must be at most 65535/);
  });
});
