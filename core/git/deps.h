/* git/deps.h - what a conflicting backport may need taken first.
 *
 * Candidates come from two places:
 * - blame: the cherry-pick onto the stable tip is redone in memory; in each
 *   conflicting file, the hunks of the upstream commit that overlap or
 *   touch what the stable tree changed are the conflicting ones; of their
 *   lines, those mainline changed since the stable branch left it (the
 *   merge base of the stable tip and the commit, for a commit made after
 *   the branch point) are followed back to the commits that last changed
 *   them, which are candidates.  The result is cached on disk per
 *   (commit, stable tip);
 * - the FAILED notice: the "Possible dependencies:" list in its body,
 *   lines of a 12+ digit id and ("subject").
 * For each candidate: whether it is already in the stable branch
 * (git/contains.h), and its status in the tree per the notices
 * (git/status.h), filled in by the caller.
 *
 * Ownership: the arrays returned free their elements.
 */
#ifndef SM_GIT_DEPS_H
#define SM_GIT_DEPS_H
#if !defined(SM_INSIDE_GIT_H) && !defined(SM_GIT_COMPILATION)
#error "include git/git.h, core/git's door, not this header"
#endif

#include "repo.h"
#include "patch/patch.h"

typedef enum {
	SM_DEP_BLAME = 1 << 0,   /* last changed a conflicting line */
	SM_DEP_NOTICE = 1 << 1,  /* named by the FAILED notice */
} sm_dep_source;

typedef struct sm_dependency {
	char id[SM_GIT_HEXSZ + 1]; /* full id; the notice's prefix when unknown */
	char *subject;    /* from the repository, else from the notice */
	guint sources;    /* sm_dep_source bits */
	char **paths;     /* the conflicting files it touched (blame); never NULL */
	gboolean known;   /* the repository has it */
	gboolean present; /* already in the stable branch */
	sm_status status; /* its status in the tree per the notices */
	gint64 time;      /* commit time, 0 when unknown */
} sm_dependency;

/* The candidates for UPSTREAM (full id or prefix) on TREE, oldest first
 * (the order to apply them), unknown ones last.  NOTICE_BODY is the FAILED
 * notice's text, or NULL.  For a commit that applies cleanly, only the
 * notice's candidates.  NULL and ERROR when the commit or the branch is
 * missing. */
GPtrArray *sm_git_dependencies(sm_git_repo *repo, const char *upstream,
                               const char *tree, const char *notice_body,
                               GError **error);

/* A deep copy of DEPS (an array from sm_git_dependencies()). */
GPtrArray *sm_git_dependencies_copy(const GPtrArray *deps);

/* Fill in status from GROUP for TREE, for each of DEPS. */
void sm_git_dependencies_status(GPtrArray *deps, const sm_group *group,
                                const char *tree);

#endif
