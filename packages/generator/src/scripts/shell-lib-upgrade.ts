// Shell functions for a host that moves from Debian 12 to Debian 13 (issue
// 23): the read-only report of apply.sh --pre-upgrade (debian-12 bundle), and,
// in the debian-13 apply.sh, what an upgraded host needs before and after the
// usual steps. Static text; see shell-lib.ts for the rules. Kept apart from
// the restart library so that both can change without touching each other.
export { UPGRADE_COMMON_LIB, PRE_UPGRADE_LIB, UPGRADE_APPLY_LIB } from '../shell/embedded.ts';

/** verify.sh, Postfix hosts: Postfix runs, from the installed program. */
export const UPGRADE_VERIFY_CHECK = String.raw`if postfix_runs_current; then ok "the Postfix master runs (pid $(upgrade_master_pid)) from the installed program"; elif up=$(upgrade_master_pid); then bad "the Postfix master (pid $up) runs from a deleted program file (upgraded under it): it delivers nothing; reboot, or run apply.sh (it restarts Postfix properly)"; else bad "Postfix is not running: nothing is delivered"; fi`;
