// Shell functions that apply.sh and verify.sh both need, so each script
// stays self-contained while the logic is written once. Static text.
export { COMMON_LIB } from '../shell/embedded.ts';
