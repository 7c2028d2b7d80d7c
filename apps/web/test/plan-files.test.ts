import { describe, expect, it } from 'vitest';
import { fileAfter } from '../src/engine/plan-files.ts';
import type { PlanEntryView } from '../src/state/import.ts';

const e = (file: string, key: string, action: PlanEntryView['action'], old: string | null, nu: string): PlanEntryView => ({
  host: 'mail-host', file, key, action, old, new: nu, choices: [],
});

describe('fileAfter: the plan written into the server’s text, for the diff', () => {
  it('main.cf (postconf -n): a merge replaces its line, an add goes in sorted order, a conflict changes nothing', () => {
    const before = 'alias_maps = hash:/etc/aliases\nrelay_domains = a.example\nvirtual_transport = dovecot\n';
    const after = fileAfter('/etc/postfix/main.cf', before, [
      e('/etc/postfix/main.cf', 'relay_domains', 'merge', 'a.example', 'a.example, b.example'),
      e('/etc/postfix/main.cf', 'mailbox_transport', 'add', null, 'cyrus'),
      e('/etc/postfix/main.cf', 'virtual_transport', 'conflict', 'dovecot', 'cyrus'),
      e('/etc/postfix/main.cf', 'alias_maps', 'unchanged', 'hash:/etc/aliases', 'hash:/etc/aliases'),
    ]);
    expect(after).toBe('alias_maps = hash:/etc/aliases\nmailbox_transport = cyrus\nrelay_domains = a.example, b.example\nvirtual_transport = dovecot\n');
  });

  it('imapd.conf: the last line of a key is the one Cyrus reads, so it is the one replaced', () => {
    const after = fileAfter('/etc/imapd.conf', 'a: 1\n#lmtp_admins: x\nlmtp_admins: old\nlmtp_admins: older\n', [
      e('/etc/imapd.conf', 'lmtp_admins', 'merge', 'older', 'older postman'),
    ]);
    expect(after).toBe('a: 1\n#lmtp_admins: x\nlmtp_admins: old\nlmtp_admins: older postman\n');
  });

  it('cyrus.conf: a changed service keeps its indent; a new one goes inside SERVICES', () => {
    const before = 'START {\n}\nSERVICES {\n    lmtpunix cmd="lmtpd" listen="/run/cyrus/socket/lmtp"\n}\nEVENTS {\n}\n';
    const after = fileAfter('/etc/cyrus.conf', before, [
      e('/etc/cyrus.conf', 'lmtpunix', 'merge', 'lmtpunix cmd="lmtpd" listen="/run/cyrus/socket/lmtp"', 'lmtpunix cmd="lmtpd" listen="/run/cyrus/socket/lmtp" maxchild=100'),
      e('/etc/cyrus.conf', 'lmtp', 'add', null, 'lmtp cmd="lmtpd -a" listen="lmtp"'),
    ]);
    expect(after).toBe('START {\n}\nSERVICES {\n    lmtpunix cmd="lmtpd" listen="/run/cyrus/socket/lmtp" maxchild=100\n  lmtp cmd="lmtpd -a" listen="lmtp"\n}\nEVENTS {\n}\n');
  });

  it('master.cf rows match whatever the spacing; tables by key; a file the server lacks starts empty', () => {
    expect(fileAfter('/etc/postfix/master.cf', 'cyrus  unix  -  -  n  -  -  lmtp\n', [
      e('/etc/postfix/master.cf', 'cyrus/unix', 'merge', 'cyrus unix - - n - - lmtp', 'cyrus unix - - n - 100 lmtp'),
    ])).toBe('cyrus unix - - n - 100 lmtp\n');
    expect(fileAfter('/etc/postfix/transport', '# routes\nexample.com smtp:[relay]\n', [
      e('/etc/postfix/transport', 'example.net', 'add', null, 'cyrus:'),
    ])).toBe('# routes\nexample.com smtp:[relay]\nexample.net\tcyrus:\n');
    expect(fileAfter('/etc/hosts.allow', '', [e('/etc/hosts.allow', 'lmtp: 10.0.0.1', 'add', null, 'lmtp: 10.0.0.1')])).toBe('lmtp: 10.0.0.1\n');
  });
});
