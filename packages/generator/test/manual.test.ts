// The host README's "By hand" blocks (issue 13, defect 10) say what apply.sh
// does, in plain commands: checked against apply.sh's own calls.
import { describe, expect, it } from 'vitest';
import { parseAnswers } from '@lmtp-wizard/schema';
import { generate } from '../src/index.ts';

const readmeOf = (input: object, host: string) => {
  const r = parseAnswers(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const out = generate(r.answers);
  return out.hosts.find((h) => h.id === host)!.files.find((f) => f.path === 'README.md')!.content;
};

describe('By hand in the host READMEs', () => {
  const single = readmeOf(
    { topology: 'single-host', mailHost: 'mail.example.org', delivery: { virtualDomains: ['example.net'] } },
    'mail-host',
  );
  const store = readmeOf(
    {
      topology: 'remote',
      mailHost: 'mx.example.org',
      tcp: { storeHost: 'store.example.org', allowFrom: ['10.0.0.2'] },
      sasl: { password: 'pw-secret' },
    },
    'cyrus-host',
  );

  it('gives every set_main as postconf -e and every set_master as postconf -M', () => {
    const setMain = [...single.matchAll(/^set_main (\S+) (.+)$/gm)].map((m) => [m[1], m[2]!.replace(/^'(.*)'$/, '$1')]);
    expect(setMain.length).toBeGreaterThan(3);
    for (const [key, value] of setMain) expect(single).toContain(`postconf -e '${key} = ${value}'`);
    const setMaster = [...single.matchAll(/^set_master (\S+) '(.+)'$/gm)];
    expect(setMaster.length).toBe(1);
    for (const m of setMaster) expect(single).toContain(`postconf -M '${m[1]}=${m[2]}'`);
    expect(single).toContain(
      `postconf -e "virtual_mailbox_domains = $(postconf -h virtual_mailbox_domains), "example.net`,
    );
  });

  it('gives the exact imapd.conf, cyrus.conf and hosts.allow lines, ready to paste', () => {
    expect(store).toMatch(/```text\nlmtp_admins: postman\n/);
    expect(store).toContain('```text\n  lmtp cmd="lmtpd" listen="lmtp" prefork=0 maxchild=100\n```');
    expect(store).toContain('Add to /etc/hosts.allow unless it is there:\n\n```text\nlmtp: 10.0.0.2\n```');
    expect(store).toContain('```text\nlmtp 2003/tcp\n```');
  });
});
