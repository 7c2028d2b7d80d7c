import { installDaemons, checkPreconditions } from '../lib/install.ts';
import { savePristine } from '../lib/pristine.ts';
import { SINGLE_HOST, prepareBase, startDaemons, stopDaemons, createMailboxes } from '../lib/topology.ts';
import { stopSyslog } from '../lib/daemons.ts';
console.log(checkPreconditions());
await installDaemons();
console.log('saved', await savePristine());
await prepareBase(SINGLE_HOST);
const r = await startDaemons(SINGLE_HOST, [{ path: '/run/cyrus/socket/lmtp' }]);
try { await createMailboxes(SINGLE_HOST, ['user.alice']); console.log('mailbox ok'); }
finally { await stopDaemons(r); await stopSyslog(); }
