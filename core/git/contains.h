/* git/contains.h - is an upstream commit already in a stable branch?
 *
 * A stable branch holds an upstream commit when it has the commit itself
 * (the commit was made before the branch left mainline), or a backport of
 * it: a commit since the branch point whose message has a line
 *   commit <id> upstream.
 *   [ Upstream commit <id> ]
 *   (cherry picked from commit <id>)
 * with the full 40-digit id.
 *
 * or the same change: a commit since the branch point with the same
 * patch-id (`git patch-id`), a cherry-pick without the line.
 *
 * Two indexes answer it, both built once and kept in cache files
 * (git/cache.c): mainline's ancestry (git/mainline.c, one for every
 * branch), which says whether a mainline commit is older than a branch
 * point on mainline's first-parent line; and per branch, its own commits
 * since the branch point, the upstream ids they name and the header-only
 * ids and patch-ids of those that name none, as sorted id arrays.  A
 * look-up is a few binary searches.  A commit the branch lacks has the
 * same change as one of its line-less commits only when both have the
 * same header-only id (as `git cherry` finds it), and then the same
 * patch-id: the header-only ids of mainline's commits since the oldest
 * branch point are made once for every branch (the cache file
 * "mainline-headers"), and each branch's build diffs the few mainline
 * commits that share one with its line-less commits and keeps those with
 * the same change, so a look-up of any mainline commit reads nothing.  A
 * commit off mainline (or with the branch point off its first-parent
 * line) has its header-only id read from its trees when asked, and is
 * diffed only when a branch commit has the same.  When the tip or
 * mainline moves forward only the new commits are read; a rewound branch
 * or a new branch point starts again.
 */
#ifndef SM_GIT_CONTAINS_H
#define SM_GIT_CONTAINS_H

#include "repo-private.h" /* libgit2 types: for core/git and the tests only */

/* Set *PRESENT to whether TREE's stable branch holds UPSTREAM.  Returns
 * FALSE and sets ERROR when the branch or mainline cannot be resolved. */
gboolean sm_git_contains(sm_git_repo *repo, const char *tree,
                         const git_oid *upstream, gboolean *present,
                         GError **error);

/* The same, and when *PRESENT, *AS (if AS is not NULL) the branch's
 * commit that holds it: a backport naming it (the first of several by
 * id), a commit with its patch-id, or UPSTREAM itself when it is in
 * the branch as it is. */
gboolean sm_git_contains_as(sm_git_repo *repo, const char *tree, const git_oid *upstream,
                            gboolean *present, git_oid *as, GError **error);

/* TREE's stable tip and where it left mainline (sm_git_branch_point()),
 * from the index: finding the branch point again costs a walk of
 * mainline since it, so it is only redone when a branch was rewound. */
gboolean sm_git_stable_base(sm_git_repo *repo, const char *tree, git_oid *tip,
                            git_oid *base, GError **error);

/* The upstream ids that MESSAGE names as its origin (the lines above,
 * "upstream" and "cherry picked" in any case), lower-case, in a new
 * NULL-terminated array (g_strfreev), or NULL when there is none. */
char **sm_git_upstream_ids(const char *message);

#endif
