/* git/status.h - what the notices say about a commit in a tree.
 *
 * The git features ask this of commits other than the patch in hand: a
 * follow-up fix, a candidate dependency.  The answer is the status of the
 * patch (group.h) whose upstream commit it is.
 */
#ifndef SM_GIT_STATUS_H
#define SM_GIT_STATUS_H
#if !defined(SM_INSIDE_GIT_H) && !defined(SM_GIT_COMPILATION)
#error "include git/git.h, core/git's door, not this header"
#endif

#include "patch/patch.h"

/* The status in TREE of the patch for upstream commit ID (a full id or a
 * prefix of 8+ digits), or SM_STATUS_NONE when no notice is about it. */
sm_status sm_git_tree_status(const sm_group *group, const char *id, const char *tree);

/* Is the commit on its way into the tree: queued, under review or
 * released (and not dropped)? */
gboolean sm_status_is_queued(sm_status status);

#endif
