/* recognise.h - turn one decoded mail into a notice.
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

#endif
