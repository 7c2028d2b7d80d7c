// What the preview shows: the generator's output with the password masked
// wherever it appears. It is built incrementally: a host folder is rebuilt
// only when an answer it read has changed (createIncrementalGenerate), and a
// kept folder keeps its masked copy, so the memoized preview components of
// that host skip the keystroke (issue 6: the preview within 1 ms).
import { STAND_INS, type Answers } from '@lmtp-wizard/schema';
import { withLabels } from '../state/fields.ts';
import { allPasswords, createIncrementalGenerate, maskHost, maskSecrets, topologyPicture, type GeneratedFile, type GeneratorOutput, type HostBundle, type TopologyPicture } from '@lmtp-wizard/generator';

const generateIncrementally = createIncrementalGenerate();

/**
 * The generator's explanations cite answers by their paths ("answer
 * tcp.serviceName"); the preview names them as the form does (issue 24).
 */
const relabelText = (t: string): string => withLabels(t);
function relabel(host: HostBundle): HostBundle {
  return {
    ...host,
    files: host.files.map((f) => { const explanation = relabelText(f.explanation); return explanation === f.explanation ? f : { ...f, explanation }; }),
    steps: host.steps.map((s) => { const explanation = relabelText(s.explanation); return explanation === s.explanation ? s : { ...s, explanation }; }),
  };
}
// Keyed by the generator's host object, which is kept only while the answers it read are the same.
const masked = new WeakMap<HostBundle, { passwords: string; host: HostBundle }>();

function maskedHost(host: HostBundle, password: readonly string[]): HostBundle {
  const passwords = JSON.stringify(password);
  const kept = masked.get(host);
  if (kept && kept.passwords === passwords) return kept.host;
  const fresh = relabel(maskHost(host, password));
  masked.set(host, { passwords, host: fresh });
  return fresh;
}

export function preview(answers: Answers): GeneratorOutput {
  // the first MX's password and each further MX's own
  const password = allPasswords(answers);
  const { files, hosts, warnings } = generateIncrementally(answers);
  return { ...maskSecrets({ files, hosts: [], warnings }, password), hosts: hosts.map((h) => maskedHost(h, password)) };
}

// Answers still missing stand in with a .invalid value (schema STAND_INS);
// the preview shows each as its label, "<store host>", wherever it lands.
const LABELS = Object.values(STAND_INS).flatMap((s) => (s.label && typeof s.value === 'string' ? [[s.value, s.label] as const] : []));
const label = (text: string): string => labelMx(LABELS.reduce((t, [value, name]) => (t.includes(value) ? t.replaceAll(value, name) : t), text));
const labelFile = (f: GeneratedFile): GeneratedFile => {
  const content = label(f.content);
  const explanation = label(f.explanation);
  return content === f.content && explanation === f.explanation ? f : { ...f, content, explanation };
};
const labelled = new WeakMap<HostBundle, HostBundle>();
function labelHost(host: HostBundle): HostBundle {
  let kept = labelled.get(host);
  if (!kept) {
    kept = {
      ...host,
      files: host.files.map(labelFile),
      steps: host.steps.map((s) => ({ ...s, explanation: label(s.explanation), commands: s.commands.map(label) })),
    };
    labelled.set(host, kept);
  }
  return kept;
}

/**
 * A Murder backend with no proxy password yet (neither its own nor the shared
 * one: a cross-field rule, so partialAnswers leaves it "") logs in with the
 * "<password>" stand-in in the preview.
 */
function withProxyStandIn(a: Answers): Answers {
  if (a.topology !== 'murder' || a.murder.proxyPassword !== '') return a;
  if (a.murder.backends.every((_, i) => (a.murder.backendPasswords[i]?.password ?? '') !== '')) return a;
  return { ...a, murder: { ...a.murder, proxyPassword: String(STAND_INS['murder.proxyPassword']?.value ?? '') } };
}

/**
 * A further MX without its own SASL user or password yet (a cross-field
 * rule, so partialAnswers leaves them "") logs in with a stand-in the
 * preview shows as "<SASL user of MX host 2>" (issue 24): the generator
 * refuses an empty user or password, and its refusal is no message for an admin.
 */
const mxUserStandIn = (i: number) => `stand-in-user-of-mx-host-${i + 2}`;
const mxPasswordStandIn = (i: number) => `stand-in-password-of-mx-host-${i + 2}`;
function withMxStandIns(a: Answers): Answers {
  if (a.topology !== 'remote' || a.sasl.sharedUser) return a;
  if (a.extraMx.every((m) => m.username !== '' && m.password !== '')) return a;
  return { ...a, extraMx: a.extraMx.map((m, i) => ({ ...m, username: m.username || mxUserStandIn(i), password: m.password || mxPasswordStandIn(i) })) };
}
const MX_LABELS: readonly (readonly [string, string])[] = Array.from({ length: 20 }, (_, i) => [
  [mxUserStandIn(i), `<SASL user of MX host ${i + 2}>`] as const,
  [mxPasswordStandIn(i), `<password of MX host ${i + 2}>`] as const,
]).flat().reverse();
const labelMx = (text: string): string => (text.includes('stand-in-') ? MX_LABELS.reduce((t, [value, name]) => (t.includes(value) ? t.replaceAll(value, name) : t), text) : text);

/** The preview of answers that did not all parse, with placeholders where answers are missing. */
export function previewWithPlaceholders(answers: Answers): GeneratorOutput {
  const out = preview(withMxStandIns(withProxyStandIn(answers)));
  return {
    ...out,
    files: out.files.map(labelFile),
    hosts: out.hosts.map(labelHost),
    warnings: out.warnings.map((w) => ({ ...w, message: label(w.message) })),
  };
}

/**
 * The topology picture of the answers the preview shows (the generator's
 * topologyPicture), with the same placeholders where answers are missing.
 */
export function picture(answers: Answers): TopologyPicture {
  const p = topologyPicture(withMxStandIns(answers));
  return {
    hosts: p.hosts.map((h) => ({ ...h, name: label(h.name), daemons: h.daemons.map(label) })),
    links: p.links.map((l) => ({ ...l, route: label(l.route), label: label(l.label), auth: label(l.auth), tlsText: label(l.tlsText), details: l.details.map(label) })),
    notes: p.notes.map(label),
  };
}
