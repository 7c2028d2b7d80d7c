export { generate, maskHost, maskSecrets, MASK } from './generate.ts';
export { createIncrementalGenerate } from './incremental.ts';
export { mxFolder, MX_FOLDER_PREFIX, MX_STAND_IN_LABELS } from './topologies/multi-mx.ts';
export { previewStandIns } from './topologies/index.ts';
/** Every password of the answers, for masking previews: the schema's one list of secrets (secretValues). */
export { secretValues as allPasswords } from '@lmtp-wizard/schema';
export { topologyPicture } from './topology.ts';
export type { TopologyPicture, PictureHost, PictureLink, PictureTls } from './topology.ts';
export { GENERATOR_VERSION } from './version.ts';
export { SerializeError } from './serializers/errors.ts';
export { shq } from './serializers/shell.ts';
export { DIFFERENCES } from './docs/guide-differences.ts';
export type * from './types.ts';
export {
  inspectScript,
  parseInspect,
  prefillFrom,
  planFromInspect,
  planSummary,
  parsePlanLines,
  comparePlans,
  matchHosts,
  INSPECT_FORMAT,
  SECRET_MARKER,
  MAX_INSPECT_CHARS,
  PLAN_PREFIX,
  plannedFiles,
} from './inspect/index.ts';
export type {
  InspectedHost,
  ParseInspectResult,
  Prefill,
  PlanEntry,
  HostPlan,
  PlanSummary,
  MasterRow,
  CyrusServiceEntry,
  PlannedFile,
} from './inspect/index.ts';
