// The single host (the guide's first topology): Postfix and Cyrus on one
// host, delivering over the Unix socket. One folder, mail-host/.
import type { SingleHostAnswers } from '@lmtp-wizard/schema';
import { hostAnswers } from '../context.ts';
import type { Topology } from './types.ts';
import { viewPicture } from './picture.ts';
import { HOST_TITLES } from './views.ts';

export const singleHost: Topology<SingleHostAnswers> = {
  id: 'single-host',
  hosts: () => [{ folder: 'mail-host', role: 'mail-host', title: HOST_TITLES['mail-host'], view: hostAnswers }],
  runOrder: (a, named) => [
    { where: 'the mail host', folders: [{ folder: 'mail-host', on: named ? a.mailHost : 'the mail host' }], args: [] },
  ],
  picture: viewPicture,
  matchHosts: (_a, hosts) => {
    const h =
      hosts.find((x) => x.postfix.installed && x.cyrus.installed) ?? hosts.find((x) => x.postfix.installed) ?? hosts[0];
    return h ? { 'mail-host': h } : {};
  },
  incremental: true,
  previewStandIns: (a) => a,
  readme: {
    title: 'single host over the Unix socket',
    differencesView: (a) => a,
    afterOrder: () => [],
    sections: () => [],
  },
};
