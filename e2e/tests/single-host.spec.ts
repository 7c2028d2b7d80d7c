import { expect, test } from './fixtures.ts';
import { fileNames, modeOf } from './tarball.ts';
import { chooseTopology, download, next, open, previewFiles, toReview } from './wizard.ts';

test('single host: the UI walks to a mail-host/ tarball that matches the preview', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'single-host');

  // Defaults come from the schema and show as real values.
  await expect(page.getByLabel('Unix socket path', { exact: true })).toHaveValue('/run/cyrus/socket/lmtp');
  await expect(page.getByLabel('Cyrus store host')).toHaveCount(0);
  await page.getByLabel('Postfix host name', { exact: true }).fill('Mail.Example.org');

  // Credentials is a remote-only step.
  await next(page, 'Routing');
  await page.getByLabel('Virtual domains').fill('example.net\nexample.com');
  // Local recipients plus virtual domains: the virtdomains warning shows while typing.
  await expect(page.locator('aside').getByRole('listitem').filter({ hasText: 'virtdomains is "keep"' })).toBeVisible();
  // The default recipient check asks Cyrus, so no backscatter warning; "any" brings it back, "cyrus" removes it again.
  const check = page.getByLabel('Recipient check', { exact: true });
  await expect(check).toHaveValue('cyrus');
  const backscatter = page.locator('aside').getByRole('listitem').filter({ hasText: 'backscatter' });
  await expect(backscatter).toHaveCount(0);
  await check.selectOption('any');
  await expect(backscatter).toBeVisible();
  await check.selectOption('cyrus');
  await expect(backscatter).toHaveCount(0);

  await toReview(page);
  const { filename, entries } = await download(page);
  expect(filename).toBe('lmtp-wizard-single-host-mail.example.org.tar.gz');

  const names = fileNames(entries);
  expect(names.filter((n) => n.includes('/')).every((n) => n.startsWith('mail-host/'))).toBe(true);
  expect(names.filter((n) => !n.includes('/'))).toEqual(['README.md', 'answers.json', 'share.txt']);
  expect(entries.some((e) => /^(postfix|cyrus)-host\//.test(e.name))).toBe(false);
  expect(names).toEqual(expect.arrayContaining(['mail-host/README.md', 'mail-host/apply.sh', 'mail-host/verify.sh']));
  expect(names.some((n) => n.startsWith('mail-host/files/'))).toBe(true);
  expect(names.some((n) => n.endsWith('sasl_passwd'))).toBe(false);
  // the recipient check's map of our domains
  expect(names).toContain('mail-host/files/etc/postfix/cyrus_verify');
  expect(modeOf(entries, 'mail-host/apply.sh')).toBe('0755');
  expect(modeOf(entries, 'mail-host/verify.sh')).toBe('0755');

  // The answers went through as typed (host name folded to lower case).
  const answers = JSON.parse(entries.find((e) => e.name === 'answers.json')?.content ?? '{}');
  expect(answers).toMatchObject({
    topology: 'single-host',
    target: 'debian-13',
    mailHost: 'mail.example.org',
    delivery: { virtualDomains: ['example.net', 'example.com'] },
  });

  // What the browser previewed is exactly what the server packed, modes included.
  const preview = await previewFiles(page);
  const packed = new Map(entries.filter((e) => e.type === 'file').map((e) => [e.name, modeOf(entries, e.name)]));
  expect(Object.fromEntries(preview)).toEqual(Object.fromEntries(packed));
});
