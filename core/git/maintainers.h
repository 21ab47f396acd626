/* git/maintainers.h - the user's sections of the kernel's MAINTAINERS.
 *
 * Where the file comes from, in the [maintainers] group of the config:
 *   file     = a MAINTAINERS file to read (e.g. in a kernel checkout)
 *   sections = the sections that are the user's, by name, separated by
 *              ';' ("USB SUBSYSTEM;USB UHCI DRIVER"); default: those whose
 *              M: or R: lists one of the user's addresses
 * With no file set, MAINTAINERS is the blob at HEAD of the [git] repo.
 * The sections are kept by the file's git blob id (HEAD's tree entry, or
 * the file's bytes hashed as `git hash-object` does) and the selection:
 * asked again, a caller passing the last answer gets it back unparsed
 * while neither changed (the TUI asks at every load and refresh).
 *
 * Errors are GErrors in SM_GIT_ERROR: SM_GIT_ERROR_CONFIG when neither a
 * file nor a repository is configured, SM_GIT_ERROR_FAILED when the file
 * cannot be read or HEAD has no MAINTAINERS.
 */
#ifndef SM_GIT_MAINTAINERS_H
#define SM_GIT_MAINTAINERS_H
#if !defined(SM_INSIDE_GIT_H) && !defined(SM_GIT_COMPILATION)
#error "include git/git.h, core/git's door, not this header"
#endif

#include "repo.h"
#include "patch/patch.h"

/* The user's sections (ADDRESSES: the user's, any case; NULL: none).  REPO
 * may be NULL (only [maintainers] file is then used).  OLD (may be NULL)
 * is an earlier answer, which this call takes: returned as it is when the
 * blob id and the selection are the same, else freed.  A new or the old
 * sm_maintainers (caller frees), or NULL with ERROR.  A selection that
 * keeps no section is not an error: "maintained" then matches nothing. */
sm_maintainers *sm_git_maintainers(const sm_config *config, sm_git_repo *repo,
                                   const char *const *addresses, sm_maintainers *old,
                                   GError **error);

/* K: over the patch text (patch/maintainers.h), for each of PATCHES
 * (sm_patch* of GROUP) that M has no answer for and whose files or
 * subject do not answer already: the text is the patch's reference mail (the diff most
 * of its notices carry), its subject and body.  Reading every patch's
 * mail on each list or load would cost seconds, so the answers are kept
 * in sm_cache_path("git", NULL, "keywords-SHA1") by the mail's message-id,
 * under the K: expressions' SHA-1, and only new mail is read; M keeps
 * them until it is freed.  Reads (and releases) the patches' notices.
 * The number of mails read; nothing fails (a mail that cannot be read
 * leaves its patch to the subject). */
guint sm_git_maintainers_keywords(sm_maintainers *m, sm_group *group, GPtrArray *patches);

#endif
