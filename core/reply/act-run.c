/* act-run.c - carry out a prepared action: edit, send, draft, tag, undo. */
#include <string.h>
#include <glib/gstdio.h>
#include "private.h"
#include "editor.h"
#include "store/store.h"
#include "mail/mail.h"
#include "send.h"
#include "patch/patch.h"

static void warn(sm_act *act, const char *what, const GError *error)
{
	g_ptr_array_add(act->warnings, g_strdup_printf("%s: %s", what, error->message));
}

/* FALSE (and a warning) when the history could not be written. */
static gboolean log_step(sm_act *act, const sm_act_patch *p, char *const *trees,
                         const char *result, const char *message_id)
{
	char *tree_list = g_strjoinv(",", (char **)trees);
	sm_history_entry entry = {
		.date = g_get_real_time() / G_USEC_PER_SEC,
		.patch = p->id, .trees = tree_list, .action = (char *)sm_act_kind_name(act->action),
		.result = (char *)result, .before = p->before,
		.message_id = (char *)(message_id ? message_id : ""), .act = act->id,
	};
	GError *error = NULL;
	gboolean ok = sm_history_append(act->history, &entry, &error);
	if (!ok) {
		warn(act, strcmp(result, "sent") == 0 ? "sent, but the history was not written"
		                                      : "history not written", error);
		g_error_free(error);
	}
	g_free(tree_list);
	return ok;
}

/* --- Sends in progress -------------------------------------------------
 * Before the sendmail command runs, a marker file names the reply, its
 * draft and what it answers; it is removed once the outcome is recorded.
 * A marker left over means stablemate was stopped during a send (killed,
 * or the machine went down): the reply may have gone out, so it is
 * reported, and the same reply is not sent again until the user removes
 * the marker. */

/* The folder of the sends in progress: $XDG_DATA_HOME/stablemate/sending.
 * Caller frees. */
static char *sm_act_sending_dir(void)
{
	return g_build_filename(g_get_user_data_dir(), "stablemate", "sending", NULL);
}

static char *marker_path(const char *message_id)
{
	char *dir = sm_act_sending_dir();
	char *name = g_strdup(message_id);
	g_strdelimit(name, "/", '_');
	char *path = g_build_filename(dir, name, NULL);
	g_free(name);
	g_free(dir);
	return path;
}

/* Fields of a marker: action, patch, trees, message-id, draft. */
enum { MARK_ACTION, MARK_PATCH, MARK_TREES, MARK_ID, MARK_DRAFT, MARK_FIELDS };

static void mark_sending(sm_act *act, const sm_act_reply *r, const char *draft)
{
	char *dir = sm_act_sending_dir();
	g_mkdir_with_parents(dir, 0700);
	g_free(dir);
	char *trees = g_strjoinv(",", r->trees);
	char *text = g_strdup_printf("%s\t%s\t%s\t%s\t%s\n", sm_act_kind_name(act->action),
	                             r->patch->id, trees, r->reply->message_id, draft ? draft : "");
	char *path = marker_path(r->reply->message_id);
	GError *error = NULL;
	if (!g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT |
	                              G_FILE_SET_CONTENTS_DURABLE, 0600, &error)) {
		warn(act, "the send could not be marked as in progress", error);
		g_error_free(error);
	}
	g_free(path);
	g_free(text);
	g_free(trees);
}

static void unmark_sending(const sm_act_reply *r)
{
	char *path = marker_path(r->reply->message_id);
	g_unlink(path);
	g_free(path);
}

/* Every marker left over: MARK_FIELDS fields and the marker's path. */
static GPtrArray *read_markers(void)
{
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
	char *dir = sm_act_sending_dir();
	GDir *d = g_dir_open(dir, 0, NULL);
	for (const char *name; d && (name = g_dir_read_name(d));) {
		char *path = g_build_filename(dir, name, NULL);
		char *text = NULL;
		char **f = g_file_get_contents(path, &text, NULL, NULL)
			? g_strsplit(g_strchomp(text), "\t", MARK_FIELDS) : NULL;
		if (f && g_strv_length(f) == MARK_FIELDS) {
			GStrvBuilder *b = g_strv_builder_new();
			g_strv_builder_addv(b, (const char **)f);
			g_strv_builder_add(b, path);
			g_ptr_array_add(out, g_strv_builder_end(b));
			g_strv_builder_unref(b);
		}
		g_strfreev(f);
		g_free(text);
		g_free(path);
	}
	if (d)
		g_dir_close(d);
	g_free(dir);
	return out;
}

static char *describe_marker(char *const *m)
{
	return g_strdup_printf("a %s reply to %.12s for %s (Message-Id <%s>, kept in %s)",
	                       m[MARK_ACTION], m[MARK_PATCH], m[MARK_TREES], m[MARK_ID],
	                       *m[MARK_DRAFT] ? m[MARK_DRAFT] : "no draft");
}

GPtrArray *sm_act_interrupted(void)
{
	GPtrArray *markers = read_markers();
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < markers->len; i++)
		g_ptr_array_add(out, describe_marker(markers->pdata[i]));
	g_ptr_array_unref(markers);
	return out;
}

/* TRUE and ERROR when a send of the same reply (action, patch, trees)
 * was interrupted and may have gone out. */
static gboolean refuse_interrupted(const sm_act *act, const sm_act_reply *r, GError **error)
{
	GPtrArray *markers = read_markers();
	char *trees = g_strjoinv(",", r->trees);
	gboolean found = FALSE;
	for (guint i = 0; !found && i < markers->len; i++) {
		char **m = markers->pdata[i];
		found = strcmp(m[MARK_ACTION], sm_act_kind_name(act->action)) == 0 &&
		        strcmp(m[MARK_PATCH], r->patch->id) == 0 && strcmp(m[MARK_TREES], trees) == 0;
		if (found)
			g_set_error(error, SM_ACT_ERROR, SM_ACT_ERROR_SEND,
			            "a %s reply to %.12s for %s was being sent when stablemate was stopped:"
			            " it may have gone out (Message-Id <%s>, kept in %s); check your sent"
			            " mail, then delete %s to send it again", m[MARK_ACTION], m[MARK_PATCH],
			            m[MARK_TREES], m[MARK_ID], *m[MARK_DRAFT] ? m[MARK_DRAFT] : "no draft",
			            m[MARK_FIELDS]);
	}
	g_free(trees);
	g_ptr_array_unref(markers);
	return found;
}

static void about(sm_act *act, const sm_act_reply *r);

/* Keep the reply's text in its edit file, so that it survives whatever
 * else failed.  FALSE when even that cannot be written. */
static gboolean keep_text(sm_act *act, sm_act_reply *r, GError **error)
{
	if (r->edit_path && g_file_test(r->edit_path, G_FILE_TEST_EXISTS))
		return TRUE;
	char *dir = sm_act_edit_dir();
	g_mkdir_with_parents(dir, 0700);
	g_free(dir);
	g_free(r->edit_path);
	r->edit_path = sm_act_edit_file(r->reply->message_id);
	char *text = sm_reply_edit_text(r->reply);
	gboolean ok = g_file_set_contents_full(r->edit_path, text, -1,
	                                       G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
	/* What the user will have changed, or not (sm_act_abort_unchanged);
	 * a resumed reply's file exists already and is theirs. */
	if (ok && !r->made)
		r->made = g_strchomp(g_strdup(text));
	g_free(text);
	/* Kept after a failure, it is offered back on the next run. */
	if (ok)
		about(act, r);
	return ok;
}

/* The description beside R's edit file (private.h); a warning if not. */
static void about(sm_act *act, const sm_act_reply *r)
{
	GError *err = NULL;
	if (!sm_act_about_write(act, r, &err)) {
		warn(act, "if stablemate stops during this edit, it cannot offer the reply back", err);
		g_error_free(err);
	}
}

static void drop_text(sm_act_reply *r)
{
	if (r->edit_path) {
		g_unlink(r->edit_path);
		sm_act_about_remove(r->edit_path);
	}
	g_clear_pointer(&r->edit_path, g_free);
}

gboolean sm_act_edit(sm_act *act, sm_act_reply *r, GError **error)
{
	if (!keep_text(act, r, error))
		return FALSE;
	/* Should this process die during the edit, the next run can say what
	 * the file answers and offer it back. */
	about(act, r);
	GError *err = NULL;
	gboolean ran = sm_editor_run(r->edit_path, &err);
	/* Read back even after an editor that failed or was killed: the file
	 * may hold what the user wrote, and what is sent must be what the
	 * file holds, never the text from before the edit. */
	char *text = NULL;
	GError *read_error = NULL;
	gboolean ok = g_file_get_contents(r->edit_path, &text, NULL, &read_error) &&
	              sm_reply_parse_edit_text(r->reply, text, &read_error);
	r->unreadable = !ok;
	/* Only after an editor that ran: one that failed to start leaves the
	 * text as made too, and its error must be seen, not a discard. */
	r->unchanged = ran && ok && r->made && strcmp(g_strchomp(text), r->made) == 0;
	g_free(text);
	if (!ran)
		g_set_error(error, SM_ACT_ERROR, SM_ACT_ERROR_USAGE, "%s; %s", err->message,
		            ok ? "the reply is what the file holds" : read_error->message);
	else if (!ok)
		g_propagate_error(error, g_steal_pointer(&read_error));
	g_clear_error(&err);
	g_clear_error(&read_error);
	return ran && ok;
}

static gboolean refuse_unreadable(const sm_act_reply *r, GError **error)
{
	if (!r->unreadable)
		return FALSE;
	g_set_error(error, SM_ACT_ERROR, SM_ACT_ERROR_USAGE, "the edited reply in %s cannot be read;"
	            " edit it again or discard it", r->edit_path);
	return TRUE;
}

static char **config_tags(const sm_act *act, const char *key, const char *fallback,
                          const char *extra)
{
	char *value = sm_config_string(act->config, "reply", key, fallback);
	GStrvBuilder *builder = g_strv_builder_new();
	char **words = g_strsplit(value, ";", -1);
	for (char **w = words; *w; w++)
		if (*g_strstrip(*w))
			g_strv_builder_add(builder, *w);
	if (extra)
		g_strv_builder_add(builder, extra);
	char **tags = g_strv_builder_end(builder);
	g_strv_builder_unref(builder);
	g_strfreev(words);
	g_free(value);
	return tags;
}

static void index_copy(sm_act *act, const char *path, const char *key, const char *fallback,
                       const char *extra)
{
	char **tags = config_tags(act, key, fallback, extra);
	GError *error = NULL;
	if (!sm_store_index_file(act->store, path, (const char *const *)tags, &error)) {
		char *what = g_strdup_printf("%s is saved but not indexed (run notmuch new)", path);
		warn(act, what, error);
		g_free(what);
		g_error_free(error);
	}
	g_strfreev(tags);
}

static gboolean set_tags(sm_act *act, sm_act_patch *p, sm_triage state, GError **error)
{
	if (!sm_store_set_triage(act->store, p->notices, state, act->group, error))
		return FALSE;
	p->tagged = TRUE;
	return TRUE;
}

static char *folder(const sm_act *act, const char *key)
{
	return sm_send_folder(act->config, sm_store_mail_root(act->store), key);
}

/* Save R as a draft; *ERROR is set only when nothing could be saved. */
static char *save_draft(sm_act *act, const char *message, GError **error)
{
	char *drafts = folder(act, "drafts");
	char *path = sm_maildir_save(drafts, message, strlen(message), "DS", error);
	g_free(drafts);
	return path;
}

gboolean sm_act_draft(sm_act *act, sm_act_reply *r, GError **error)
{
	if (refuse_unreadable(r, error))
		return FALSE;
	char *message = sm_reply_format(r->reply);
	GError *err = NULL;
	char *path = save_draft(act, message, &err);
	g_free(message);
	if (!path) {
		gboolean kept = keep_text(act, r, NULL);
		g_set_error(error, SM_ACT_ERROR, SM_ACT_ERROR_SEND, "%s%s%s", err->message,
		            kept ? "; the text is in " : "; the text is only in memory",
		            kept ? r->edit_path : "");
		g_error_free(err);
		r->outcome = SM_ACT_REPLY_FAILED;
		return FALSE;
	}
	g_free(r->saved_path);
	r->saved_path = path;
	r->outcome = SM_ACT_REPLY_DRAFT;
	index_copy(act, path, "draft-tags", "draft", NULL);
	log_step(act, r->patch, r->trees, "draft", r->reply->message_id);
	drop_text(r);
	return TRUE;
}

/* The message is already out: losing the copy, the tags or the history
 * is worth a warning, not a failure, but the reply is then unrecorded
 * (see act.h), and a sent message never stays looking like a draft. */
/* The copy of a sent reply in the sent folder: the draft moved there, or
 * MESSAGE saved; r->saved_path, or a warning when there is none. */
static void save_sent_copy(sm_act *act, sm_act_reply *r, const char *message, char *draft)
{
	GError *err = NULL;
	char *sent = folder(act, "sent");
	char *path = draft ? sm_maildir_move(draft, sent, "S", &err)
	                   : sm_maildir_save(sent, message, strlen(message), "S", &err);
	g_free(sent);
	if (!path && draft) {
		/* Where it is, then, but no longer flagged as a draft. */
		char *where = sm_maildir_set_flags(draft, "S", NULL);
		path = where ? where : g_strdup(draft);
		char *what = g_strdup_printf("sent, but no copy was saved in the sent folder: %s;"
		                             " the sent message is %s", err->message, path);
		g_ptr_array_add(act->warnings, what);
		r->unrecorded = TRUE;
	} else if (!path) {
		warn(act, "sent, but no copy was saved", err);
		r->unrecorded = TRUE;
	}
	g_clear_error(&err);
	if (path) {
		index_copy(act, path, "sent-tags", "sent", SM_TAG_SENT);
		g_free(r->saved_path);
		r->saved_path = path;
	}
}

/* Patch P answered by the sent reply R: its tags (unless R is a plain
 * reply, which asks for nothing) and its history line.  WHAT names P in
 * the warning. */
static void record_sent(sm_act *act, sm_act_reply *r, sm_act_patch *p, const char *what)
{
	GError *err = NULL;
	if (act->action != SM_ACT_REPLY && !p->tagged && !set_tags(act, p, p->after, &err)) {
		char *why = g_strdup_printf("sent, but %s was not tagged", what);
		warn(act, why, err);
		g_free(why);
		g_clear_error(&err);
		r->unrecorded = TRUE;
	}
	if (!log_step(act, p, r->trees, "sent", r->reply->message_id))
		r->unrecorded = TRUE;
}

static void after_sent(sm_act *act, sm_act_reply *r, const char *message, char *draft)
{
	save_sent_copy(act, r, message, draft);
	r->outcome = SM_ACT_REPLY_SENT;
	record_sent(act, r, r->patch, "the patch");
	/* One reply to a review's cover approves every patch it names. */
	for (guint i = 0; r->also && i < r->also->len; i++)
		record_sent(act, r, r->also->pdata[i], "a patch");
	drop_text(r);
}

gboolean sm_act_unrecorded(const sm_act *act)
{
	for (guint i = 0; i < act->replies->len; i++)
		if (((const sm_act_reply *)act->replies->pdata[i])->unrecorded)
			return TRUE;
	return FALSE;
}

gboolean sm_act_send(sm_act *act, sm_act_reply *r, GError **error)
{
	if (refuse_unreadable(r, error) || refuse_interrupted(act, r, error))
		return FALSE;
	char *message = sm_reply_format(r->reply);
	GError *draft_error = NULL, *send_error = NULL;
	/* Saved before sending, so that a crash in between loses nothing. */
	char *draft = save_draft(act, message, &draft_error);
	char *command = sm_send_command(act->config);
	mark_sending(act, r, draft);
	gboolean sent = sm_send_message(command, message, strlen(message), &send_error);
	g_free(command);
	if (sent) {
		after_sent(act, r, message, draft);
	} else if (draft) {
		g_free(r->saved_path);
		r->saved_path = g_strdup(draft);
		r->outcome = SM_ACT_REPLY_DRAFT;
		index_copy(act, draft, "draft-tags", "draft", NULL);
		log_step(act, r->patch, r->trees, "draft", r->reply->message_id);
		g_set_error(error, SM_ACT_ERROR, SM_ACT_ERROR_SEND, "not sent: %s; kept as a draft in %s",
		            send_error->message, draft);
		drop_text(r);
	} else {
		gboolean kept = keep_text(act, r, NULL);
		r->outcome = SM_ACT_REPLY_FAILED;
		g_set_error(error, SM_ACT_ERROR, SM_ACT_ERROR_SEND, "not sent: %s; no draft either: %s; %s%s",
		            send_error->message, draft_error->message,
		            kept ? "the text is in " : "the text is only in memory",
		            kept ? r->edit_path : "");
	}
	/* Recorded one way or the other: no longer in progress. */
	unmark_sending(r);
	g_clear_error(&draft_error);
	g_clear_error(&send_error);
	g_free(draft);
	g_free(message);
	return sent;
}

gboolean sm_act_abort_unchanged(sm_act *act, sm_act_reply *r)
{
	if (act->action != SM_ACT_REPLY || !r->unchanged || r->outcome != SM_ACT_REPLY_PENDING)
		return FALSE;
	sm_act_discard(act, r);
	g_ptr_array_add(act->warnings, g_strdup("nothing was written below the quote, so nothing "
	                                        "was sent (edit the text to reply)"));
	return TRUE;
}

void sm_act_discard(sm_act *act, sm_act_reply *r)
{
	(void)act;
	drop_text(r);
	r->outcome = SM_ACT_REPLY_DISCARDED;
}

gboolean sm_act_tag(sm_act *act, GError **error)
{
	gboolean ok = TRUE;
	for (guint i = 0; i < act->patches->len; i++) {
		sm_act_patch *p = act->patches->pdata[i];
		GError *err = NULL;
		if (set_tags(act, p, p->after, &err)) {
			log_step(act, p, p->trees, "tagged", NULL);
		} else if (ok) {
			g_propagate_error(error, err);
			ok = FALSE;
		} else {
			g_error_free(err);
		}
	}
	return ok;
}

gboolean sm_act_run(sm_act *act, sm_act_mode mode, FILE *out, GError **error)
{
	if (mode == SM_ACT_MODE_PRINT) {
		sm_act_print(act, out);
		return TRUE;
	}
	if (act->replies->len == 0)
		return sm_act_tag(act, error);
	gboolean ok = TRUE;
	/* After a signal held during a send, no further reply is started. */
	for (guint i = 0; i < act->replies->len && !sm_send_held_signal(); i++) {
		sm_act_reply *r = act->replies->pdata[i];
		GError *err = NULL;
		gboolean done = mode == SM_ACT_MODE_SEND ? sm_act_send(act, r, &err)
		                                          : sm_act_draft(act, r, &err);
		if (!done && ok)
			g_propagate_error(error, err);
		else
			g_clear_error(&err);
		ok &= done;
	}
	return ok;
}

/* The newest entry that changed tags and that no later undo cancelled.
 * An undo names the act it cancelled; older undo lines name none and
 * cancel the newest act before them. */
static const sm_history_entry *undoable(GPtrArray *entries)
{
	GHashTable *cancelled = g_hash_table_new(g_str_hash, g_str_equal);
	guint unnamed = 0;
	const sm_history_entry *found = NULL;
	for (guint i = entries->len; !found && i-- > 0;) {
		const sm_history_entry *e = entries->pdata[i];
		if (strcmp(e->action, "undo") == 0) {
			if (*e->act)
				g_hash_table_add(cancelled, e->act);
			else
				unnamed++;
		} else if (strcmp(e->result, "draft") == 0 ||
		           strcmp(e->action, sm_act_kind_name(SM_ACT_REPLY)) == 0 ||
		           (*e->act && g_hash_table_contains(cancelled, e->act))) {
			continue;
		} else if (unnamed) {
			unnamed--;
		} else {
			found = e;
		}
	}
	g_hash_table_unref(cancelled);
	return found;
}

static gboolean same_act(const sm_history_entry *a, const sm_history_entry *b)
{
	return a == b || (*a->act && strcmp(a->act, b->act) == 0 &&
	                  strcmp(a->result, "draft") != 0 && strcmp(a->action, "undo") != 0);
}

/* Put back the tags of E's patch from before E's act, and log it. */
static gboolean undo_patch(sm_store *store, sm_group *group, const char *path,
                           const sm_history_entry *e, gint64 now, GError **error)
{
	GPtrArray *found = sm_group_find(group, e->patch);
	gboolean ok = FALSE;
	if (found->len != 1) {
		g_set_error(error, SM_ACT_ERROR, SM_ACT_ERROR_UNDO, "cannot undo %s of %.12s: "
		            "the patch is no longer loaded", e->action, e->patch);
	} else {
		sm_patch *patch = found->pdata[0];
		GPtrArray *ids = g_ptr_array_new();
		GPtrArray *notices = sm_group_patch_notices(group, patch);
		for (guint i = 0; i < notices->len; i++)
			g_ptr_array_add(ids, ((sm_notice *)notices->pdata[i])->message_id);
		sm_triage before = patch->state;
		ok = sm_store_set_triage(store, ids, e->before, group, error);
		g_ptr_array_unref(ids);
		sm_history_entry entry = { .date = now, .patch = e->patch, .trees = e->trees,
		                           .action = "undo", .result = "tagged", .before = before,
		                           .message_id = "", .act = e->act };
		ok = ok && sm_history_append(path, &entry, error);
	}
	g_ptr_array_unref(found);
	return ok;
}

/* The patches of the act LAST belongs to in ENTRIES, each once (its first
 * entry), and in *SENT how many replies it sent. */
static GPtrArray *act_patches(GPtrArray *entries, const sm_history_entry *last, guint *sent)
{
	GPtrArray *firsts = g_ptr_array_new();
	GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *mails = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < entries->len; i++) {
		const sm_history_entry *e = entries->pdata[i];
		if (!same_act(e, last))
			continue;
		/* One mail to a review's cover is logged for each patch it names. */
		if (strcmp(e->result, "sent") == 0)
			g_hash_table_add(mails, e->message_id);
		if (g_hash_table_add(seen, e->patch))
			g_ptr_array_add(firsts, (gpointer)e);
	}
	*sent = g_hash_table_size(mails);
	g_hash_table_unref(mails);
	g_hash_table_unref(seen);
	return firsts;
}

/* "undid hold of 914cc799b28f: new again; the reply sent cannot be
 * recalled".  Caller frees. */
static char *undo_summary(const sm_history_entry *last, GPtrArray *firsts, guint sent)
{
	GString *s = g_string_new(NULL);
	const sm_history_entry *first = firsts->pdata[0];
	g_string_printf(s, "undid %s of ", last->action);
	if (firsts->len == 1)
		g_string_append_printf(s, "%.12s: %s again", first->patch,
		                       sm_triage_name(first->before));
	else
		g_string_append_printf(s, "%u patches: each as it was before", firsts->len);
	if (sent == 1)
		g_string_append(s, "; the reply sent cannot be recalled");
	else if (sent)
		g_string_append_printf(s, "; the %u replies sent cannot be recalled", sent);
	return g_string_free(s, FALSE);
}

gboolean sm_act_undo(const sm_config *config, sm_store *store, sm_group *group,
                     gint64 now, char **summary, GError **error)
{
	char *path = sm_history_path(config);
	GPtrArray *entries = sm_history_read(path, NULL, error);
	const sm_history_entry *last = entries ? undoable(entries) : NULL;
	gboolean ok = last != NULL;
	if (entries && !last)
		g_set_error(error, SM_ACT_ERROR, SM_ACT_ERROR_UNDO, "nothing to undo");
	guint sent = 0;
	GPtrArray *firsts = last ? act_patches(entries, last, &sent) : g_ptr_array_new();
	for (guint i = 0; ok && i < firsts->len; i++)
		ok = undo_patch(store, group, path, firsts->pdata[i], now, error);
	if (ok)
		*summary = undo_summary(last, firsts, sent);
	g_ptr_array_unref(firsts);
	if (entries)
		g_ptr_array_unref(entries);
	g_free(path);
	return ok;
}
