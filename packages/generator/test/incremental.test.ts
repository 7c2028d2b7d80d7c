// The preview's incremental generate() must give exactly generate()'s
// output, whatever sequence of answers it is fed, and must rebuild a host
// folder only when an answer it read has changed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAnswers, type Answers } from '@lmtp-wizard/schema';
import { createIncrementalGenerate, generate } from '../src/index.ts';
import { validAnswers } from './arbitraries.ts';
import { hangGuardMs, propertyRuns } from '../../../scripts/test-limits.ts';

// A twentieth of PROPERTY_RUNS: 500 sequences at the default.
const RUNS = propertyRuns(500);
// Usually 74 ms per sequence of up to 6 generate() calls, and 40 ms per edit
// sequence (37 s and 20 s for 500 at a load average of 3 to 7 on 2 cores):
// the limit is ten times the slower, only a hang guard (it was 60 s, which
// the 37 s nearly reached).
const HANG_MS = hangGuardMs(75 * RUNS);

const outcome = (fn: () => unknown): string => {
  try {
    return JSON.stringify(fn());
  } catch (error) {
    return `throws ${String(error)}`;
  }
};

function parsed(input: unknown): Answers {
  const r = parseAnswers(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.answers;
}

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
};

/** One answers object, then edits that each take one section (or the host name) from another answers of the same topology. */
const editSequence = fc
  .tuple(
    validAnswers,
    fc.array(
      fc.tuple(validAnswers, fc.constantFrom('mailHost', 'delivery', 'limits', 'cyrus', 'tcp', 'sasl', 'unixSocket')),
      { maxLength: 8 },
    ),
  )
  .map(([first, edits]) => {
    const seq = [first];
    for (const [donor, key] of edits) {
      const prev = seq[seq.length - 1] as Answers;
      if (donor.topology !== prev.topology || !(key in donor)) continue;
      seq.push({ ...prev, [key]: (donor as unknown as Record<string, unknown>)[key] } as Answers);
    }
    return seq;
  });

describe('createIncrementalGenerate', () => {
  it(
    "gives generate()'s output for any sequence of answers",
    () => {
      fc.assert(
        fc.property(fc.array(validAnswers, { minLength: 1, maxLength: 6 }), (seq) => {
          const incremental = createIncrementalGenerate();
          for (const a of seq) expect(outcome(() => incremental(a))).toBe(outcome(() => generate(a)));
        }),
        { numRuns: RUNS },
      );
    },
    HANG_MS,
  );

  it(
    "gives generate()'s output along edits that keep most answers (kept hosts are checked too)",
    () => {
      fc.assert(
        fc.property(editSequence, (seq) => {
          const incremental = createIncrementalGenerate();
          for (const a of seq) expect(outcome(() => incremental(a))).toBe(outcome(() => generate(a)));
        }),
        { numRuns: RUNS },
      );
    },
    HANG_MS,
  );

  it("keeps the host folders an edit does not concern: both for the host name, the store's for the store host, none for the port", () => {
    const base = { topology: 'remote', tcp: { storeHost: 'store.example.org' }, sasl: { password: 'pw-Secret1' } };
    const incremental = createIncrementalGenerate();
    const first = incremental(parsed({ ...base, mailHost: 'mail.example.org' }));
    const typed = incremental(parsed({ ...base, mailHost: 'mail.example.orgx' }));
    expect(typed.hosts[0]).toBe(first.hosts[0]);
    expect(typed.hosts[1]).toBe(first.hosts[1]);
    expect(typed.files.find((f) => f.path === 'answers.json')?.content).toContain('mail.example.orgx');
    // With TLS off, the store host is the Postfix side's next hop only: the Cyrus store's folder stays.
    const off = { ...base, tls: { mode: 'off' } };
    const plain = incremental(parsed({ ...off, mailHost: 'mail.example.orgx' }));
    const store = incremental(
      parsed({ ...off, mailHost: 'mail.example.orgx', tcp: { storeHost: 'store.example.orgx' } }),
    );
    expect(store.hosts.map((h) => h.id)).toEqual(['cyrus-host', 'postfix-host']);
    expect(store.hosts[0]).toBe(plain.hosts[0]);
    expect(store.hosts[1]).not.toBe(plain.hosts[1]);
    // With TLS, the store's self-signed certificate is made for the store host: its folder follows.
    const tlsStore = incremental(
      parsed({ ...base, mailHost: 'mail.example.orgx', tcp: { storeHost: 'store.example.orgy' } }),
    );
    expect(tlsStore.hosts[0]).not.toBe(store.hosts[0]);
    expect(tlsStore.hosts[0]?.files.find((f) => f.path === 'apply.sh')?.content).toContain('DNS:store.example.orgy');
    const port = incremental(
      parsed({ ...base, mailHost: 'mail.example.orgx', tcp: { storeHost: 'store.example.org', port: 2525 } }),
    );
    expect(port.hosts[0]).not.toBe(typed.hosts[0]);
    expect(port.hosts[1]).not.toBe(typed.hosts[1]);
    expect(JSON.stringify(port)).toBe(
      JSON.stringify(
        generate(
          parsed({ ...base, mailHost: 'mail.example.orgx', tcp: { storeHost: 'store.example.org', port: 2525 } }),
        ),
      ),
    );
  });

  it('works on frozen answers', () => {
    const a = deepFreeze(
      parsed({ topology: 'single-host', mailHost: 'mail.example.org', delivery: { virtualDomains: ['example.net'] } }),
    );
    const incremental = createIncrementalGenerate();
    expect(JSON.stringify(incremental(a))).toBe(JSON.stringify(generate(a)));
    expect(JSON.stringify(incremental({ ...a, mailHost: 'mx.example.org' }))).toBe(
      JSON.stringify(generate({ ...a, mailHost: 'mx.example.org' })),
    );
  });
});
