// EXPERIMENT: a hand-written known-good remote (TCP + SASL) configuration, as
// the bundle's two apply.sh scripts should write it. The final suite replaces
// this file with cyrus-host/apply.sh and postfix-host/apply.sh.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { appendLine, cyrusService, imapdSet, masterService, postconf, saslpasswd } from '../lib/edit.ts';
import { NET } from '../lib/netns.ts';
import { run } from '../lib/sh.ts';

export interface RemoteOptions {
  storeHost: string;
  port: number;
  transport: string;
  user: string;
  password: string;
  /** the left-hand key in sasl_passwd */
  saslKey?: string;
  hostLookup?: 'native' | undefined;
  /** undefined keeps Postfix's default (noplaintext, noanonymous) */
  securityOptions?: string;
  imapd?: Record<string, string>;
  virtualDomains?: string[];
  /** defaults to user */
  lmtpAdmins?: string;
}

export const REMOTE_DEFAULTS: RemoteOptions = {
  storeHost: NET.cyrus.name,
  port: 2003,
  transport: 'cyrus',
  user: 'postman',
  password: 'S3cret-lmtp',
  hostLookup: 'native',
};

/** cyrus-host side */
export async function applyCyrusHost(o: RemoteOptions): Promise<void> {
  if (!/^lmtp\s/m.test(readFileSync('/etc/services', 'utf8'))) {
    appendLine('/etc/services', `lmtp\t\t${o.port}/tcp\t\t\t# Cyrus LMTP (lmtp-wizard)`);
  }
  cyrusService('lmtp', `lmtp\t\tcmd="lmtpd" listen="${o.storeHost}:lmtp" prefork=0 maxchild=20`);
  imapdSet('lmtp_admins', o.lmtpAdmins ?? o.user);
  for (const [k, v] of Object.entries(o.imapd ?? {})) imapdSet(k, v);
  await saslpasswd(o.user, o.password);
  // the package's sasldb2 is root:sasl 0660; keep it so (Cyrus is in group sasl)
  await run('chown', ['root:sasl', '/etc/sasldb2']);
  chmodSync('/etc/sasldb2', 0o660);
}

/** postfix-host side */
export async function applyPostfixHost(o: RemoteOptions): Promise<void> {
  await masterService(`${o.transport} unix - - n - - lmtp`);
  const dest = `${o.transport}:inet:${o.storeHost}:${o.port}`;
  const main: Record<string, string> = {
    mailbox_transport: dest,
    local_recipient_maps: '',
    lmtp_sasl_auth_enable: 'yes',
    lmtp_sasl_password_maps: 'hash:/etc/postfix/sasl_passwd',
  };
  if (o.hostLookup) main.lmtp_host_lookup = o.hostLookup;
  if (o.securityOptions !== undefined) main.lmtp_sasl_security_options = o.securityOptions;
  if (o.virtualDomains?.length) {
    main.virtual_mailbox_domains = o.virtualDomains.join(', ');
    main.virtual_transport = dest;
  }
  await postconf(main);
  await writeSaslPasswd(o.saslKey ?? `${o.storeHost}:${o.port}`, o.user, o.password);
}

/** Postfix commands run on the Postfix "host": postmap checks inet_interfaces. */
export async function writeSaslPasswd(key: string, user: string, password: string): Promise<void> {
  writeFileSync('/etc/postfix/sasl_passwd', `${key} ${user}:${password}\n`, { mode: 0o600 });
  chmodSync('/etc/postfix/sasl_passwd', 0o600);
  await run('postmap', ['hash:/etc/postfix/sasl_passwd'], { ns: NET.postfix.ns });
}
