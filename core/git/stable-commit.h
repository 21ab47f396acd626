/* git/stable-commit.h - a stable branch's commit id, read as the upstream
 * commit it is a backport of.
 *
 * People name a stable tree's commit where they mean the patch: "commit
 * 0123abcd in 6.6.y breaks suspend", a Fixes: line or a revert of the
 * backport.  Its message names its upstream commit the way the
 * already-there index reads it (git/contains.h: "commit X upstream.",
 * "[ Upstream commit X ]", "(cherry picked from commit X)").  Grouping
 * asks this through sm_group_set_stable_lookup() (patch/group.h), so that
 * recognition stays pure and no libgit2 type crosses the door.
 */
#ifndef SM_GIT_STABLE_COMMIT_H
#define SM_GIT_STABLE_COMMIT_H
#if !defined(SM_INSIDE_GIT_H) && !defined(SM_GIT_COMPILATION)
#error "include git/git.h, core/git's door, not this header"
#endif

#include <glib.h>
#include "recognise/recognise.h"

/* The upstream commit the commit ID (8 to 40 hex digits, a unique prefix)
 * of REPO (an sm_git_repo*, borrowed) names in its message, into
 * UPSTREAM: TRUE; FALSE when ID is not in the repository, is ambiguous,
 * or names no upstream commit (a mainline commit).  Its signature is
 * sm_stable_lookup's (patch/group.h); REPO is used by one thread at a
 * time. */
gboolean sm_git_stable_upstream(const char *id, char upstream[SM_SHA_LEN + 1], gpointer repo);

#endif
