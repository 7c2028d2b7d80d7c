// The Debian releases a bundle can be made for: the `target` answer. The
// schema, the generator's release facts (packages/generator/src/facts.ts)
// and the wizard read this one list. It imports nothing, so the wizard's
// first paint may use it (package export "./targets") without zod.

export const TARGETS = {
  'debian-13': { label: 'Debian 13 (trixie)', major: 13 },
  'debian-12': { label: 'Debian 12 (bookworm)', major: 12 },
} as const;

export type Target = keyof typeof TARGETS;

/** Newest first, as the wizard offers them. */
export const TARGET_IDS = Object.keys(TARGETS) as [Target, ...Target[]];

/** What a new setup targets. Share links made before `target` existed mean debian-12 (share-migrations.ts). */
export const DEFAULT_TARGET: Target = 'debian-13';

export const isTarget = (value: unknown): value is Target => typeof value === 'string' && Object.hasOwn(TARGETS, value);
