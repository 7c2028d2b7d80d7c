// Issue 24, defect 7: in the preview, each host's README opens with the
// bundle's exact commands in order, and its apply.sh carries a --help of its
// own: the store's without --store-fingerprint, the Postfix host's with it.
import { expect, test } from './fixtures.ts';
import { chooseTopology, fillRemote, open, openPreviewFiles } from './wizard.ts';

test('each host README opens with the commands of the whole bundle in order, --store-fingerprint for the Postfix host; apply.sh --help is per host', async ({
  page,
}) => {
  await open(page);
  await chooseTopology(page, 'remote');
  await fillRemote(page, { mailHost: 'mail.example.org', storeHost: 'store.example.org', password: 'Canary-9!' });
  await openPreviewFiles(page);
  const aside = page.getByRole('complementary');
  const host = (folder: string) => aside.getByRole('region', { name: new RegExp(`^${folder}/ `) });
  for (const [folder, mine] of [
    ['cyrus-host', 1],
    ['postfix-host', 2],
  ] as const) {
    const readme = host(folder).getByLabel('Contents of README.md', { exact: true });
    await expect(readme).toBeVisible();
    const text = await readme.innerText();
    // before this host's own steps: 1. the store, 2. the Postfix host with the pin, 3. verify.sh
    const top = text.slice(0, text.indexOf('## Steps'));
    const at = (s: string) => top.indexOf(s);
    expect(at('## Run the bundle in this order')).toBeGreaterThan(0);
    expect(at(`1. On the Cyrus store, in \`cyrus-host/\`${mine === 1 ? ' (this folder)' : ''}:`)).toBeGreaterThan(
      at('## Run the bundle in this order'),
    );
    expect(at(`2. On the Postfix host, in \`postfix-host/\`${mine === 2 ? ' (this folder)' : ''}:`)).toBeGreaterThan(
      at('1. On the Cyrus store'),
    );
    expect(at('sh apply.sh --store-fingerprint SHA256')).toBeGreaterThan(at('2. On the Postfix host'));
    expect(at('sh verify.sh')).toBeGreaterThan(at('3. On every host'));
    expect(at('3. On every host')).toBeGreaterThan(at('sh apply.sh --store-fingerprint SHA256'));
  }
  const storeApply = host('cyrus-host').getByLabel('Contents of apply.sh', { exact: true });
  const postfixApply = host('postfix-host').getByLabel('Contents of apply.sh', { exact: true });
  await expect(storeApply).toContainText("'  1. On the Cyrus store, in cyrus-host/ (this folder):'");
  await expect(storeApply).not.toContainText('--store-fingerprint)');
  await expect(postfixApply).toContainText("'  2. On the Postfix host, in postfix-host/ (this folder):'");
  await expect(postfixApply).toContainText("'  --store-fingerprint SHA256'");
  await expect(postfixApply).not.toContainText("sed -n '2,/^set -eu$/");
});
