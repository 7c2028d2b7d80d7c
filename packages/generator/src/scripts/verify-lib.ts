// Read-only checks used by verify.sh. Static text; values arrive quoted.
export { VERIFY_LIB } from '../shell/embedded.ts';
