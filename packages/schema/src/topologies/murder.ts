// A Cyrus Murder's own rules (issue 15): its hosts, and a proxy password per backend.
import type { MurderAnswers } from '../answers.ts';
import type { FieldIssue, TopologyRules, Usable } from './types.ts';
import { OTHER_DEFAULT_TRANSPORT, tlsCombinationIssues } from './remote.ts';

/**
 * A Murder's hosts each get one folder (mupdate-, backend-, frontend-<host>/),
 * so every Cyrus host is named once and none is the Postfix host; Cyrus keys
 * a backend's own settings (its password, its mechanisms) by the first label
 * of its name, so those labels must differ.
 */
function murderIssues(a: MurderAnswers, usable: Usable): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (!usable('murder.mupdateHost', 'murder.frontends', 'murder.backends', 'mailHost')) return out;
  const { mupdateHost } = a.murder;
  const seen = new Map<string, string>([
    [a.mailHost, 'the Postfix host'],
    [mupdateHost, 'the mupdate master'],
  ]);
  if (mupdateHost === a.mailHost)
    out.push({
      path: ['murder', 'mupdateHost'],
      message: `"${mupdateHost}" is the Postfix host; the mupdate master needs a host of its own in this bundle`,
    });
  const labels = new Map<string, string>();
  const list = (field: 'frontends' | 'backends', role: string) =>
    a.murder[field].forEach((h, i) => {
      const other = seen.get(h);
      if (other)
        out.push({
          path: ['murder', field, i],
          message: `"${h}" is already ${other}; each host has one role in this bundle`,
        });
      else seen.set(h, `a ${role}`);
      if (field === 'backends') {
        const label = h.split('.')[0] ?? h;
        const clash = labels.get(label);
        if (clash)
          out.push({
            path: ['murder', field, i],
            message: `"${h}" and "${clash}" share the first label "${label}"; Cyrus keys a backend's own settings by it (${label}_password, ${label}_mechs), so it must differ`,
          });
        else labels.set(label, h);
      }
    });
  list('backends', 'backend');
  list('frontends', 'frontend');
  out.push(...backendPasswordIssues(a.murder, usable));
  return out;
}

/**
 * One proxy password per backend (issue 15): its own in
 * murder.backendPasswords (same order as murder.backends), or
 * murder.proxyPassword for every backend without one.
 */
function backendPasswordIssues(m: MurderAnswers['murder'], usable: Usable): FieldIssue[] {
  const out: FieldIssue[] = [];
  if (!usable('murder.backends', 'murder.backendPasswords', 'murder.proxyPassword')) return out;
  const { backends, backendPasswords, proxyPassword } = m;
  if (backendPasswords.length > backends.length) {
    out.push({
      path: ['murder', 'backendPasswords'],
      message: `${backendPasswords.length} backend proxy passwords for ${backends.length} backends; give one per line of “Backend hosts”, in its order`,
    });
  }
  if (proxyPassword !== '') return out;
  backends.forEach((b, i) => {
    if ((backendPasswords[i]?.password ?? '') === '') {
      out.push({
        path: ['murder', 'backendPasswords', i, 'password'],
        message: `Give backend "${b}" its proxy password (“Backend ${i + 1}: proxy password”), or one proxy password for every backend (“Proxy password (every backend without its own)”)`,
      });
    }
  });
  return out;
}

export const murderRules: TopologyRules<MurderAnswers> = {
  furtherMx: () => [],
  issues: (a, usable) => [...murderIssues(a, usable), ...tlsCombinationIssues(a.tls, usable)],
  warnings: () => [],
  defaultTransportWarning: OTHER_DEFAULT_TRANSPORT,
};
