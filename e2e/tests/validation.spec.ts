import type { Page, Request } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { chooseTopology, fillRemote, next, open } from './wizard.ts';

const bundleRequests = (page: Page): Request[] => {
  const seen: Request[] = [];
  page.on('request', (r) => r.url().endsWith('/api/bundle') && seen.push(r));
  return seen;
};

/** The text of everything the control's aria-describedby points at. */
async function description(page: Page, label: string): Promise<string> {
  const ids = (await page.getByLabel(label, { exact: true }).getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(
    ids
      .split(' ')
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).innerText()),
  );
  return texts.join('\n');
}

test('an invalid port shows an inline error and blocks the download', async ({ page }) => {
  const requests = bundleRequests(page);
  await open(page);
  await chooseTopology(page, 'remote');
  await page.getByLabel('LMTP port', { exact: true }).fill('99999');

  const port = page.getByLabel('LMTP port', { exact: true });
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  expect(await description(page, 'LMTP port')).toContain('LMTP port must be at most 65535');

  // Next refuses to leave a step with errors and reveals the required ones too.
  await page.getByRole('button', { name: 'Next: Credentials' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Connection' })).toBeVisible();
  await expect(page.getByLabel('Postfix host name', { exact: true })).toBeFocused();
  expect(await description(page, 'Postfix host name')).toContain('Postfix host name is required');

  await page.getByLabel('Postfix host name', { exact: true }).fill('mail.example.org');
  await page.getByLabel('Cyrus store host', { exact: true }).fill('store.example.org');
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /Credentials/ })
    .click();
  await page.getByLabel('SASL password', { exact: true }).fill('secret');
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /Review/ })
    .click();

  const button = page.getByRole('button', { name: 'Download bundle', exact: true });
  await expect(button).toBeDisabled();
  await expect(page.getByText('1 problem blocks the download')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Wizard steps' })).toContainText('1 error');
  expect(requests).toHaveLength(0);

  // The list leads back to the field, which still carries the message.
  await page.getByRole('button', { name: 'Fix on the Connection step' }).click();
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  await port.fill('2003');
  await expect(port).not.toHaveAttribute('aria-invalid', 'true');
  await page
    .getByRole('navigation', { name: 'Wizard steps' })
    .getByRole('button', { name: /Review/ })
    .click();
  await expect(button).toBeEnabled();
});

test('a 422 from the server lands on the same field and blocks the download', async ({ page }) => {
  // The client and server share the schema, so a real 422 needs version
  // skew; simulate one server-side rule the client does not know.
  await page.route('**/api/bundle', (route) =>
    route.fulfill({
      status: 422,
      contentType: 'application/json',
      body: JSON.stringify({
        ok: false,
        errors: [{ path: 'tcp.port', message: 'Port 2004 is blocked by site policy' }],
      }),
    }),
  );
  let downloads = 0;
  page.on('download', () => downloads++);

  await open(page);
  await chooseTopology(page, 'remote');
  await fillRemote(page, {
    mailHost: 'mail.example.org',
    storeHost: 'store.example.org',
    port: '2004',
    password: 'secret',
  });
  await next(page, 'Limits & options');
  await next(page, 'Review & download');
  const button = page.getByRole('button', { name: 'Download bundle', exact: true });
  await button.click();

  await expect(page.getByText('Port 2004 is blocked by site policy')).toBeVisible();
  await expect(button).toBeDisabled();
  await expect(page.getByRole('status')).toContainText('The server refused some answers');
  // The disabled button lost focus; it moves to the list of reasons.
  await expect(page.getByRole('heading', { name: '1 problem blocks the download' })).toBeFocused();
  await page.getByRole('button', { name: 'Fix on the Connection step' }).click();
  const port = page.getByLabel('LMTP port', { exact: true });
  await expect(port).toHaveAttribute('aria-invalid', 'true');
  expect(await description(page, 'LMTP port')).toContain('Port 2004 is blocked by site policy');

  // The server's verdict was about those answers; a change clears it.
  await port.fill('2005');
  await expect(port).not.toHaveAttribute('aria-invalid', 'true');
  expect(downloads).toBe(0);
});
