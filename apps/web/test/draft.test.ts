import { describe, expect, it } from 'vitest';
import { parseAnswers } from '@lmtp-wizard/schema';
import { draftToInput, splitList } from '../src/state/draft.ts';
import { FIELD_PATHS, fieldDef, type FieldPath } from '../src/state/fields.ts';
import { engine } from '../src/engine/engine.ts';

describe('draftToInput', () => {
  it('sends only what was typed, converted to answer types, and the schema fills the rest', () => {
    const input = draftToInput('remote', {
      mailHost: 'mail.example.org',
      'tcp.storeHost': 'store.example.org',
      'tcp.port': ' 2004 ',
      'sasl.password': 'secret',
      'delivery.virtualDomains': 'example.net\n\nexample.com, example.info',
      'delivery.localRecipients': false,
      // A single-host field left over from an earlier choice is not sent.
      'unixSocket.path': '/run/other',
    });
    expect(input).toEqual({
      topology: 'remote',
      mailHost: 'mail.example.org',
      tcp: { storeHost: 'store.example.org', port: 2004 },
      sasl: { password: 'secret' },
      delivery: { virtualDomains: ['example.net', 'example.com', 'example.info'], localRecipients: false },
    });
    const parsed = parseAnswers(input);
    expect(parsed.ok && parsed.answers.topology === 'remote' && parsed.answers.tcp).toEqual({ storeHost: 'store.example.org', port: 2004, allowFrom: [], serviceName: 'lmtp', listenAddress: '' });
  });

  it('keeps a typo raw so the schema reports it on its own field', () => {
    const parsed = parseAnswers(draftToInput('remote', { mailHost: 'mail.example.org', 'tcp.port': '20x' }));
    expect(parsed.ok).toBe(false);
    const paths = parsed.ok ? [] : parsed.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['tcp.port', 'tcp.storeHost', 'sasl.password']));
  });

  it('sends the further MX slots as the extraMx list, and nothing for untouched or cleared slots (issue 15)', () => {
    const base = { mailHost: 'mx1.example.org', 'tcp.storeHost': 'store.example.org', 'sasl.password': 'pw1', 'limits.concurrency': '40', 'limits.lmtpMaxChild': '60' } as const;
    const two = draftToInput('remote', { ...base, 'extraMx.0.host': 'mx2.example.org', 'extraMx.0.username': 'postman2', 'extraMx.0.password': 'pw2', 'extraMx.0.concurrency': '20' });
    expect((two as { extraMx?: unknown }).extraMx).toEqual([{ host: 'mx2.example.org', username: 'postman2', password: 'pw2', concurrency: 20 }]);
    const parsed = parseAnswers(two);
    expect(parsed.ok && parsed.answers.topology === 'remote' && parsed.answers.extraMx.map((m) => m.host)).toEqual(['mx2.example.org']);
    // cleared: every field of the slot emptied
    expect(draftToInput('remote', { ...base, 'extraMx.0.host': '', 'extraMx.0.username': '', 'extraMx.0.concurrency': '' })).not.toHaveProperty('extraMx');
    // the second slot alone keeps its place, so the first slot's missing host is reported on that slot's field
    const gap = parseAnswers(draftToInput('remote', { ...base, 'extraMx.1.host': 'mx3.example.org', 'extraMx.1.username': 'postman3', 'extraMx.1.password': 'pw3' }));
    expect(gap.ok ? [] : gap.errors.map((e) => e.path)).toContain('extraMx.0.host');
  });

  it('without a topology sends nothing the schema could accept', () => {
    expect(draftToInput(null, { mailHost: 'mail.example.org' })).toEqual({});
    expect(parseAnswers({}).ok).toBe(false);
  });

  it('sends a TLS detail only while it is asked: a certificate path after going back to self-signed, a CA file after leaving CA mode, are not sent', () => {
    const base = { mailHost: 'mail.example.org', 'tcp.storeHost': 'store.example.org', 'sasl.password': 'secret' } as const;
    const typed = { 'tls.certPath': '/etc/ssl/certs/s.pem', 'tls.keyPath': '/etc/ssl/private/s.key', 'tls.caFile': '/etc/ssl/certs/ca.pem' } as const;
    // defaults: pinned, self-signed
    expect(draftToInput('remote', { ...base, ...typed })).not.toHaveProperty('tls');
    expect(draftToInput('remote', { ...base, ...typed, 'tls.storeCert': 'existing' })).toMatchObject({
      tls: { storeCert: 'existing', certPath: '/etc/ssl/certs/s.pem', keyPath: '/etc/ssl/private/s.key' },
    });
    expect(draftToInput('remote', { ...base, ...typed, 'tls.storeCert': 'existing' })).not.toHaveProperty('tls.caFile');
    expect(draftToInput('remote', { ...base, ...typed, 'tls.mode': 'ca' })).toEqual(expect.objectContaining({ tls: { mode: 'ca', caFile: '/etc/ssl/certs/ca.pem' } }));
    // TLS off asks nothing else, even with "existing" chosen before
    expect(draftToInput('remote', { ...base, ...typed, 'tls.storeCert': 'existing', 'tls.mode': 'off' })).toEqual(expect.objectContaining({ tls: { mode: 'off' } }));
  });

  it('splits lists on newlines, commas and spaces', () => {
    expect(splitList(' a.example\n b.example,c.example ;d.example ')).toEqual(['a.example', 'b.example', 'c.example', 'd.example']);
  });
});

describe('murder backend password slots', () => {
  it('become murder.backendPasswords in slot order; an empty slot is an item without a password', () => {
    const input = draftToInput('murder', {
      'murder.backends': 'be1.example.org\nbe2.example.org\nbe3.example.org',
      'murder.backendPasswords.0.password': 'Be1-secret',
      'murder.backendPasswords.2.password': 'Be3-secret',
    }) as { murder: { backendPasswords: unknown } };
    expect(input.murder.backendPasswords).toEqual([{ password: 'Be1-secret' }, {}, { password: 'Be3-secret' }]);
  });
});

describe('engine defaults', () => {
  it('come from the schema, as form values, without the required fields', () => {
    expect(engine.defaults['single-host']).toMatchObject({
      'unixSocket.path': '/run/cyrus/socket/lmtp',
      'unixSocket.group': 'lmtp',
      'delivery.transportName': 'cyrus',
      'delivery.localRecipients': true,
      'delivery.virtualDomains': '',
      'limits.concurrency': '20',
    });
    expect(engine.defaults.remote).toMatchObject({ 'tcp.port': '2003', 'sasl.username': 'postman' });
    for (const defaults of Object.values(engine.defaults)) {
      expect(Object.keys(defaults)).not.toContain('mailHost');
      expect(Object.keys(defaults)).not.toContain('tcp.storeHost');
      expect(Object.keys(defaults)).not.toContain('sasl.password');
      // no secret is ever a default, not even the optional shared proxy password
      for (const key of Object.keys(defaults)) expect(fieldDef(key as FieldPath).secret, key).toBeUndefined();
    }
    expect(engine.defaults.murder).toMatchObject({ port: '2003', 'murder.proxyUser': 'mailproxy' });
    expect(Object.keys(engine.defaults['single-host']).some((k) => k.startsWith('tcp.'))).toBe(false);
  });

  it('a field that others depend on (shownWhen) has its schema default as its first option, which the draft assumes when nothing is typed', () => {
    const deps = new Set(FIELD_PATHS.flatMap((p) => Object.keys(fieldDef(p).shownWhen ?? {})));
    expect([...deps].sort()).toEqual(['tls.mode', 'tls.storeCert']);
    for (const dep of deps) expect(fieldDef(dep as FieldPath).options?.[0]?.value).toBe(engine.defaults.remote[dep as FieldPath]);
  });

  it('previews with the password masked everywhere', () => {
    const parsed = parseAnswers({
      topology: 'remote', mailHost: 'mail.example.org', tcp: { storeHost: 'store.example.org' }, sasl: { password: 'Canary-42!' },
    });
    if (!parsed.ok) throw new Error('fixture must parse');
    const output = engine.preview(parsed.answers);
    const shareFile = engine.shareFile(parsed.answers, 'http://wizard.example/');
    const text = JSON.stringify([output, shareFile]);
    expect(text).not.toContain('Canary-42!');
    expect(text).toContain('store.example.org');
    // share.txt is previewed as the server packs it, its link starting at this page.
    expect(output.files.map((f) => f.path)).toEqual(['README.md', 'answers.json']);
    expect(shareFile.path).toBe('share.txt');
    expect(shareFile.content).toContain('http://wizard.example/#share=');
  });
});
