// The map of the domains whose recipients smtpd asks Cyrus about (issue 11).
import { GUIDE } from '../facts.ts';
import type { FileModule } from './module.ts';
import {
  asksCyrus,
  asksMailboxList,
  knownMapPath,
  recipientClass,
  verifyAction,
  verifyMapPath,
} from './recipient-check.ts';

export const verifyMap: FileModule = {
  id: 'verify-map',
  role: 'postfix',
  applies: asksCyrus,
  target: verifyMapPath,
  path: (c) => `files/etc/postfix/${c.transport}_verify`,
  mode: 0o644,
  guideRef: `${GUIDE.postfix} (goes beyond the guide, which has no recipient check)`,
  explanation: (c) => {
    const d = c.a.delivery;
    return [
      `Ours alone, named after "${c.transport}": each of our domains answers "${verifyAction(c)}", which smtpd_recipient_restrictions consults through check_recipient_access, so only recipients in our domains are ${asksMailboxList(c) ? `looked up in Cyrus's exported mailbox list (${knownMapPath(c)}, the class ${recipientClass(c)} in main.cf) and, when the list does not hold them, probed` : 'probed'}.`,
      d.localRecipients
        ? "apply.sh adds every domain of this host's mydestination (read with postconf -x, so $myhostname counts) to the listed ones: local recipients reach Cyrus through local(8) and mailbox_transport, and the probe takes the same way. If you change mydestination later, run apply.sh again; verify.sh reports a mydestination domain the map lacks. A lookup table or file in mydestination cannot be listed, and apply.sh stops before any change."
        : '',
      asksMailboxList(c)
        ? "A mailbox in the exported list is accepted without the probe and without the verify cache below, so a mailbox created after a refused probe is accepted as soon as the next export lists it (the .path unit runs it when Cyrus's mailbox list changes)."
        : '',
      'Postfix caches each probe result in address_verify_map (btree:$data_directory/verify_cache, that is /var/lib/postfix/verify_cache.db): a recipient that exists is remembered for up to 31 days (address_verify_positive_expire_time), a refused one for 3 days and probed again after 3 hours (address_verify_negative_refresh_time). So an entry written under an older route (another store, another transport) can let an unknown address through for a while, and a mailbox created after a refused probe stays refused until its entry is refreshed, up to 3 hours later' +
        (asksMailboxList(c) ? ' (on this single host: until the next export lists it)' : '') +
        '. apply.sh does not clear the cache itself: on a first install it is empty of our domains, and it also holds the results of any other reject_unverified_* check on this host, which are yours. To start afresh after changing the route, or to accept a new mailbox at once: systemctl stop postfix; rm /var/lib/postfix/verify_cache.db; systemctl start postfix (postfix stop and postfix start without systemd; the file follows data_directory).',
    ]
      .filter(Boolean)
      .join(' ');
  },
  body: (c) => {
    const d = c.a.delivery;
    const domains: [string, string][] = [
      ...d.virtualDomains.map((v, i): [string, string] => [v, `delivery.virtualDomains.${i}`]),
      ...d.transportMapDomains.map((v, i): [string, string] => [v, `delivery.transportMapDomains.${i}`]),
    ];
    return {
      kind: 'table',
      policy: 'owned',
      rows: domains.map(([key, source]) => ({
        key,
        value: verifyAction(c),
        source,
        why: `Ask Cyrus about each recipient in ${key}.`,
      })),
      ...(d.localRecipients ? { localDomains: { value: verifyAction(c), source: 'delivery.localRecipients' } } : {}),
    };
  },
};
