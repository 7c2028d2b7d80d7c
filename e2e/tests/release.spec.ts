// The target release is asked on the first step, Debian 13 unless changed,
// and the page, the preview and the bundle all follow the choice.
import { expect, test } from './fixtures.ts';
import { linkPayload } from './share-helpers.ts';
import { chooseTopology, download, next, open, toReview } from './wizard.ts';

test('the first step asks for the Debian release, Debian 13 by default, and the bundle follows the choice', async ({
  page,
}) => {
  await open(page);
  await expect(page.getByRole('heading', { level: 2, name: 'Topology' })).toBeVisible();
  const release = page.getByLabel('Debian release', { exact: true });
  await expect(release).toBeVisible();
  await expect(release).toHaveValue('debian-13');
  await expect(release.locator('option:checked')).toHaveText('Debian 13 (trixie)');
  await expect(release.locator('option')).toHaveText(['Debian 13 (trixie)', 'Debian 12 (bookworm)']);
  // The explanation is tied to the control, so screen readers announce it too.
  await expect(release).toHaveAccessibleDescription(/apply\.sh changes nothing on a host that runs another one/);
  await expect(page.getByRole('banner')).toContainText('on Debian 13 (trixie).');

  await release.selectOption('debian-12');
  await expect(page.getByRole('banner')).toContainText('on Debian 12 (bookworm).');
  await chooseTopology(page, 'single-host');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await next(page, 'Routing');
  await toReview(page);
  await expect(page.locator('main .summary')).toContainText('Debian 12 (bookworm)');

  const { entries } = await download(page);
  const content = (name: string) => entries.find((e) => e.name === name)?.content ?? '';
  expect(JSON.parse(content('answers.json'))).toMatchObject({ target: 'debian-12' });
  expect(content('README.md')).toContain('on Debian 12 (bookworm), with its postfix 3.7.11 and cyrus-imapd 3.6.1');
  expect(content('mail-host/apply.sh')).toContain("\nrequire_release /etc/debian_version 12 'Debian 12 (bookworm)'\n");
  expect(JSON.parse(linkPayload(content('share.txt').trim().split('\n').pop() ?? ''))).toMatchObject({
    a: { target: 'debian-12' },
  });
});
