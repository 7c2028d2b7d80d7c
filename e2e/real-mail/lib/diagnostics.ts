// What to print when a delivery does not arrive: the daemons' own words.
import { existsSync, readFileSync } from 'node:fs';
import { POSTFIX_LOG, SYSLOG_FILE } from './base-config.ts';
import { run } from './sh.ts';

export function tail(path: string, lines = 40): string {
  if (!existsSync(path)) return `(${path} missing)`;
  return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export function grepLog(path: string, re: RegExp): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => re.test(l));
}

export const postfixLog = (re: RegExp): string[] => grepLog(POSTFIX_LOG, re);
export const syslogLines = (re: RegExp): string[] => grepLog(SYSLOG_FILE, re);

export async function postqueue(ns?: string): Promise<string> {
  const r = await run('postqueue', ['-p'], { ns, allowFail: true });
  return (r.stdout + r.stderr).trim();
}

export async function diagnostics(ns?: string): Promise<string> {
  return [
    `--- tail ${POSTFIX_LOG}`,
    tail(POSTFIX_LOG),
    `--- tail ${SYSLOG_FILE}`,
    tail(SYSLOG_FILE),
    '--- postqueue -p',
    await postqueue(ns),
  ].join('\n');
}
