// Shell functions for system state outside config files: groups and packages
// (the /etc/services entry is policies/services-lmtp/). Static text; see
// shell-lib.ts for the rules.
export { SYSTEM_LIB } from '../shell/embedded.ts';

// ensure_lmtp_service PORT: /etc/services needs "lmtp PORT/tcp" for listen="lmtp".
