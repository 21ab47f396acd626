/* git/interdiff.h - what each tree's diff of a patch changed: against the
 * upstream commit when the repository has it, else against the patch's
 * own reference diff (the change most of its notices carry, often the
 * AUTOSEL posting), shown as recognise/interdiff.h shows it.
 *
 * The notices' diffs are read from their mail files (the index keeps
 * only their hashes), the upstream one with sm_git_show().
 *
 * Ownership: sm_git_interdiffs() returns a new array that frees its
 * entries.  Errors: a mail or commit that cannot be read leaves its tree
 * out; nothing is fatal.
 */
#ifndef SM_GIT_INTERDIFF_H
#define SM_GIT_INTERDIFF_H

#include "repo.h"
#include "patch/group.h"

typedef struct sm_git_interdiff {
	char *tree;        /* "6.1" */
	char *against;     /* "upstream" or "notice" */
	char *reference;   /* the upstream commit id, or the reference notice's
	                      message-id */
	char *notice;      /* the message-id of the tree's notice compared */
	char *summary;     /* "1 hunk changed, 1 added" */
	char *text;        /* the interdiff, lines ending in '\n' */
} sm_git_interdiff;

/* The trees of PATCH whose newest diff is another change than upstream's
 * (REPO, may be NULL, has the upstream commit) or, without it, than the
 * reference diff's: sm_git_interdiff*, newest tree first, none when every
 * diff makes the same change.  PATCH's notices must be read
 * (sm_group_patch_notices). */
GPtrArray *sm_git_interdiffs(sm_git_repo *repo, const sm_patch *patch);
/* Free one entry (taken out of the array). */
void sm_git_interdiff_free(sm_git_interdiff *d);

#endif
