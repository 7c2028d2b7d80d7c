// Building blocks of the hostile corpus: the two valid base bodies and a
// way to set one field of them to anything, as raw JSON text.

export interface HostileEntry {
  /** Unique, used in failure messages. */
  name: string;
  /** The request body, as sent. */
  payload: string;
  /** The field the errors list must name ("" for the whole body). */
  path: string;
  status: 413 | 422;
  /** A string that must never come back in the response or the log. */
  hostile?: string;
}

export const BASES = {
  single: {
    topology: 'single-host',
    mailHost: 'mail.example.org',
    delivery: { transportName: 'cyrus', virtualDomains: ['example.com'], transportMapDomains: ['lists.example.org'] },
    unixSocket: { path: '/run/cyrus/socket/lmtp', group: 'lmtp', postfixUser: 'postfix' },
  },
  remote: {
    topology: 'remote',
    mailHost: 'mx.example.org',
    tcp: { storeHost: 'store.example.org', port: 2003, allowFrom: ['192.0.2.25'] },
    sasl: { username: 'postman', password: 'Pa55-word' },
  },
} as const;
export type Base = keyof typeof BASES;

/** A JSON value spliced in as text, for what JSON.stringify cannot write (1e400, "__proto__" keys). */
export class Raw {
  constructor(readonly text: string) {}
}

/** The base body with one path set to value; "__proto__" segments become own keys, never prototypes. */
export function bodyWith(base: Base, path: string, value: unknown): string {
  const root = JSON.parse(JSON.stringify(BASES[base])) as Record<string, unknown>;
  const keys = path.split('.');
  let node: Record<string, unknown> = root;
  for (const key of keys.slice(0, -1)) {
    if (!Object.hasOwn(node, key))
      Object.defineProperty(node, key, { value: {}, enumerable: true, writable: true, configurable: true });
    node = node[key] as Record<string, unknown>;
  }
  const raws: string[] = [];
  const stored = value instanceof Raw ? `@@raw${raws.push(value.text) - 1}@@` : value;
  Object.defineProperty(node, keys.at(-1) ?? '', {
    value: stored,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return JSON.stringify(root).replace(/"@@raw(\d+)@@"/g, (_m, i: string) => raws[Number(i)] ?? 'null');
}
