/* recognise/recognise.h - core/recognise's door: what a notification
 * is.
 * Every file outside core/recognise includes this header and no other of
 * the room's (the sub-headers refuse it).
 *
 * What the room offers:
 *   recognise.h (below)  one parsed mail turned into a notice
 *   notice.h        the notice: kind, trees, upstream id, deadline
 *   trees.h         the stable trees and their order
 *   diff.h          a notice's diff: its files and hunks
 *   interdiff.h     what changed between two diffs of one patch
 * private.h is the recogniser's inside (the subject and body scanners)
 * and what only the tests reach.
 *
 * Conventions: recognition is a pure function of the mail (no I/O, no
 * global state); a notice or table returned has its own free function;
 * nothing here fails: what is not a notification is a notice of kind
 * SM_KIND_OTHER.
 *
 * recognise.h - turn one decoded mail into a notice.
 *
 * Recognition is a pure function of the mail (and the tree table, for
 * range expansion): no I/O, no global state, so it can be tested and fuzzed
 * on its own.  Every stable notification form the stable team has used
 * since 2017 is understood: AUTOSEL (old "for 4.9" and new range forms),
 * review patches and covers, added/FAILED notes (Greg's and Sasha's),
 * hand-made backports, drops, replies and release announcements.
 */
#ifndef SM_RECOGNISE_H
#define SM_RECOGNISE_H
#define SM_INSIDE_RECOGNISE_H

#include "mail/mail.h"
#include "notice.h"
#include "trees.h"

/* Recognise MAIL.  Never returns NULL: a mail that is not a stable
 * notification gives a notice of kind SM_KIND_OTHER.  The notice's header
 * fields (message_id, date, ...) are copied from MAIL; triage and unread are
 * left for the store to fill in.  The caller frees the result. */
sm_notice *sm_recognise(const sm_mail *mail, const sm_trees *trees);

/* Normalise a patch subject for matching notices that carry no commit id
 * against patches that do: case-folded, quotes and apostrophes dropped
 * (quilt drops them), runs of space collapsed.  Caller frees. */
char *sm_subject_key(const char *patch_subject);

/* Changes whenever the recogniser's code changes (generated at build time
 * from its sources), so that cached notices are thrown away. */
const char *sm_recogniser_version(void);


/* The rest of the door, for the files outside the room: the room's own
 * include what they use (a sub-header that includes this one may be
 * only half read here). */
#ifndef SM_RECOGNISE_COMPILATION
#include "diff.h"
#include "interdiff.h"
#endif

#undef SM_INSIDE_RECOGNISE_H
#endif
