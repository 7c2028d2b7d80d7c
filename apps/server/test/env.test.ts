import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/env.ts';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:8080, rate limit on, web app from ../web/dist', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      logLevel: 'info',
      rateLimit: { max: 120, windowMs: 60_000 },
    });
    expect(c.webDist).toMatch(/apps\/web\/dist$/);
    expect(c.publicUrl).toBe('http://127.0.0.1:8080/');
    expect(c.trustProxy).toBe(false);
  });

  it('reads TRUST_PROXY as off, every hop or a list of proxies', () => {
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
    ]);
    for (const TRUST_PROXY of ['yes', '1', '127.0.0.1;rm', 'proxy.example.org', '1,']) {
      expect(() => loadConfig({ TRUST_PROXY }), TRUST_PROXY).toThrow(/TRUST_PROXY must be/);
    }
  });

  it('reads every variable', () => {
    const c = loadConfig({
      HOST: '::1',
      PORT: '9090',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '0',
      RATE_LIMIT_WINDOW: '1000',
      WEB_DIST: '/srv/web',
      PUBLIC_URL: 'https://Wizard.Example.org',
      TRUST_PROXY: '192.0.2.1',
    });
    expect(c).toEqual({
      host: '::1',
      port: 9090,
      logLevel: 'warn',
      rateLimit: { max: 0, windowMs: 1000 },
      webDist: '/srv/web',
      publicUrl: 'https://wizard.example.org/',
      trustProxy: ['192.0.2.1'],
    });
  });

  it('refuses bad values, naming each variable', () => {
    const bad = () => loadConfig({ PORT: '80a', RATE_LIMIT_MAX: '-1', LOG_LEVEL: 'loud', RATE_LIMIT_WINDOW: '10' });
    expect(bad).toThrow(/PORT: PORT must be a whole number/);
    expect(bad).toThrow(/RATE_LIMIT_MAX/);
    expect(bad).toThrow(/LOG_LEVEL/);
    expect(bad).toThrow(/RATE_LIMIT_WINDOW: RATE_LIMIT_WINDOW must be at least 1000/);
    expect(() => loadConfig({ PORT: '65536' })).toThrow(/PORT must be at most 65535/);
    // Share links put the state after "#"; a base URL with its own query or fragment would garble them.
    for (const PUBLIC_URL of [
      'wizard.example.org',
      'ftp://wizard.example.org/',
      'https://w.example.org/?a=1',
      'https://w.example.org/#x',
      'https://u:p@w.example.org/',
    ]) {
      expect(() => loadConfig({ PUBLIC_URL }), PUBLIC_URL).toThrow(/PUBLIC_URL must be an absolute http\(s\) URL/);
    }
  });
});
