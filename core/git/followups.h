/* git/followups.h - later mainline commits that fix or revert a commit.
 *
 * A follow-up of commit C is a mainline commit whose message has
 *   Fixes: <id> ("subject")      where <id> is a prefix of C, 8+ hex digits
 *   This reverts commit <id>.    (git revert's wording)
 * Shorter prefixes are ignored: in a kernel-size history seven digits
 * name several commits.
 *
 * The index of these lines is built by walking mainline once, kept in the
 * sm_git_repo and in a cache file, and brought up to date by walking only
 * the commits added since (a rewound mainline starts again).  On a kernel
 * the first walk takes a while: run it off the main thread
 * (git/worker.h).
 */
#ifndef SM_GIT_FOLLOWUPS_H
#define SM_GIT_FOLLOWUPS_H
#if !defined(SM_INSIDE_GIT_H) && !defined(SM_GIT_COMPILATION)
#error "include git/git.h, core/git's door, not this header"
#endif

#include "repo.h"

typedef enum {
	SM_FOLLOWUP_FIXES = 0,
	SM_FOLLOWUP_REVERT,
} sm_followup_kind;

typedef struct sm_followup {
	sm_followup_kind kind;
	char id[SM_GIT_HEXSZ + 1]; /* the follow-up commit */
	char *subject;              /* its first line */
	char *named;                /* the id as it names the fixed commit */
	gint64 time;                /* its commit time */
} sm_followup;

/* Bring REPO's index up to the current mainline tip.  Sets ERROR when
 * mainline cannot be resolved or walked. */
gboolean sm_git_followups_update(sm_git_repo *repo, GError **error);

/* The follow-ups of COMMIT (a full id or unique prefix), oldest first, in a
 * new array that frees its elements.  Updates the index first.  Returns
 * NULL and sets ERROR on failure. */
GPtrArray *sm_git_followups(sm_git_repo *repo, const char *commit, GError **error);

void sm_followup_free(sm_followup *followup);

/* "fixes" or "revert". */
const char *sm_followup_kind_name(sm_followup_kind kind);

#endif
