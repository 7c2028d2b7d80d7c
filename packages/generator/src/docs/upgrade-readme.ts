// UPGRADE.md per host, and the top README's order, for an upgrade bundle
// (answers with upgradeFrom: debian-12, target debian-13; issue 23). What each
// trap is and what apply.sh does about it is in shell-lib-upgrade.ts; these
// are the admin's steps, in our own words.
import type { Answers, RemoteAnswers } from '@lmtp-wizard/schema';
import type { FolderId } from '../types.ts';

type HostId = FolderId | string;

const fence = (lines: string[]) => ['```sh', ...lines, '```'];

/** store first, then each MX, then the remaining Murder roles */
export const upgradeRank = (id: HostId): number =>
  id === 'cyrus-host' || id === 'mail-host' || id.startsWith('backend-') ? 0 : id.startsWith('postfix-host') ? 1 : 2;

export const upgradeOrder = (ids: readonly HostId[]): HostId[] =>
  [...ids].sort((x, y) => upgradeRank(x) - upgradeRank(y));

const APT = '-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold';

export function upgradeCommands(): string[] {
  return [
    "sed -i 's/bookworm/trixie/g' /etc/apt/sources.list $(ls /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null)",
    'apt-get update',
    `apt-get upgrade --without-new-pkgs ${APT}`,
    `apt-get full-upgrade ${APT}`,
  ];
}

/** REMOTE: the host's remote view; null on a single host (the Unix socket). */
export function hostUpgradeReadme(
  remote: RemoteAnswers | null,
  id: HostId,
  roles: { postfix: boolean; cyrus: boolean },
  position: string,
): string {
  const store = roles.cyrus && remote !== null;
  const tlsPinned = remote?.tls.mode === 'fingerprint';
  const out = [
    `# Upgrading ${id} from Debian 12 to Debian 13`,
    '',
    `${position} This folder is the debian-13 bundle for the same answers; keep the debian-12 bundle's folder for this host at hand for step 1.`,
    '',
    '## 1. Before: the report (Debian 12, read-only)',
    '',
    "In this host's folder of the **debian-12** bundle:",
    '',
    ...fence(['sh apply.sh --pre-upgrade']),
    '',
    "It changes nothing. It names each trap that applies to this host and what to answer at each configuration-file prompt, and prints the command that backs up the Cyrus databases and the mailboxes' index files.",
    '',
    ...(store && remote.tls.mode !== 'off'
      ? [
          'Then, still there, keep the hop up through the upgrade:',
          '',
          ...fence(['sh apply.sh --prepare-upgrade']),
          '',
          "It applies the debian-12 bundle as usual and also writes `lmtp_allowstarttls: on`, which Cyrus 3.6 ignores and Cyrus 3.10 needs before it offers STARTTLS. Without it, the Postfix hosts defer their mail from this store's upgrade until its debian-13 apply.sh has run.",
          '',
        ]
      : []),
    "## 2. The upgrade (as Debian's release notes describe it)",
    '',
    ...fence(upgradeCommands()),
    '',
    '--force-confold keeps every configuration file you changed, which is what this bundle needs. Answering by hand, answer N ("keep your currently-installed version") at each prompt' +
      (store
        ? ': /etc/services (our `lmtp` line), /etc/imapd.conf, /etc/cyrus.conf.'
        : roles.cyrus
          ? ': /etc/imapd.conf, /etc/cyrus.conf.'
          : '.'),
    '',
    "## 3. Right after: this folder's apply.sh",
    '',
    ...fence([
      'sh apply.sh --dry-run   # "release change" lines: what Debian 13 needs, and why',
      'sh apply.sh',
      'sh verify.sh',
    ]),
    '',
    'Run it at once, with or without a reboot first.',
    '',
    '- It recognises the debian-12 bundle and labels each entry that the new release needs (not your answers) as a "release change", with the reason.',
  ];
  if (roles.postfix) {
    out.push(
      "- Without a reboot, Debian 12's postfix@-.service keeps running the old master from its deleted program file: it still accepts mail on port 25 but delivers nothing, and `systemctl restart postfix` fails with conflicting jobs. apply.sh stops that unit and starts postfix.service before it changes anything, and stops with a request to reboot if that does not work. verify.sh fails while Postfix is down or runs a deleted program.",
      '- It ends with `postqueue -f`, so the mail that waited goes out now, and it removes the failed address-verification probes of our domains, which would otherwise keep answering 450 "unverified address".',
    );
  }
  if (store) {
    out.push(
      '- Cyrus 3.10 keeps STARTTLS off unless `lmtp_allowstarttls` is on, a key 3.6 does not know. Until this apply.sh has run, every Postfix host defers its mail with "TLS is required, but was not offered" (none is bounced). So the store goes first, and its apply.sh runs right after the packages.',
      "- Debian 13's package converts no Cyrus database or mailbox; 3.10 uses them as they are. `reconstruct -V max` (as cyrus) would upgrade the mailbox index files; it is optional.",
    );
  } else if (roles.cyrus) {
    out.push(
      "- Debian 13's package converts no Cyrus database or mailbox; 3.10 uses them as they are. `reconstruct -V max` (as cyrus) is optional.",
    );
  }
  if (tlsPinned && roles.postfix)
    out.push(
      "- The store keeps its key pair, so the pin stays: apply.sh reuses the fingerprint already in master.cf. Give `--store-fingerprint` only if the store's apply.sh printed a new one.",
    );
  out.push(
    '',
    '## Going back',
    '',
    "A rollback.sh from the debian-12 bundle refuses to run on Debian 13: it would restore Debian 12's configuration, which Debian 13's daemons do not run as intended (the hop would defer again). Use the rollback.sh this folder's apply.sh writes.",
    '',
  );
  return out.join('\n');
}

export function upgradeSection(a: Answers, ids: readonly HostId[]): string[] {
  if (a.upgradeFrom === 'none') return [];
  const order = upgradeOrder(ids);
  return [
    '## Upgrading from Debian 12',
    '',
    `These hosts run the debian-12 bundle for the same answers. Upgrade them one at a time, in this order, each as its UPGRADE.md says: ${order.map((h, i) => `${i + 1}. \`${h}/\``).join(', ')}. The store goes first because Cyrus 3.10 turns STARTTLS off until its apply.sh runs; the Postfix hosts keep their mail queued meanwhile.`,
    '',
  ];
}
