import { expect, test } from './fixtures.ts';
import { fileNames, modeOf } from './tarball.ts';
import {
  chooseTopology,
  download,
  fillRemote,
  next,
  open,
  openPreviewFiles,
  previewFiles,
  toReview,
} from './wizard.ts';

// Every character class the schema allows that a shell or Postfix could trip on.
const PASSWORD = `Pa:ss$w"o'rd!#\\x`;

test('remote: the UI walks to postfix-host/ + cyrus-host/ with cyrus_sasl_passwd at 0600', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'remote');
  await fillRemote(page, {
    mailHost: 'mail.example.org',
    storeHost: 'store.example.org',
    port: '2004',
    username: 'lmtpfeed',
    password: PASSWORD,
  });
  await toReview(page);
  // The review echoes answers but never the password.
  await expect(page.locator('main').getByText('set (not shown)')).toBeVisible();

  const { filename, entries } = await download(page);
  expect(filename).toBe('lmtp-wizard-remote-mail.example.org.tar.gz');

  const names = fileNames(entries);
  expect(names.filter((n) => n.includes('/')).every((n) => /^(postfix|cyrus)-host\//.test(n))).toBe(true);
  expect(entries.some((e) => e.name.startsWith('mail-host/'))).toBe(false);
  for (const host of ['postfix-host', 'cyrus-host']) {
    expect(names).toEqual(expect.arrayContaining([`${host}/README.md`, `${host}/apply.sh`, `${host}/verify.sh`]));
    expect(modeOf(entries, `${host}/apply.sh`)).toBe('0755');
    expect(modeOf(entries, `${host}/verify.sh`)).toBe('0755');
  }
  expect(modeOf(entries, 'postfix-host/files/etc/postfix/cyrus_sasl_passwd')).toBe('0600');
  const saslPasswd = entries.find((e) => e.name === 'postfix-host/files/etc/postfix/cyrus_sasl_passwd')?.content ?? '';
  expect(saslPasswd).toContain(`lmtpfeed:${PASSWORD}`);
  expect(saslPasswd).toContain('2004');

  // Every file holding the password is private; answers.json never holds it.
  const holders = entries.filter((e) => e.type === 'file' && e.content.includes(PASSWORD));
  expect(holders.length).toBeGreaterThan(0);
  for (const e of holders)
    expect({ name: e.name, mode: modeOf(entries, e.name) }).toEqual({ name: e.name, mode: '0600' });
  const answers = entries.find((e) => e.name === 'answers.json')?.content ?? '';
  expect(answers).not.toContain(PASSWORD);
  expect(JSON.parse(answers)).toMatchObject({
    topology: 'remote',
    tcp: { storeHost: 'store.example.org', port: 2004 },
  });

  // The preview lists the same files and modes, and shows the password nowhere.
  const preview = await previewFiles(page);
  const packed = new Map(entries.filter((e) => e.type === 'file').map((e) => [e.name, modeOf(entries, e.name)]));
  expect(Object.fromEntries(preview)).toEqual(Object.fromEntries(packed));
  await openPreviewFiles(page);
  await expect(page.locator('aside')).toContainText('********');
  expect(await page.locator('aside').innerText()).not.toContain(PASSWORD);
});

test("remote: the store's service name and listen address, by keyboard, with hints; the bundle names the service everywhere", async ({
  page,
}) => {
  await open(page);
  await chooseTopology(page, 'remote');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await page.getByLabel('Cyrus store host', { exact: true }).fill('192.0.2.10');
  // Keyboard: from the port field, Tab reaches the listen address, then the allowed addresses, then the service name.
  await page.getByLabel('LMTP port', { exact: true }).focus();
  await page.keyboard.press('Tab');
  const listen = page.getByLabel('Store listen address', { exact: true });
  await expect(listen).toBeFocused();
  await page.keyboard.type('192.0.2.10');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Addresses allowed to connect', { exact: true })).toBeFocused();
  await page.keyboard.type('198.51.100.7');
  await page.keyboard.press('Tab');
  const service = page.getByLabel('Cyrus service name', { exact: true });
  await expect(service).toBeFocused();
  // Hints are the fields' accessible descriptions.
  await expect(listen).toHaveAccessibleDescription(/127\.0\.0\.1 included.*Leave empty to listen on every address/);
  await expect(service).toHaveAccessibleDescription(/hosts\.allow and hosts\.deny/);
  // cyrus.conf allows no "_" in a service name
  await service.fill('lmtp_tcp');
  await expect(service).toHaveAttribute('aria-invalid', 'true');
  await expect(service).toHaveAccessibleDescription(/Cyrus service name must start with a lower-case letter/);
  await service.fill('lmtptcp');
  await expect(service).not.toHaveAttribute('aria-invalid', 'true');
  await next(page, 'Credentials');
  await page.getByLabel('SASL password', { exact: true }).fill('secret-pw');
  await next(page, 'Routing');
  await toReview(page);

  const { entries } = await download(page);
  const file = (name: string) => entries.find((e) => e.name === name)?.content ?? '';
  expect(file('cyrus-host/files/etc/cyrus.conf.fragment')).toContain('lmtptcp cmd="lmtpd" listen="192.0.2.10:lmtp"');
  expect(file('cyrus-host/files/etc/imapd.conf.fragment')).toMatch(/^lmtptcp_admins: postman$/m);
  expect(file('cyrus-host/files/etc/hosts.allow.fragment')).toMatch(/^lmtptcp: 198\.51\.100\.7$/m);
  expect(file('cyrus-host/files/etc/hosts.deny.fragment')).toMatch(/^lmtptcp: ALL$/m);
  expect(JSON.parse(file('answers.json'))).toMatchObject({
    tcp: { serviceName: 'lmtptcp', listenAddress: '192.0.2.10' },
  });
});

test('remote: TLS on the hop by keyboard; "off" warns, CA mode asks for the CA file; the bundle pins by default', async ({
  page,
}) => {
  await open(page);
  await chooseTopology(page, 'remote');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
  await next(page, 'Credentials');
  await page.getByLabel('SASL password', { exact: true }).fill('secret-pw');
  // Keyboard: from the password's last control, Tab reaches the TLS choice.
  await page.getByLabel('Show password', { exact: true }).focus();
  await page.keyboard.press('Tab');
  const mode = page.getByLabel('TLS on the LMTP hop', { exact: true });
  await expect(mode).toBeFocused();
  await expect(mode).toHaveValue('fingerprint');
  await expect(mode).toHaveAccessibleDescription(/--store-fingerprint/);
  const storeCert = page.getByLabel('Store certificate', { exact: true });
  const caFile = page.getByLabel('CA file on the Postfix host', { exact: true });
  await expect(storeCert).toBeVisible();
  // Only what applies: no CA file while pinning, no certificate paths for a self-signed pair.
  await expect(caFile).toHaveCount(0);
  await expect(page.getByLabel('Certificate path on the store', { exact: true })).toHaveCount(0);

  // "off", chosen with the arrow keys: the warning is the field's description; the certificate questions go.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(mode).toHaveValue('off');
  await expect(mode).toHaveAccessibleDescription(/TLS off: every message crosses the network .* in plain text/);
  await expect(storeCert).toHaveCount(0);

  // CA mode: the CA file appears, required, and Next names what is missing on the field.
  await page.keyboard.press('ArrowUp');
  await expect(mode).toHaveValue('ca');
  await expect(mode).not.toHaveAccessibleDescription(/TLS off: every message/);
  await page.keyboard.press('Tab');
  await expect(storeCert).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(caFile).toBeFocused();
  await expect(caFile).toHaveAttribute('aria-required', 'true');
  await page.getByRole('button', { name: 'Next: Routing' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Credentials' })).toBeVisible();
  await expect(caFile).toHaveAttribute('aria-invalid', 'true');
  await expect(caFile).toHaveAccessibleDescription(/Give the CA file on the Postfix host/);
  await caFile.fill('/etc/ssl/certs/our-ca.pem');
  await expect(caFile).not.toHaveAttribute('aria-invalid', 'true');

  // Back to pinning: the CA file typed above is neither asked nor sent.
  await mode.selectOption('fingerprint');
  await expect(caFile).toHaveCount(0);
  await next(page, 'Routing');
  await toReview(page);
  const { entries } = await download(page);
  const file = (name: string) => entries.find((e) => e.name === name)?.content ?? '';
  expect(file('postfix-host/files/etc/postfix/master.cf.fragment')).toContain('-o lmtp_tls_security_level=fingerprint');
  expect(file('postfix-host/files/etc/postfix/master.cf.fragment')).not.toContain('our-ca.pem');
  expect(JSON.parse(file('answers.json')).tls).toMatchObject({ mode: 'fingerprint', caFile: '' });
});
