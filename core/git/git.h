/* git/git.h - core/git's door: what the maintainer's kernel repository
 * says about a patch.  Every file outside core/git includes this header
 * and no other of the room's (the sub-headers refuse it).
 *
 * What the room offers:
 *   repo.h          the repository (sm_git_repo), its settings, trees
 *                   resolved to stable branches, commit ids as hex
 *                   (SM_GIT_HEXSZ); SM_GIT_ERROR
 *   info.h          everything about one patch: per tree the branch,
 *                   already there or not, the predicted cherry-pick
 *                   (predict.h), dependencies (deps.h), follow-ups
 *                   (followups.h)
 *   worker.h        the same answers off the TUI's thread
 *   checkout.h      a worktree to resolve one backport; shell.h the
 *                   user's shell in it
 *   status.h        what the notices say about a commit in a tree
 *   stable-commit.h a stable commit id read as its upstream commit
 *   format.h        a commit as `git format-patch` writes it
 *   show.h          a commit as `git show` prints it
 *   interdiff.h     what each tree's diff of a patch changed
 *   maintainers.h   the user's MAINTAINERS sections, read from the tree
 *
 * No libgit2 type shows here: a commit is a hex id or an sm_git_* struct.
 * repo-private.h and contains.h are the room's inside (libgit2's types),
 * private.h what only the tests reach; no other room includes them.
 *
 * Conventions, in every header of the room: errors are GErrors in
 * SM_GIT_ERROR (or SM_RUN_ERROR for a child that failed), one line fit to
 * show the user; a function that returns a new string, array or struct
 * says how to free it; an sm_git_repo belongs to one thread
 * (sm_git_repo_reopen() for another).
 */
#ifndef SM_GIT_H
#define SM_GIT_H
#define SM_INSIDE_GIT_H

#include "repo.h"
#include "checkout.h"
#include "deps.h"
#include "followups.h"
#include "format.h"
#include "info.h"
#include "interdiff.h"
#include "maintainers.h"
#include "predict.h"
#include "shell.h"
#include "show.h"
#include "stable-commit.h"
#include "status.h"
#include "worker.h"

#undef SM_INSIDE_GIT_H
#endif
