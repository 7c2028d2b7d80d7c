// The ordered steps for one host. apply.sh runs their commands; the host's
// README explains them; the preview shows both. One list, three views.
import type { Context } from '../context.ts';
import { GUIDE, series } from '../facts.ts';
import type { EvaluatedModule } from '../files/index.ts';
import { sh, shq, word } from '../serializers/shell.ts';
import type { HostId, Step } from '../types.ts';
import { commandsFor, planFor, preflightFor, replaceKeysFor } from './actions.ts';
import { manualFor } from './manual.ts';
import { preSwitchStep, restartStep } from './restart-step.ts';
import { sharedSaslPasswd } from '../files/sasl-passwd.ts';
import { tlsPlan, subjectAltName } from '../files/lmtp-tls.ts';
import { extraMxUsers, mxFolder } from '../multi-mx.ts';
import { murderSecretsStep } from '../murder/secrets.ts';
import { MURDER_SECRETS } from '../murder/facts.ts';
import { recipientExportStep } from './recipient-export.ts';

export function hostSteps(c: Context, host: HostId, modules: readonly EvaluatedModule[]): Step[] {
  const { a, release: r } = c;
  const postfix = c.hostFor('postfix') === host;
  const cyrus = c.hostFor('cyrus') === host;
  const steps: Step[] = [];
  const remote = a.topology === 'remote';
  const wrappers = a.topology === 'remote' && a.tcp.allowFrom.length > 0;
  const tls = tlsPlan(c);
  const packages = [
    ...(postfix ? [...r.packages.postfix, ...(remote ? r.packages.postfixRemote : [])] : []),
    ...(cyrus ? [...r.packages.cyrus, ...(remote ? r.packages.cyrusRemote : [])] : []),
    ...(cyrus && wrappers ? r.packages.cyrusWrappers : []),
    ...(cyrus && tls ? r.packages.cyrusTls : []),
    // mupdate: the master's "mupdate -m" and each frontend's mupdate slave
    ...(cyrus && (c.murder?.kind === 'mupdate' || c.murder?.kind === 'frontend') ? r.packages.murderMupdate : []),
  ];
  // only the Postfix host reads the store hosts here (the preview keeps a folder that does not read an answer)
  const v6 = postfix && a.topology === 'remote' ? c.stores.filter((h) => h.includes(':')) : [];
  if (v6.length > 0) {
    steps.push({
      title: 'Check that Postfix may use IPv6',
      explanation: `The store is the IPv6 address ${v6.join(', ')}. A Postfix set to inet_protocols = ipv4 (a choice dpkg-reconfigure offers) bounces every such message at once with "Address family for hostname not supported" (checked on Postfix ${series(r.postfixVersion)}, ${r.label}). apply.sh stops here before changing anything when that is so, rather than changing inet_protocols itself: that setting also decides what Postfix listens on, and needs a full stop and start.`,
      guideRef: GUIDE.tcp,
      commands: v6.map((h) => sh`require_ipv6 ${word(h, 'tcp.storeHost')}`),
    });
  }
  steps.push({
    title: 'Check the packages',
    explanation: `Installs what is missing from: ${packages.join(', ')}. ${
      postfix && remote
        ? `libsasl2-modules holds the SASL mechanisms the Postfix lmtp client needs to log in. Postfix ${r.postfixVersion} on ${r.label} only ${r.saslModules.toLowerCase()} it, so ${r.saslModules === 'Suggests' ? 'apt does not install it with postfix' : 'a minimal install can lack it'}; without it every delivery fails with "no mechanism available".`
        : ''
}${
      cyrus && wrappers ? ' tcpd brings tcpdmatch, which verify.sh asks how the tcp-wrapper rules judge each allowed address; Cyrus itself only needs the libwrap0 library it already depends on.' : ''
    }${cyrus && tls ? ` openssl ${tls.selfSigned ? 'makes the store\'s key pair and ' : ''}prints the certificate's fingerprint (a minimal Debian system can lack the openssl binary).` : ''}${
      packages.includes('cyrus-murder')
        ? ` cyrus-murder holds the mupdate program that ${c.murder?.kind === 'mupdate' ? 'this master runs as "mupdate -m"' : "this frontend's mupdate slave runs"}; cyrus-imapd does not, and a stock host lacks it (it also brings cyrus-pop3d, on which it depends, so the stock cyrus.conf's pop3 line then finds its program and stays on). Backends need none of it.`
        : ''
    } Before any change, apply.sh checks that apt can install every missing package (apt-cache policy shows a candidate); one it cannot is a conflict. The guide's note about the postfix-tls package on sarge is obsolete: SASL support has been part of the postfix package for many releases.`,
    // The sarge note sits in the TCP section; a single host follows the Unix one.
    guideRef: remote ? GUIDE.tcp : GUIDE.unix,
    preflight: [`check_packages ${packages.join(' ')}`],
    commands: [`ensure_packages ${packages.join(' ')}`],
  });
  if (cyrus && a.topology === 'single-host') {
    const { group, postfixUser } = a.unixSocket;
    steps.push({
      title: `Create the "${group}" group and add ${postfixUser} to it`,
      explanation: `Whoever can write to the LMTP socket can put mail in any mailbox, since Cyrus trusts the socket as "postman". A dedicated group holding only the Postfix user is the lock. addgroup --system is used because this is a service group. Postfix picks up the new membership when it restarts, which apply.sh does at the end.`,
      guideRef: `${GUIDE.unixStep1}; ${GUIDE.unixStep2}`,
      commands: [
        sh`ensure_group ${word(group, 'unixSocket.group')}`,
        sh`ensure_member ${word(postfixUser, 'unixSocket.postfixUser')} ${word(group, 'unixSocket.group')}`,
      ],
    });
  }
  if (postfix && tls && a.topology === 'remote') {
    const port = word(a.tcp.port, 'tcp.port');
    const several = c.stores.length > 1;
    // which folder's apply.sh prints each store's fingerprint
    const folder = c.storesAreFrontends ? 'frontend-%s' : 'cyrus-host';
    const storeField = c.storesAreFrontends ? 'murder.frontends' : 'tcp.storeHost';
    const stores = c.stores.map((h) => shq(h, storeField));
    steps.push({
      title: tls.mode === 'fingerprint' ? 'Check the store\'s certificate against the pin' : 'Check the store\'s certificate against the CA',
      explanation:
        tls.mode === 'fingerprint'
          ? several
            ? `The frontends come first: each one's apply.sh makes its certificate and prints the command for this host, with its own fingerprint in it and a place for each other frontend's. Here apply.sh takes one --store-fingerprint HOST=SHA256 per frontend (${c.stores.join(', ')}); a frontend without one keeps the pin our service already has for it, and apply.sh stops before any change when a frontend has neither. Before any change, posttls-finger (from the postfix package; -S speaks LMTP) does STARTTLS with each frontend as our service will, and each must present its own certificate; a frontend that is down, offers no STARTTLS or presents another certificate is a conflict that names both fingerprints. So failover cannot meet an unpinned frontend, and a typo in a fingerprint cannot defer all mail.`
            : `The store comes first: its apply.sh makes or finds its certificate and prints the command for this host, with the fingerprint. Here apply.sh takes it (--store-fingerprint SHA256), or keeps the pin our service already has, and stops before any change without one. Before any change, posttls-finger (from the postfix package; -S speaks LMTP) does STARTTLS with the store as our service will and must see that very certificate; a store that offers no STARTTLS, or another certificate, is a conflict that names both fingerprints. So the two hosts cannot be done in the wrong order, and a typo in the fingerprint cannot defer all mail.`
          : `Before any change, posttls-finger (from the postfix package; -S speaks LMTP) does STARTTLS with ${several ? `each frontend (${c.stores.join(', ')})` : 'the store'} and verifies its certificate against ${a.topology === 'remote' ? a.tls.caFile : ''} for the name ${several && tls.name === 'hostname' ? "of that frontend" : tls.name}, as our service will; any failure is a conflict. Run the ${several ? "frontends'" : "store's"} apply.sh first.`,
      guideRef: GUIDE.beyond,
      commands: [],
      inputs: [
        ...(tls.mode === 'fingerprint'
          ? [`${sh`check_store_pin ${word(c.transport, 'delivery.transportName')} ${port} ${word(folder)}`} ${stores.join(' ')}`]
          : c.stores.map((h) => sh`check_store_ca ${word(c.transport, 'delivery.transportName')} ${word(h, storeField)} ${port} ${word(tls.name === 'hostname' ? h : tls.name, 'tls.verifyName')} ${word(a.tls.caFile, 'tls.caFile')}`)),
      ],
    });
  }
  if (cyrus && tls && a.topology === 'remote') {
    const cert = word(tls.cert, 'tls.certPath');
    const key = word(tls.key, 'tls.keyPath');
    steps.push({
      title: tls.selfSigned ? `Make the store's TLS key pair in ${r.tlsDir}` : `Check the certificate ${tls.cert} and key ${tls.key}`,
      explanation: tls.selfSigned
        ? `lmtpd offers STARTTLS only with a certificate and key. apply.sh makes a self-signed pair here with openssl (EC P-256, valid ten years, for ${subjectAltName(a.tcp.storeHost)}): ${tls.cert} (0644) and ${tls.key}. The key is made on the store and never leaves it; it is not in the bundle. It belongs to cyrus, mode 0600: lmtpd runs as cyrus, Debian has no cyrus group (cyrus's group is "mail", which other mail programs share), so ownership is the narrowest grant that works. ${r.tlsDir} is a directory of our own, so rollback.sh removes it whole, and no other daemon's certificates are near it. A re-run keeps the pair; to renew it, remove both files and run apply.sh again, then the Postfix host's apply.sh with the new fingerprint.`
        : `Your certificate and key stay where they are. Before any change, apply.sh checks that both exist and that the cyrus user can read the key.`,
      guideRef: GUIDE.beyond,
      preflight: [sh`check_tls_pair ${cert} ${key} ${tls.selfSigned ? '1' : '0'}`],
      commands: tls.selfSigned ? [sh`ensure_tls_pair ${cert} ${key} ${word(a.tcp.storeHost, 'tcp.storeHost')} ${word(subjectAltName(a.tcp.storeHost), 'tcp.storeHost')}`] : [],
    });
  }
  // main.cf routes mail to our service: its step comes last, after the daemons have taken everything else
  let mainCf: Step | undefined;
  for (const { module: m, body, explanation, target, path, guideRef } of modules) {
    if (target === null) continue;
    const step: Step = {
      title: `Configure ${target}`,
      explanation,
      guideRef,
      commands: commandsFor(body, path, target),
      manual: manualFor(body, path, target),
      preflight: preflightFor(body, target),
      plan: planFor(body, path, target),
      replaceable: replaceKeysFor(body, target),
    };
    if (postfix && target === `${r.postfixDir}/main.cf`) mainCf = step;
    else steps.push(step);
    if (m.id === 'cyrus-conf' && a.cyrus.disableMissingServices) {
      steps.push({
        title: 'Disable cyrus.conf services whose program is missing',
        explanation:
          "Debian's stock cyrus.conf starts pop3, nntp and http, but pop3d, nntpd and httpd come in separate packages. cyrmaster exits when a listed program is missing, and then nothing delivers. Such lines are commented out with a marker so you can see what changed. A service of this bundle is never commented out: when its program is missing although the packages step ran, apply.sh stops with an error (exit 1) that names the program, and rollback.sh undoes the run.",
        guideRef: GUIDE.unix,
        // this bundle's own services (the lmtp line, a Murder's mupdate) are never commented out
        commands: [['disable_missing_services', ...(body.kind === 'cyrus-conf' ? body.services.map((s) => shq(s.name)) : [])].join(' ')],
      });
    }
  }
  if (postfix && a.topology === 'remote') {
    const shared = sharedSaslPasswd(c)?.path ?? `${r.postfixDir}/sasl_passwd`;
    steps.push({
      title: `Remove an earlier bundle's credentials from ${shared}`,
      explanation: `Earlier bundles kept the store's credentials in the shared ${shared}, which often also holds a relay's (smtp_sasl_password_maps). They now live in a file of our own, so apply.sh removes only the line for ${a.tcp.storeHost} with user "${a.sasl.username}" from ${shared}, if there is one, and compiles it again; every other line stays as it is. Their main.cf settings lmtp_sasl_auth_enable, lmtp_sasl_password_maps and lmtp_host_lookup are left alone: our service's -o options take precedence, and another LMTP client may rely on them.`,
      guideRef: GUIDE.tcpStep1,
      commands: [sh`drop_earlier_credentials ${word(shared)} ${word(a.tcp.storeHost, 'tcp.storeHost')} ${word(a.sasl.username, 'sasl.username')}`],
    });
  }
  if (cyrus && a.topology === 'remote') {
    steps.push({
      title: `Store the password of "${a.sasl.username}" in ${r.sasldb}`,
      explanation: `Cyrus checks the LMTP login against ${r.sasldb}. saslpasswd2 reads the password from secrets/sasl-password on standard input. A new database created by saslpasswd2 is root:root 0640, which the cyrus user cannot read, so the file is set to root:sasl 0660 and registered with dpkg-statoverride, where Debian keeps such ownership across upgrades. A re-run leaves the database alone when it already holds this password.`,
      guideRef: GUIDE.tcpStep2,
      commands: [sh`set_sasl_user ${word(a.sasl.username, 'sasl.username')} "$HERE"/secrets/sasl-password`],
    });
    for (const u of extraMxUsers(a)) {
      steps.push({
        title: `Store the password of "${u.username}" (MX ${u.host}) in ${r.sasldb}`,
        explanation: `The MX host ${u.host} logs in as its own user "${u.username}"; saslpasswd2 reads its password from ${u.secretPath}, as for the first MX. To stop this MX alone later, remove its user on the store (saslpasswd2 -d ${u.username}): its mail then waits in its own queue, and the other MX hosts still deliver.`,
        guideRef: GUIDE.tcpStep2,
        commands: [sh`set_sasl_user ${word(u.username, `extraMx.${u.index}.username`)} "$HERE"/${word(u.secretPath, `extraMx.${u.index}.host`)}`],
      });
    }
  }
  steps.push(...[recipientExportStep(c, postfix && cyrus)].filter((x): x is Step => x !== null));
  const murderSecrets = cyrus ? murderSecretsStep(c) : null;
  if (murderSecrets) steps.push(murderSecrets);
  const services = modules.flatMap(({ body }) => (body.kind === 'postconf-master' ? body.services.map((s) => `${s.service}/${s.type}`) : []));
  const roles = { postfix, cyrus, services };
  const cyrusExtra = [...(cyrus && tls ? [tls.cert, tls.key] : []), ...(murderSecrets ? [MURDER_SECRETS] : [])];
  if (mainCf) steps.push(preSwitchStep(r, roles, cyrusExtra), mainCf);
  steps.push(restartStep(r, roles, cyrusExtra));
  if (cyrus && tls && tls.mode === 'fingerprint') {
    steps.push({
      title: 'Print the certificate\'s fingerprint and the next command',
      explanation:
        c.murder?.kind === 'frontend'
          ? `The Postfix host pins the certificate of every frontend, since its mail fails over from one to the next. apply.sh prints this frontend's SHA-256 fingerprint (openssl x509 -fingerprint -sha256) and the whole command for the postfix-host folder: sh apply.sh ${c.murder.m.murder.frontends.map((f) => `--store-fingerprint ${f}=${f === c.stores[0] ? 'AB:CD:...' : `FINGERPRINT-OF-${f}`}`).join(' ')}, where each FINGERPRINT-OF-<frontend> is what that frontend's apply.sh prints. The fingerprint is not secret; the key stays here.`
          : `The Postfix host pins this certificate. apply.sh prints its SHA-256 fingerprint (openssl x509 -fingerprint -sha256) and the exact command to run next in the postfix-host folder: sh apply.sh --store-fingerprint AB:CD:... The fingerprint is not secret; the key stays here.`,
      guideRef: GUIDE.beyond,
      commands: [
        c.murder?.kind === 'frontend'
          ? `${sh`tls_next_step ${word(tls.cert, 'tls.certPath')} ${word(c.stores[0] ?? '', 'murder.frontends')}`} ${c.murder.m.murder.frontends.map((f) => shq(f, 'murder.frontends')).join(' ')}`
          : sh`tls_next_step ${word(tls.cert, 'tls.certPath')}`,
        ...(a.topology === 'remote' && a.extraMx.length > 0 ? [sh`say ${word(`the same command on every further MX host, in its own folder: ${a.extraMx.map((m) => `${mxFolder(m)}/`).join(', ')}`)}`] : []),
      ],
    });
  }
  return steps;
}
