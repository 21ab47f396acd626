/* git/predict.h - will an upstream commit cherry-pick cleanly onto a tree?
 *
 * The prediction is the cherry-pick itself, done in memory
 * (git_cherrypick_commit, with rename detection as git cherry-pick does):
 * nothing is written to the repository or any worktree.  It is a pure
 * function of (commit, stable tip), so it is cached under that key, in the
 * sm_git_repo and in a cache file; a moved stable tip asks again.
 *
 * One prediction costs a three-way tree merge: milliseconds on a small
 * repository, more on a kernel.  The TUI asks for them through
 * git/worker.h, off the main thread.
 */
#ifndef SM_GIT_PREDICT_H
#define SM_GIT_PREDICT_H
#if !defined(SM_INSIDE_GIT_H) && !defined(SM_GIT_COMPILATION)
#error "include git/git.h, core/git's door, not this header"
#endif

#include "repo.h"

typedef enum {
	SM_PREDICT_CLEAN = 0, /* applies without conflict */
	SM_PREDICT_CONFLICT,  /* conflicts in the paths listed */
	SM_PREDICT_EMPTY,     /* applies, but changes nothing: already there */
	SM_PREDICT_COUNT
} sm_predict_state;

typedef struct sm_prediction {
	sm_predict_state state;
	char **conflicts;  /* conflicting paths, sorted; empty (never NULL)
	                      unless CONFLICT */
	char tip[SM_GIT_HEXSZ + 1]; /* the stable tip predicted against */
} sm_prediction;

/* Predict COMMIT (an upstream id, full or a unique prefix) onto TREE's
 * stable tip.  Returns a new prediction (sm_prediction_free), or NULL and
 * sets ERROR when the commit or branch is missing. */
sm_prediction *sm_git_predict(sm_git_repo *repo, const char *tree,
                              const char *commit, GError **error);
void sm_prediction_free(sm_prediction *prediction);

/* "clean", "conflict", "empty"; never NULL. */
const char *sm_predict_state_name(sm_predict_state state);

/* Write REPO's new predictions to the cache file (also done by
 * sm_git_repo_free()).  Entries unused for 30 days are dropped. */
void sm_git_predict_save(sm_git_repo *repo);

#endif
