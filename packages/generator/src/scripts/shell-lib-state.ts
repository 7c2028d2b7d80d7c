// Shell functions for backups, rollback, the tmpfiles diversion and the SASL
// database. Static text; see shell-lib.ts for the rules.
export { STATE_LIB } from '../shell/embedded.ts';
