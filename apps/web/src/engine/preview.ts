// What the preview shows: the generator's output with the password masked
// wherever it appears. It is built incrementally: a host folder is rebuilt
// only when an answer it read has changed (createIncrementalGenerate), and a
// kept folder keeps its masked copy, so the memoized preview components of
// that host skip the keystroke (issue 6: the preview within 1 ms).
import { STAND_INS, type Answers } from '@lmtp-wizard/schema';
import { withLabels } from '../state/fields.ts';
import {
  allPasswords,
  createIncrementalGenerate,
  maskHost,
  MX_STAND_IN_LABELS,
  previewStandIns,
  maskSecrets,
  topologyPicture,
  type GeneratedFile,
  type GeneratorOutput,
  type HostBundle,
  type TopologyPicture,
} from '@lmtp-wizard/generator';

const generateIncrementally = createIncrementalGenerate();

/**
 * The generator's explanations cite answers by their paths ("answer
 * tcp.serviceName"); the preview names them as the form does (issue 24).
 */
const relabelText = (t: string): string => withLabels(t);
function relabel(host: HostBundle): HostBundle {
  return {
    ...host,
    files: host.files.map((f) => {
      const explanation = relabelText(f.explanation);
      return explanation === f.explanation ? f : { ...f, explanation };
    }),
    steps: host.steps.map((s) => {
      const explanation = relabelText(s.explanation);
      return explanation === s.explanation ? s : { ...s, explanation };
    }),
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
const LABELS = Object.values(STAND_INS).flatMap((s) =>
  s.label && typeof s.value === 'string' ? [[s.value, s.label] as const] : [],
);
const label = (text: string): string =>
  labelMx(LABELS.reduce((t, [value, name]) => (t.includes(value) ? t.replaceAll(value, name) : t), text));
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

const labelMx = (text: string): string =>
  text.includes('stand-in-')
    ? MX_STAND_IN_LABELS.reduce((t, [value, name]) => (t.includes(value) ? t.replaceAll(value, name) : t), text)
    : text;

/** The preview of answers that did not all parse, with placeholders where answers are missing. */
export function previewWithPlaceholders(answers: Answers): GeneratorOutput {
  const out = preview(previewStandIns(answers));
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
  const p = topologyPicture(previewStandIns(answers));
  return {
    hosts: p.hosts.map((h) => ({ ...h, name: label(h.name), daemons: h.daemons.map(label) })),
    links: p.links.map((l) => ({
      ...l,
      route: label(l.route),
      label: label(l.label),
      auth: label(l.auth),
      tlsText: label(l.tlsText),
      details: l.details.map(label),
    })),
    notes: p.notes.map(label),
  };
}
