export { generate, maskHost, maskSecrets, MASK } from './generate.ts';
export { createIncrementalGenerate } from './incremental.ts';
export { GENERATOR_VERSION } from './version.ts';
export { SerializeError } from './serializers/errors.ts';
export { shq } from './serializers/shell.ts';
export { DIFFERENCES } from './docs/guide-differences.ts';
export type * from './types.ts';
