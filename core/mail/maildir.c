/* maildir.c - atomic delivery into maildir folders. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "maildir.h"

static gboolean fail(GError **error, const char *what, const char *path, int err)
{
	g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "cannot %s %s: %s",
	            what, path, g_strerror(err));
	return FALSE;
}

static gboolean make_folder(const char *folder, GError **error)
{
	static const char *const subdirs[] = { "cur", "new", "tmp" };
	for (size_t i = 0; i < G_N_ELEMENTS(subdirs); i++) {
		char *dir = g_build_filename(folder, subdirs[i], NULL);
		int err = g_mkdir_with_parents(dir, 0700) == 0 ? 0 : errno;
		if (err)
			fail(error, "create", dir, err);
		g_free(dir);
		if (err)
			return FALSE;
	}
	return TRUE;
}

/* time.M<usec>P<pid>Q<count>.<host>: unique per the maildir convention. */
static char *unique_name(void)
{
	static guint count;
	gint64 now = g_get_real_time();
	char *host = g_strdup(g_get_host_name());
	g_strdelimit(host, "/:", '_');
	char *name = g_strdup_printf("%" G_GINT64_FORMAT ".M%06dP%dQ%u.%s",
	                             now / G_USEC_PER_SEC, (int)(now % G_USEC_PER_SEC),
	                             (int)getpid(), ++count, host);
	g_free(host);
	return name;
}

static char *cur_path(const char *folder, const char *base, const char *flags)
{
	char *name = g_strdup_printf("%s:2,%s", base, flags);
	char *path = g_build_filename(folder, "cur", name, NULL);
	g_free(name);
	return path;
}

char *sm_maildir_save(const char *folder, const char *data, gsize len,
                      const char *flags, GError **error)
{
	if (!make_folder(folder, error))
		return NULL;
	char *base = unique_name();
	char *tmp = g_build_filename(folder, "tmp", base, NULL);
	char *path = cur_path(folder, base, flags);
	g_free(base);
	/* Durable: flushed to disk before it is renamed into cur/. */
	GError *err = NULL;
	gboolean ok = g_file_set_contents_full(tmp, data, len, G_FILE_SET_CONTENTS_CONSISTENT |
	                                       G_FILE_SET_CONTENTS_DURABLE, 0600, &err);
	if (ok && rename(tmp, path) != 0) {
		ok = fail(error, "save a message in", folder, errno);
		g_unlink(tmp);
	} else if (!ok) {
		g_set_error(error, G_FILE_ERROR, err->code, "cannot save a message in %s: %s",
		            folder, err->message);
		g_error_free(err);
	}
	if (!ok)
		g_clear_pointer(&path, g_free);
	g_free(tmp);
	return path;
}

static char *base_name(const char *path)
{
	char *base = g_path_get_basename(path);
	char *info = strstr(base, ":2,");
	if (info)
		*info = '\0';
	return base;
}

/* A rename cannot cross filesystems: copy durably, then remove PATH. */
static char *copy_across(const char *path, const char *folder, const char *flags,
                         GError **error)
{
	char *data = NULL;
	gsize len = 0;
	GError *err = NULL;
	if (!g_file_get_contents(path, &data, &len, &err)) {
		g_set_error(error, G_FILE_ERROR, err->code, "cannot move a message into %s: %s",
		            folder, err->message);
		g_error_free(err);
		return NULL;
	}
	char *dest = sm_maildir_save(folder, data, len, flags, error);
	g_free(data);
	if (dest && g_unlink(path) != 0) {
		/* Both copies would be worse than none: take the new one back. */
		int saved = errno;
		g_unlink(dest);
		g_clear_pointer(&dest, g_free);
		fail(error, "remove", path, saved);
	}
	return dest;
}

char *sm_maildir_move(const char *path, const char *folder, const char *flags,
                      GError **error)
{
	if (!make_folder(folder, error))
		return NULL;
	char *base = base_name(path);
	char *dest = cur_path(folder, base, flags);
	g_free(base);
	if (rename(path, dest) != 0) {
		int err = errno;
		g_clear_pointer(&dest, g_free);
		if (err == EXDEV)
			return copy_across(path, folder, flags, error);
		fail(error, "move a message into", folder, err);
	}
	return dest;
}

char *sm_maildir_set_flags(const char *path, const char *flags, GError **error)
{
	char *dir = g_path_get_dirname(path);
	char *base = base_name(path);
	char *name = g_strdup_printf("%s:2,%s", base, flags);
	char *dest = g_build_filename(dir, name, NULL);
	if (rename(path, dest) != 0) {
		fail(error, "rename", path, errno);
		g_clear_pointer(&dest, g_free);
	}
	g_free(name);
	g_free(base);
	g_free(dir);
	return dest;
}
