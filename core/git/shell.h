/* git/shell.h - the user's shell in a backport worktree.
 *
 * Before the shell a one-screen summary says where the user is, what
 * conflicts and which commands finish the job.  The shell is [git] shell
 * (split into words as a shell would, but not run by one), else $SHELL,
 * else /bin/sh; it runs in the worktree with the terminal, and with
 *   STABLEMATE_WORKTREE, STABLEMATE_TREE, STABLEMATE_UPSTREAM
 * in its environment (for a prompt or a script).  When it exits the
 * worktree's state is read again.  The TUI ends curses around
 * sm_git_shell_run() and shows sm_git_checkout_outcome().
 */
#ifndef SM_GIT_SHELL_H
#define SM_GIT_SHELL_H
#if !defined(SM_INSIDE_GIT_H) && !defined(SM_GIT_COMPILATION)
#error "include git/git.h, core/git's door, not this header"
#endif

#include <stdio.h>
#include "checkout.h"

/* Print the summary to OUT, run the shell in CO's worktree and wait for
 * it, then refresh CO.  FALSE and ERROR when the shell cannot be started
 * (its exit status does not matter) or the worktree cannot be read. */
gboolean sm_git_shell_run(sm_git_repo *repo, sm_checkout *co, FILE *out,
                          GError **error);

/* One line saying where CO stands, for the status line after the shell:
 * "committed as 1a2b3c4d5e6f: the backport mail is next", "still
 * conflicted: drivers/net/foo.c", ...  Caller frees. */
char *sm_git_checkout_outcome(const sm_checkout *co);

#endif
