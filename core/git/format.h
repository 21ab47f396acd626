/* git/format.h - one commit as `git format-patch` writes it, for the
 * backport mail (reply/git-mail.h), so that libgit2 stays behind
 * core/git's door.
 *
 * Ownership: sm_git_format_patch() fills an sm_git_formatted that the
 * caller clears with sm_git_formatted_clear().  Errors: SM_GIT_ERROR
 * (COMMIT for an id that is not there, FAILED when libgit2 cannot
 * format it), one line.
 */
#ifndef SM_GIT_FORMAT_H
#define SM_GIT_FORMAT_H
#if !defined(SM_INSIDE_GIT_H) && !defined(SM_GIT_COMPILATION)
#error "include git/git.h, core/git's door, not this header"
#endif

#include "repo.h"

typedef struct sm_git_formatted {
	char *summary;      /* the first line of the message */
	char *author_name;  /* as the commit has them, not made safe */
	char *author_email;
	char *text;         /* the message, "---", the diffstat and the diff,
	                       signed "-- \nstablemate VERSION\n" */
} sm_git_formatted;

/* Format commit ID (a full id or a unique prefix) of REPO into OUT.
 * FALSE and ERROR, OUT untouched, when it cannot. */
gboolean sm_git_format_patch(sm_git_repo *repo, const char *id, sm_git_formatted *out,
                             GError **error);
void sm_git_formatted_clear(sm_git_formatted *formatted);

#endif
