// The CSP sources of the built index.html's own <style> elements (issue 13:
// the web build inlines its stylesheet for the first paint). Each element
// is allowed by the SHA-256 of its exact text and nothing else: a style=""
// attribute, or a <style> the page did not ship, stays refused.
import { createHash } from 'node:crypto';

export function inlineStyleHashes(html: string): string[] {
  const hashes = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    ([, css]) =>
      `'sha256-${createHash('sha256')
        .update(css ?? '', 'utf8')
        .digest('base64')}'`,
  );
  return [...new Set(hashes)];
}
