// Serializes a file module's body with the serializer for its syntax.
import type { Body } from './files/module.ts';
import { serializePostfixMain } from './serializers/postfix-main.ts';
import { serializeMaster } from './serializers/master-cf.ts';
import { serializeCyrusKv } from './serializers/cyrus-kv.ts';
import { serializeCyrusServices } from './serializers/cyrus-conf.ts';
import { serializeTable } from './serializers/table.ts';
import { serializeColumns } from './serializers/columns.ts';
import { assertMatches } from './serializers/errors.ts';
import { commentLines } from './serializers/lines.ts';

const withHeader = (header: readonly string[], text: string): string => [...header, '', text].join('\n');

export function renderBody(body: Body, header: readonly string[]): string {
  switch (body.kind) {
    case 'postconf':
      return withHeader(header, serializePostfixMain(body.settings));
    case 'postconf-master':
      return withHeader(header, serializeMaster(body.services));
    case 'imapd-conf':
      return withHeader(header, serializeCyrusKv(body.settings));
    case 'cyrus-conf':
      return withHeader(header, serializeCyrusServices(body.services));
    case 'table':
      return withHeader(
        header,
        serializeTable(body.rows) +
          (body.localDomains
            ? `${commentLines(`apply.sh adds a line "<domain> ${body.localDomains.value}" for each domain of this host's mydestination.`).join('\n')}\n`
            : ''),
      );
    case 'columns-file':
    case 'append-line':
      return withHeader(header, serializeColumns(body.rows, body.syntax));
    case 'input':
      // Read by saslpasswd2 as-is: no header, no trailing newline.
      assertMatches(body.source, body.text, /^[\x21-\x7e]+$/, 'password');
      return body.text;
  }
}
