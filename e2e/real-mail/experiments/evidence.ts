// Collects evidence (daemon log lines, replies) for FINDINGS.md.
import { writeFileSync } from 'node:fs';

const items: { key: string; value: string }[] = [];

export function record(key: string, value: string): void {
  items.push({ key, value });
  console.log(`    [evidence] ${key}:\n${value.replace(/^/gm, '      ')}`);
}

export function writeEvidence(path: string): void {
  writeFileSync(path, items.map((i) => `## ${i.key}\n\n\`\`\`\n${i.value}\n\`\`\`\n`).join('\n'));
}
