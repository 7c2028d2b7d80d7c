// The neighbours of what apply.sh merged (issue 10): the other entries of a
// list or map it added to must resolve as before. apply.sh records them before
// its first change; verify.sh reports each one, and fails naming the one an
// admin (or a bug) changed afterwards.
import { verify, type HostId } from '../lib/bundle.ts';
import type { Container } from '../lib/containers/container.ts';
import { assert } from '../lib/runner.ts';
import type { Case, Ctx } from '../lib/scenario.ts';

const hostOf = (c: Ctx, host: HostId): Container => (host === 'cyrus-host' ? c.h.cyrus : c.h.postfix);
const stateFile = (host: HostId): string => `/var/lib/lmtp-wizard/${host}.neighbours`;

/** verify.sh passes and says "ok" for each neighbour named; the record is root's, 0600, and holds no `secret`. */
export const neighboursOk = (host: HostId, says: RegExp[], secret?: string): Case => ({
  name: `${host}/verify.sh reports the neighbours ok (recorded 0600 in ${stateFile(host)})`,
  fn: async (c) => {
    const on = hostOf(c, host);
    const v = await verify(c.bundle, host, on);
    assert(v.code === 0, `verify.sh exited ${v.code}:\n${v.out}`);
    for (const re of says) assert(re.test(v.out), `verify.sh does not say ${re}:\n${v.out}`);
    const st = await on.exec('stat', ['-c', '%U:%G %a', stateFile(host)]);
    assert(st.stdout.trim() === 'root:root 600', `${stateFile(host)} is ${st.stdout.trim()}`);
    const text = on.read(stateFile(host)) ?? '';
    assert(!secret || !text.includes(secret), `${stateFile(host)} holds the secret`);
  },
});

/**
 * A neighbour changed by hand (the shell command `change`): verify.sh fails
 * and names it (`says`), without showing `secrets`. The files in `restore` are
 * put back byte for byte afterwards (cp -a), so that rollback.sh still finds
 * them as apply.sh left them, and verify.sh passes again.
 */
export const neighbourChangedFails = (
  host: HostId,
  what: string,
  change: string,
  says: RegExp,
  restore: string[],
  secrets: string[] = [],
): Case => ({
  name: `${what} by hand: ${host}/verify.sh fails and names it`,
  fn: async (c) => {
    const on = hostOf(c, host);
    const save = restore.map((f, i) => `cp -a ${f} /root/nb-save-${i}`).join('; ');
    await on.exec('sh', ['-c', `${save}; ${change}`]);
    try {
      const v = await verify(c.bundle, host, on);
      assert(
        v.code !== 0 && says.test(v.out),
        `verify.sh exited ${v.code}, expected a failure saying ${says}:\n${v.out}`,
      );
      for (const s of secrets) assert(!v.out.includes(s), 'verify.sh printed a password');
    } finally {
      await on.exec('sh', [
        '-c',
        restore.map((f, i) => `cp -a /root/nb-save-${i} ${f}; rm -f /root/nb-save-${i}`).join('; '),
      ]);
    }
    const again = await verify(c.bundle, host, on);
    assert(again.code === 0, `verify.sh after restoring exited ${again.code}:\n${again.out}`);
  },
});
