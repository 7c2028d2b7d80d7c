// The lazy chunk: the schema (zod/mini) and the generator core. The shell never
// imports this module statically, so none of it counts against the
// initial-JS budget (issue 6); hooks/use-engine.ts loads it after first paint.
import { createShareFile, parseAnswers, partialAnswers, type Answers, type AnswersInput } from '@lmtp-wizard/schema';
import { GENERATOR_VERSION, type GeneratedFile } from '@lmtp-wizard/generator';
import { isSecretPath } from '@lmtp-wizard/schema/secret-patterns';
import { picture, preview, previewWithPlaceholders } from './preview.ts';
import { openShareLink, shareFragment } from './share-link.ts';
import { getPath, toFieldValue, type Draft } from '../state/draft.ts';
import { FIELD_PATHS, appliesTo, fieldDef, type Topology } from '../state/fields.ts';

// Placeholders for the fields that have no default, so that a parse yields
// every default from the schema itself rather than from a copy kept here.
// They are dropped again below (those fields are marked required).
const PLACEHOLDERS: Record<Topology, AnswersInput> = {
  'single-host': { topology: 'single-host', mailHost: 'placeholder.invalid' },
  remote: {
    topology: 'remote',
    mailHost: 'placeholder.invalid',
    tcp: { storeHost: 'store.invalid' },
    sasl: { password: 'placeholder' },
  },
  murder: {
    topology: 'murder',
    mailHost: 'placeholder.invalid',
    murder: {
      mupdateHost: 'mupdate.invalid',
      frontends: ['fe.invalid'],
      backends: ['be.invalid'],
      backendPasswords: [{ password: 'placeholder' }],
      mupdatePassword: 'placeholder',
    },
    sasl: { password: 'placeholder' },
  },
};

/** The defaults of the fields a topology shows; with none chosen yet, of the fields every topology shows. */
function defaultsFor(topology: Topology | null): Draft {
  const parsed = parseAnswers(PLACEHOLDERS[topology ?? 'single-host']);
  if (!parsed.ok) throw new Error(`schema defaults do not parse for ${topology}`);
  const defaults: Draft = {};
  for (const path of FIELD_PATHS) {
    if (fieldDef(path).required || isSecretPath(path) || !appliesTo(path, topology)) continue;
    const value = toFieldValue(path, getPath(parsed.answers, path));
    if (value !== undefined) defaults[path] = value;
  }
  return defaults;
}

/** The share.txt the server adds to the tarball (its link starts at this page; the server's at its PUBLIC_URL). */
const shareFile = (answers: Answers, linkBase: string): GeneratedFile =>
  createShareFile(answers, linkBase, GENERATOR_VERSION);

export const engine = {
  parseAnswers,
  preview,
  /** What parses of answers that do not all parse, for the preview (issue 13: a preview from the first answer). */
  partialAnswers,
  previewWithPlaceholders,
  /** The topology picture of the answers the preview shows (issue 13). */
  picture,
  shareFile,
  share: { open: openShareLink, fragment: shareFragment },
  /** The import (parser, plan, diff): a chunk of its own, fetched when the import panel opens (issue 25). */
  loadInspect: () => import('./inspect.ts').then((m) => m.inspect),
  defaults: lazyDefaults(),
};

/**
 * Each topology's defaults, worked out on first use rather than when this
 * chunk is evaluated: four schema parses at once made a long task (issue 25).
 */
function lazyDefaults(): Readonly<Record<Topology | 'none', Draft>> {
  const out = {} as Record<Topology | 'none', Draft>;
  for (const key of ['none', 'single-host', 'remote', 'murder'] as const) {
    let kept: Draft | undefined;
    Object.defineProperty(out, key, {
      enumerable: true,
      get: () => (kept ??= defaultsFor(key === 'none' ? null : key)),
    });
  }
  return out;
}

export type Engine = typeof engine;
