// Each serializer is the second wall: it refuses a value that would break
// its syntax even when the schema let it through.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { SerializeError } from '../src/serializers/errors.ts';
import { shq } from '../src/serializers/shell.ts';
import { postfixLine } from '../src/serializers/postfix-main.ts';
import { masterRow } from '../src/serializers/master-cf.ts';
import { cyrusLine } from '../src/serializers/cyrus-kv.ts';
import { cyrusServiceLine } from '../src/serializers/cyrus-conf.ts';
import { tableLine } from '../src/serializers/table.ts';
import { columnsLine } from '../src/serializers/columns.ts';

const why = 'test';
const HOSTILE = ['a\nlmtp_admins: anyone', 'a\rb', 'a\u0000b', 'a\u2028b', 'a\u202eb', 'ｍail'];

describe('shq', () => {
  it.each(["it's", '$(id)', '`id`', 'a b', '"', '\\', '!#', ''])('keeps %j one shell word', (v) => {
    const out = execFileSync('sh', ['-c', `printf '%s' ${shq(v)}`], { encoding: 'utf8' });
    expect(out).toBe(v);
  });
  it.each(HOSTILE)('refuses %j', (v) => {
    expect(() => shq(v, 'f')).toThrow(SerializeError);
  });
  it('names the field', () => {
    expect(() => shq('a\nb', 'tcp.storeHost')).toThrow(/^tcp\.storeHost:/);
  });
});

describe.each([
  ['main.cf', (v: string) => postfixLine({ key: 'k', value: v, why, source: 'f' })],
  [
    'master.cf',
    (v: string) =>
      masterRow({
        service: 'cyrus',
        type: 'unix',
        private: '-',
        unpriv: '-',
        chroot: 'n',
        wakeup: '-',
        maxproc: '1',
        command: 'lmtp',
        args: [v],
        why,
        source: 'f',
      }),
  ],
  ['imapd.conf', (v: string) => cyrusLine({ key: 'k', value: v, policy: 'owned', why, source: 'f' })],
  [
    'cyrus.conf',
    (v: string) =>
      cyrusServiceLine({
        name: 'lmtp',
        cmd: 'lmtpd',
        listen: v,
        prefork: 0,
        maxchild: 1,
        policy: 'owned',
        why,
        source: 'f',
      }),
  ],
  ['table', (v: string) => tableLine({ key: 'k', value: v, why, source: 'f' })],
  ['columns', (v: string) => columnsLine({ columns: [v], why, source: 'f' }, 'test')],
])('%s serializer', (_name, line) => {
  it.each(HOSTILE)('refuses %j', (v) => {
    expect(() => line(v)).toThrow(SerializeError);
  });
});

it('main.cf refuses "$" and padding; master.cf refuses spaces; cyrus.conf refuses quotes', () => {
  expect(() => postfixLine({ key: 'k', value: '$mydomain', why, source: 'f' })).toThrow(SerializeError);
  expect(() => postfixLine({ key: 'k', value: ' x', why, source: 'f' })).toThrow(SerializeError);
  expect(() =>
    masterRow({
      service: 'cyrus',
      type: 'unix',
      private: '-',
      unpriv: '-',
      chroot: 'n',
      wakeup: '-',
      maxproc: '1',
      command: 'lmtp',
      args: ['-o x=1 y'],
      why,
      source: 'f',
    }),
  ).toThrow(SerializeError);
  expect(() =>
    cyrusServiceLine({
      name: 'lmtp',
      cmd: 'lmtpd" -a "',
      listen: 'lmtp',
      prefork: 0,
      maxchild: 1,
      policy: 'owned',
      why,
      source: 'f',
    }),
  ).toThrow(SerializeError);
  expect(() => tableLine({ key: '#k', value: 'v', why, source: 'f' })).toThrow(SerializeError);
  expect(postfixLine({ key: 'local_recipient_maps', value: '', why, source: 'f' })).toBe('local_recipient_maps =');
});
