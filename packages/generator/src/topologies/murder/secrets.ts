// The Murder's passwords: each is an input file (0600, never installed as is)
// of only the hosts that log in with it. apply.sh writes them as
// "KEY: password" lines into MURDER_SECRETS, a file of our own (cyrus, 0600)
// that imapd.conf includes, so the world-readable imapd.conf holds none.
import type { Context } from '../../context.ts';
import type { FileModule } from '../../files/module.ts';
import { sh, word } from '../../serializers/shell.ts';
import type { Step } from '../../types.ts';
import { backendPassword } from '@lmtp-wizard/schema';
import { MURDER_DOC, MURDER_SECRETS, shortName } from './facts.ts';
export { MURDER_APPLY_LIB } from '../../shell/embedded.ts';

const isMember = (c: Context): boolean => c.part !== undefined && c.part.kind !== 'mupdate';

export const mupdateSecret: FileModule = {
  id: 'murder-mupdate-secret',
  role: 'cyrus',
  applies: isMember,
  target: null,
  path: 'secrets/mupdate-password',
  mode: 0o600,
  secret: true,
  guideRef: MURDER_DOC,
  explanation: (c) =>
    `The password of "${c.part?.m.murder.mupdateUser ?? ''}" on the mupdate master, without a trailing newline. apply.sh writes it into ${MURDER_SECRETS} as mupdate_password. Delete the bundle once you have applied it.`,
  body: (c) => ({ kind: 'input', text: c.part?.m.murder.mupdatePassword ?? '', source: 'murder.mupdatePassword' }),
};

/** A frontend's logins on the backends: per backend, its imapd.conf key, its password and the input file holding it. */
export function proxyLogins(
  c: Context,
): { host: string; key: string; password: string; source: string; path: string }[] {
  if (c.part?.kind !== 'frontend') return [];
  const { murder } = c.part.m;
  return murder.backends.map((host, i) => ({
    host,
    key: `${shortName(host)}_password`,
    password: backendPassword(murder, i),
    source: murder.backendPasswords[i]?.password ? `murder.backendPasswords.${i}.password` : 'murder.proxyPassword',
    path: `secrets/proxy-password-${shortName(host)}`,
  }));
}

/** A frontend's input file with backend number INDEX's proxy password (0600, never installed). */
const proxySecretModule = (index: number): FileModule => ({
  id: `murder-proxy-secret-${index}`,
  role: 'cyrus',
  applies: (c) => proxyLogins(c)[index] !== undefined,
  target: null,
  path: (c) => proxyLogins(c)[index]?.path ?? '',
  mode: 0o600,
  secret: true,
  guideRef: MURDER_DOC,
  explanation: (c) => {
    const l = proxyLogins(c)[index];
    return `The password lmtpd on this frontend logs in with on the backend ${l?.host ?? ''} as "${c.part?.m.murder.proxyUser ?? ''}", without a trailing newline. apply.sh writes it into ${MURDER_SECRETS} as ${l?.key ?? ''}: Cyrus looks a backend's password up by the first label of its name, and falls back to proxy_password, which the bundle does not set. Each backend has its own, so one backend's password does not open another. Only frontends get it.`;
  },
  body: (c) => {
    const l = proxyLogins(c)[index];
    if (!l) throw new Error(`no backend number ${index}`);
    return { kind: 'input', text: l.password, source: l.source };
  },
});

/** The frontend's per-backend proxy secret modules (none on other hosts). */
export const proxySecretModules = (c: Context): FileModule[] => proxyLogins(c).map((_, i) => proxySecretModule(i));

/** The step that installs MURDER_SECRETS and includes it in imapd.conf; none on the mupdate master. */
export function murderSecretsStep(c: Context): Step | null {
  if (!isMember(c)) return null;
  const pairs = [
    sh`mupdate_password "$HERE"/secrets/mupdate-password`,
    ...proxyLogins(c).map((l) => sh`${word(l.key)} "$HERE"/${word(l.path)}`),
  ];
  return {
    title: `Put the Murder's passwords in ${MURDER_SECRETS}`,
    explanation: `/etc/imapd.conf is world-readable on Debian, so the passwords go to a file of our own, owned by cyrus with mode 0600 (every Cyrus process runs as cyrus), and imapd.conf gets one line, "@include: ${MURDER_SECRETS}", which Cyrus reads as if the keys were written there. ${c.part?.kind === 'frontend' ? 'A frontend holds mupdate_password (its login on the mupdate master) and, per backend, <first label>_password (its login on that backend; Cyrus (backend.c) looks that key up before proxy_password).' : 'A backend holds mupdate_password only: it never logs in to another backend.'} ${MURDER_DOC}.`,
    guideRef: MURDER_DOC,
    commands: [
      `${sh`install_murder_secrets ${word(MURDER_SECRETS)}`} ${pairs.join(' ')}`,
      sh`ensure_imapd_include ${word(MURDER_SECRETS)}`,
    ],
  };
}
