// What the preview shows: the generator's output with the password masked
// wherever it appears. It is built incrementally: a host folder is rebuilt
// only when an answer it read has changed (createIncrementalGenerate), and a
// kept folder keeps its masked copy, so the memoized preview components of
// that host skip the keystroke (issue 6: the preview within 1 ms).
import type { Answers } from '@lmtp-wizard/schema';
import { createIncrementalGenerate, maskHost, maskSecrets, type GeneratorOutput, type HostBundle } from '@lmtp-wizard/generator';

const generateIncrementally = createIncrementalGenerate();
// Keyed by the generator's host object, which is kept only while the answers it read are the same.
const masked = new WeakMap<HostBundle, { password: string | undefined; host: HostBundle }>();

function maskedHost(host: HostBundle, password: string | undefined): HostBundle {
  const kept = masked.get(host);
  if (kept && kept.password === password) return kept.host;
  const fresh = maskHost(host, password);
  masked.set(host, { password, host: fresh });
  return fresh;
}

export function preview(answers: Answers): GeneratorOutput {
  const password = answers.topology === 'remote' ? answers.sasl.password : undefined;
  const { files, hosts, warnings } = generateIncrementally(answers);
  return { ...maskSecrets({ files, hosts: [], warnings }, password), hosts: hosts.map((h) => maskedHost(h, password)) };
}
