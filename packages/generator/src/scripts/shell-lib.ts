// Shell functions shared by every apply.sh. Static text: no answer is ever
// interpolated here. Values arrive as arguments, quoted by shq() at the call
// site, and reach awk through ENVIRON (never -v, which would expand "\").
export { APPLY_LIB } from '../shell/embedded.ts';
