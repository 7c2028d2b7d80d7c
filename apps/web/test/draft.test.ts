import { describe, expect, it } from 'vitest';
import { parseAnswers } from '@lmtp-wizard/schema';
import { draftToInput, splitList } from '../src/state/draft.ts';
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

  it('without a topology sends nothing the schema could accept', () => {
    expect(draftToInput(null, { mailHost: 'mail.example.org' })).toEqual({});
    expect(parseAnswers({}).ok).toBe(false);
  });

  it('splits lists on newlines, commas and spaces', () => {
    expect(splitList(' a.example\n b.example,c.example ;d.example ')).toEqual(['a.example', 'b.example', 'c.example', 'd.example']);
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
      'limits.concurrency': '100',
    });
    expect(engine.defaults.remote).toMatchObject({ 'tcp.port': '2003', 'sasl.username': 'postman' });
    for (const defaults of Object.values(engine.defaults)) {
      expect(Object.keys(defaults)).not.toContain('mailHost');
      expect(Object.keys(defaults)).not.toContain('tcp.storeHost');
      expect(Object.keys(defaults)).not.toContain('sasl.password');
    }
    expect(Object.keys(engine.defaults['single-host']).some((k) => k.startsWith('tcp.'))).toBe(false);
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
