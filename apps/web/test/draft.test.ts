import { describe, expect, it } from 'vitest';
import { isSecretPath, parseAnswers } from '@lmtp-wizard/schema';
import { draftToInput, formFieldPaths, slotCount, splitList, withoutSlot } from '../src/state/draft.ts';
import { FIELD_PATHS, fieldDef, slotPaths, withLabels, type FieldPath } from '../src/state/fields.ts';
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
    expect(parsed.ok && parsed.answers.topology === 'remote' && parsed.answers.tcp).toEqual({
      storeHost: 'store.example.org',
      port: 2004,
      allowFrom: [],
      serviceName: 'lmtp',
      listenAddress: '',
    });
  });

  it('keeps a typo raw so the schema reports it on its own field', () => {
    const parsed = parseAnswers(draftToInput('remote', { mailHost: 'mail.example.org', 'tcp.port': '20x' }));
    expect(parsed.ok).toBe(false);
    const paths = parsed.ok ? [] : parsed.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['tcp.port', 'tcp.storeHost', 'sasl.password']));
  });

  it('sends the further MX slots as the extraMx list, and nothing for untouched or cleared slots (issue 15)', () => {
    const base = {
      mailHost: 'mx1.example.org',
      'tcp.storeHost': 'store.example.org',
      'sasl.password': 'pw1',
      'limits.concurrency': '40',
      'limits.lmtpMaxChild': '60',
    } as const;
    const two = draftToInput('remote', {
      ...base,
      'extraMx.0.host': 'mx2.example.org',
      'extraMx.0.username': 'postman2',
      'extraMx.0.password': 'pw2',
      'extraMx.0.concurrency': '20',
    });
    expect((two as { extraMx?: unknown }).extraMx).toEqual([
      { host: 'mx2.example.org', username: 'postman2', password: 'pw2', concurrency: 20 },
    ]);
    const parsed = parseAnswers(two);
    expect(parsed.ok && parsed.answers.topology === 'remote' && parsed.answers.extraMx.map((m) => m.host)).toEqual([
      'mx2.example.org',
    ]);
    // an offered slot is an item (issue 24): emptied, its host is reported missing on its own field; removed, it is gone
    const emptied = { ...base, 'extraMx.0.host': '', 'extraMx.0.username': '', 'extraMx.0.concurrency': '' };
    expect(draftToInput('remote', emptied)).toMatchObject({ extraMx: [{ host: '' }] });
    expect(draftToInput('remote', withoutSlot(emptied, 'extraMx.*', 0))).not.toHaveProperty('extraMx');
    // the second slot alone keeps its place, so the first slot's missing host is reported on that slot's field
    const gap = parseAnswers(
      draftToInput('remote', {
        ...base,
        'extraMx.1.host': 'mx3.example.org',
        'extraMx.1.username': 'postman3',
        'extraMx.1.password': 'pw3',
      }),
    );
    expect(gap.ok ? [] : gap.errors.map((e) => e.path)).toContain('extraMx.0.host');
  });

  it('without a topology sends nothing the schema could accept', () => {
    expect(draftToInput(null, { mailHost: 'mail.example.org' })).toEqual({});
    expect(parseAnswers({}).ok).toBe(false);
  });

  it('sends a TLS detail only while it is asked: a certificate path after going back to self-signed, a CA file after leaving CA mode, are not sent', () => {
    const base = {
      mailHost: 'mail.example.org',
      'tcp.storeHost': 'store.example.org',
      'sasl.password': 'secret',
    } as const;
    const typed = {
      'tls.certPath': '/etc/ssl/certs/s.pem',
      'tls.keyPath': '/etc/ssl/private/s.key',
      'tls.caFile': '/etc/ssl/certs/ca.pem',
    } as const;
    // defaults: pinned, self-signed
    expect(draftToInput('remote', { ...base, ...typed })).not.toHaveProperty('tls');
    expect(draftToInput('remote', { ...base, ...typed, 'tls.storeCert': 'existing' })).toMatchObject({
      tls: { storeCert: 'existing', certPath: '/etc/ssl/certs/s.pem', keyPath: '/etc/ssl/private/s.key' },
    });
    expect(draftToInput('remote', { ...base, ...typed, 'tls.storeCert': 'existing' })).not.toHaveProperty('tls.caFile');
    expect(draftToInput('remote', { ...base, ...typed, 'tls.mode': 'ca' })).toEqual(
      expect.objectContaining({ tls: { mode: 'ca', caFile: '/etc/ssl/certs/ca.pem' } }),
    );
    // TLS off asks nothing else, even with "existing" chosen before
    expect(draftToInput('remote', { ...base, ...typed, 'tls.storeCert': 'existing', 'tls.mode': 'off' })).toEqual(
      expect.objectContaining({ tls: { mode: 'off' } }),
    );
  });

  it('splits lists on newlines, commas and spaces', () => {
    expect(splitList(' a.example\n b.example,c.example ;d.example ')).toEqual([
      'a.example',
      'b.example',
      'c.example',
      'd.example',
    ]);
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

  it('one slot per listed backend, never a fixed number: slots past the list are neither offered nor sent (issue 24)', () => {
    const draft = {
      'murder.backends': 'be1.example.org\nbe2.example.org',
      'murder.backendPasswords.0.password': 'Be1-secret',
      'murder.backendPasswords.1.password': 'Be2-secret',
      // typed while the list had four lines
      'murder.backendPasswords.2.password': 'Be3-secret',
      'murder.backendPasswords.3.password': 'Be4-secret',
    };
    expect(slotCount(draft, 'murder.backendPasswords.*')).toBe(2);
    expect(formFieldPaths(draft).filter((p) => p.startsWith('murder.backendPasswords.'))).toEqual([
      'murder.backendPasswords.0.password',
      'murder.backendPasswords.1.password',
    ]);
    const input = draftToInput('murder', draft) as { murder: { backendPasswords: unknown } };
    expect(input.murder.backendPasswords).toEqual([{ password: 'Be1-secret' }, { password: 'Be2-secret' }]);
    expect(
      slotCount({ 'murder.backends': 'a.example.org b.example.org c.example.org' }, 'murder.backendPasswords.*'),
    ).toBe(3);
    expect(slotCount({}, 'murder.backendPasswords.*')).toBe(0);
  });

  it('one group of MX fields per further MX: added and removed with the list, the later ones moving up', () => {
    expect(slotCount({}, 'extraMx.*')).toBe(0);
    const two = {
      'extraMx.0.host': 'mx2.example.org',
      'extraMx.1.host': 'mx3.example.org',
      'extraMx.1.username': 'postman3',
    };
    expect(slotCount(two, 'extraMx.*')).toBe(2);
    expect(withoutSlot(two, 'extraMx.*', 0)).toEqual({
      'extraMx.0.host': 'mx3.example.org',
      'extraMx.0.username': 'postman3',
    });
    expect(fieldDef('extraMx.1.host').label).toBe('MX host 3: host name');
    expect(fieldDef('murder.backendPasswords.5.password').label).toBe('Backend 6: proxy password');
  });
});

describe('messages name fields by their labels (issue 24)', () => {
  it('replaces answers paths, and only those', () => {
    expect(withLabels('remove it from delivery.transportMapDomains in the wizard')).toBe(
      'remove it from “Transport map domains” in the wizard',
    );
    expect(withLabels('the password of extraMx.0.password on mx2.example.org')).toBe(
      'the password of “MX host 2: SASL password” on mx2.example.org',
    );
    expect(withLabels('give one per backend, in the order of murder.backends')).toBe(
      'give one per backend, in the order of “Backend hosts”',
    );
  });
  it('every schema message for a Murder and several MX hosts is free of answers paths', () => {
    const murder = parseAnswers({
      topology: 'murder',
      mailHost: 'mx.example.org',
      sasl: { password: 'x' },
      murder: {
        mupdateHost: 'mu.example.org',
        frontends: ['fe.example.org'],
        backends: ['be1.example.org', 'be2.example.org'],
        backendPasswords: [{}, {}, { password: 'p' }],
        mupdatePassword: 'm',
      },
    });
    const remote = parseAnswers({
      topology: 'remote',
      mailHost: 'mx.example.org',
      tcp: { storeHost: 's.example.org', allowFrom: ['10.0.0.1'] },
      sasl: { password: 'x', sharedUser: false },
      limits: { lmtpMaxChild: 20 },
      extraMx: [{ host: 'mx2.example.org' }, { host: 'mx3.example.org', username: 'postman', password: 'y' }],
    });
    const messages = [murder, remote].flatMap((r) => (r.ok ? [] : r.errors.map((e) => e.message)));
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) expect(m).not.toMatch(/\b(?:murder|extraMx|limits|sasl|tcp|delivery)\.[A-Za-z0-9]/);
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
      for (const key of Object.keys(defaults)) expect(isSecretPath(key), key).toBe(false);
    }
    expect(engine.defaults.murder).toMatchObject({ port: '2003', 'murder.proxyUser': 'mailproxy' });
    expect(Object.keys(engine.defaults['single-host']).some((k) => k.startsWith('tcp.'))).toBe(false);
  });

  it('a field that others depend on (shownWhen) has its schema default as its first option, which the draft assumes when nothing is typed', () => {
    const deps = new Set(FIELD_PATHS.flatMap((p) => Object.keys(fieldDef(p).shownWhen ?? {})));
    expect([...deps].sort()).toEqual(['tls.mode', 'tls.storeCert']);
    for (const dep of deps)
      expect(fieldDef(dep as FieldPath).options?.[0]?.value).toBe(engine.defaults.remote[dep as FieldPath]);
  });

  it('previews with the password masked everywhere', () => {
    const parsed = parseAnswers({
      topology: 'remote',
      mailHost: 'mail.example.org',
      tcp: { storeHost: 'store.example.org' },
      sasl: { password: 'Canary-42!' },
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

describe('secret fields', () => {
  it('a field is a password input exactly when the schema lists its path as a secret', () => {
    const paths: FieldPath[] = [
      ...FIELD_PATHS,
      ...slotPaths('extraMx.*', 3),
      ...slotPaths('murder.backendPasswords.*', 3),
    ];
    expect(paths.filter(isSecretPath).length).toBe(1 + 3 + 2 + 3);
    for (const path of paths) expect(isSecretPath(path), path).toBe(fieldDef(path).kind === 'password');
  });
});
