// Shell functions for system state outside config files: groups, packages
// and the /etc/services entry. Static text; see shell-lib.ts for the rules.
export { SYSTEM_LIB, SERVICES_LIB } from '../shell/embedded.ts';

// ensure_lmtp_service PORT: /etc/services needs "lmtp PORT/tcp" for listen="lmtp".
