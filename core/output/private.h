/* output/private.h - what the tests reach inside core/output, and no
 * other room.
 *
 * Ownership as printer.h says.
 */
#ifndef SM_OUTPUT_PRIVATE_H
#define SM_OUTPUT_PRIVATE_H

#include "output.h"
#include "git-print.h"

/* Print the key "git" and its map (call inside a patch's map):
 *   "git": {"error": ..., "trees": {"6.1": {"branch", "present",
 *   "prediction", "conflicts", "tip", "dependencies": [...]}, ...},
 *   "followups": [{"commit", "kind", "subject", "named", "trees":
 *   {"6.1": {"present", "status", "queued"}}}], "flags": [...]}
 * Documented in doc/git.md.  PATCH may be NULL (no flags). */
void sm_git_info_print(sm_printer *p, const sm_git_info *info, const sm_patch *patch);

#endif
