import { prepareBase, SINGLE_HOST } from '../lib/topology.ts';
import { getBundle } from '../lib/bundle.ts';
import { buildServer, startServer, stopServer } from '../lib/server.ts';
import { run } from '../lib/sh.ts';
import { resetState } from '../lib/base-config.ts';
import { restorePristine } from '../lib/pristine.ts';
await buildServer();
const s = await startServer();
try {
  await prepareBase(SINGLE_HOST);
  const b = await getBundle(s, { topology: 'single-host', mailHost: 'mx.test' }, 'dbg');
  const r = await run('strace', ['-f', '-tt', '-o', '/tmp/apply.st', 'sh', `${b.hosts['mail-host']}/apply.sh`, '--no-restart'], { allowFail: true });
  console.log(r.stderr.split('\n').filter((l) => /^\+ \S+ [a-z_]+ /.test(l) && !/^\+ \S+ (printf|grep|cmp|\[|tr|awk|stat|mktemp|cat|rm|mark_changed|backup|say|run)/.test(l)).join('\n'));
} finally {
  await stopServer(s);
  await resetState();
  await restorePristine();
}
