// Small config editors used by the hand-written experiments (the final suite
// applies the bundle's apply.sh instead).
import { readFileSync, writeFileSync } from 'node:fs';
import { run } from './sh.ts';

export async function postconf(settings: Record<string, string>): Promise<void> {
  await run('postconf', ['-e', ...Object.entries(settings).map(([k, v]) => `${k}=${v}`)]);
}

export async function postconfShow(names: string[], ns?: string): Promise<string> {
  const r = await run('postconf', names, { ns, allowFail: true });
  return (r.stdout + r.stderr).trim();
}

/** postconf -M name/type="..." */
export async function masterService(entry: string): Promise<void> {
  const [name, type] = entry.split(/\s+/);
  await run('postconf', ['-M', `${name}/${type}=${entry}`]);
}

/** Set (replace or append) a `key: value` line in imapd.conf; undefined removes it. */
export function imapdSet(key: string, value: string | undefined, path = '/etc/imapd.conf'): void {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n').filter((l) => !l.startsWith(`${key}:`));
  if (value !== undefined) lines.push(`${key}: ${value}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
}

/** Replace or add a service line inside cyrus.conf's SERVICES block; undefined comments it out. */
export function cyrusService(name: string, line: string | undefined, path = '/etc/cyrus.conf'): void {
  const text = readFileSync(path, 'utf8');
  const re = new RegExp(`^\\s*${name}\\s+cmd=.*$`, 'm');
  let next: string;
  if (re.test(text)) next = text.replace(re, (m) => (line === undefined ? `#${m}` : `\t${line}`));
  else if (line !== undefined) next = text.replace(/^SERVICES \{$/m, `SERVICES {\n\t${line}`);
  else next = text;
  writeFileSync(path, next);
}

export function appendLine(path: string, line: string): void {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    /* new file */
  }
  writeFileSync(path, `${text}${text && !text.endsWith('\n') ? '\n' : ''}${line}\n`);
}

export async function saslpasswd(user: string, password: string, realm?: string): Promise<void> {
  await run('saslpasswd2', ['-p', '-c', ...(realm ? ['-u', realm] : []), user], { input: password });
}
