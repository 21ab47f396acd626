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
#if !defined(SM_INSIDE_GIT_H) && !defined(SM_GIT_COMPILATION)
#error "include git/git.h, core/git's door, not this header"
#endif

#include "repo.h"
#include "patch/patch.h"

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

/* The short summary ("1 hunk changed, 1 added") of each adapted tree of a
 * patch (sm_tree_status.adapted): its newest diff against the patch's
 * reference diff, as adapted compares them (no repository), for list's
 * JSON.  Two mails a tree on each list would cost a list of years of mail
 * seconds, so the summaries are kept in sm_cache_path("git", NULL,
 * "interdiff-summaries")
 * by the two notices' message-ids (a message's text does not change) and
 * only new pairs are read.  Errors: none; a cache that cannot be read or
 * written is made again. */
typedef struct sm_git_summaries sm_git_summaries;
sm_git_summaries *sm_git_summaries_open(void);
/* TS's summary (a tree of PATCH, whose notices must be read), borrowed
 * until the close; NULL when TS is not adapted or a mail cannot be read. */
const char *sm_git_summaries_get(sm_git_summaries *s, const sm_patch *patch,
                                 const sm_tree_status *ts);
/* Write the new summaries and free S. */
void sm_git_summaries_close(sm_git_summaries *s);

/* sm_git_interdiffs() in a thread of its own, for the TUI: what it needs
 * of PATCH (its upstream id; file, message-id and change of its notices
 * with a diff: PATCH's notices must be read) is copied at the start, so
 * the group may be rebuilt while it runs; the mails and, with SETTINGS'
 * repository (may be NULL: none; the thread opens its own handle), the
 * upstream commit are read in the thread.  Called from one thread only. */
typedef struct sm_git_interdiff_job sm_git_interdiff_job;
sm_git_interdiff_job *sm_git_interdiff_job_start(const sm_git_settings *settings,
                                                 const sm_patch *patch);
/* Readable after each step (the upstream commit or a mail read), for
 * poll(); -1 when no pipe could be made (then poll with a timeout). */
int sm_git_interdiff_job_fd(const sm_git_interdiff_job *job);
/* Empty the descriptor; *DONE and *TOTAL (may be NULL) get the reads done
 * and in all (the upstream commit counts as one, asked or not).  TRUE
 * when the job has finished. */
gboolean sm_git_interdiff_job_poll(sm_git_interdiff_job *job, guint *done, guint *total);
/* The interdiffs (as sm_git_interdiffs'; owned by JOB) once finished,
 * else NULL. */
const GPtrArray *sm_git_interdiff_job_result(const sm_git_interdiff_job *job);
/* Stop after the read under way (waits for it) and free everything. */
void sm_git_interdiff_job_free(sm_git_interdiff_job *job);

#endif
