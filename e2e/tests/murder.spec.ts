// The Murder topology (issue 15) through the UI: one folder per host, each
// password only in 0600 files, and a share link that carries none of them.
import { expect, test } from './fixtures.ts';
import { fileNames, modeOf } from './tarball.ts';
import { chooseTopology, download, next, open, toReview } from './wizard.ts';

const SECRETS = { sasl: 'SaslCANARY-1', proxy: 'Pr0xyCANARY-2', mupdate: 'MupdCANARY-3' };

test('murder: master, backends, frontend and Postfix host folders; every password only in 0600 files; none in the share link', async ({ page }) => {
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
  await expect(picture).toHaveAccessibleName(/5 hosts: mx\.example\.org, fe1\.example\.org, be1\.example\.org, be2\.example\.org, mupdate\.example\.org/);
  await expect(picture).toContainText('to backend-be2.example.org');
  await next(page, 'Credentials');
  await page.getByLabel('SASL password', { exact: true }).fill(SECRETS.sasl);
  await page.getByLabel('Proxy password', { exact: true }).fill(SECRETS.proxy);
  await page.getByLabel('mupdate password', { exact: true }).fill(SECRETS.mupdate);
  await next(page, 'Routing');
  await toReview(page);

  const { filename, entries } = await download(page);
  expect(filename).toBe('lmtp-wizard-murder-mx.example.org.tar.gz');
  const folders = [...new Set(fileNames(entries).filter((n) => n.includes('/')).map((n) => n.split('/')[0]))].sort();
  expect(folders).toEqual(['backend-be1.example.org', 'backend-be2.example.org', 'frontend-fe1.example.org', 'mupdate-mupdate.example.org', 'postfix-host']);
  for (const f of folders) expect(modeOf(entries, `${f}/apply.sh`)).toBe('0755');
  for (const secret of Object.values(SECRETS)) {
    const holders = entries.filter((e) => e.type === 'file' && e.content.includes(secret));
    expect(holders.length, secret).toBeGreaterThan(0);
    for (const e of holders) expect({ name: e.name, mode: modeOf(entries, e.name) }).toEqual({ name: e.name, mode: '0600' });
  }
  const share = entries.find((e) => e.name === 'share.txt')?.content ?? '';
  const payload = Buffer.from(/#share=([A-Za-z0-9_-]+)/.exec(share)?.[1] ?? '', 'base64url').toString('utf8');
  expect(JSON.parse(payload)).toMatchObject({ a: { topology: 'murder', murder: { backends: ['be1.example.org', 'be2.example.org'] } } });
  for (const secret of Object.values(SECRETS)) expect(payload).not.toContain(secret);
  expect(page.url()).not.toMatch(/CANARY/);
});
