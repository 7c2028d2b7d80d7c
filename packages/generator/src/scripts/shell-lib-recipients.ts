// Shell functions for the recipient check (issue 11): an ordered restriction
// list, and the owned map of the domains whose recipients Cyrus is asked
// about. Static text; see shell-lib.ts for the rules.
export { RECIPIENTS_COMMON, RECIPIENTS_APPLY, RECIPIENTS_VERIFY } from '../shell/embedded.ts';
