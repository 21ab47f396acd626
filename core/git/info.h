/* git/info.h - everything the repository says about one patch.
 *
 * For one upstream commit and the trees its notices name: per tree the
 * stable branch, whether the commit is already there, the cherry-pick
 * prediction and, for a tree where it conflicts (when asked for), the
 * candidate dependencies; and the mainline follow-ups (fixes, reverts).
 *
 * An sm_git_info is made from plain data (sm_git_query), not from
 * sm_patch, so that it can be computed in another thread while the group
 * is rebuilt (git/worker.h).  What the notices say about the follow-ups
 * and dependencies (queued?) is added afterwards, in the thread that owns
 * the group: sm_git_info_apply_group().
 *
 * Ownership: sm_git_info_free() frees everything in it.
 */
#ifndef SM_GIT_INFO_H
#define SM_GIT_INFO_H
#if !defined(SM_INSIDE_GIT_H) && !defined(SM_GIT_COMPILATION)
#error "include git/git.h, core/git's door, not this header"
#endif

#include "deps.h"
#include "followups.h"
#include "predict.h"
#include "patch/patch.h"

/* What to compute, for one patch. */
typedef struct sm_git_query {
	char upstream[SM_GIT_HEXSZ + 1];
	char **trees;        /* newest first */
	char **failed_files; /* per tree: its FAILED notice's file, or "" */
	gboolean deps;       /* also the candidate dependencies */
} sm_git_query;

/* The query for PATCH: its trees, their FAILED notices.  NULL when the
 * patch has no upstream id. */
sm_git_query *sm_git_query_new(const sm_patch *patch, gboolean deps);
sm_git_query *sm_git_query_copy(const sm_git_query *query);
void sm_git_query_free(sm_git_query *query);

typedef struct sm_git_tree_info {
	char *tree;
	char *branch;        /* the stable branch, or NULL */
	char *error;         /* why nothing is known about this tree, or NULL */
	gboolean present;    /* already in the branch */
	/* With PRESENT, the branch's commit that holds it: the upstream
	 * commit itself, or its backport; "" when not present. */
	char present_as[SM_GIT_HEXSZ + 1];
	sm_prediction *prediction; /* NULL with error */
	GPtrArray *deps;     /* sm_dependency*, when asked and it conflicts; else NULL */
} sm_git_tree_info;

/* A follow-up and what each tree has of it. */
typedef struct sm_git_followup_info {
	sm_followup *followup;
	gboolean *present;   /* per tree of the info, in the stable branch */
	sm_status *status;   /* per tree, per the notices (apply_group) */
} sm_git_followup_info;

typedef struct sm_git_info {
	char upstream[SM_GIT_HEXSZ + 1];
	char *subject;       /* the commit's, or NULL */
	char *error;         /* the repository or commit is missing, or NULL */
	GPtrArray *trees;    /* sm_git_tree_info*, in the query's order */
	GPtrArray *followups;/* sm_git_followup_info*, oldest first */
	char *followups_error; /* the follow-up index failed, or NULL */
	gboolean followups_pending; /* not looked for yet (git/worker.h) */
	gboolean deps;       /* dependencies were asked for */
} sm_git_info;

/* Compute QUERY with REPO (may be NULL: every answer is then ERROR's
 * message, e.g. that no repository is configured).  FOLLOWUPS FALSE
 * leaves them out (followups_pending).  Never NULL. */
sm_git_info *sm_git_info_compute(sm_git_repo *repo, const sm_git_query *query,
                                 gboolean followups, const char *error);
void sm_git_info_free(sm_git_info *info);

/* The tree info for TREE in INFO, or NULL; owned by INFO. */
const sm_git_tree_info *sm_git_info_tree(const sm_git_info *info, const char *tree);

/* Fill in the statuses of follow-ups and dependencies from GROUP. */
void sm_git_info_apply_group(sm_git_info *info, const sm_group *group);

/* Warnings for the patch list, per PATCH's statuses (after apply_group). */
typedef enum {
	SM_GIT_FLAG_CONFLICT = 1 << 0,     /* predicted to conflict on an open tree */
	SM_GIT_FLAG_UNQUEUED_FIX = 1 << 1, /* queued or released, a fix is not */
	SM_GIT_FLAG_REVERTED = 1 << 2,     /* queued or released, reverted upstream */
} sm_git_flag;
guint sm_git_info_flags(const sm_git_info *info, const sm_patch *patch);

/* The git section of the patch view, as lines of text (git-text.c): per
 * tree the prediction and presence, the candidate dependencies under a
 * conflicting tree, then the follow-ups with their state per tree. */
typedef enum {
	SM_GIT_TEXT_PLAIN = 0,
	SM_GIT_TEXT_GOOD,     /* applies, or is there already */
	SM_GIT_TEXT_WARN,     /* conflicts; a fix or dependency that is missing */
	SM_GIT_TEXT_BAD,      /* reverted upstream; an error */
	SM_GIT_TEXT_DIM,      /* not known yet */
} sm_git_text_kind;

typedef struct sm_git_text_line {
	char *text;
	sm_git_text_kind kind;
	char *commit;         /* the commit the line is about (full id), or NULL */
} sm_git_text_line;

/* The lines for INFO (after apply_group), in a new array that frees its
 * elements. */
GPtrArray *sm_git_info_text(const sm_git_info *info);

/* One cell for the patch list: ' ' when nothing is flagged, else 'X'
 * (reverted upstream), 'U' (a fix not queued) or 'C' (will conflict),
 * the first that applies. */
char sm_git_flags_mark(guint flags);

/* The tree a checkout of PATCH is for unless the user says: the newest
 * tree where it FAILED, or NULL.  Borrowed from PATCH. */
const char *sm_git_failed_tree(const sm_patch *patch);

#endif
