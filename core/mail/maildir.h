/* maildir.h - save a message into a maildir folder, safely.
 *
 * A message is written to FOLDER/tmp, flushed to disk, then renamed into
 * FOLDER/cur with its flags: a crash or a full disk leaves either the whole
 * message or nothing, never half of one.  Missing folders are created.
 *
 * Errors are GErrors in G_FILE_ERROR with a one-line message that names
 * the folder.  Returned paths are newly allocated.
 */
#ifndef SM_MAILDIR_H
#define SM_MAILDIR_H
#if !defined(SM_INSIDE_MAIL_H) && !defined(SM_MAIL_COMPILATION)
#error "include mail/mail.h, core/mail's door, not this header"
#endif

#include <glib.h>

/* Save DATA (LEN bytes) as a new message in FOLDER with the maildir FLAGS
 * ("S", "DS", ...; sorted).  Returns its path, or NULL and ERROR. */
char *sm_maildir_save(const char *folder, const char *data, gsize len,
                      const char *flags, GError **error);

/* Move the message at PATH into FOLDER/cur with FLAGS: a rename (it needs
 * no space, so it works on a full disk), or, when FOLDER is on another
 * filesystem, a durable copy (as sm_maildir_save) and then the removal of
 * PATH.  Returns the new path, or NULL and ERROR (PATH is then untouched). */
char *sm_maildir_move(const char *path, const char *folder, const char *flags,
                      GError **error);

/* Give the message at PATH the maildir FLAGS where it is (a rename within
 * its folder, e.g. to drop the D of a draft that was sent).  Returns the
 * new path, or NULL and ERROR (PATH is then untouched). */
char *sm_maildir_set_flags(const char *path, const char *flags, GError **error);

#endif
