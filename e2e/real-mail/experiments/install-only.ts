// EXPERIMENT: run only the install step, forced (apt-get even if installed).
import { installDaemons } from '../lib/install.ts';
import { existsSync } from 'node:fs';
const r = await installDaemons(true);
console.log(JSON.stringify(r), 'policy-rc.d left behind:', existsSync('/usr/sbin/policy-rc.d'));
