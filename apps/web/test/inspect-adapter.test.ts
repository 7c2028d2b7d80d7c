import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { engine } from '../src/engine/engine.ts';
import { draftToInput } from '../src/state/draft.ts';
import { inspectOutput, MAIL_HOST_BODY } from './support/inspect-output.ts';

// The import is a chunk of its own (issue 25), loaded through the engine.
const inspect = await engine.loadInspect();

function readOk(text: string) {
  const r = inspect.read(text);
  if (!r.ok) throw new Error(`expected a read, got: ${r.message}`);
  return r;
}

describe('reading inspect.sh output in the browser (the generator parses, the adapter only shows)', () => {
  it('fills in what the server implies, as form values, each with its note', () => {
    const r = readOk(inspectOutput());
    expect(r.hostNames).toEqual(['mail.example.org']);
    const byPath = new Map(r.values.map((v) => [v.path, v]));
    expect(byPath.get('mailHost')?.value).toBe('mail.example.org');
    expect(byPath.get('target')?.value).toBe('debian-13');
    for (const v of r.values) expect(v.note).not.toBe('');
  });

  it('gives the parser’s message, with its line, for text that is not inspect output, and nothing else', () => {
    const junk = inspect.read('hello\nworld\n');
    expect(junk).toEqual({ ok: false, message: expect.stringMatching(/not the output of inspect\.sh/) });
    const cut = inspect.read(inspectOutput().split('\n').slice(0, 12).join('\n'));
    expect(cut.ok).toBe(false);
    if (!cut.ok) expect(cut.message).toMatch(/^Line 1: .*cut/);
    const edited = inspect.read(inspectOutput().replace('Example Relay', 'Edited Relay'));
    expect(edited.ok).toBe(false);
    if (!edited.ok) expect(edited.message).toMatch(/changed after inspect\.sh printed it/);
  });

  it('plans against the server: conflicts first, on their field, with the generator’s ways out; each file a diff', () => {
    const r = readOk(inspectOutput());
    const input = draftToInput('single-host', {
      mailHost: 'mail.example.org',
      'delivery.virtualDomains': 'example.net',
    });
    const plan = inspect.plan(input, r.hosts);
    if (!plan) throw new Error('expected a plan');
    expect(plan.summary.conflict).toBeGreaterThan(0);
    expect(plan.entries.slice(0, plan.conflicts.length).every((e) => e.action === 'conflict')).toBe(true);
    const vt = plan.conflicts.find((c) => c.key === 'virtual_transport');
    expect(vt).toMatchObject({
      host: 'mail-host',
      file: '/etc/postfix/main.cf',
      old: 'lmtp:unix:private/dovecot-lmtp',
      field: 'delivery.virtualDomains',
    });
    expect(vt?.choices.length).toBeGreaterThan(0);
    expect(plan.summaryText).toMatch(/^\d+ conflicts?, \d+ added, \d+ merged, \d+ unchanged$/);

    const mainCf = plan.files.find((f) => f.file === '/etc/postfix/main.cf');
    expect(mainCf?.counts.added).toBeGreaterThan(0);
    // The server's own settings are kept as they are; the conflicting line is a line of its own (issue 24), the server's above what this setup needs.
    expect(mainCf?.lines).toContainEqual({ kind: 'kept', text: 'smtpd_banner = $myhostname ESMTP Example Relay' });
    expect(mainCf?.lines).toContainEqual(
      expect.objectContaining({
        kind: 'conflict',
        old: 'virtual_transport = lmtp:unix:private/dovecot-lmtp',
        reason: expect.stringMatching(/^apply\.sh stops here: the answer “Virtual domains” needs this line/),
      }),
    );
    expect(mainCf?.counts.conflict).toBe(plan.conflicts.filter((c) => c.file === '/etc/postfix/main.cf').length);
    // each change says why
    expect(
      mainCf?.lines.filter((l) => l.kind === 'added').every((l) => typeof l.reason === 'string' && l.reason !== ''),
    ).toBe(true);
  });

  it('offers the server’s value as a button only when it is one of the field’s choices', () => {
    const r = readOk(inspectOutput());
    const plan = inspect.plan(
      draftToInput('single-host', { mailHost: 'mail.example.org', 'cyrus.virtdomains': 'off' }),
      r.hosts,
    );
    const vd = plan?.conflicts.find((c) => c.key === 'virtdomains');
    expect(vd?.field).toBe('cyrus.virtdomains');
    expect(vd?.choices[0]).toEqual({ label: 'Use your server’s value: userid', value: 'userid' });
  });

  it('plans a remote setup before the password is typed, and never shows one', () => {
    const r = readOk(inspectOutput());
    const plan = inspect.plan(
      draftToInput('remote', { mailHost: 'mail.example.org', 'tcp.storeHost': 'store.example.org' }),
      r.hosts,
    );
    expect(plan).toBeDefined();
    const withPassword = inspect.plan(
      draftToInput('remote', {
        mailHost: 'mail.example.org',
        'tcp.storeHost': 'store.example.org',
        'sasl.password': 'Zq7LEAKCANARY',
      }),
      r.hosts,
    );
    expect(JSON.stringify(withPassword)).not.toContain('Zq7LEAKCANARY');
  });

  it('two Postfix hosts and a store (issue 15): the further MX fills MX slot 2, and the plan covers its folder without its password', () => {
    const text = readFileSync(
      new URL('../../../packages/generator/test/fixtures/inspect-debian-13-remote-two-mx.txt', import.meta.url),
      'utf8',
    );
    const r = readOk(text);
    expect(r.topology).toBe('remote');
    const byPath = new Map(r.values.map((v) => [v.path, v]));
    expect(byPath.get('mailHost')?.value).toBe('mx.test');
    expect(byPath.get('extraMx.0.host')).toMatchObject({
      value: 'mx2.test',
      note: expect.stringMatching(/^mx2\.test is MX host 2/),
    });
    expect([...byPath.keys()].filter((k) => k.startsWith('extraMx.'))).toEqual([
      'extraMx.0.host',
      'extraMx.0.concurrency',
    ]);
    expect(byPath.get('tcp.storeHost')?.value).toBe('store.test');
    const draft = {
      mailHost: 'mx.test',
      'tcp.storeHost': 'store.test',
      'extraMx.0.host': 'mx2.test',
      'extraMx.0.username': 'postman2',
      'extraMx.0.password': 'Zq7LEAKCANARY2',
    };
    const plan = inspect.plan(draftToInput('remote', draft), r.hosts);
    expect([...new Set(plan?.entries.map((e) => e.host))]).toEqual([
      'cyrus-host',
      'postfix-host',
      'postfix-host-mx2.test',
    ]);
    expect(plan?.files.some((f) => f.host === 'postfix-host-mx2.test' && f.file === '/etc/postfix/master.cf')).toBe(
      true,
    );
    expect(JSON.stringify(plan)).not.toContain('Zq7LEAKCANARY2');
    // planned before the further MX's password is typed, too
    expect(inspect.plan(draftToInput('remote', { ...draft, 'extraMx.0.password': '' }), r.hosts)).toBeDefined();
  });

  it('has no plan while the answers are not valid', () => {
    const r = readOk(inspectOutput());
    expect(inspect.plan(draftToInput('single-host', { mailHost: 'not a host' }), r.hosts)).toBeUndefined();
  });

  it('the synthetic output is the one inspect.sh prints: every body line is counted', () => {
    expect(inspectOutput()).toContain(`end lines ${MAIL_HOST_BODY.length} cksum`);
  });
});

describe('on a captured output (the generator’s fixture of a single host whose transport map routes example.org elsewhere)', () => {
  const captured = readFileSync(
    new URL('../../../packages/generator/test/fixtures/inspect-debian-13-single-conflict.txt', import.meta.url),
    'utf8',
  );

  it('puts the transport-map conflict on the list field whose item causes it', () => {
    const r = readOk(captured);
    expect(r.topology).toBe('single-host');
    const draft = Object.fromEntries(r.values.map((v) => [v.path, v.value]));
    const plan = inspect.plan(
      draftToInput('single-host', { ...draft, 'delivery.transportMapDomains': 'example.org' }),
      r.hosts,
    );
    expect(plan?.conflicts).toEqual([
      expect.objectContaining({
        file: '/etc/postfix/transport',
        key: 'example.org',
        old: 'smtp:[10.200.30.254]:2526',
        field: 'delivery.transportMapDomains',
        choices: [
          expect.objectContaining({ label: expect.stringMatching(/remove it from “Transport map domains”/) }),
          { label: 'apply.sh --replace /etc/postfix/transport:example.org' },
        ],
      }),
    ]);
  });
});
