/* file.c - a file written whole (file.h). */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "file.h"

gboolean sm_file_write_all(int fd, const void *data, gsize len, int *saved)
{
	for (gsize done = 0; done < len;) {
		ssize_t n = write(fd, (const guint8 *)data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			*saved = n < 0 ? errno : ENOSPC;
			return FALSE;
		}
		done += (gsize)n;
	}
	return TRUE;
}

static gboolean make_parent(const char *path, GError **error)
{
	char *dir = g_path_get_dirname(path);
	gboolean ok = g_mkdir_with_parents(dir, 0700) == 0;
	if (!ok) {
		int saved = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
		            "cannot make %s: %s", dir, g_strerror(saved));
	}
	g_free(dir);
	return ok;
}

/* The pieces of sm_file_replace(), for sm_file_replace_with(). */
typedef struct pieces {
	const sm_file_piece *at;
	guint n;
} pieces;

static int write_pieces(int fd, gpointer data)
{
	const pieces *p = data;
	int saved = 0;
	for (guint i = 0; i < p->n; i++)
		if (!sm_file_write_all(fd, p->at[i].data, p->at[i].len, &saved))
			return saved;
	return 0;
}

gboolean sm_file_replace(const char *path, const sm_file_piece *at, guint n, GError **error)
{
	pieces p = { at, n };
	return sm_file_replace_with(path, write_pieces, &p, error);
}

gboolean sm_file_replace_with(const char *path, sm_file_writer fill, gpointer data,
                              GError **error)
{
	if (!make_parent(path, error))
		return FALSE;
	char *tmp = g_strdup_printf("%s.XXXXXX", path);
	int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);
	int saved = errno;
	gboolean ok = fd >= 0;
	if (ok && (saved = fill(fd, data)) != 0)
		ok = FALSE;
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = FALSE;
		saved = errno;
	}
	if (ok && rename(tmp, path) != 0) {
		ok = FALSE;
		saved = errno;
	}
	if (!ok) {
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(saved),
		            "cannot write %s: %s", path, g_strerror(saved));
		if (fd >= 0)
			g_unlink(tmp);
	}
	g_free(tmp);
	return ok;
}
