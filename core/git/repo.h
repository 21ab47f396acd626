/* git/repo.h - the maintainer's kernel repository, as stablemate uses it.
 *
 * The [git] group of the config names the repository and the refs:
 *   repo      = path of the kernel repository (required for git features)
 *   upstream  = the mainline ref; default origin/master, then master
 *   stable    = stable branch pattern, %s is the tree; default
 *               stable/linux-%s.y, then linux-%s.y
 *   worktrees = where conflict-resolution worktrees go; default
 *               $XDG_DATA_HOME/stablemate/worktrees
 *   shell     = the command run in a worktree; default $SHELL, then /bin/sh
 * A configured upstream or stable pattern is used as given, without the
 * fallback.  Refs are resolved the way git resolves a short name (a branch,
 * a remote-tracking branch, a tag or a full ref).
 *
 * libgit2 is thread-safe when each thread has its own git_repository: open
 * one sm_git_repo per thread (sm_git_repo_reopen()).  An sm_git_repo also
 * holds the per-repository indexes of git/contains.h and git/followups.h.
 *
 * Errors are GErrors in the SM_GIT_ERROR domain, one line fit to show the
 * user.  Ownership is documented per function.
 */
#ifndef SM_GIT_REPO_H
#define SM_GIT_REPO_H
#if !defined(SM_INSIDE_GIT_H) && !defined(SM_GIT_COMPILATION)
#error "include git/git.h, core/git's door, not this header"
#endif

#include <glib.h>
#include "store/store.h"

#define SM_GIT_ERROR (sm_git_error_quark())
GQuark sm_git_error_quark(void);
typedef enum {
	SM_GIT_ERROR_CONFIG,  /* [git] repo is not set */
	SM_GIT_ERROR_REPO,    /* the repository is missing or unreadable */
	SM_GIT_ERROR_REF,     /* the upstream or stable ref is missing */
	SM_GIT_ERROR_COMMIT,  /* the commit is not in the repository */
	SM_GIT_ERROR_REFUSED, /* a worktree that is not ours, dirty, or in the way */
	SM_GIT_ERROR_FAILED,  /* libgit2 or the file system failed */
	SM_GIT_ERROR_CANCELLED, /* sm_git_repo_cancel() stopped a long walk */
} sm_git_error;

/* The [git] settings, with defaults applied (NULL upstream or stable means
 * "the default, with its fallback"). */
typedef struct sm_git_settings {
	char *repo;
	char *upstream;
	char *stable;
	char *worktrees;
	char *shell;
} sm_git_settings;

#define SM_GIT_DEFAULT_UPSTREAM "origin/master"
#define SM_GIT_FALLBACK_UPSTREAM "master"
#define SM_GIT_DEFAULT_STABLE "stable/linux-%s.y"
#define SM_GIT_FALLBACK_STABLE "linux-%s.y"

/* Read the [git] group.  Never fails; a missing repo is reported by
 * sm_git_repo_open().  Free with sm_git_settings_free(). */
sm_git_settings *sm_git_settings_from_config(const sm_config *config);
sm_git_settings *sm_git_settings_copy(const sm_git_settings *settings);
void sm_git_settings_free(sm_git_settings *settings);

typedef struct sm_git_repo sm_git_repo;

/* Open the repository SETTINGS name (SETTINGS is copied).  Returns NULL and
 * sets ERROR (CONFIG, REPO) when it cannot. */
sm_git_repo *sm_git_repo_open(const sm_git_settings *settings, GError **error);
/* Another handle on the same repository, for another thread. */
sm_git_repo *sm_git_repo_reopen(const sm_git_repo *repo, GError **error);
void sm_git_repo_free(sm_git_repo *repo);

/* Make REPO's long walks (the indexes) stop early with
 * SM_GIT_ERROR_CANCELLED from now on.  Safe to call from another thread:
 * it is how a worker thread is told to finish. */
void sm_git_repo_cancel(sm_git_repo *repo);

/* How many commits REPO's long walks (indexes, blame) have read so far:
 * progress to show while one runs in another thread.  Safe to call from
 * any thread. */
guint sm_git_repo_progress(const sm_git_repo *repo);

/* Borrowed: valid as long as REPO. */
const sm_git_settings *sm_git_repo_settings(const sm_git_repo *repo);

/* The length of a full commit id in hex (libgit2's GIT_OID_HEXSZ, which
 * the door does not show). */
#define SM_GIT_HEXSZ 40

/* The functions that name libgit2's types (the commit, its id, the
 * repository itself) are in repo-private.h, for core/git's files and
 * the tests: no other room sees libgit2. */

#endif
