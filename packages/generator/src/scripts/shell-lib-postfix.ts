// Shell functions for the Postfix side's checks against what a server already
// has (issue 10). Static text; see shell-lib.ts for the rules.
export { POSTFIX_LIB } from '../shell/embedded.ts';
