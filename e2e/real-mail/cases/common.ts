// Cases every scenario can run: delivery by Message-ID, verify.sh, the bounce
// of an unknown mailbox, a second apply.sh, and the rollback.sh apply wrote.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { apply, logScript, verify } from '../lib/bundle.ts';
import type { Container } from '../lib/containers/container.ts';
import { postfixLog } from '../lib/diagnostics.ts';
import { sendMail, type SendResult } from '../lib/mail.ts';
import { assert } from '../lib/runner.ts';
import { hostsOf, type Case, type Ctx } from '../lib/scenario.ts';
import { diffSnapshots, snapshot, touchedBy } from '../lib/snapshot.ts';
import { waitForMessage, waitForText } from '../lib/topology.ts';

export const SENDER = 'tester@mx.test';

export async function send(c: Ctx, to: string[]): Promise<SendResult> {
  const s = await sendMail({ host: c.t.smtp.host, from: SENDER, to });
  for (const rcpt of to) {
    const r = s.rcpt[rcpt];
    assert(r?.code === 250, `RCPT ${rcpt}: ${r?.text ?? 'no reply'}\n${s.transcript.join('\n')}`);
  }
  assert(s.queueId, `not queued:\n${s.transcript.join('\n')}`);
  return s;
}

/** One message to every recipient; each must arrive in its mailbox, found by Message-ID. */
export const deliver = (routes: Record<string, string>, label = Object.keys(routes).join(', ')): Case => ({
  name: `SMTP to ${label} arrives over IMAP (Message-ID)`,
  fn: async (c) => {
    const s = await send(c, Object.keys(routes));
    for (const mailbox of new Set(Object.values(routes))) await waitForMessage(c.t, c.h, mailbox, s.messageId);
  },
});

export const verifyPasses: Case = {
  name: 'verify.sh passes (exit 0) on every host',
  fn: async (c) => {
    for (const { host, on } of hostsOf(c)) {
      const v = await verify(c.bundle, host, on);
      assert(v.code === 0 && /all checks passed/.test(v.out), `${host}/verify.sh exited ${v.code}:\n${v.out}`);
    }
  },
};

export const unknownMailboxBounces: Case = {
  name: 'unknown mailbox: Cyrus 550, Postfix bounces, the DSN reaches the sender over IMAP',
  fn: async (c) => {
    const s = await send(c, ['nobody@mx.test']);
    const dsn = await waitForText(c.t, c.h, 'user.tester', s.messageId);
    assert(
      /Undelivered Mail Returned to Sender/.test(dsn),
      `the message quoting ${s.messageId} is not a DSN:\n${dsn.slice(0, 1500)}`,
    );
    const log = postfixLog(c.h, new RegExp(`${s.queueId}: `)).join('\n');
    assert(
      /said: 550[ -]/.test(log) && /status=bounced/.test(log),
      `no Cyrus 550 / status=bounced for ${s.queueId}:\n${log}`,
    );
    assert(/sender non-delivery notification/.test(log), `no non-delivery notification logged:\n${log}`);
  },
};

const backups = (on: Container): string[] => {
  const dir = on.path('/var/backups/lmtp-wizard');
  return existsSync(dir) ? readdirSync(dir) : [];
};

export const secondApplyIsNoop: Case = {
  name: 'apply.sh again: "nothing to change", every touched file byte-identical, no new backup',
  fn: async (c) => {
    for (const { host, on } of hostsOf(c)) {
      const touched = touchedBy(on, c.applied[host]?.backup);
      assert(touched.length > 0, `${host}: the first apply.sh recorded no touched files`);
      const before = await snapshot(on, touched);
      const dirs = backups(on);
      const again = await apply(c.bundle, host, on);
      assert(
        again.nothingToChange && !again.backup,
        `${host}: second apply.sh changed something:\n${again.stdout}${again.stderr}`,
      );
      const diff = diffSnapshots(before, await snapshot(on, touched));
      assert(diff.length === 0, `${host}: second apply.sh changed files:\n${diff.join('\n')}`);
      const extra = backups(on).filter((d) => !dirs.includes(d));
      assert(extra.length === 0, `${host}: second apply.sh left backups: ${extra.join(', ')}`);
    }
  },
};

export const rollbackRestores: Case = {
  name: 'rollback.sh restores every original byte (files, tmpfiles, diversion, groups)',
  fn: async (c) => {
    for (const { host, on } of hostsOf(c).reverse()) {
      const backup = c.applied[host]?.backup;
      const before = c.before[host];
      assert(backup && before, `${host}: apply.sh announced no backup`);
      const touched = touchedBy(on, backup);
      const r = await on.exec('sh', [join(backup, 'rollback.sh')], { allowFail: true });
      logScript(`${on.name} ${host} ${backup}/rollback.sh`, r);
      assert(r.code === 0, `${host}: rollback.sh exited ${r.code}:\n${r.stdout}${r.stderr}`);
      const untracked = touched.filter((p) => !(p in before));
      assert(
        untracked.length === 0,
        `${host}: apply.sh touched files the pre-apply snapshot did not cover: ${untracked.join(', ')}`,
      );
      const diff = diffSnapshots(before, await snapshot(on));
      assert(diff.length === 0, `${host}: after rollback.sh, differences from before apply.sh:\n${diff.join('\n')}`);
    }
  },
};
