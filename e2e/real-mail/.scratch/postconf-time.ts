import { prepareBase, SINGLE_HOST } from '../lib/topology.ts';
import { run } from '../lib/sh.ts';
import { resetState } from '../lib/base-config.ts';
import { restorePristine } from '../lib/pristine.ts';
try {
  await prepareBase(SINGLE_HOST);
  for (const args of [['-n', 'local_recipient_maps'], ['-n', 'myhostname'], ['-n', 'cyrus_destination_recipient_limit'], ['-n', 'local_recipient_maps']]) {
    const t = Date.now();
    const r = await run('strace', ['-f', '-tt', '-o', `/tmp/pc-${args[1]}.st`, 'postconf', ...args], { allowFail: true });
    console.log(args.join(' '), Date.now() - t, 'ms', r.stderr.trim());
  }
} finally {
  await resetState();
  await restorePristine();
}
