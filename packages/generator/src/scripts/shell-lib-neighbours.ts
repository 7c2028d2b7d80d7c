// Shell functions for the plan's record of what apply.sh must leave as it was:
// the neighbours of every merged list and map (checked by verify.sh), and the
// runtime directories rollback.sh puts back. Static text; see shell-lib.ts for
// the rules. scripts/plan-state.ts writes the calls, from the file modules.
//
// A neighbour record is one line: KIND TAB WHERE TAB KEY TAB VALUE.
//   main  relay_domains  example.net          (an item of a main.cf list)
//   imapd  lmtp_admins  cyrus                 (an item of an imapd.conf list)
//   map  /etc/postfix/transport  example.net  smtp:[10.0.0.1]:25
//   secret-map  /etc/postfix/sasl_passwd  [relay]:587  sha256:...   (never the value)
//   lines  /etc/hosts.allow  sshd: ALL        (a rule line, tabs read as spaces)
export { NEIGHBOURS_COMMON, NEIGHBOURS_APPLY_LIB, NEIGHBOURS_VERIFY_LIB } from '../shell/embedded.ts';
