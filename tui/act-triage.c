/* act-triage.c - the triage keys: approve, hold, revert, drop, done,
 * untriage and undo, on the marked patches or the one selected, and the
 * plain reply, to one notice.
 *
 * The work is core/reply/act.c's; this file only asks.  A reply action asks for
 * the trees (prefilled with the open ones; Enter accepts) when there is a
 * choice, then for a reason (hold, revert, drop), then opens each reply in
 * the editor and asks y send, e edit again, d keep as draft, q discard
 * (act-review.c).
 * With [reply] quick = true the editor is skipped: one key sends the reply
 * as the template made it.  The prompts are asynchronous (the data may be
 * refreshed while one is open), so what they carry is patch keys, never
 * patch pointers; the editor and the one-key questions are modal.
 */
#include <string.h>
#include "reply/reply.h"
#include "patch/patch.h"
#include "view.h"

typedef struct pending {
	sm_act_kind kind;
	GPtrArray *keys;  /* patch keys (char*) */
	char **trees;     /* NULL: each patch's default trees */
	char *answer;     /* the Message-ID of the notice to answer, or NULL */
	gboolean ack;     /* approve replies with an Acked-by */
	gboolean marked;  /* keys are the marked patches: unmark them after */
} pending;

static void pending_free(pending *p)
{
	g_ptr_array_unref(p->keys);
	g_strfreev(p->trees);
	g_free(p->answer);
	g_free(p);
}

static sm_act_kind kind_of(sm_action action)
{
	switch (action) {
	case SM_ACTION_APPROVE: return SM_ACT_APPROVE;
	case SM_ACTION_HOLD: return SM_ACT_HOLD;
	case SM_ACTION_REVERT: return SM_ACT_REVERT;
	case SM_ACTION_DROP: return SM_ACT_DROP;
	case SM_ACTION_DONE: return SM_ACT_DONE;
	case SM_ACTION_REPLY: return SM_ACT_REPLY;
	default: return SM_ACT_UNTRIAGE;
	}
}

static gboolean sends_reply(const pending *p)
{
	if (p->kind == SM_ACT_APPROVE)
		return p->ack;
	return p->kind != SM_ACT_DONE && p->kind != SM_ACT_UNTRIAGE;
}

static char *reply_title(const sm_act_reply *r)
{
	char *trees = g_strjoinv(" ", r->trees);
	guint more = r->also ? r->also->len : 0;
	char *also = more ? g_strdup_printf(" and %u more", more) : g_strdup("");
	char *title = g_strdup_printf("%s %.12s%s (%s)", sm_act_request_name(r->request),
	                              r->patch->id, also, trees);
	g_free(also);
	g_free(trees);
	return title;
}

/* One reply: the editor and y/e/d/q, or in quick mode y/n, with the
 * reply shown above the question.  Returns an error message to show
 * (caller frees), or NULL. */
static char *handle_reply(sm_tui *tui, sm_act *act, sm_act_reply *r, gboolean quick)
{
	char *title = reply_title(r);
	sm_reply_ask how = { .title = title, .preview = TRUE, .quick = quick,
	                  .abort_unchanged = TRUE, .errors_in_question = TRUE };
	char *problem = sm_ask_reply(tui, act, r, &how);
	g_free(title);
	return problem;
}

/* "hold: 2 sent, 1 draft" and the warnings. */
static void report(sm_tui *tui, const sm_act *act, char *problem)
{
	guint counts[SM_ACT_REPLY_FAILED + 1] = { 0 };
	for (guint i = 0; i < act->replies->len; i++)
		counts[((sm_act_reply *)act->replies->pdata[i])->outcome]++;
	GString *line = g_string_new(sm_act_kind_name(act->action));
	g_string_append(line, ":");
	static const char *const words[] = { "not sent", "sent", "kept as draft", "discarded",
	                                     "failed" };
	for (int o = 0; o <= SM_ACT_REPLY_FAILED; o++)
		if (counts[o])
			g_string_append_printf(line, " %u %s", counts[o], words[o]);
	const char *tag = act->patches->len ? sm_triage_tag(
		((sm_act_patch *)act->patches->pdata[0])->after) : NULL;
	if (!act->replies->len)
		g_string_append_printf(line, " %u patch%s %s%s, no mail sent (u undoes)",
		                       act->patches->len, act->patches->len == 1 ? "" : "es",
		                       tag ? "tagged " : "untagged", tag ? tag : "");
	for (guint i = 0; i < act->warnings->len; i++)
		g_string_append_printf(line, "; %s", (char *)act->warnings->pdata[i]);
	if (problem)
		sm_tui_error(tui, "%s; %s", line->str, problem);
	else
		sm_tui_message(tui, "%s", line->str);
	g_string_free(line, TRUE);
}

static void carry_out(sm_tui *tui, sm_act *act, char *problem, gboolean quick);

static void run(sm_tui *tui, pending *p, const char *reason)
{
	sm_store *store = sm_tui_store(tui);
	const sm_config *config = sm_tui_config(tui);
	GPtrArray *patches = g_ptr_array_new();
	for (guint i = 0; store && i < p->keys->len; i++) {
		sm_patch *patch = sm_tui_patch(tui, p->keys->pdata[i]);
		if (patch)
			g_ptr_array_add(patches, patch);
	}
	if (!store || patches->len != p->keys->len) {
		sm_tui_error(tui, "%s: busy reading mail, try again", sm_act_kind_name(p->kind));
		g_ptr_array_unref(patches);
		return;
	}
	GError *error = NULL;
	sm_act *act = sm_act_new_full(config, store, sm_tui_group(tui), p->kind, patches, p->answer,
	                              (const char *const *)p->trees, reason, p->ack,
	                              g_get_real_time() / G_USEC_PER_SEC, &error);
	g_ptr_array_unref(patches);
	if (!act) {
		sm_tui_error(tui, "%s: %s", sm_act_kind_name(p->kind), error->message);
		g_error_free(error);
		return;
	}
	char *problem = NULL;
	if (act->replies->len == 0 && !sm_act_tag(act, &error)) {
		problem = g_strdup(error->message);
		g_clear_error(&error);
	}
	/* The marks have done their work (those hidden were asked about):
	 * the next key is about the cursor again. */
	if (p->marked)
		sm_tui_clear_marks(tui);
	/* A plain reply is what the user writes: always in the editor. */
	carry_out(tui, act, problem, p->kind != SM_ACT_REPLY &&
	          sm_config_bool(config, "reply", "quick", FALSE));
}

/* ACT's replies one by one (QUICK: no editor), then what became of them,
 * with PROBLEM (taken) if something failed already.  Frees ACT. */
static void carry_out(sm_tui *tui, sm_act *act, char *problem, gboolean quick)
{
	/* A signal held during a send (send.h) stops the rest. */
	for (guint i = 0; i < act->replies->len && !sm_send_held_signal(); i++) {
		char *failed = handle_reply(tui, act, act->replies->pdata[i], quick);
		if (failed && !problem)
			problem = failed;
		else
			g_free(failed);
	}
	/* Tags changed the notices' triage: the patches' states follow. */
	sm_group_build(sm_tui_group(tui));
	sm_tui_data_changed(tui);
	report(tui, act, problem);
	/* The database changed under us (tags, the copies): reading it again
	 * can wait until the user has read what happened. */
	sm_tui_check_later(tui);
	g_free(problem);
	sm_act_free(act);
	sm_send_deliver_held_signal();
}

static void reason_done(sm_tui *tui, const char *text, gpointer data)
{
	pending *p = data;
	char *reason = g_strstrip(g_strdup(text ? text : ""));
	if (*reason)
		run(tui, p, reason);
	else if (text)
		sm_tui_error(tui, "%s needs a reason; nothing was sent", sm_act_kind_name(p->kind));
	g_free(reason);
	pending_free(p);
}

static void ask_reason(sm_tui *tui, pending *p)
{
	if (!sends_reply(p) || !sm_act_kind_needs_reason(p->kind)) {
		run(tui, p, NULL);
		pending_free(p);
		return;
	}
	char *label = g_strdup_printf("Reason to %s: ", sm_act_kind_name(p->kind));
	sm_prompt_open(tui, label, "", reason_done, p, NULL);
	sm_prompt_acts_on_patches(tui);
	g_free(label);
}

static void trees_done(sm_tui *tui, const char *text, gpointer data)
{
	pending *p = data;
	if (!text) {
		pending_free(p);
		return;
	}
	char **words = g_strsplit_set(text, " ,", -1);
	GStrvBuilder *trees = g_strv_builder_new();
	for (char **w = words; *w; w++)
		if (**w)
			g_strv_builder_add(trees, *w);
	p->trees = g_strv_builder_end(trees);
	g_strv_builder_unref(trees);
	g_strfreev(words);
	if (!*p->trees)
		g_clear_pointer(&p->trees, g_strfreev);
	ask_reason(tui, p);
}

static const char *const *tree_names(sm_tui *tui)
{
	static GPtrArray *names;
	if (!names)
		names = g_ptr_array_new();
	g_ptr_array_set_size(names, 0);
	const GPtrArray *trees = sm_tui_trees(tui);
	for (guint i = 0; i < trees->len; i++)
		g_ptr_array_add(names, trees->pdata[i]);
	g_ptr_array_add(names, NULL);
	return (const char *const *)names->pdata;
}

/* "Hold 914cc799b28f", "Hold, on 3 marked patches", "Hold, answering
 * "[PATCH 6.12 113/444] PM / devfreq: gov..."": what the action is on. */
static char *target_words(sm_tui *tui, const pending *p)
{
	GString *s = g_string_new(sm_act_kind_name(p->kind));
	s->str[0] = g_ascii_toupper(s->str[0]);
	const sm_notice *notice = p->answer ? sm_group_notice(sm_tui_group(tui), p->answer) : NULL;
	if (p->marked) {
		g_string_append_printf(s, ", on %u marked patch%s", p->keys->len,
		                       p->keys->len == 1 ? "" : "es");
	} else if (notice) {
		char *subject = sm_text_clean(notice->subject, -1, FALSE);
		gsize cut = sm_text_fit(subject, -1, 40, NULL);
		g_string_append_printf(s, ", answering \"%.*s%s\"", (int)cut, subject,
		                       subject[cut] ? "..." : "");
		g_free(subject);
	} else {
		g_string_append_printf(s, " %.12s", (char *)p->keys->pdata[0]);
	}
	return g_string_free(s, FALSE);
}

/* With [reply] ack = false, approve only tags: say so, and offer the
 * reply.  FALSE when the user cancels. */
static gboolean ask_approve(sm_tui *tui, pending *p)
{
	if (p->kind != SM_ACT_APPROVE || p->ack)
		return TRUE;
	char *what = target_words(tui, p);
	char *question = g_strdup_printf("%s: tag approved, no mail ([reply] ack = false)? "
	                                 "y tag, r also reply with an Acked-by, n cancel", what);
	int c = sm_ask_key(tui, question, "yrn");
	g_free(question);
	g_free(what);
	p->ack = c == 'r';
	return c == 'y' || c == 'r';
}

/* Marked patches that the limit hides: act on them too only when asked.
 * FALSE when the user cancels. */
static gboolean ask_hidden(sm_tui *tui, pending *p, GPtrArray *hidden)
{
	if (!hidden || !hidden->len)
		return TRUE;
	char *question = g_strdup_printf("%s: %u more marked patch%s hidden by the limit: "
	                                 "a act on all %u, v only the %u in view, n cancel",
	                                 sm_act_kind_name(p->kind), hidden->len,
	                                 hidden->len == 1 ? " is" : "es are",
	                                 p->keys->len + hidden->len, p->keys->len);
	int c = sm_ask_key(tui, question, p->keys->len ? "avn" : "an");
	g_free(question);
	for (guint i = 0; c == 'a' && i < hidden->len; i++)
		g_ptr_array_add(p->keys, g_strdup(sm_patch_key(hidden->pdata[i])));
	return c == 'a' || c == 'v';
}

/* Approve, hold, revert, drop, done, untriage: on the marked patches in
 * view, or on the notice the cursor is on (patch view, pager), or on the
 * patch selected. */
void sm_act_triage(sm_action_ctx *ctx)
{
	sm_tui *tui = ctx->tui;
	sm_act_kind kind = kind_of(ctx->action);
	if (!ctx->patches || !sm_tui_store(tui)) {
		sm_tui_error(tui, "%s: busy reading mail, try again", sm_act_kind_name(kind));
		return;
	}
	if (ctx->patches->len == 0 && (!ctx->hidden || ctx->hidden->len == 0)) {
		sm_tui_error(tui, "%s: no patch selected", sm_act_kind_name(kind));
		return;
	}
	if (kind == SM_ACT_REPLY && ctx->marked) {
		sm_tui_error(tui, "reply: answers one notice, not the marked patches (T unmarks them)");
		return;
	}
	pending *p = g_new0(pending, 1);
	p->kind = kind;
	p->ack = sm_act_ack_default(sm_tui_config(tui));
	p->marked = ctx->marked;
	p->keys = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < ctx->patches->len; i++)
		g_ptr_array_add(p->keys, g_strdup(sm_patch_key(ctx->patches->pdata[i])));
	const char *tree = NULL;
	const char *answer = !p->marked && ctx->view->ops->notice
		? ctx->view->ops->notice(ctx->view, &tree) : NULL;
	const sm_notice *notice = answer ? sm_group_notice(sm_tui_group(tui), answer) : NULL;
	if (notice && ctx->patches->len == 1)
		p->answer = g_strdup(answer);
	/* In the list, the patch's newest notice (act.c picks it). */
	if (kind == SM_ACT_REPLY) {
		run(tui, p, NULL);
		pending_free(p);
		return;
	}
	if (!ask_hidden(tui, p, ctx->hidden) || !ask_approve(tui, p)) {
		sm_tui_message(tui, "%s: cancelled", sm_act_kind_name(kind));
		pending_free(p);
		return;
	}

	/* A choice of trees only matters for a reply, and only when there is
	 * one to make; answering a mail, the trees are always shown. */
	char **open = NULL;
	if (p->answer && tree)
		open = g_strdupv((char *[]){ (char *)tree, NULL });
	else if (p->answer)
		open = sm_act_answer_trees(ctx->patches->pdata[0], notice);
	else if (p->keys->len == 1 && !p->marked)
		open = sm_act_default_trees(ctx->patches->pdata[0], kind);
	if (!sends_reply(p) || (!p->answer && open && g_strv_length(open) <= 1)) {
		ask_reason(tui, p);
	} else {
		char *what = target_words(tui, p);
		char *initial = open ? g_strjoinv(" ", open) : g_strdup("");
		char *label = g_strdup_printf("%s, trees%s: ", what,
		                              open ? "" : " (empty: each one's open trees)");
		sm_prompt_open(tui, label, initial, trees_done, p, tree_names);
		sm_prompt_acts_on_patches(tui);
		g_free(label);
		g_free(initial);
		g_free(what);
	}
	g_strfreev(open);
}

gboolean sm_tui_set_unread(sm_tui *tui, GPtrArray *message_ids, gboolean unread)
{
	sm_store *store = sm_tui_store(tui);
	sm_group *group = sm_tui_group(tui);
	if (!store || !group) {
		sm_tui_error(tui, "%s: busy reading mail, try again", unread ? "unread" : "read");
		return FALSE;
	}
	GError *error = NULL;
	if (!sm_store_set_unread(store, message_ids, unread, group, &error)) {
		sm_tui_error(tui, "%s", error->message);
		g_error_free(error);
		return FALSE;
	}
	/* Only the patches' unread flags change: no regrouping, one row each. */
	GHashTable *patches = g_hash_table_new(NULL, NULL);
	for (guint i = 0; i < message_ids->len; i++) {
		sm_notice *notice = sm_group_notice(group, message_ids->pdata[i]);
		sm_patch *patch = notice ? sm_group_patch_of(group, notice) : NULL;
		if (patch)
			g_hash_table_add(patches, patch);
	}
	GHashTableIter iter;
	gpointer key;
	g_hash_table_iter_init(&iter, patches);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		sm_patch *patch = key;
		patch->unread = FALSE;
		GPtrArray *notices = sm_group_patch_notices(group, patch);
		for (guint i = 0; i < notices->len; i++)
			patch->unread |= ((sm_notice *)notices->pdata[i])->unread;
		sm_view_patch_changed(tui, sm_patch_key(patch));
	}
	g_hash_table_unref(patches);
	/* Our own write moved the database: no need to read it back now. */
	sm_tui_check_later(tui);
	sm_tui_redraw(tui);
	return TRUE;
}

/* M: the patches read, or unread again when they are read already. */
void sm_act_toggle_read(sm_action_ctx *ctx)
{
	if (!ctx->patches || !ctx->patches->len) {
		sm_tui_error(ctx->tui, ctx->patches ? "read: no patch selected"
		                                    : "read: busy reading mail, try again");
		return;
	}
	gboolean unread = FALSE;
	GPtrArray *ids = g_ptr_array_new();
	for (guint i = 0; i < ctx->patches->len; i++) {
		sm_patch *patch = ctx->patches->pdata[i];
		unread |= patch->unread;
		GPtrArray *notices = sm_group_patch_notices(sm_tui_group(ctx->tui), patch);
		for (guint n = 0; n < notices->len; n++)
			g_ptr_array_add(ids, ((sm_notice *)notices->pdata[n])->message_id);
	}
	guint count = ctx->patches->len;
	/* The ids belong to the group, which a write does not rebuild. */
	if (sm_tui_set_unread(ctx->tui, ids, !unread))
		sm_tui_message(ctx->tui, "%u patch%s marked %s", count, count == 1 ? "" : "es",
		               unread ? "read" : "unread");
	g_ptr_array_unref(ids);
}

/* u: put back the tags the last action replaced. */
void sm_act_undo_last(sm_action_ctx *ctx)
{
	sm_store *store = sm_tui_store(ctx->tui);
	if (!store || !sm_tui_group(ctx->tui) || sm_tui_data_busy(ctx->tui)) {
		sm_tui_error(ctx->tui, "undo: busy reading mail, try again");
		return;
	}
	GError *error = NULL;
	char *summary = NULL;
	if (!sm_act_undo(sm_tui_config(ctx->tui), store, sm_tui_group(ctx->tui),
	                 g_get_real_time() / G_USEC_PER_SEC, &summary, &error)) {
		sm_tui_error(ctx->tui, "undo: %s", error->message);
		g_error_free(error);
		return;
	}
	sm_group_build(sm_tui_group(ctx->tui));
	sm_tui_data_changed(ctx->tui);
	sm_tui_message(ctx->tui, "%s", summary);
	sm_tui_check_later(ctx->tui);
	g_free(summary);
}

/* E: the oldest reply left unfinished when stablemate stopped during its
 * edit (act.h), in the editor again, then y/e/d/q as for any reply. */
void sm_act_resume_edit(sm_action_ctx *ctx)
{
	sm_tui *tui = ctx->tui;
	sm_store *store = sm_tui_store(tui);
	if (!store || !sm_tui_group(tui) || sm_tui_data_busy(tui)) {
		sm_tui_error(tui, "resume: busy reading mail, try again");
		return;
	}
	GPtrArray *left = sm_act_leftovers();
	GError *error = NULL;
	sm_act *act = left->len ? sm_act_resume(sm_tui_config(tui), store, sm_tui_group(tui),
	                                        left->pdata[0], g_get_real_time() / G_USEC_PER_SEC,
	                                        &error)
	                        : NULL;
	if (!left->len)
		sm_tui_error(tui, "resume: no reply was left unfinished");
	else if (!act)
		sm_tui_error(tui, "resume: %s", error->message);
	else
		carry_out(tui, act, NULL, FALSE);
	g_clear_error(&error);
	g_ptr_array_unref(left);
}

char *sm_tui_unfinished_words(void)
{
	GPtrArray *interrupted = sm_act_interrupted();
	GPtrArray *left = sm_act_leftovers();
	GString *s = g_string_new(NULL);
	if (interrupted->len)
		g_string_append_printf(s, "; %u send%s interrupted: %s", interrupted->len,
		                       interrupted->len == 1 ? " was" : "s were",
		                       (char *)interrupted->pdata[0]);
	if (left->len) {
		/* Short enough for the status line; E's prompt says the rest. */
		const sm_act_leftover *l = left->pdata[0];
		char *trees = l->known ? g_strjoinv(" ", l->trees) : NULL;
		g_string_append_printf(s, "; %u repl%s left unfinished", left->len,
		                       left->len == 1 ? "y" : "ies");
		if (l->known)
			g_string_append_printf(s, " (%s %.12s, %s)", sm_act_request_name(l->request),
			                       l->patch, trees);
		g_string_append_printf(s, ": E resumes %s", left->len == 1 ? "it" : "the first");
		g_free(trees);
	}
	g_ptr_array_unref(left);
	g_ptr_array_unref(interrupted);
	return g_string_free(s, FALSE);
}
