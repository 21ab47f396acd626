/* git-print.h - the "git" map of `show` and of --format=json, through
 * the one printer (printer.h); the facts come from core/git (info.h).
 *
 * Here and not in git/info.h: core/git knows nothing of output, output
 * renders what git found (doc/architecture.md).
 */
#ifndef SM_GIT_PRINT_H
#define SM_GIT_PRINT_H
#if !defined(SM_INSIDE_OUTPUT_H) && !defined(SM_OUTPUT_COMPILATION)
#error "include output/output.h, core/output's door, not this header"
#endif

#include "git/git.h"
#include "printer.h"

/* For `show`: compute everything about PATCH (dependencies included) with
 * REPO and print the "git" map as sm_git_info_print() (private.h) does.
 * REPO may be NULL, REPO_ERROR then says why. */
void sm_git_print_patch(sm_printer *p, sm_git_repo *repo, const char *repo_error,
                        const sm_patch *patch, const sm_group *group);

#endif
