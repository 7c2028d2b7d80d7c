// The Murder topology (issue 15) through the UI: one folder per host, each
// password only in 0600 files, and a share link that carries none of them.
import { expect, test } from './fixtures.ts';
import { fileNames, modeOf } from './tarball.ts';
import { chooseTopology, download, next, open, openPreviewFiles, previewFiles, toReview } from './wizard.ts';

// be1 and be2 each with its own proxy password (murder.backendPasswords)
const SECRETS = { sasl: 'SaslCANARY-1', be1: 'Be1ProxyCANARY-2', be2: 'Be2ProxyCANARY-4', mupdate: 'MupdCANARY-3' };

test('murder: master, backends, frontend and Postfix host folders; every password only in 0600 files; none in the share link', async ({
  page,
}) => {
  await open(page);
  await chooseTopology(page, 'murder');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mx.example.org');
  await page.getByLabel('mupdate master host', { exact: true }).fill('mupdate.example.org');
  await page.getByLabel('Frontend hosts', { exact: true }).fill('fe1.example.org');
  const backends = page.getByLabel('Backend hosts', { exact: true });
  // two backends with the same first label: refused on the field, naming it
  await backends.fill('be1.example.org\nbe1.example.net');
  await expect(backends).toHaveAttribute('aria-invalid', 'true');
  await expect(backends).toHaveAccessibleDescription(/first label "be1"/);
  await backends.fill('be1.example.org\nbe2.example.org');
  await expect(backends).not.toHaveAttribute('aria-invalid', 'true');
  // the topology picture draws the Murder from the generator's host list: mail through the frontend to each backend
  const picture = page.getByTestId('topology-picture');
  await expect(picture).toHaveAccessibleName(
    /5 hosts: mx\.example\.org, fe1\.example\.org, be1\.example\.org, be2\.example\.org, mupdate\.example\.org/,
  );
  await expect(picture).toContainText('to backend-be2.example.org');
  await next(page, 'Credentials');
  await page.getByLabel('SASL password', { exact: true }).fill(SECRETS.sasl);
  await page.getByLabel('mupdate password', { exact: true }).fill(SECRETS.mupdate);
  // one password per backend: with none for be2 (and no shared one), the field says so
  await page.getByLabel('Backend 1: proxy password', { exact: true }).fill(SECRETS.be1);
  const be2Password = page.getByLabel('Backend 2: proxy password', { exact: true });
  await be2Password.fill('x');
  await be2Password.fill('');
  await be2Password.blur();
  await expect(be2Password).toHaveAttribute('aria-invalid', 'true');
  await expect(be2Password).toHaveAccessibleDescription(/Give backend "be2\.example\.org" its proxy password/);
  await be2Password.fill(SECRETS.be2);
  await expect(be2Password).not.toHaveAttribute('aria-invalid', 'true');
  await next(page, 'Routing');
  await toReview(page);

  const { filename, entries } = await download(page);
  expect(filename).toBe('lmtp-wizard-murder-mx.example.org.tar.gz');
  const folders = [
    ...new Set(
      fileNames(entries)
        .filter((n) => n.includes('/'))
        .map((n) => n.split('/')[0]),
    ),
  ].sort();
  expect(folders).toEqual([
    'backend-be1.example.org',
    'backend-be2.example.org',
    'frontend-fe1.example.org',
    'mupdate-mupdate.example.org',
    'postfix-host',
  ]);
  for (const f of folders) expect(modeOf(entries, `${f}/apply.sh`)).toBe('0755');
  for (const secret of Object.values(SECRETS)) {
    const holders = entries.filter((e) => e.type === 'file' && e.content.includes(secret));
    expect(holders.length, secret).toBeGreaterThan(0);
    for (const e of holders)
      expect({ name: e.name, mode: modeOf(entries, e.name) }).toEqual({ name: e.name, mode: '0600' });
  }
  // each backend's folder holds its own proxy password, never the other's
  const holders = (secret: string) =>
    entries
      .filter((e) => e.type === 'file' && e.content.includes(secret))
      .map((e) => e.name)
      .sort();
  expect(holders(SECRETS.be1)).toEqual([
    'backend-be1.example.org/secrets/sasl-password',
    'frontend-fe1.example.org/secrets/proxy-password-be1',
  ]);
  expect(holders(SECRETS.be2)).toEqual([
    'backend-be2.example.org/secrets/sasl-password',
    'frontend-fe1.example.org/secrets/proxy-password-be2',
  ]);
  const share = entries.find((e) => e.name === 'share.txt')?.content ?? '';
  const payload = Buffer.from(/#share=([A-Za-z0-9_-]+)/.exec(share)?.[1] ?? '', 'base64url').toString('utf8');
  expect(JSON.parse(payload)).toMatchObject({
    a: { topology: 'murder', murder: { backends: ['be1.example.org', 'be2.example.org'] } },
  });
  for (const secret of Object.values(SECRETS)) expect(payload).not.toContain(secret);
  expect(page.url()).not.toMatch(/CANARY/);

  // the preview lists the per-backend secret files, and shows no password
  const preview = await previewFiles(page);
  expect([...preview.keys()]).toEqual(
    expect.arrayContaining([
      'frontend-fe1.example.org/secrets/proxy-password-be1',
      'frontend-fe1.example.org/secrets/proxy-password-be2',
    ]),
  );
  await openPreviewFiles(page);
  const aside = await page.locator('aside').innerText();
  for (const secret of Object.values(SECRETS)) expect(aside).not.toContain(secret);
});
