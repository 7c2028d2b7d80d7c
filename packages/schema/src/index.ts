export {
  AnswersSchema,
  FieldsOnlySchema,
  SingleHostSchema,
  RemoteSchema,
  MurderAnswersSchema,
  SCHEMA_VERSION,
  RESERVED_TRANSPORT_NAMES,
  RESERVED_CYRUS_SERVICE_NAMES,
  RECIPIENT_CHECKS,
  type Answers,
  type AnswersInput,
  type SingleHostAnswers,
  type RemoteAnswers,
  type ExtraMx,
  MAX_EXTRA_MX,
  type MurderAnswers,
  backendPassword,
} from './answers.ts';
export { crossFieldIssues, crossFieldWarnings, type FieldIssue, type Usable } from './cross-field.ts';
export {
  answerWarnings,
  crossFieldErrorsOfPartial,
  formatIssues,
  parseAnswers,
  partialAnswers,
  pathToString,
  STAND_INS,
  type FieldError,
  type ParseResult,
  type PartialAnswers,
} from './issues.ts';
export { isIpv6, IPV4_RE } from './fields.ts';
export { DEFAULT_TARGET, isTarget, TARGET_IDS, TARGETS, type Target } from './targets.ts';
export {
  createShareLink,
  decodeShare,
  encodeShare,
  isShareFragment,
  ShareLinkError,
  MAX_SHARE_CHARS,
  SHARE_PREFIX,
  type DecodedShare,
  type ShareOptions,
  type ShareLinkProblem,
} from './share.ts';
export { MIGRATIONS, OLDEST_LINK_VERSION, type LinkAnswers } from './share-migrations.ts';
export { isSecretPath, SECRET_PATTERNS, type SecretMeta, type SecretPattern } from './secret-patterns.ts';
export { secretPaths, secretValues, withoutSecrets, withSecretsStoodIn, type SecretPath } from './secret-paths.ts';
export { createShareFile, shareFileText, SHARE_FILE_PATH } from './share-file.ts';
