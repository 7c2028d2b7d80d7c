// Shell functions for TLS on the remote LMTP hop (issue 11). Static text;
// see shell-lib.ts for the rules. Shared by apply.sh and verify.sh.
export { TLS_COMMON_LIB, TLS_APPLY_LIB } from '../shell/embedded.ts';
