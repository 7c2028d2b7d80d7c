// The topology picture (issue 13): a live SVG of the hosts and the hop
// between them, drawn from the generator's topologyPicture(). It follows
// the answers, shows placeholders for missing ones, says the same in text
// (role="img" with a title and a description), and is axe-clean in both
// themes at both sizes without widening the page.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { SIZES } from './sizes.ts';
import { chooseTopology, next, open, showPreview, showQuestions } from './wizard.ts';

const picture = (page: Page) => page.getByRole('img', { name: /hosts?:/ });

async function goToStep(page: Page, title: string) {
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: new RegExp(title) })
    .click();
  await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
}

test('single host: one host with the socket path and its group, following the answers', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'single-host');
  const svg = picture(page);
  await expect(svg).toBeVisible();
  // Before any answer: the placeholder the preview uses, and the defaults.
  await expect(svg).toHaveAccessibleName('One host: <Postfix host>');
  await expect(svg).toContainText('/run/cyrus/socket/lmtp');
  await expect(svg).toContainText('socket group lmtp');
  await expect(svg).not.toContainText('SASL');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await page.getByLabel('Unix socket path', { exact: true }).fill('/run/cyrus/socket/lmtp2');
  await page.getByLabel('Socket group', { exact: true }).fill('mailers');
  await expect(svg).toHaveAccessibleName('One host: mail.example.org');
  await expect(svg).toContainText('/run/cyrus/socket/lmtp2');
  await expect(svg).toContainText('socket group mailers');
  // The text alternative states the same facts.
  await expect(svg).toHaveAccessibleDescription(
    /Unix socket \/run\/cyrus\/socket\/lmtp2 .*group mailers, which holds user postfix/,
  );
});

test('remote: store host:port, SASL user and TLS mode, updated as they change', async ({ page }) => {
  await open(page);
  await chooseTopology(page, 'single-host');
  await expect(picture(page)).toContainText('socket group lmtp');
  // Switch to remote. On the Topology step the picture's region must not share the step's name.
  await goToStep(page, 'Topology');
  const landmarks = await new AxeBuilder({ page }).withRules(['landmark-unique', 'region']).analyze();
  expect(landmarks.violations.map((v) => v.id)).toEqual([]);
  await chooseTopology(page, 'remote');
  const svg = picture(page);
  await expect(svg).toHaveAccessibleName('2 hosts: <Postfix host>, <store host>');
  await expect(svg).toContainText('<store host>:2003');
  await expect(svg).toContainText('SASL user postman');
  await expect(svg).toContainText('TLS: fingerprint pin');
  await expect(svg).not.toContainText('socket group');
  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
  await page.getByLabel('LMTP port', { exact: true }).fill('2010');
  await expect(svg).toContainText('store.example.org:2010');
  await expect(svg).toHaveAccessibleName('2 hosts: mail.example.org, store.example.org');
  await next(page, 'Credentials');
  await page.getByLabel('SASL user name', { exact: true }).fill('deliverer');
  await page.getByLabel('SASL password', { exact: true }).fill('secret-pw');
  await expect(svg).toContainText('SASL user deliverer');
  await expect(svg).not.toContainText('secret-pw');
  const mode = page.getByLabel('TLS on the LMTP hop', { exact: true });
  await mode.selectOption('off');
  await expect(svg).toContainText('TLS off: plain text');
  await expect(svg).toHaveAccessibleDescription(/TLS is off: the hop is plain text/);
  await mode.selectOption('ca');
  await page.getByLabel('CA file on the Postfix host', { exact: true }).fill('/etc/ssl/certs/our-ca.pem');
  // CA mode checks a certificate the CA signed: a self-signed one is refused (issue 24)
  await page.getByLabel('Store certificate', { exact: true }).selectOption('existing');
  await page.getByLabel('Certificate path on the store', { exact: true }).fill('/etc/ssl/certs/store.pem');
  await page.getByLabel('Key path on the store', { exact: true }).fill('/etc/ssl/private/store.key');
  await expect(svg).toContainText('TLS: CA /etc/ssl/certs/our-ca.pem');
  await expect(svg).toHaveAccessibleDescription(
    /verified against the CA file \/etc\/ssl\/certs\/our-ca.pem for the name store.example.org/,
  );
});

for (const scheme of ['light', 'dark'] as const) {
  for (const size of SIZES) {
    test(`${scheme} theme at ${size.width}×${size.height}: the picture fits and axe finds nothing`, async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme: scheme });
      await page.setViewportSize({ width: size.width, height: size.height });
      await open(page);
      await chooseTopology(page, 'single-host');
      // A long socket path wraps inside the picture rather than widening it.
      await page
        .getByLabel('Unix socket path', { exact: true })
        .fill('/run/cyrus/a-rather-long-directory-name/for-the-socket/lmtp');
      await showPreview(page);
      await expect(picture(page)).toContainText('for-the-socket');
      await expectFitsAndClean(page, size.width, 'single host');
      await goToStep(page, 'Topology');
      await chooseTopology(page, 'remote');
      await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
      await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
      await next(page, 'Credentials');
      await page.getByLabel('TLS on the LMTP hop', { exact: true }).selectOption('off');
      await showPreview(page);
      await expect(picture(page)).toContainText('TLS off');
      await expectFitsAndClean(page, size.width, 'remote, TLS off');
    });
  }
}

async function expectFitsAndClean(page: Page, width: number, where: string) {
  await showPreview(page);
  const svg = picture(page);
  await svg.scrollIntoViewIfNeeded();
  const box = await svg.boundingBox();
  const aside = await page.locator('aside').boundingBox();
  expect(box && aside, where).toBeTruthy();
  if (box && aside) expect(box.x + box.width, where).toBeLessThanOrEqual(aside.x + aside.width);
  expect(await page.evaluate(() => document.documentElement.scrollWidth), where).toBeLessThanOrEqual(width);
  // Every label inside the picture's own box: none runs out of the SVG.
  const overflow = await svg.evaluate((el) => {
    const frame = el.getBoundingClientRect();
    return [...el.querySelectorAll('text')]
      .filter((t) => t.getBoundingClientRect().right > frame.right + 0.5)
      .map((t) => t.textContent);
  });
  expect(overflow, where).toEqual([]);
  const { violations } = await new AxeBuilder({ page }).include('.topology').analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    where,
  ).toEqual([]);
  await showQuestions(page);
}
