// Shell functions for a host that moves from Debian 12 to Debian 13 (issue
// 23): the read-only report of apply.sh --pre-upgrade (debian-12 bundle), and,
// in the debian-13 apply.sh, what an upgraded host needs before and after the
// usual steps. Static text; see shell-lib.ts for the rules. Kept apart from
// the restart library so that both can change without touching each other.
export { UPGRADE_COMMON_LIB, PRE_UPGRADE_LIB, UPGRADE_APPLY_LIB } from '../shell/embedded.ts';
