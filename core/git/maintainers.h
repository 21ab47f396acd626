/* git/maintainers.h - the user's sections of the kernel's MAINTAINERS.
 *
 * Where the file comes from, in the [maintainers] group of the config:
 *   file     = a MAINTAINERS file to read (e.g. in a kernel checkout)
 *   sections = the sections that are the user's, by name, separated by
 *              ';' ("USB SUBSYSTEM;USB UHCI DRIVER"); default: those whose
 *              M: or R: lists one of the user's addresses
 * With no file set, MAINTAINERS is the blob at HEAD of the [git] repo.
 * Each call reads and parses the file again; a caller keeps the result
 * (the TUI for its session, a command for its run).
 *
 * Errors are GErrors in SM_GIT_ERROR: SM_GIT_ERROR_CONFIG when neither a
 * file nor a repository is configured, SM_GIT_ERROR_FAILED when the file
 * cannot be read or HEAD has no MAINTAINERS.
 */
#ifndef SM_GIT_MAINTAINERS_H
#define SM_GIT_MAINTAINERS_H

#include "repo.h"
#include "patch/maintainers.h"

/* The user's sections (ADDRESSES: the user's, lower or any case).  REPO
 * may be NULL (only [maintainers] file is then used).  A new
 * sm_maintainers (caller frees), or NULL with ERROR.  A selection that
 * keeps no section is not an error: "maintained" then matches nothing. */
sm_maintainers *sm_git_maintainers(const sm_config *config, sm_git_repo *repo,
                                   const char *const *addresses, GError **error);

#endif
