/* file.h - a file written whole: the one writer of stablemate's caches.
 *
 * The data goes to a temporary file beside PATH (PATH.XXXXXX, mode 0600)
 * that is then renamed over PATH, so that a reader sees the old file or
 * the new one, never half of one.  No fsync: every cache file can be made
 * again, each carries its own length so that its reader refuses one cut
 * short by a crash or a full disk, and a refresh does not wait for the
 * disk.  (Mail the user wrote is durable instead: maildir.h.)
 *
 * Where a cache file lies is sm_cache_path()'s (store/config.h):
 * $XDG_CACHE_HOME/stablemate/ROOM/KEY/NAME.
 */
#ifndef SM_FILE_H
#define SM_FILE_H
#if !defined(SM_INSIDE_MAIL_H) && !defined(SM_MAIL_COMPILATION)
#error "include mail/mail.h, core/mail's door, not this header"
#endif

#include <glib.h>

/* One piece of the file's bytes, written where it lies (borrowed). */
typedef struct sm_file_piece {
	const void *data;
	gsize len;
} sm_file_piece;

/* Make PATH the N PIECES, in order, as above; the directories above PATH
 * are made (mode 0700) when missing.  FALSE, with a G_FILE_ERROR "cannot
 * write PATH: REASON" (or the directory that could not be made), when it
 * failed: PATH is then as it was, and no temporary file is left. */
gboolean sm_file_replace(const char *path, const sm_file_piece *pieces, guint n,
                         GError **error);

/* Writes a file's bytes to FD (at its start, in order): 0, or the errno
 * of what failed. */
typedef int (*sm_file_writer)(int fd, gpointer data);
/* As sm_file_replace(), the bytes written by FILL (given DATA): for a
 * file too large to be held in memory in pieces (the patch index copies
 * sections from temporary files). */
gboolean sm_file_replace_with(const char *path, sm_file_writer fill, gpointer data,
                              GError **error);
/* LEN bytes of DATA to FD, through short writes and EINTR; FALSE with
 * *SAVED the errno (ENOSPC for a write of nothing) when they cannot be. */
gboolean sm_file_write_all(int fd, const void *data, gsize len, int *saved);

#endif
