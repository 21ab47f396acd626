/* leftover.c - replies left unfinished by a stablemate that stopped while
 * the user edited them: their descriptions, and finding them again. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "private.h"

#define ABOUT_GROUP "reply"
#define EDIT_SUFFIX ".eml"
#define ABOUT_SUFFIX ".about"

char *sm_act_edit_dir(void)
{
	return g_build_filename(g_get_user_data_dir(), "stablemate", "edits", NULL);
}

char *sm_act_edit_file(const char *message_id)
{
	char *dir = sm_act_edit_dir();
	char *name = g_strconcat(message_id, EDIT_SUFFIX, NULL);
	g_strdelimit(name, "/", '_');
	char *path = g_build_filename(dir, name, NULL);
	g_free(name);
	g_free(dir);
	return path;
}

static char *about_path(const char *edit_path)
{
	const char *end = g_str_has_suffix(edit_path, EDIT_SUFFIX)
		? edit_path + strlen(edit_path) - strlen(EDIT_SUFFIX) : edit_path + strlen(edit_path);
	return g_strdup_printf("%.*s%s", (int)(end - edit_path), edit_path, ABOUT_SUFFIX);
}

/* This boot of the machine: a process id names a process only within it. */
static char *boot_id(void)
{
	char *id = NULL;
	if (!g_file_get_contents("/proc/sys/kernel/random/boot_id", &id, NULL, NULL))
		return g_strdup("");
	return g_strstrip(id);
}

static void set_strv(GKeyFile *kf, const char *key, char *const *values)
{
	g_key_file_set_string_list(kf, ABOUT_GROUP, key, (const char *const *)values,
	                           values ? g_strv_length((char **)values) : 0);
}

gboolean sm_act_about_write(const sm_act *act, const sm_act_reply *r, GError **error)
{
	GKeyFile *kf = g_key_file_new();
	g_key_file_set_string(kf, ABOUT_GROUP, "action", sm_act_kind_name(act->action));
	g_key_file_set_string(kf, ABOUT_GROUP, "request", sm_act_request_name(r->request));
	g_key_file_set_boolean(kf, ABOUT_GROUP, "ack", act->ack);
	g_key_file_set_string(kf, ABOUT_GROUP, "reason", act->reason);
	g_key_file_set_string(kf, ABOUT_GROUP, "patch", r->patch->id);
	GPtrArray *also = g_ptr_array_new();
	for (guint i = 0; r->also && i < r->also->len; i++)
		g_ptr_array_add(also, ((sm_act_patch *)r->also->pdata[i])->id);
	g_ptr_array_add(also, NULL);
	set_strv(kf, "also", (char **)also->pdata);
	g_ptr_array_unref(also);
	set_strv(kf, "trees", r->trees);
	g_key_file_set_string(kf, ABOUT_GROUP, "parent", r->parent_id);
	g_key_file_set_string(kf, ABOUT_GROUP, "message-id", r->reply->message_id);
	g_key_file_set_int64(kf, ABOUT_GROUP, "pid", getpid());
	char *boot = boot_id();
	g_key_file_set_string(kf, ABOUT_GROUP, "boot", boot);
	g_free(boot);
	char *path = about_path(r->edit_path);
	char *text = g_key_file_to_data(kf, NULL, NULL);
	gboolean ok = g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT,
	                                       0600, error);
	g_free(text);
	g_free(path);
	g_key_file_unref(kf);
	return ok;
}

void sm_act_about_remove(const char *edit_path)
{
	char *path = about_path(edit_path);
	g_unlink(path);
	g_free(path);
}

static void leftover_free(sm_act_leftover *l)
{
	g_free(l->path);
	g_free(l->patch);
	g_strfreev(l->also);
	g_strfreev(l->trees);
	g_free(l->parent_id);
	g_free(l->message_id);
	g_free(l->reason);
	g_free(l);
}

/* Is the process that wrote KF still editing?  Only when it runs on this
 * boot under that pid (this process included: it is not left over). */
static gboolean still_edited(GKeyFile *kf)
{
	gint64 pid = g_key_file_get_int64(kf, ABOUT_GROUP, "pid", NULL);
	char *boot = g_key_file_get_string(kf, ABOUT_GROUP, "boot", NULL);
	char *now = boot_id();
	gboolean alive = pid > 0 && pid <= G_MAXINT && boot && strcmp(boot, now) == 0 &&
	                 (kill((pid_t)pid, 0) == 0 || errno == EPERM);
	g_free(now);
	g_free(boot);
	return alive;
}

static gboolean request_from_name(const char *name, sm_triage *request)
{
	static const sm_triage requests[] = { SM_TRIAGE_APPROVED, SM_TRIAGE_HOLD,
	                                      SM_TRIAGE_REVERT, SM_TRIAGE_DROP,
	                                      SM_TRIAGE_UNTRIAGED };
	for (size_t i = 0; i < G_N_ELEMENTS(requests); i++)
		if (name && strcmp(name, sm_act_request_name(requests[i])) == 0) {
			*request = requests[i];
			return TRUE;
		}
	return FALSE;
}

/* L's fields from its description KF; FALSE when one is missing. */
static gboolean read_about(sm_act_leftover *l, GKeyFile *kf)
{
	char *action = g_key_file_get_string(kf, ABOUT_GROUP, "action", NULL);
	char *request = g_key_file_get_string(kf, ABOUT_GROUP, "request", NULL);
	gboolean ok = sm_act_kind_from_name(action, &l->action) &&
	              request_from_name(request, &l->request);
	g_free(action);
	g_free(request);
	l->ack = g_key_file_get_boolean(kf, ABOUT_GROUP, "ack", NULL);
	l->reason = g_key_file_get_string(kf, ABOUT_GROUP, "reason", NULL);
	l->patch = g_key_file_get_string(kf, ABOUT_GROUP, "patch", NULL);
	l->also = g_key_file_get_string_list(kf, ABOUT_GROUP, "also", NULL, NULL);
	l->trees = g_key_file_get_string_list(kf, ABOUT_GROUP, "trees", NULL, NULL);
	l->parent_id = g_key_file_get_string(kf, ABOUT_GROUP, "parent", NULL);
	l->message_id = g_key_file_get_string(kf, ABOUT_GROUP, "message-id", NULL);
	if (!l->also)
		l->also = g_new0(char *, 1);
	return ok && l->reason && l->patch && l->trees && *l->trees && l->parent_id &&
	       l->message_id;
}

static gint by_path(gconstpointer a, gconstpointer b)
{
	return strcmp((*(sm_act_leftover *const *)a)->path, (*(sm_act_leftover *const *)b)->path);
}

GPtrArray *sm_act_leftovers(void)
{
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)leftover_free);
	char *dir = sm_act_edit_dir();
	GDir *d = g_dir_open(dir, 0, NULL);
	for (const char *name; d && (name = g_dir_read_name(d));) {
		if (!g_str_has_suffix(name, EDIT_SUFFIX))
			continue;
		sm_act_leftover *l = g_new0(sm_act_leftover, 1);
		l->path = g_build_filename(dir, name, NULL);
		char *about = about_path(l->path);
		GKeyFile *kf = g_key_file_new();
		gboolean described = g_key_file_load_from_file(kf, about, G_KEY_FILE_NONE, NULL);
		if (described && still_edited(kf)) {
			leftover_free(l);
		} else {
			l->known = described && read_about(l, kf);
			g_ptr_array_add(out, l);
		}
		g_key_file_unref(kf);
		g_free(about);
	}
	if (d)
		g_dir_close(d);
	g_free(dir);
	g_ptr_array_sort(out, by_path);
	return out;
}

char *sm_act_leftover_describe(const sm_act_leftover *l)
{
	if (!l->known)
		return g_strdup_printf("a reply whose edit file %s says nothing of what it answers",
		                       l->path);
	GString *s = g_string_new(NULL);
	char *trees = g_strjoinv(",", l->trees);
	g_string_printf(s, "a %s reply to %.12s", l->request == SM_TRIAGE_UNTRIAGED ? "plain"
	                : sm_act_request_name(l->request), l->patch);
	for (char **a = l->also; *a; a++)
		g_string_append_printf(s, ",%.12s", *a);
	g_string_append_printf(s, "%s%s (answering <%s>), in %s", *trees ? " for " : "", trees,
	                       l->parent_id, l->path);
	g_free(trees);
	return g_string_free(s, FALSE);
}

sm_act_leftover *sm_act_leftover_find(GPtrArray *leftovers, const char *name)
{
	for (guint i = 0; i < leftovers->len; i++) {
		sm_act_leftover *l = leftovers->pdata[i];
		char *base = g_path_get_basename(l->path);
		char *full = g_canonicalize_filename(name, NULL);
		gboolean same = strcmp(full, l->path) == 0 || strcmp(name, base) == 0 ||
		                (l->message_id && strcmp(name, l->message_id) == 0);
		g_free(full);
		g_free(base);
		if (same)
			return l;
	}
	return NULL;
}
