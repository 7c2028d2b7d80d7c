// EXPERIMENT: a hand-written known-good single-host configuration, written the
// way the bundle's apply.sh should do it. The final suite replaces this file
// with the bundle's own apply.sh. Findings: ../FINDINGS.md
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { cyrusService, imapdSet, masterService, postconf } from '../lib/edit.ts';
import { run } from '../lib/sh.ts';

export interface SingleHostOptions {
  socketPath: string;
  group: string;
  transport: string;
  /** undefined keeps Postfix's default local_recipient_maps */
  localRecipientMaps?: string;
  virtualDomains?: string[];
  virtdomains?: 'off' | 'userid';
  recipientLimit?: string;
  concurrencyLimit?: string;
  /** extra imapd.conf keys (experiments) */
  imapd?: Record<string, string>;
}

export const SINGLE_DEFAULTS: SingleHostOptions = {
  socketPath: '/run/cyrus/socket/lmtp',
  group: 'lmtp',
  transport: 'cyrus',
  localRecipientMaps: '',
};

export async function applySingleHost(o: SingleHostOptions): Promise<void> {
  // 1. the group that guards the socket directory, with postfix in it
  await run('groupadd', ['--system', '-f', o.group]);
  await run('usermod', ['-a', '-G', o.group, 'postfix']);
  // 2. tmpfiles override in /etc (the /usr/lib file is the package's)
  const stock = readFileSync('/usr/lib/tmpfiles.d/cyrus-imapd.conf', 'utf8');
  const sockDir = dirname(o.socketPath);
  let tmpfiles = stock.replace(/^(\s*d\s+\/run\/cyrus\/socket\s+\S+\s+\S+\s+)mail\b/m, `$1${o.group}`);
  if (sockDir !== '/run/cyrus/socket') tmpfiles += `d ${sockDir} 0750 cyrus ${o.group} - -\n`;
  mkdirSync('/etc/tmpfiles.d', { recursive: true });
  writeFileSync('/etc/tmpfiles.d/cyrus-imapd.conf', tmpfiles);
  // 3. Cyrus listens on the socket; imapd.conf names the same path
  cyrusService('lmtpunix', `lmtpunix\t\tcmd="lmtpd" listen="${o.socketPath}" prefork=0 maxchild=20`);
  imapdSet('lmtpsocket', o.socketPath);
  if (o.virtdomains) imapdSet('virtdomains', o.virtdomains);
  for (const [k, v] of Object.entries(o.imapd ?? {})) imapdSet(k, v);
  // 4. Postfix: a copy of lmtp named after the transport, NOT chrooted
  await masterService(`${o.transport} unix - - n - - lmtp`);
  const dest = `${o.transport}:unix:${o.socketPath}`;
  const main: Record<string, string> = { mailbox_transport: dest };
  if (o.localRecipientMaps !== undefined) main.local_recipient_maps = o.localRecipientMaps;
  if (o.virtualDomains?.length) {
    main.virtual_mailbox_domains = o.virtualDomains.join(', ');
    main.virtual_transport = dest;
  }
  if (o.recipientLimit !== undefined) main[`${o.transport}_destination_recipient_limit`] = o.recipientLimit;
  if (o.concurrencyLimit !== undefined) main[`${o.transport}_destination_concurrency_limit`] = o.concurrencyLimit;
  await postconf(main);
}
