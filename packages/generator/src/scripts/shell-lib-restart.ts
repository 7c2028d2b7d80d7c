// Shell functions that bring the running daemons in line with their files,
// decided by state (when each daemon last read its configuration), not by what
// this run changed: a run after an interrupted one restarts what the earlier
// run left undone. Static text; see shell-lib.ts for the rules.
// The restart, start and reload themselves are the functions restart_cyrus,
// restart_postfix and reload_postfix, so that a release-specific way of
// running Postfix (an older instance unit, say) can replace one of them.
export { RESTART_LIB } from '../shell/embedded.ts';
