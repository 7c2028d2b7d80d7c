export {
  AnswersSchema,
  SingleHostSchema,
  RemoteSchema,
  SCHEMA_VERSION,
  RESERVED_TRANSPORT_NAMES,
  type Answers,
  type AnswersInput,
  type SingleHostAnswers,
  type RemoteAnswers,
} from './answers.ts';
export { crossFieldIssues, crossFieldWarnings, type FieldIssue } from './cross-field.ts';
export { formatIssues, parseAnswers, pathToString, type FieldError, type ParseResult } from './issues.ts';
export { isIpv6, IPV4_RE } from './fields.ts';
