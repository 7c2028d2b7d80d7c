// The tmpfiles.d override that gives the socket directory to the lmtp group.
import { EVERY_RELEASE, GUIDE } from '../facts.ts';
import type { FileModule } from './module.ts';

export const tmpfiles: FileModule = {
  id: 'tmpfiles',
  role: 'cyrus',
  applies: (c) => c.local !== null,
  target: EVERY_RELEASE.tmpfilesOverride,
  path: `files${EVERY_RELEASE.tmpfilesOverride}`,
  mode: 0o644,
  guideRef: GUIDE.unixStep3,
  explanation: (c) => {
    const group = c.local ? c.local.unixSocket.group : 'lmtp';
    return `Creates Cyrus's run-time directories at boot, with the socket directory owned by group "${group}" so that Postfix (a member) can reach the socket and nobody else can. The guide's step 3 edits ${c.release.packagedTmpfiles} with a garbled command ("sed -i sed -i ..."); even corrected, that edit is lost at the next package upgrade. This copy in /etc/tmpfiles.d takes precedence by file name. Debian's init script, used where systemd is not running, reads the packaged file by its full path at every start and would reset the group to "mail"; apply.sh therefore diverts the packaged file with dpkg-divert and puts a link to this one in its place, so both init systems read the same lines and upgrades keep them. dpkg-statoverride, which the guide mentions, cannot help here: /run is created at boot and belongs to no package.`;
  },
  body: (c) => {
    if (!c.local || !c.socketDir) throw new Error('tmpfiles is only for the single-host topology');
    const { group } = c.local.unixSocket;
    const rows = [
      {
        columns: ['d', '/run/cyrus', '0755', 'cyrus', 'mail', '-', '-'],
        source: 'unixSocket.path',
        why: 'As packaged.',
      },
    ];
    const dirs = c.socketDir === c.release.defaultSocketDir ? [] : [c.release.defaultSocketDir];
    for (const dir of dirs) {
      rows.push({
        columns: ['d', dir, '0750', 'cyrus', 'mail', '-', '-'],
        source: 'unixSocket.path',
        why: 'As packaged; the idle and notify sockets stay here.',
      });
    }
    rows.push({
      columns: ['d', c.socketDir, '0750', 'cyrus', group, '-', '-'],
      source: 'unixSocket.group',
      why: `The LMTP socket directory: cyrus and the "${group}" group only. ${GUIDE.unixStep3}.`,
    });
    return { kind: 'columns-file', rows, syntax: 'tmpfiles.d' };
  },
};
