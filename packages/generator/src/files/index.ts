// The registry: every generated file, in the order apply.sh handles them.
import type { FileModule } from './module.ts';
import { tmpfiles } from './tmpfiles.ts';
import { cyrusConf } from './cyrus-conf.ts';
import { imapdConf } from './imapd-conf.ts';
import { etcServices } from './services.ts';
import { hostsAllow, hostsDeny } from './tcp-wrappers.ts';
import { saslSecret } from './sasl-secret.ts';
import { mupdateSecret } from '../topologies/murder/secrets.ts';
import { mupdateServicesEntry } from '../topologies/murder/services-file.ts';
import { masterCf } from './master-cf.ts';
import { mainCf } from './main-cf.ts';
import { saslPasswd } from './sasl-passwd.ts';
import { transportMap } from './transport.ts';
import { verifyMap } from './verify-map.ts';

export const FILE_MODULES: readonly FileModule[] = [
  tmpfiles,
  cyrusConf,
  imapdConf,
  etcServices,
  mupdateServicesEntry,
  hostsAllow,
  hostsDeny,
  saslSecret,
  mupdateSecret,
  masterCf,
  verifyMap,
  mainCf,
  saslPasswd,
  transportMap,
];

export { evaluateModule, installKindOf, type FileModule, type Body, type EvaluatedModule } from './module.ts';
