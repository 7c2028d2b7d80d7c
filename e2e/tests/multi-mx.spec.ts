// Several MX hosts, one store (issue 15): the Credentials step takes a second
// MX with its own user; the concurrency figures add up against maxchild on
// the Limits step; the preview and the tarball have its own folder; its
// password stays in 0600 files and never reaches the share link.
import { expect, test } from './fixtures.ts';
import { linkPayload, shareLinkOf } from './share-helpers.ts';
import { modeOf } from './tarball.ts';
import { chooseTopology, download, next, open, openPreviewFiles, previewFiles } from './wizard.ts';

const MX2_PASSWORD = 'Mx2:pa$s"w0rd';

test('several MX hosts: a second MX with its own user, the maxchild sum, its own folder, its password only in 0600 files', async ({
  page,
}) => {
  await open(page);
  await chooseTopology(page, 'remote');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mx1.example.org');
  await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
  await next(page, 'Credentials');
  await page.getByLabel('SASL password', { exact: true }).fill('Mx1-pw-0001');
  // no MX slot until one is added (issue 24: one slot per listed MX)
  await expect(page.getByLabel('MX host 2: host name', { exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Add an MX host', exact: true }).click();
  const host = page.getByLabel('MX host 2: host name', { exact: true });
  await expect(host).toHaveAccessibleDescription(/postfix-host-<this name>\//);
  await host.fill('mx2.example.org');
  // its own user is required by default, so that it can be revoked alone
  const user = page.getByLabel('MX host 2: SASL user name', { exact: true });
  await expect(user).toHaveAttribute('aria-invalid', 'true');
  await expect(user).toHaveAccessibleDescription(/its own SASL user/);
  await user.fill('postman2');
  await page.getByLabel('MX host 2: SASL password', { exact: true }).fill(MX2_PASSWORD);
  await page.getByLabel('MX host 2: parallel deliveries', { exact: true }).fill('90');
  await next(page, 'Routing');
  await next(page, 'Limits & options');
  // 20 (the default) + 90 is more than maxchild 100: the error names every figure
  const concurrency = page.getByLabel('Parallel deliveries', { exact: true });
  await expect(concurrency).toHaveAttribute('aria-invalid', 'true');
  await expect(concurrency).toHaveAccessibleDescription(
    /add up to 110 \(Postfix host 20 \+ MX host 2 90\), more than lmtpd maxchild \(100\)/,
  );
  await concurrency.fill('10');
  await expect(concurrency).not.toHaveAttribute('aria-invalid', 'true');
  await next(page, 'Review & download');
  await expect(page.getByRole('status')).toHaveText('The server accepted these answers.');

  // the topology picture: every MX, then the store, each MX with its own user
  const svg = page.getByTestId('topology-picture');
  await expect(svg).toHaveAccessibleName('3 hosts: mx1.example.org, mx2.example.org, store.example.org');
  await expect(svg).toContainText('SASL user postman2');

  // the share link carries the MX, never a password
  const link = await shareLinkOf(page).inputValue();
  const payload = linkPayload(link);
  expect(payload).toContain('mx2.example.org');
  expect(payload).not.toContain(MX2_PASSWORD);
  expect(payload).not.toContain('Mx1-pw-0001');

  const { entries } = await download(page);
  const names = entries.map((e) => e.name);
  expect(names).toEqual(
    expect.arrayContaining([
      'postfix-host-mx2.example.org/apply.sh',
      'postfix-host-mx2.example.org/verify.sh',
      'cyrus-host/secrets/sasl-password-mx2.example.org',
    ]),
  );
  const holders = entries.filter((e) => e.type === 'file' && e.content.includes(MX2_PASSWORD)).map((e) => e.name);
  expect(holders.sort()).toEqual([
    'cyrus-host/secrets/sasl-password-mx2.example.org',
    'postfix-host-mx2.example.org/files/etc/postfix/cyrus_sasl_passwd',
  ]);
  for (const name of holders) expect(modeOf(entries, name)).toBe('0600');

  // the preview shows every folder, and the password nowhere
  const preview = await previewFiles(page);
  expect([...preview.keys()]).toEqual(
    expect.arrayContaining([
      'postfix-host-mx2.example.org/apply.sh',
      'cyrus-host/secrets/sasl-password-mx2.example.org',
    ]),
  );
  await openPreviewFiles(page);
  expect(await page.locator('aside').innerText()).not.toContain(MX2_PASSWORD);
});
