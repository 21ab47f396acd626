/* history.c - append and read the action log. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "history.h"

enum { F_DATE, F_PATCH, F_TREES, F_ACTION, F_RESULT, F_BEFORE, F_REPLY, F_ACT, F_COUNT };

char *sm_history_path(const sm_config *config)
{
	char *fallback = g_build_filename(g_get_user_data_dir(), "stablemate", "history", NULL);
	char *path = sm_config_string(config, "history", "path", fallback);
	g_free(fallback);
	return path;
}

/* A field must not carry the separators of the file. */
static void append_field(GString *line, const char *value)
{
	if (line->len)
		g_string_append_c(line, '\t');
	for (const char *p = value ? value : ""; *p; p++)
		g_string_append_c(line, (guchar)*p < ' ' ? ' ' : *p);
}

static gboolean fail(GError **error, const char *what, const char *path, int err)
{
	g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err), "cannot %s %s: %s",
	            what, path, g_strerror(err));
	return FALSE;
}

gboolean sm_history_append(const char *path, const sm_history_entry *entry,
                           GError **error)
{
	char *dir = g_path_get_dirname(path);
	int made = g_mkdir_with_parents(dir, 0700);
	g_free(dir);
	if (made != 0)
		return fail(error, "create the folder of", path, errno);

	GDateTime *dt = g_date_time_new_from_unix_local(entry->date);
	char *date = g_date_time_format_iso8601(dt);
	g_date_time_unref(dt);
	GString *line = g_string_new(NULL);
	const char *fields[F_COUNT] = { date, entry->patch, entry->trees, entry->action,
	                                entry->result, sm_triage_name(entry->before),
	                                entry->message_id, entry->act };
	for (int f = 0; f < F_COUNT; f++)
		append_field(line, fields[f]);
	g_string_append_c(line, '\n');
	g_free(date);

	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	int err = fd < 0 ? errno : 0;
	errno = 0;
	if (!err && write(fd, line->str, line->len) != (ssize_t)line->len)
		err = errno ? errno : EIO;
	if (fd >= 0 && close(fd) != 0 && !err)
		err = errno;
	g_string_free(line, TRUE);
	return err ? fail(error, "write", path, err) : TRUE;
}

static sm_history_entry *parse_line(const char *line)
{
	char **f = g_strsplit(line, "\t", F_COUNT + 1);
	sm_history_entry *entry = NULL;
	guint n = g_strv_length(f);
	/* Lines written before acts had ids lack the last field. */
	GDateTime *dt = n == F_COUNT || n == F_ACT ? g_date_time_new_from_iso8601(f[F_DATE], NULL)
	                                           : NULL;
	sm_triage before;
	if (dt && sm_triage_from_name(f[F_BEFORE], &before)) {
		entry = g_new0(sm_history_entry, 1);
		entry->date = g_date_time_to_unix(dt);
		entry->patch = g_strdup(f[F_PATCH]);
		entry->trees = g_strdup(f[F_TREES]);
		entry->action = g_strdup(f[F_ACTION]);
		entry->result = g_strdup(f[F_RESULT]);
		entry->before = before;
		entry->message_id = g_strdup(f[F_REPLY]);
		entry->act = g_strdup(n == F_COUNT ? f[F_ACT] : "");
	}
	if (dt)
		g_date_time_unref(dt);
	g_strfreev(f);
	return entry;
}

static void sm_history_entry_free(sm_history_entry *entry);

GPtrArray *sm_history_read(const char *path, const char *patch, GError **error)
{
	GPtrArray *entries = g_ptr_array_new_with_free_func((GDestroyNotify)sm_history_entry_free);
	char *text = NULL;
	GError *err = NULL;
	if (!g_file_get_contents(path, &text, NULL, &err)) {
		if (g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
			g_error_free(err);
			return entries;
		}
		g_propagate_error(error, err);
		g_ptr_array_unref(entries);
		return NULL;
	}
	char **lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l; l++) {
		if (**l == '#' || !**l)
			continue;
		sm_history_entry *entry = parse_line(*l);
		if (entry && (!patch || strcmp(entry->patch, patch) == 0))
			g_ptr_array_add(entries, entry);
		else
			sm_history_entry_free(entry);
	}
	g_strfreev(lines);
	g_free(text);
	return entries;
}

static void sm_history_entry_free(sm_history_entry *entry)
{
	if (!entry)
		return;
	g_free(entry->patch);
	g_free(entry->trees);
	g_free(entry->action);
	g_free(entry->result);
	g_free(entry->message_id);
	g_free(entry->act);
	g_free(entry);
}
