// verify.sh for one host: read-only checks derived from the same entries
// that apply.sh writes, plus a live LHLO to the socket or port.
import { extraMxUsers } from '../topologies/multi-mx.ts';
import { bracketIpv6, type Context } from '../context.ts';
import type { EvaluatedModule } from '../files/index.ts';
import { sh, word } from '../serializers/shell.ts';
import type { HostId } from '../types.ts';
import { sourceLibrary } from '../shell/library.ts';
import { policyOf } from '../policies/index.ts';
import { statePlan } from './plan-state.ts';
import { outsideAddress, probeAddress } from '../files/tcp-wrappers.ts';
import { murderLiveChecks } from '../topologies/murder/verify.ts';
import { tcpOf } from '../topologies/views.ts';
import { recipientExportCheck } from './recipient-export.ts';

function entryChecks(modules: readonly EvaluatedModule[]): string[] {
  const out: string[] = [];
  for (const { module: m, body, target } of modules) {
    const p = policyOf(body);
    if (p) {
      out.push(...p.verify(body, target));
    } else if (body.kind === 'table' && target) {
      out.push(sh`check_mode ${word(target)} ${m.secret ? 'root:root 600' : 'root:root 644'}`);
      out.push(sh`check ${word(`${target}.db is up to date`)} test ! ${word(target)} -nt ${word(`${target}.db`)}`);
      if (body.localDomains) {
        // the recipient-check map: our domains, and this host's local ones
        for (const r of body.rows)
          out.push(sh`check_table ${word(target)} ${word(r.key, r.source)} ${word(r.value, r.source)}`);
        out.push(
          sh`check_local_domains_in_map ${word(target)} ${word(body.localDomains.value, body.localDomains.source)}`,
        );
      }
    }
  }
  return out;
}

/** tcpdmatch judges the rules as lmtpd would for a connection from each
 * allowed address (granted) and from one outside the list (denied). */
function wrapperAccessChecks(service: string, allowFrom: readonly string[]): string[] {
  if (allowFrom.length === 0) return [];
  const out = allowFrom.map(
    (e) =>
      sh`check_wrapper_access ${word(service, 'tcp.serviceName')} ${word(probeAddress(e), 'tcp.allowFrom')} granted`,
  );
  const outside = outsideAddress(allowFrom);
  out.push(
    outside === undefined
      ? sh`note ${word('tcp wrappers: allowFrom covers every documentation address, so no address outside it is tried')}`
      : sh`check_wrapper_access ${word(service, 'tcp.serviceName')} ${word(outside)} denied`,
  );
  return out;
}

function liveChecks(c: Context, host: HostId): string[] {
  const { a, release: r } = c;
  const out: string[] = [];
  if (c.local) {
    const { path, group, postfixUser } = c.local.unixSocket;
    const dir = c.socketDir ?? '';
    out.push(
      sh`check ${word(`${postfixUser} is in group ${group}`)} sh -c ${word(`id -nG ${postfixUser} | tr ' ' '\\n' | grep -qxF ${group}`)}`,
      sh`check_mode ${word(dir, 'unixSocket.path')} ${word(`cyrus:${group} 750`)}`,
      sh`check ${word(`${r.tmpfilesOverride} is in place`)} test -f ${r.tmpfilesOverride}`,
      sh`check ${word(`${r.packagedTmpfiles} points to the override`)} test ${r.packagedTmpfiles} -ef ${r.tmpfilesOverride}`,
      sh`if out=$(lhlo_as ${word(postfixUser)} unix ${word(path, 'unixSocket.path')} 2>&1); then ok ${word(`LMTP answers LHLO on ${path} as ${postfixUser}`)}; else bad ${word(`no LMTP answer on ${path} as ${postfixUser} (is cyrmaster running, and is ${postfixUser} in ${group}?)`)}; printf '%s\\n' "$out"; fi`,
    );
  } else if (host === 'postfix-host') {
    const a = tcpOf(c);
    const { port } = a.tcp;
    const several = c.stores.length > 1;
    const field = several ? 'murder.frontends' : 'tcp.storeHost';
    out.push(
      sh`check ${word('libsasl2-modules is installed')} sh -c ${word("dpkg-query -W -f='${Status}' libsasl2-modules | grep -q 'ok installed'")}`,
    );
    const tls = c.tls;
    // every store Postfix may deliver to (a Murder's frontends, in order): a
    // frontend that fails here is one that failover would meet
    for (const storeHost of c.stores) {
      const where = `${bracketIpv6(storeHost)}:${port}`;
      out.push(
        sh`if out=$(lhlo inet ${word(storeHost, field)} ${word(port, 'tcp.port')} 2>&1) && printf '%s' "$out" | grep -q '^250-AUTH'; then ok ${word(`${where} answers LHLO and offers AUTH`)}; else bad ${word(`${where} does not answer LHLO with AUTH (firewall, tcp wrappers, or no lmtp entry in the store's /etc/services?)`)}; printf '%s\\n' "$out"; fi`,
      );
      if (tls?.mode === 'fingerprint') {
        out.push(
          sh`if out=$(store_tls fingerprint ${word(storeHost, field)} ${word(port, 'tcp.port')} "$STORE_FP"); then ok ${word(`${where} does STARTTLS and presents ${several ? 'a' : 'the'} pinned certificate (posttls-finger)`)}; else bad ${word(`${where}: no verified TLS with the pinned certificate`)} "(pinned: $STORE_FP, presented: $(store_presented "$out"))"; printf '%s\n' "$out"; fi`,
        );
      } else if (tls?.mode === 'ca') {
        const name = tls.name === 'hostname' ? storeHost : tls.name;
        out.push(
          sh`if out=$(store_tls verify ${word(storeHost, field)} ${word(port, 'tcp.port')} ${word(name, 'tls.verifyName')} ${word(a.tls.caFile, 'tls.caFile')}); then ok ${word(`${where} does STARTTLS with a certificate for ${name} from ${a.tls.caFile} (posttls-finger)`)}; else bad ${word(`${where}: its certificate does not verify for ${name} against ${a.tls.caFile}`)}; printf '%s\n' "$out"; fi`,
        );
      }
      // An IPv6 store needs IPv6 in Postfix's inet_protocols. Debian's default
      // is "all"; with "ipv4", Postfix 3.7.11 bounces every message (dsn=5.3.0,
      // "unable to look up host fd00:200::1: Address family for hostname not
      // supported") while the LHLO probe above, which is not Postfix, succeeds.
      if (storeHost.includes(':')) {
        out.push(
          sh`if postfix_has_ipv6; then ok ${word('main.cf inet_protocols includes IPv6 (the store is an IPv6 address)')}; else bad ${word(`main.cf inet_protocols has no ipv6: Postfix would bounce every message for ${storeHost} ("Address family for hostname not supported"); set inet_protocols = all, then postfix stop; postfix start`)}; printf 'inet_protocols = %s\\n' "$(postconf -h inet_protocols)"; fi`,
        );
      }
    }
  } else if (c.part?.kind === 'mupdate') {
    const a = tcpOf(c);
    out.push(
      sh`check ${word(`${a.sasl.username} is in ${r.sasldb}`)} sh -c ${word(`sasldblistusers2 | grep -q '^${a.sasl.username}@'`)}`,
      ...murderLiveChecks(c),
    );
  } else {
    const a = tcpOf(c);
    const { port, listenAddress, serviceName } = a.tcp;
    const probe = listenAddress === '' ? '127.0.0.1' : listenAddress;
    out.push(...wrapperAccessChecks(serviceName, a.tcp.allowFrom));
    out.push(
      sh`check ${word(`/etc/services maps lmtp to ${port}/tcp`)} sh -c ${word(`awk '$1 == "lmtp" && $2 == "${port}/tcp"' /etc/services | grep -q .`)}`,
      sh`check_mode ${r.sasldb} ${word('root:sasl 660')}`,
      sh`check ${word('cyrus is in group sasl')} sh -c ${word("id -nG cyrus | tr ' ' '\\n' | grep -qxF sasl")}`,
      ...[a.sasl.username, ...extraMxUsers(a).map((u) => u.username)].map(
        (user) =>
          sh`check ${word(`${user} is in ${r.sasldb}`)} sh -c ${word(`sasldblistusers2 | grep -q '^${user}@'`)}`,
      ),
      ...(c.tls
        ? [
            // Before STARTTLS: STARTTLS offered, and no PLAIN or LOGIN (allowplaintext: no).
            sh`if out=$(lhlo inet ${word(probe, 'tcp.listenAddress')} ${word(port, 'tcp.port')} 2>&1); then if printf '%s' "$out" | grep -q '^250.STARTTLS'; then ok ${word('lmtpd offers STARTTLS after LHLO')}; else bad ${word(`lmtpd does not offer STARTTLS (is ${a.tcp.serviceName}_tls_server_cert set${c.release.tls.allowStarttlsKey ? `, and ${a.tcp.serviceName}_allowstarttls on` : ''}?)`)}; fi; if printf '%s' "$out" | grep -q '^250.AUTH.*\(PLAIN\|LOGIN\)'; then bad ${word('lmtpd offers PLAIN or LOGIN before STARTTLS: a password could cross the network in clear')}; else ok ${word('lmtpd offers no PLAIN or LOGIN before STARTTLS')}; fi; else note ${word("LHLO from here was refused (tcp wrappers); the Postfix host's verify.sh checks TLS from an allowed address")}; fi`,
          ]
        : []),
      a.tcp.allowFrom.length === 0
        ? sh`if out=$(lhlo inet ${word(probe, 'tcp.listenAddress')} ${word(port, 'tcp.port')} 2>&1); then ok ${word(`lmtpd answers on ${bracketIpv6(probe)}:${port}`)}; else bad ${word(`nothing answers LMTP on ${bracketIpv6(probe)}:${port} (is cyrmaster running?)`)}; printf '%s\\n' "$out"; fi`
        : // tcp wrappers refuse 127.0.0.1 unless allowFrom covers it (Cyrus 3.6 logs
          // "refused connection from 127.0.0.1" and closes before the greeting), so a
          // closed connection here proves both the listener and the rule.
          sh`if out=$(lhlo inet ${word(probe, 'tcp.listenAddress')} ${word(port, 'tcp.port')} 2>&1); then ok ${word(`lmtpd answers on ${bracketIpv6(probe)}:${port}`)}; elif [ "$out" = 'no LMTP greeting' ]; then ok ${word(`lmtpd listens on ${bracketIpv6(probe)}:${port} and tcp wrappers refuse ${probe}, which hosts.allow does not list; the Postfix host's verify.sh speaks LMTP from an allowed address`)}; else bad ${word(`nothing answers LMTP on ${bracketIpv6(probe)}:${port} (is cyrmaster running?)`)}; printf '%s\\n' "$out"; fi`,
      ...murderLiveChecks(c),
    );
  }
  return out;
}

/** How long a message to our domains may wait in the deferred queue before verify.sh fails, in minutes. */
export const DEFERRED_MINUTES = 15;

/**
 * The Postfix host's proof that mail flows: its master runs what master.cf
 * says and serves our service, nothing for our domains waits in the deferred
 * queue, and a probe through our transport gets Cyrus's answer.
 */
function flowChecks(c: Context, modules: readonly EvaluatedModule[]): string[] {
  const { a } = c;
  const services = modules.flatMap(({ body }) =>
    body.kind === 'postconf-master' ? body.services.map((s) => `${s.service}/${s.type}`) : [],
  );
  // Local recipients' domains are read from main.cf (mydestination) at run time, so this folder
  // does not follow the mail host name as it is typed (issue 6).
  const domains = [...new Set([...a.delivery.virtualDomains, ...a.delivery.transportMapDomains])];
  return [
    `check_postfix_flow ${services.map((s) => sh`${word(s)}`).join(' ')}`.trimEnd(),
    a.delivery.localRecipients ? "OUR_DOMAINS=$(local_domains | grep -v '[:/]' | tr '\\n' ' ')" : 'OUR_DOMAINS=""',
    ...domains.map((d) => sh`OUR_DOMAINS="$OUR_DOMAINS "${word(d)}`),
    `check_deferred ${DEFERRED_MINUTES} $OUR_DOMAINS`,
    // the first of those domains; a made-up address, new at each run, or LMTP_WIZARD_PROBE (a mailbox that exists, to see its 250)
    'set -- $OUR_DOMAINS',
    'PROBE="${LMTP_WIZARD_PROBE:-lmtp-wizard-probe-$$-$(date +%s)@${1:-$(postconf -h myhostname)}}"',
    'check_probe "$PROBE"',
    ...(c.local
      ? [
          `${sh`check_lmtp_rcpt ${word(c.local.unixSocket.postfixUser)} ${word(c.local.unixSocket.path, 'unixSocket.path')}`} "$PROBE"`,
        ]
      : []),
  ];
}

export function renderVerify(
  c: Context,
  host: HostId,
  modules: readonly EvaluatedModule[],
  header: readonly string[],
  roles: { postfix: boolean; cyrus: boolean },
): string {
  return [
    '#!/bin/sh',
    ...header,
    '# Usage: sh verify.sh   (read-only; exits non-zero when a check fails)',
    'set -u',
    'PATH=/usr/sbin:/usr/bin:/sbin:/bin; export PATH',
    `IMAPD_CONF=${c.release.imapdConf} CYRUS_CONF=${c.release.cyrusConf} CYRUS_BIN=${c.release.cyrusBin} POSTFIX_DIR=${c.release.postfixDir}`,
    'HERE=$(cd "$(dirname "$0")" && pwd)',
    ...sourceLibrary('verify.sh'),
    // that Postfix runs, from its installed program, is check_postfix_flow's (flowChecks)
    ...(roles.postfix ? ["check 'postfix check passes' postfix check"] : []),
    ...(roles.cyrus
      ? [
          'lint=$("$CYRUS_BIN"/cyr_info conf-lint 2>&1) && [ -z "$lint" ] && ok \'cyr_info conf-lint: no unknown imapd.conf keys\' || note "cyr_info conf-lint: $lint"',
        ]
      : []),
    ...entryChecks(modules),
    // the other entries of every list and map apply.sh merged into
    ...statePlan(c, host, modules).verify,
    ...recipientExportCheck(c, roles.postfix && roles.cyrus),
    ...(roles.cyrus ? [sh`check_cyrmaster ${word(c.release.cyrusMasterPidFile)}`, 'check_cyrus_binary'] : []),
    ...liveChecks(c, host),
    // issue 21: the daemons run what the files say, and mail flows
    ...(roles.postfix ? flowChecks(c, modules) : []),
    'if [ "$FAILED" = 0 ]; then echo "verify.sh: all checks passed"; else echo "verify.sh: some checks FAILED (see above)" >&2; exit 1; fi',
    '',
  ].join('\n');
}
