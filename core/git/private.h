/* git/private.h - what the tests reach inside core/git, and no other
 * room: the pieces of the shell, the dependencies, the follow-ups and
 * the worker that the program uses only through the functions of their
 * doors.  (repo-private.h is what the room's files share with the
 * repository.)
 *
 * Ownership and errors as the headers included here say.
 */
#ifndef SM_GIT_PRIVATE_H
#define SM_GIT_PRIVATE_H

#include "git.h"
#include "deps.h"
#include "followups.h"
#include "info.h"
#include "shell.h"
#include "worker.h"

/* The summary for CO, ending with a new line.  Caller frees. */
char *sm_git_checkout_summary(const sm_checkout *co);

/* The command to run: a new NULL-terminated argv (g_strfreev), or NULL
 * and ERROR (SM_GIT_ERROR_CONFIG) when [git] shell cannot be split. */
char **sm_git_shell_argv(const sm_git_settings *settings, GError **error);

/* The "Possible dependencies:" of a FAILED notice's BODY, as
 * sm_dependency with id (lower-case prefix) and subject only. */
GPtrArray *sm_git_notice_dependencies(const char *body);

/* The ids MESSAGE names in Fixes: tags (8+ hex digits, lower-case) and in
 * "This reverts commit" lines, appended to FIXES and REVERTS (arrays of
 * new strings). */
void sm_git_scan_followup_lines(const char *message, GPtrArray *fixes,
                                GPtrArray *reverts);

/* Wait until every query asked so far is answered and the follow-up
 * index is ready (for tests and the command line); then poll as usual. */
void sm_git_worker_wait(sm_git_worker *worker);

#endif
