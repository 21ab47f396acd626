/* state.c - the program's state as the views and the actions see it:
 * the status line's messages and their log, the patches by key, the
 * marks, the trees shown, the limits' sets, the keys that wait for a job.
 *
 * Below the views, the actions and the main loop (tui.c), which all call
 * it; it calls none of them.  What a view asks of the loop (reload,
 * refresh) goes through the loop's table (sm_tui_loop), which tui.c fills
 * in, so that no call goes up.
 */
#include <string.h>
#include "load.h"
#include "tui-private.h"
#include "git/git.h"
#include "patch/patch.h"

/* The log keeps this many messages (a long session's first ones go). */
#define LOG_MAX 2000

const char *sm_patch_key(const sm_patch *patch)
{
	if (patch->upstream[0])
		return patch->upstream;
	if (patch->first_id)
		return patch->first_id;
	return patch->key ? patch->key : "";
}

void sm_log_entry_free(gpointer data)
{
	sm_log_entry *entry = data;
	g_free(entry->text);
	g_free(entry);
}

/* Tell the views that show the log (view-log.c) that it changed. */
static void log_changed(sm_tui *tui)
{
	for (guint i = 0; tui->stack && i < tui->stack->len; i++) {
		sm_view *view = tui->stack->pdata[i];
		if (view->ops->log_changed)
			view->ops->log_changed(view);
	}
}

void sm_tui_log_add(sm_tui *tui, const char *text, gboolean error)
{
	sm_log_entry *entry = g_new0(sm_log_entry, 1);
	entry->time = g_get_real_time() / G_USEC_PER_SEC;
	entry->error = error;
	entry->text = g_strdup(text);
	if (tui->log->len >= LOG_MAX)
		g_ptr_array_remove_index(tui->log, 0);
	g_ptr_array_add(tui->log, entry);
	log_changed(tui);
}

/* Keep the message now on the status line in the log, in full. */
static void log_message(sm_tui *tui)
{
	if (!tui->message->len)
		return;
	sm_tui_log_add(tui, tui->message->str, tui->message_error);
}

/* The status line's message grew (warnings appended): so does its entry. */
static void log_update(sm_tui *tui)
{
	if (!tui->log->len)
		return;
	sm_log_entry *entry = tui->log->pdata[tui->log->len - 1];
	g_free(entry->text);
	entry->text = g_strdup(tui->message->str);
	log_changed(tui);
}

void sm_tui_message_append(sm_tui *tui, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	g_string_append_vprintf(tui->message, format, args);
	va_end(args);
	tui->dirty = TRUE;
	log_update(tui);
}

static void set_message(sm_tui *tui, gboolean error, const char *format, va_list args)
{
	g_string_vprintf(tui->message, format, args);
	tui->message_error = error;
	tui->dirty = TRUE;
	log_message(tui);
}

void sm_tui_message(sm_tui *tui, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	set_message(tui, FALSE, format, args);
	va_end(args);
}

void sm_tui_error(sm_tui *tui, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	set_message(tui, TRUE, format, args);
	va_end(args);
}

const GRegex *sm_tui_search(const sm_tui *tui)
{
	return tui->search;
}

const GPtrArray *sm_tui_log(const sm_tui *tui)
{
	return tui->log;
}

const sm_keymap *sm_tui_keymap(const sm_tui *tui)
{
	return tui->keymap;
}

GPtrArray *sm_tui_stack(const sm_tui *tui)
{
	return tui->stack;
}

sm_prompt *sm_tui_prompt(const sm_tui *tui)
{
	return tui->prompt;
}

sm_prompt *sm_tui_set_prompt(sm_tui *tui, sm_prompt *prompt)
{
	sm_prompt *before = tui->prompt;
	tui->prompt = prompt;
	tui->dirty = TRUE;
	return before;
}

void sm_tui_set_search(sm_tui *tui, GRegex *regex, gboolean back)
{
	if (tui->search)
		g_regex_unref(tui->search);
	tui->search = regex;
	tui->search_back = back;
}

gboolean sm_tui_search_back(const sm_tui *tui)
{
	return tui->search_back;
}

void sm_tui_quit(sm_tui *tui)
{
	tui->quit = TRUE;
}

sm_group *sm_tui_group(sm_tui *tui)
{
	return sm_tui_data_busy(tui) ? NULL : tui->group;
}

void sm_tui_redraw(sm_tui *tui)
{
	tui->dirty = TRUE;
}

void sm_tui_check_later(sm_tui *tui)
{
	tui->last_check = g_get_monotonic_time();
}

gboolean sm_tui_said_error(const sm_tui *tui)
{
	return tui->message_error;
}

gint64 sm_tui_now(const sm_tui *tui)
{
	return tui->now;
}

const GPtrArray *sm_tui_trees(const sm_tui *tui)
{
	return tui->trees;
}

sm_git_worker *sm_tui_git(sm_tui *tui)
{
	return tui->git;
}

const sm_config *sm_tui_config(const sm_tui *tui)
{
	return tui->config;
}

const char *sm_tui_query(const sm_tui *tui)
{
	return tui->query;
}

guint sm_tui_generation(const sm_tui *tui)
{
	return tui->generation;
}

gboolean sm_tui_loaded(const sm_tui *tui)
{
	return tui->group != NULL;
}

gboolean sm_tui_job_running(const sm_tui *tui)
{
	return tui->job != NULL;
}

guint sm_tui_mark_count(const sm_tui *tui)
{
	return g_hash_table_size(tui->marks);
}

const char *const *sm_tui_user_addresses(const sm_tui *tui)
{
	/* Read when the store opened and never changed: safe while a worker
	 * has the store. */
	return sm_store_user_addresses(tui->store);
}

sm_maintainers *sm_tui_maintainers_held(sm_tui *tui)
{
	return tui->maintainers && sm_maintainers_count(tui->maintainers) ? tui->maintainers : NULL;
}

gboolean sm_tui_data_busy(const sm_tui *tui)
{
	return tui->job && sm_job_get_kind(tui->job) == SM_JOB_REFRESH;
}

sm_store *sm_tui_store(sm_tui *tui)
{
	return tui->job ? NULL : tui->store;
}

sm_patch *sm_tui_patch(sm_tui *tui, const char *key)
{
	if (sm_tui_data_busy(tui) || !key)
		return NULL;
	return g_hash_table_lookup(tui->by_key, key);
}

gboolean sm_tui_marked(const sm_tui *tui, const char *key)
{
	return key && g_hash_table_contains(tui->marks, key);
}

void sm_tui_mark(sm_tui *tui, const char *key, gboolean marked)
{
	if (marked)
		g_hash_table_add(tui->marks, g_strdup(key));
	else
		g_hash_table_remove(tui->marks, key);
	tui->dirty = TRUE;
}

void sm_tui_clear_marks(sm_tui *tui)
{
	g_hash_table_remove_all(tui->marks);
	tui->dirty = TRUE;
}

GHashTable *sm_tui_mine(sm_tui *tui)
{
	if (tui->mine)
		return tui->mine;
	sm_store *store = sm_tui_store(tui);
	if (!store)
		return NULL;
	char *query = sm_filter_mine_query(sm_store_user_addresses(store));
	GError *error = NULL;
	if (!query) {
		sm_tui_error(tui, "mine: no addresses in the notmuch config (user.primary_email)");
		return NULL;
	}
	GHashTable *ids = sm_store_query_ids(store, query, &error);
	if (!ids) {
		sm_tui_error(tui, "mine: %s", error->message);
		g_error_free(error);
	} else if (tui->group) {
		/* The filter asks of patches, not of notices it need not read. */
		tui->mine = sm_group_patches_of_ids(tui->group, ids);
	}
	if (ids)
		g_hash_table_unref(ids);
	g_free(query);
	return tui->mine;
}

sm_maintainers *sm_tui_maintainers(sm_tui *tui)
{
	if (!tui->maintainers)
		sm_tui_error(tui, "%s", tui->maintainers_error ? tui->maintainers_error
		                        : "maintained: MAINTAINERS is not read yet");
	else if (!sm_maintainers_count(tui->maintainers))
		sm_tui_error(tui, "maintained: no MAINTAINERS section names your addresses "
		                  "(set [maintainers] sections)");
	return tui->maintainers;
}

gboolean sm_tui_loading(const sm_tui *tui)
{
	if (!tui->job)
		return FALSE;
	sm_job_kind kind = sm_job_get_kind(tui->job);
	return kind == SM_JOB_LOAD || kind == SM_JOB_PREVIEW;
}

void sm_tui_reload(sm_tui *tui, const char *query)
{
	tui->loop->reload(tui, query);
}

void sm_tui_refresh(sm_tui *tui, gboolean force)
{
	tui->loop->read_changes(tui, force);
}

static int tree_cmp(gconstpointer a, gconstpointer b)
{
	return -sm_version_cmp(*(const char *const *)a, *(const char *const *)b);
}

/* Was TREE still maintained a month before WHEN?  Trees the table does
 * not know count as maintained. */
static gboolean tree_active(const sm_trees *table, const char *tree, gint64 when)
{
	for (guint i = 0; table && i < table->list->len; i++) {
		const sm_tree_info *info = table->list->pdata[i];
		if (strcmp(info->name, tree) == 0)
			return info->eol == 0 || info->eol >= when - 30 * 86400;
	}
	return TRUE;
}

/* The matrix columns: trees of the loaded patches that were maintained
 * when the newest notification came, newest tree first.  Years of mail
 * name dozens of long-dead trees; the patch view still shows those.  The
 * user's own replies do not count (sm_patch.news): a reply sent today to
 * old mail would otherwise hide the trees that mail is about. */
static void find_trees(sm_tui *tui, GPtrArray *patches)
{
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	gint64 newest = 0;
	for (guint i = 0; patches && i < patches->len; i++) {
		const sm_patch *patch = patches->pdata[i];
		newest = MAX(newest, patch->news ? patch->news : patch->date);
	}
	g_ptr_array_set_size(tui->trees, 0);
	for (guint i = 0; patches && i < patches->len; i++) {
		sm_patch *patch = patches->pdata[i];
		for (guint t = 0; patch->trees && t < patch->trees->len; t++) {
			sm_tree_status *ts = patch->trees->pdata[t];
			if (g_hash_table_contains(seen, ts->tree))
				continue;
			g_hash_table_add(seen, ts->tree);
			if (tree_active(tui->config->trees, ts->tree, newest))
				g_ptr_array_add(tui->trees, g_strdup(ts->tree));
		}
	}
	g_hash_table_unref(seen);
	g_ptr_array_sort(tui->trees, tree_cmp);
}

void sm_tui_renew(sm_tui *tui)
{
	GPtrArray *patches = tui->group ? sm_group_patches(tui->group) : NULL;

	tui->generation++;
	g_hash_table_remove_all(tui->by_key);
	for (guint i = 0; patches && i < patches->len; i++)
		g_hash_table_insert(tui->by_key, (gpointer)sm_patch_key(patches->pdata[i]),
		                    patches->pdata[i]);
	find_trees(tui, patches);
	if (tui->git && tui->group)
		sm_git_worker_regroup(tui->git, tui->group);
	if (tui->mine) {
		g_hash_table_unref(tui->mine);
		tui->mine = NULL;
	}
}

/* The first waiting key, taken from the queue (there is one). */
sm_key sm_tui_take_waiting(sm_tui *tui)
{
	sm_key key = g_array_index(tui->waiting, sm_key, 0);
	g_array_remove_index(tui->waiting, 0);
	return key;
}

int sm_tui_next_waiting_key(sm_tui *tui)
{
	if (!tui->waiting->len)
		return ERR;
	sm_key key = sm_tui_take_waiting(tui);
	/* Back in curses' codes, as sm_wait_key's callers compare them. */
	if (key == SM_KEY_ENTER)
		return '\r';
	if (key == SM_KEY_BACKSPACE)
		return 0x7f;
	if (key >= SM_KEY_FN)
		return (int)(key - SM_KEY_FN);
	return (int)key;
}
