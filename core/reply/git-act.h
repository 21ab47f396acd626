/* git-act.h - the git features' mails as acts (act.h), so that they go
 * through the same review, edit, send and draft path as every reply.
 *
 * Each act answers the notice act.c picks for the patch on TREE (the
 * FAILED notice, normally) from the user's identity, and is logged and
 * tagged as "done" once sent: asking for dependencies or sending the
 * backport is the maintainer's last step on that patch.
 *
 * Ownership: sm_act_free().  Errors as sm_act_new() and git-mail.h.
 */
#ifndef SM_GIT_ACT_H
#define SM_GIT_ACT_H
#if !defined(SM_INSIDE_REPLY_H) && !defined(SM_REPLY_COMPILATION)
#error "include reply/reply.h, core/reply's door, not this header"
#endif

#include "act.h"
#include "git/git.h"

/* Ask for PICKED (sm_dependency*) to be taken before PATCH on TREE. */
sm_act *sm_git_act_deps(const sm_config *config, sm_store *store, sm_group *group,
                        const sm_patch *patch, const char *tree, GPtrArray *picked,
                        gint64 now, GError **error);

/* Send the backport commit BACKPORT of PATCH for TREE. */
sm_act *sm_git_act_backport(const sm_config *config, sm_store *store, sm_group *group,
                            sm_git_repo *repo, const sm_patch *patch, const char *tree,
                            const char *backport, gint64 now, GError **error);

/* A worktree is open for PATCH: tag it resolving (triage.h), unless the
 * user has triaged it already.  FALSE and ERROR when tagging failed. */
gboolean sm_git_mark_resolving(sm_store *store, sm_group *group, const sm_patch *patch,
                               GError **error);

#endif
