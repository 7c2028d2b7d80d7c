// The preview's generate(): the same output as generate(), but a host folder
// is built again only when an answer it read has changed since the last
// call. Typing the Postfix host name, say, rebuilds the top-level files and
// neither host (issue 6: the preview within 1 ms of a keystroke).
//
// What a host read is recorded through a Proxy on the answers, so no list of
// dependencies is kept by hand and none can go stale. This is a memo of a
// pure function (test/incremental.test.ts checks the output against
// generate()); generate() itself caches nothing, and the server uses it.
import type { Answers } from '@lmtp-wizard/schema';
import { buildHost, generate, withTopLevel } from './generate.ts';
import { topologyOf } from './topologies/index.ts';
import type { FolderId, GeneratorOutput, HostBundle } from './types.ts';

type Key = string | symbol;

/** One read: a value at a path, the own keys of the object there, or (frozen objects) its JSON. */
interface Read {
  kind: 'value' | 'keys' | 'json';
  path: readonly Key[];
  seen: unknown;
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null;

function readAt(root: unknown, path: readonly Key[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isObject(node)) return undefined;
    node = (node as Record<Key, unknown>)[key];
  }
  return node;
}

const ownKeys = (v: unknown): string => (isObject(v) ? Reflect.ownKeys(v).map(String).join('\u0000') : '');

function observe(kind: Read['kind'], value: unknown): unknown {
  if (kind === 'keys') return ownKeys(value);
  return kind === 'json' ? JSON.stringify(value) : value;
}

const unchanged = (r: Read, a: Answers): boolean => Object.is(observe(r.kind, readAt(a, r.path)), r.seen);

/** The answers behind a Proxy that records what is read from them. */
function recording(root: Answers): { answers: Answers; reads: Read[] } {
  const reads: Read[] = [];
  const note = (kind: Read['kind'], path: readonly Key[], value: unknown) =>
    reads.push({ kind, path, seen: observe(kind, value) });
  const wrap = <T extends object>(target: T, path: readonly Key[]): T =>
    new Proxy(target, {
      get(t, key) {
        const value: unknown = Reflect.get(t, key);
        // Array methods come from the prototype and read through this proxy.
        if (typeof value === 'function') return value;
        const at = [...path, key];
        if (!isObject(value)) {
          note('value', at, value);
          return value;
        }
        // A proxy may not stand in for a frozen property's value: record all of it.
        const own = Reflect.getOwnPropertyDescriptor(t, key);
        if (own && !own.configurable && !own.writable) {
          note('json', at, value);
          return value;
        }
        return wrap(value, at);
      },
      has(t, key) {
        note('keys', path, t);
        return Reflect.has(t, key);
      },
      ownKeys(t) {
        note('keys', path, t);
        return Reflect.ownKeys(t);
      },
    });
  return { answers: wrap(root, []), reads };
}

/** A generate() that keeps each host folder of its last call while the answers that folder read are the same. */
export function createIncrementalGenerate(): (a: Answers) => GeneratorOutput {
  const last = new Map<FolderId, { reads: Read[]; host: HostBundle }>();
  return (a) => {
    // a topology whose folders are built afresh each time (a Murder's)
    const topology = topologyOf(a);
    if (!topology.incremental) return generate(a);
    const hosts = topology.hosts(a).map((h) => {
      const id = h.folder;
      const kept = last.get(id);
      if (kept && kept.reads.every((r) => unchanged(r, a))) return kept.host;
      const { answers, reads } = recording(a);
      const host = buildHost(answers, h, topology);
      last.set(id, { reads, host });
      return host;
    });
    return withTopLevel(a, hosts, topology);
  };
}
