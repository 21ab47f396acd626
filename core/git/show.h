/* git/show.h - a commit as `git show --pretty=fuller --patch-with-stat`
 * prints it (what tig's diff view shows): the commit line (and Merge: for
 * a merge), author and committer with their dates in git's default
 * format, the message indented by four, then for a commit with one parent
 * (or none) "---", the diffstat and the diff against its parent, renames
 * found as git finds them.  A merge shows no diff (git's combined diff is
 * empty for a clean merge).  Made with libgit2: the git program is not
 * needed.
 */
#ifndef SM_GIT_SHOW_H
#define SM_GIT_SHOW_H
#if !defined(SM_INSIDE_GIT_H) && !defined(SM_GIT_COMPILATION)
#error "include git/git.h, core/git's door, not this header"
#endif

#include "repo.h"

/* The text of commit ID (a full id or unique prefix) in REPO; *SUBJECT
 * (may be NULL) gets its first line.  Caller frees both.  NULL and ERROR
 * (SM_GIT_ERROR) when the commit is missing or the diff fails. */
char *sm_git_show(sm_git_repo *repo, const char *id, char **subject, GError **error);

#endif
