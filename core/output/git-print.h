/* git-print.h - the "git" map of `show` and of --format=json, through
 * the one printer (printer.h); the facts come from core/git (info.h).
 *
 * Here and not in git/info.h: core/git knows nothing of output, output
 * renders what git found (doc/architecture.md).
 */
#ifndef SM_GIT_PRINT_H
#define SM_GIT_PRINT_H

#include "git/info.h"
#include "printer.h"

/* For `show`: compute everything about PATCH (dependencies included) with
 * REPO and print the "git" map as sm_git_info_print() does.  REPO may be
 * NULL, REPO_ERROR then says why. */
void sm_git_print_patch(sm_printer *p, sm_git_repo *repo, const char *repo_error,
                        const sm_patch *patch, const sm_group *group);

/* Print the key "git" and its map (call inside a patch's map):
 *   "git": {"error": ..., "trees": {"6.1": {"branch", "present",
 *   "prediction", "conflicts", "tip", "dependencies": [...]}, ...},
 *   "followups": [{"commit", "kind", "subject", "named", "trees":
 *   {"6.1": {"present", "status", "queued"}}}], "flags": [...]}
 * Documented in doc/git.md.  PATCH may be NULL (no flags). */
void sm_git_info_print(sm_printer *p, const sm_git_info *info, const sm_patch *patch);

#endif
