/* git/checkout.h - a worktree in which to resolve one backport.
 *
 * For (upstream commit, tree) stablemate makes a linked worktree
 *   [git] worktrees / <12-digit id>-<tree>     (worktree name
 *   stablemate-<tree>-<12-digit id>), on a new branch
 *   stablemate/<tree>/<12-digit id> at the stable branch's tip,
 * runs the repository's post-checkout hook there as `git worktree add`
 * does, and cherry-picks the upstream commit: with git itself when it is
 * installed (`git cherry-pick --no-commit`: its merge uses histogram diff,
 * which libgit2 cannot, so only git gives git's conflict hunks), else with
 * libgit2, labels as git's (sm_git_short_id()).  Either leaves conflict
 * markers in the files, the conflicted index, CHERRY_PICK_HEAD (so the
 * commit keeps the original author) and MERGE_MSG.  A creation that
 * fails at any step (the worktree's files, the hook, the pick) removes
 * everything it made: the directory, the worktree's registration, the
 * branch when it made it; the error says what failed and that.  The message is the original one with the line the stable
 * rules ask for put first in its text, after the subject:
 *
 *     net: foo: fix null deref in foo_setup
 *
 *     commit 7c3c36f0f3020bcb33dd36fb46325469690c69bd upstream.
 *
 *     <the original body and tags>
 *
 * so that a plain `git commit` after resolving gives a proper backport.
 * A pick without conflicts is committed at once, as git does.
 *
 * Asked again for the same (commit, tree), the existing worktree is
 * reopened as it is.  A branch stablemate/<tree>/<id> left without its
 * worktree is resumed only when it is still at a commit of the stable
 * branch (the pick starts again there) or when its tip is a backport of
 * <id> (its message says "commit <id> upstream." or "[ Upstream commit
 * <id> ]", or its patch-id matches) whose parent is on the stable branch;
 * any other branch of that name is refused (REFUSED), so that no other
 * change is ever taken for, or mailed as, this backport.  stablemate never works in the user's own worktree,
 * never changes a worktree it finds dirty, and refuses with a clear
 * message (SM_GIT_ERROR_REFUSED) when the worktree path is inside the
 * user's worktree or taken by anything that is not its own worktree for
 * this (commit, tree), or when its branch is checked out elsewhere.
 */
#ifndef SM_GIT_CHECKOUT_H
#define SM_GIT_CHECKOUT_H
#if !defined(SM_INSIDE_GIT_H) && !defined(SM_GIT_COMPILATION)
#error "include git/git.h, core/git's door, not this header"
#endif

#include "repo.h"

typedef enum {
	SM_CHECKOUT_CONFLICTED = 0, /* conflicts remain in the index */
	SM_CHECKOUT_RESOLVED,       /* no conflicts left, not committed yet */
	SM_CHECKOUT_COMMITTED,      /* the branch has the backport commit */
	SM_CHECKOUT_ABANDONED,      /* nothing picked, nothing changed */
	SM_CHECKOUT_COUNT
} sm_checkout_state;

typedef struct sm_checkout {
	char *tree;            /* "6.1" */
	char upstream[SM_GIT_HEXSZ + 1];
	char *subject;         /* the upstream commit's subject */
	char *path;            /* the worktree */
	char *name;            /* the worktree's name in the repository */
	char *branch;          /* "stablemate/6.1/7c3c36f0f302" */
	char *stable_branch;   /* the branch it started from: "linux-6.1.y" */
	char base[SM_GIT_HEXSZ + 1];     /* the stable tip it started from */
	gboolean reopened;     /* it existed already */
	sm_checkout_state state;
	char **conflicts;      /* paths still conflicted (never NULL) */
	char backport[SM_GIT_HEXSZ + 1]; /* the commit, when COMMITTED, else "" */
	gboolean dirty;        /* changes not in a commit, untracked files included */
} sm_checkout;

/* Make or reopen the worktree for UPSTREAM (full id or unique prefix) on
 * TREE.  Returns a new sm_checkout (sm_checkout_free), or NULL and sets
 * ERROR: CONFIG/REPO/REF/COMMIT for what is missing, REFUSED for a path or
 * branch that is not ours to use. */
sm_checkout *sm_git_checkout(sm_git_repo *repo, const char *upstream,
                             const char *tree, GError **error);

/* Read the worktree's state again (after the user's shell). */
gboolean sm_git_checkout_refresh(sm_git_repo *repo, sm_checkout *checkout,
                                 GError **error);

/* Remove an abandoned worktree and its branch.  Refuses (REFUSED) unless
 * the state is ABANDONED and the worktree is clean, untracked files
 * included: nothing the user made is thrown away. */
gboolean sm_git_checkout_remove(sm_git_repo *repo, sm_checkout *checkout,
                                GError **error);

void sm_checkout_free(sm_checkout *checkout);

/* "conflicted", "resolved", "committed", "abandoned". */
const char *sm_checkout_state_name(sm_checkout_state state);

#endif
