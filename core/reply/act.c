/* act.c - prepare a triage action: trees, notices to answer, replies. */
#include <stdarg.h>
#include <string.h>
#include "act.h"
#include "store/store.h"
#include "template.h"
#include "patch/patch.h"

G_DEFINE_QUARK(sm-act-error-quark, sm_act_error)

static const char *const action_names[SM_ACT_KIND_COUNT] = {
	[SM_ACT_APPROVE] = "approve",
	[SM_ACT_HOLD] = "hold",
	[SM_ACT_REVERT] = "revert",
	[SM_ACT_DROP] = "drop",
	[SM_ACT_DONE] = "done",
	[SM_ACT_UNTRIAGE] = "untriage",
	[SM_ACT_REPLY] = "reply",
};

const char *sm_act_kind_name(sm_act_kind action)
{
	return action < SM_ACT_KIND_COUNT ? action_names[action] : "untriage";
}

gboolean sm_act_kind_from_name(const char *name, sm_act_kind *action)
{
	for (int a = 0; a < SM_ACT_KIND_COUNT; a++)
		if (name && strcmp(name, action_names[a]) == 0) {
			*action = (sm_act_kind)a;
			return TRUE;
		}
	return FALSE;
}

gboolean sm_act_kind_needs_reason(sm_act_kind action)
{
	return action == SM_ACT_HOLD || action == SM_ACT_REVERT || action == SM_ACT_DROP;
}

const char *sm_act_request_name(sm_triage request)
{
	switch (request) {
	case SM_TRIAGE_APPROVED: return "approve";
	case SM_TRIAGE_HOLD: return "hold";
	case SM_TRIAGE_REVERT: return "revert";
	case SM_TRIAGE_UNTRIAGED: return "reply";
	default: return "drop";
	}
}

/* Is TREE still open to ACTION?  Approving or holding makes sense until the
 * release; asking to take it back, also after.  A FAILED tree has nothing
 * to act on until someone sends a backport, so only --tree picks it. */
static gboolean tree_open(sm_act_kind action, sm_status status)
{
	switch (status) {
	case SM_STATUS_AUTOSEL:
	case SM_STATUS_BACKPORT:
	case SM_STATUS_QUEUED:
	case SM_STATUS_REVIEW:
		return TRUE;
	case SM_STATUS_RELEASED:
		return action == SM_ACT_REVERT || action == SM_ACT_DROP;
	default:
		return FALSE;
	}
}

static sm_triage request_for(sm_act_kind action, const sm_tree_status *ts)
{
	switch (action) {
	case SM_ACT_APPROVE: return SM_TRIAGE_APPROVED;
	case SM_ACT_HOLD: return SM_TRIAGE_HOLD;
	default: return ts->status == SM_STATUS_RELEASED ? SM_TRIAGE_REVERT : SM_TRIAGE_DROP;
	}
}

/* Kinds the stable team reads, best first: the review patch is what the
 * release is built from; the added note stands for the queue; then the
 * AUTOSEL mail, a hand-made backport, the FAILED note. */
static const sm_kind answer_kinds[] = {
	SM_KIND_REVIEW_PATCH, SM_KIND_ADDED, SM_KIND_AUTOSEL, SM_KIND_BACKPORT, SM_KIND_FAILED,
};

static gboolean answerable(const sm_notice *notice, sm_kind kind)
{
	return notice && notice->kind == kind && notice->filename && notice->message_id;
}

/* The notice to answer for a tree: the one that set its status when the
 * team reads it, else the newest of the best kind present. */
static sm_notice *notice_to_answer(const sm_tree_status *ts)
{
	for (size_t k = 0; k < G_N_ELEMENTS(answer_kinds); k++)
		if (answerable(ts->notice, answer_kinds[k]))
			return ts->notice;
	for (size_t k = 0; k < G_N_ELEMENTS(answer_kinds); k++)
		for (guint i = ts->notices->len; i-- > 0;)
			if (answerable(ts->notices->pdata[i], answer_kinds[k]))
				return ts->notices->pdata[i];
	return NULL;
}

static gboolean fail(GError **error, int code, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static gboolean fail(GError **error, int code, const char *fmt, ...)
{
	va_list args;
	va_start(args, fmt);
	char *message = g_strdup_vprintf(fmt, args);
	va_end(args);
	g_set_error_literal(error, SM_ACT_ERROR, code, message);
	g_free(message);
	return FALSE;
}

char **sm_act_default_trees(const sm_patch *patch, sm_act_kind action)
{
	GStrvBuilder *trees = g_strv_builder_new();
	gboolean tag_only = action == SM_ACT_DONE || action == SM_ACT_UNTRIAGE;
	for (guint i = 0; i < patch->trees->len; i++) {
		const sm_tree_status *ts = patch->trees->pdata[i];
		if (tag_only || tree_open(action, ts->status))
			g_strv_builder_add(trees, ts->tree);
	}
	char **out = g_strv_builder_end(trees);
	g_strv_builder_unref(trees);
	return out;
}

/* The trees to act on for PATCH: those asked for, or the default ones.
 * Acting on one patch, a tree it lacks is a mistake worth saying; acting
 * on many, each patch takes the trees it has. */
static char **pick_trees(const sm_patch *patch, sm_act_kind action, const char *const *wanted,
                         gboolean strict, const char *id, GError **error)
{
	if (!wanted || !*wanted)
		return sm_act_default_trees(patch, action);
	GStrvBuilder *trees = g_strv_builder_new();
	for (guint i = 0; i < patch->trees->len; i++) {
		const sm_tree_status *ts = patch->trees->pdata[i];
		if (g_strv_contains(wanted, ts->tree))
			g_strv_builder_add(trees, ts->tree);
	}
	char **out = g_strv_builder_end(trees);
	g_strv_builder_unref(trees);
	for (const char *const *w = wanted; strict && *w; w++)
		if (!sm_patch_tree(patch, *w)) {
			/* The trees it has, so that the next try can name one. */
			GString *has = g_string_new(NULL);
			for (guint i = 0; i < patch->trees->len; i++)
				g_string_append_printf(has, "%s%s", i ? ", " : "",
				                       ((const sm_tree_status *)patch->trees->pdata[i])->tree);
			fail(error, SM_ACT_ERROR_USAGE, "patch %.12s has no notice about %s (its trees: %s)",
			     id, *w, has->len ? has->str : "none");
			g_string_free(has, TRUE);
			g_strfreev(out);
			return NULL;
		}
	return out;
}

static void act_reply_free(sm_act_reply *r)
{
	if (r->also)
		g_ptr_array_unref(r->also);
	g_strfreev(r->trees);
	g_free(r->parent_id);
	g_free(r->parent_file);
	sm_reply_free(r->reply);
	g_free(r->edit_path);
	g_free(r->saved_path);
	g_free(r->made);
	g_free(r);
}

char *sm_act_patch_id(const sm_patch *patch)
{
	return *patch->upstream ? g_strdup(patch->upstream)
	                        : g_strdup_printf("<%s>", patch->first_id ? patch->first_id : "");
}

static sm_act_patch *act_patch_new(const sm_patch *patch)
{
	sm_act_patch *p = g_new0(sm_act_patch, 1);
	p->id = sm_act_patch_id(patch);
	p->subject = g_strdup(patch->subject);
	p->notices = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < patch->notices->len; i++)
		g_ptr_array_add(p->notices, g_strdup(((sm_notice *)patch->notices->pdata[i])->message_id));
	p->before = patch->state;
	p->replies = g_ptr_array_new_with_free_func((GDestroyNotify)act_reply_free);
	return p;
}

static void act_patch_free(sm_act_patch *p)
{
	g_free(p->id);
	g_free(p->subject);
	g_ptr_array_unref(p->notices);
	g_strfreev(p->trees);
	g_ptr_array_unref(p->replies);
	g_free(p);
}

/* Who the reply is from: [reply] from, else the notmuch config's user. */
typedef struct identity {
	sm_identity me;
	char *name, *email;
	char **addresses;
} identity;

static gboolean load_identity(const sm_act *act, identity *id, GError **error)
{
	char *from = sm_config_string(act->config, "reply", "from", NULL);
	InternetAddressList *list = from ? internet_address_list_parse(NULL, from) : NULL;
	InternetAddress *ia = list && internet_address_list_length(list) == 1
		? internet_address_list_get_address(list, 0) : NULL;
	if (from && !(ia && INTERNET_ADDRESS_IS_MAILBOX(ia))) {
		fail(error, SM_ACT_ERROR_IDENTITY, "[reply] from: not one address: \"%s\"", from);
		g_free(from);
		g_clear_object(&list);
		return FALSE;
	}
	id->name = g_strdup(ia ? internet_address_get_name(ia) : sm_store_user_name(act->store));
	id->email = g_strdup(ia ? internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia))
	                        : sm_store_user_email(act->store));
	g_free(from);
	g_clear_object(&list);
	if (!id->email || !strchr(id->email, '@'))
		return fail(error, SM_ACT_ERROR_IDENTITY,
		            "no From address: set user.primary_email in the notmuch config"
		            " or [reply] from in stablemate's");
	GStrvBuilder *all = g_strv_builder_new();
	const char *const *own = sm_store_user_addresses(act->store);
	if (own)
		g_strv_builder_addv(all, (const char **)own);
	char *lower = g_ascii_strdown(id->email, -1);
	g_strv_builder_add(all, lower);
	g_free(lower);
	id->addresses = g_strv_builder_end(all);
	g_strv_builder_unref(all);
	id->me = (sm_identity){ id->name ? id->name : "", id->email,
	                        (const char *const *)id->addresses };
	return TRUE;
}

static void identity_clear(identity *id)
{
	g_free(id->name);
	g_free(id->email);
	g_strfreev(id->addresses);
}

static char *commit_words(const sm_act_patch *patch, const char *upstream)
{
	if (*upstream)
		return g_strdup_printf("%.12s (\"%s\")", upstream, patch->subject);
	return g_strdup_printf("\"%s\"", patch->subject);
}

/* Compose R's message: a reply to its parent with the template's text. */
static gboolean compose(sm_act *act, sm_act_reply *r, const char *upstream,
                        const identity *id, gint64 now, const char *message_id, GError **error)
{
	GMimeMessage *parent = sm_reply_read_parent(r->parent_file, error);
	if (!parent)
		return FALSE;
	r->reply = sm_reply_new(parent, &id->me, now, message_id, error);
	const char *name = sm_act_request_name(r->request);
	char *text = r->reply ? sm_template_load(act->config, r->also ? "approve-review" : name,
	                                         error) : NULL;
	gboolean ok = text != NULL;
	if (ok) {
		GError *unset = NULL;
		int lines = g_key_file_get_integer(act->config->keyfile, "reply", "quote-lines", &unset);
		if (unset) {
			lines = 8;
			g_error_free(unset);
		}
		GHashTable *vars = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
		/* A plain reply answers what the mail says: all of it is quoted. */
		g_hash_table_insert(vars, "quote", g_strchomp(act->action == SM_ACT_REPLY
			? sm_reply_quote_all(parent) : sm_reply_quote(parent, MAX(lines, 0))));
		g_hash_table_insert(vars, "commit", commit_words(r->patch, upstream));
		GString *commits = g_string_new(NULL);
		for (guint i = 0; i <= (r->also ? r->also->len : 0); i++) {
			const sm_act_patch *p = i ? r->also->pdata[i - 1] : r->patch;
			char *words = commit_words(p, *p->id == '<' ? "" : p->id);
			g_string_append_printf(commits, "%s  %s", i ? "\n" : "", words);
			g_free(words);
		}
		g_hash_table_insert(vars, "commits", g_string_free(commits, FALSE));
		g_hash_table_insert(vars, "id", g_strndup(upstream, 12));
		g_hash_table_insert(vars, "sha", g_strdup(upstream));
		g_hash_table_insert(vars, "subject", g_strdup(r->patch->subject));
		g_hash_table_insert(vars, "trees", sm_template_join((const char *const *)r->trees));
		g_hash_table_insert(vars, "reason", g_strdup(act->reason));
		g_hash_table_insert(vars, "action", g_strdup(name));
		g_hash_table_insert(vars, "name", g_strdup(id->me.name));
		g_hash_table_insert(vars, "email", g_strdup(id->me.email));
		g_hash_table_insert(vars, "sender", sm_reply_sender_name(parent));
		char *body = sm_template_expand(name, text, vars, error);
		ok = body != NULL;
		if (ok)
			sm_reply_set_body(r->reply, body);
		g_free(body);
		g_hash_table_unref(vars);
	}
	g_free(text);
	g_object_unref(parent);
	return ok && r->reply;
}

/* One reply per (notice answered, request): trees that share a notice,
 * like the trees of one AUTOSEL range mail, share one reply. */
static gboolean plan_replies(sm_act_patch *p, const sm_patch *patch, sm_act_kind action,
                             const sm_notice *answer, GError **error)
{
	for (char **t = p->trees; *t; t++) {
		const sm_tree_status *ts = sm_patch_tree(patch, *t);
		sm_triage request = request_for(action, ts);
		const sm_notice *notice = answer ? answer : notice_to_answer(ts);
		if (!notice)
			return fail(error, SM_ACT_ERROR_NOTICE,
			            "patch %.12s: no notice to answer about %s", p->id, *t);
		sm_act_reply *r = NULL;
		for (guint i = 0; i < p->replies->len && !r; i++) {
			sm_act_reply *other = p->replies->pdata[i];
			if (other->request == request && strcmp(other->parent_id, notice->message_id) == 0)
				r = other;
		}
		if (!r) {
			r = g_new0(sm_act_reply, 1);
			r->patch = p;
			r->request = request;
			r->parent_id = g_strdup(notice->message_id);
			r->parent_file = g_strdup(notice->filename);
			r->trees = g_new0(char *, 1);
			g_ptr_array_add(p->replies, r);
		}
		guint n = g_strv_length(r->trees);
		r->trees = g_renew(char *, r->trees, n + 2);
		r->trees[n] = g_strdup(*t);
		r->trees[n + 1] = NULL;
	}
	return TRUE;
}

static sm_triage state_after(const sm_act_patch *p, sm_act_kind action)
{
	switch (action) {
	case SM_ACT_APPROVE: return SM_TRIAGE_APPROVED;
	case SM_ACT_HOLD: return SM_TRIAGE_HOLD;
	case SM_ACT_DONE: return SM_TRIAGE_DONE;
	case SM_ACT_UNTRIAGE: return SM_TRIAGE_UNTRIAGED;
	case SM_ACT_REPLY: return p->before;
	default:
		for (guint i = 0; i < p->replies->len; i++)
			if (((sm_act_reply *)p->replies->pdata[i])->request == SM_TRIAGE_REVERT)
				return SM_TRIAGE_REVERT;
		return SM_TRIAGE_DROP;
	}
}

static gboolean wants_replies(const sm_act *act)
{
	switch (act->action) {
	case SM_ACT_APPROVE: return act->ack;
	case SM_ACT_DONE:
	case SM_ACT_UNTRIAGE: return FALSE;
	default: return TRUE;
	}
}

/* The newest notice of PATCH that can be answered, or NULL: the newest
 * from someone else, as the user's own replies (they join the patch) are
 * not what a reply to the patch answers; else the user's newest. */
static const sm_notice *newest_notice(const sm_act *act, sm_patch *patch)
{
	GPtrArray *notices = sm_group_patch_notices(act->group, patch);
	const char *const *own = sm_store_user_addresses(act->store);
	const sm_notice *newest = NULL;
	gboolean newest_own = TRUE;
	for (guint i = 0; i < notices->len; i++) {
		const sm_notice *n = notices->pdata[i];
		if (!n->filename || !n->message_id)
			continue;
		gboolean mine = sm_notice_sent_by(n, own);
		if (!newest || (newest_own && !mine) ||
		    (mine == newest_own && n->date >= newest->date)) {
			newest = n;
			newest_own = mine;
		}
	}
	return newest;
}

/* A plain reply: one, to ANSWER, about the trees it names (or TREES). */
static gboolean plan_plain_reply(sm_act_patch *p, const sm_patch *patch,
                                 const char *const *trees, const sm_notice *answer,
                                 GError **error)
{
	p->trees = trees && *trees ? pick_trees(patch, SM_ACT_REPLY, trees, TRUE, p->id, error)
	                           : sm_act_answer_trees(patch, answer);
	if (!p->trees)
		return FALSE;
	sm_act_reply *r = g_new0(sm_act_reply, 1);
	r->patch = p;
	r->request = SM_TRIAGE_UNTRIAGED;
	r->parent_id = g_strdup(answer->message_id);
	r->parent_file = g_strdup(answer->filename);
	r->trees = g_strdupv(p->trees);
	g_ptr_array_add(p->replies, r);
	return TRUE;
}

static gboolean add_patch(sm_act *act, const sm_patch *patch, const char *const *trees,
                          const sm_notice *answer, gboolean strict, GError **error)
{
	/* The replies answer notices, and the tags go on every one. */
	sm_group_patch_notices(act->group, (sm_patch *)patch);
	sm_act_patch *p = act_patch_new(patch);
	g_ptr_array_add(act->patches, p);
	if (act->action == SM_ACT_REPLY) {
		if (!answer)
			answer = newest_notice(act, (sm_patch *)patch);
		if (!answer)
			return fail(error, SM_ACT_ERROR_NOTICE, "patch %.12s has no notice to answer",
			            p->id);
		if (!plan_plain_reply(p, patch, trees, answer, error))
			return FALSE;
		g_ptr_array_extend(act->replies, p->replies, NULL, NULL);
		p->after = p->before;
		return TRUE;
	}
	char **named = answer && wants_replies(act) && (!trees || !*trees)
		? sm_act_answer_trees(patch, answer) : NULL;
	p->trees = pick_trees(patch, act->action, named ? (const char *const *)named : trees,
	                      strict, p->id, error);
	g_strfreev(named);
	if (!p->trees)
		return FALSE;
	gboolean replies = wants_replies(act);
	if (replies && answer && !*p->trees)
		return fail(error, SM_ACT_ERROR_USAGE, "<%s> names no stable tree of patch %.12s; "
		            "name the trees to %s with --tree", answer->message_id, p->id,
		            sm_act_kind_name(act->action));
	if (replies && !*p->trees)
		return fail(error, SM_ACT_ERROR_USAGE, "patch %.12s is open in no tree; "
		            "name the trees to %s with --tree", p->id,
		            sm_act_kind_name(act->action));
	if (replies && !plan_replies(p, patch, act->action, answer, error))
		return FALSE;
	g_ptr_array_extend(act->replies, p->replies, NULL, NULL);
	p->after = state_after(p, act->action);
	return TRUE;
}

/* The -rc review cover that the review patch R answers, or NULL. */
static const sm_notice *cover_of(const sm_act *act, const sm_act_reply *r)
{
	const sm_notice *n = sm_group_notice(act->group, r->parent_id);
	const sm_notice *cover = n && n->kind == SM_KIND_REVIEW_PATCH && n->in_reply_to
		? sm_group_notice(act->group, n->in_reply_to) : NULL;
	return cover && cover->kind == SM_KIND_REVIEW_COVER && cover->filename ? cover : NULL;
}

/* Approving several patches of one -rc review answers its cover letter
 * once, naming them all, as reviewers do (and as b4 ty batches): not one
 * mail per patch.  The first patch's reply becomes the cover's; the
 * others' are folded into it. */
static void batch_reviews(sm_act *act)
{
	GHashTable *by_cover = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < act->replies->len;) {
		sm_act_reply *r = act->replies->pdata[i];
		const sm_notice *cover = cover_of(act, r);
		sm_act_reply *first = cover ? g_hash_table_lookup(by_cover, cover->message_id) : NULL;
		if (!first) {
			if (cover)
				g_hash_table_insert(by_cover, cover->message_id, r);
			i++;
			continue;
		}
		if (!first->also) {
			first->also = g_ptr_array_new();
			g_free(first->parent_id);
			g_free(first->parent_file);
			first->parent_id = g_strdup(cover->message_id);
			first->parent_file = g_strdup(cover->filename);
		}
		g_ptr_array_add(first->also, r->patch);
		for (char **t = r->trees; *t; t++)
			if (!g_strv_contains((const char *const *)first->trees, *t)) {
				guint n = g_strv_length(first->trees);
				first->trees = g_renew(char *, first->trees, n + 2);
				first->trees[n] = g_strdup(*t);
				first->trees[n + 1] = NULL;
			}
		g_ptr_array_remove_index(act->replies, i);
		g_ptr_array_remove(r->patch->replies, r);
	}
	g_hash_table_unref(by_cover);
}

char **sm_act_answer_trees(const sm_patch *patch, const sm_notice *notice)
{
	GStrvBuilder *trees = g_strv_builder_new();
	for (guint i = 0; patch->trees && i < patch->trees->len; i++) {
		const sm_tree_status *ts = patch->trees->pdata[i];
		if (sm_notice_has_tree(notice, ts->tree))
			g_strv_builder_add(trees, ts->tree);
	}
	char **out = g_strv_builder_end(trees);
	g_strv_builder_unref(trees);
	return out;
}

/* The upstream id of P for the templates, "" when it has none. */
static const char *upstream_of(const sm_act_patch *p)
{
	return *p->id == '<' ? "" : p->id;
}

static sm_act *act_alloc(const sm_config *config, sm_store *store, sm_group *group,
                         sm_act_kind action, const char *reason, gboolean ack)
{
	sm_act *act = g_new0(sm_act, 1);
	act->action = action;
	act->ack = ack;
	act->reason = sm_one_line(reason);
	act->patches = g_ptr_array_new_with_free_func((GDestroyNotify)act_patch_free);
	act->replies = g_ptr_array_new();
	act->warnings = g_ptr_array_new_with_free_func(g_free);
	act->config = config;
	act->store = store;
	act->group = group;
	act->history = sm_history_path(config);
	act->id = g_uuid_string_random();
	return act;
}

static sm_act *act_new(const sm_config *config, sm_store *store, sm_group *group,
                       sm_act_kind action, GPtrArray *patches, const sm_notice *answer,
                       const char *const *trees, const char *reason, gboolean ack,
                       gint64 now, GError **error)
{
	sm_act *act = act_alloc(config, store, group, action, reason, ack);
	gboolean ok = TRUE;
	identity id = { .name = NULL };
	if (wants_replies(act) && sm_act_kind_needs_reason(action) && !*act->reason)
		ok = fail(error, SM_ACT_ERROR_USAGE, "%s needs a reason (what is wrong with the patch)",
		          sm_act_kind_name(action));
	if (ok && action == SM_ACT_REPLY && patches->len != 1)
		ok = fail(error, SM_ACT_ERROR_USAGE, "a reply answers one notice, not %u patches",
		          patches->len);
	if (ok && wants_replies(act))
		ok = load_identity(act, &id, error);
	for (guint i = 0; ok && i < patches->len; i++)
		ok = add_patch(act, patches->pdata[i], trees, answer, patches->len == 1, error);
	if (ok && action == SM_ACT_APPROVE && !answer)
		batch_reviews(act);
	for (guint i = 0; ok && i < act->replies->len; i++) {
		sm_act_reply *r = act->replies->pdata[i];
		ok = compose(act, r, upstream_of(r->patch), &id, now, NULL, error);
	}
	identity_clear(&id);
	if (!ok) {
		sm_act_free(act);
		return NULL;
	}
	return act;
}

gboolean sm_act_ack_default(const sm_config *config)
{
	return sm_config_bool(config, "reply", "ack", FALSE);
}

sm_act *sm_act_new(const sm_config *config, sm_store *store, sm_group *group,
                   sm_act_kind action, GPtrArray *patches, const char *const *trees,
                   const char *reason, gint64 now, GError **error)
{
	return act_new(config, store, group, action, patches, NULL, trees, reason,
	               sm_act_ack_default(config), now, error);
}

sm_act *sm_act_new_full(const sm_config *config, sm_store *store, sm_group *group,
                        sm_act_kind action, GPtrArray *patches, const char *message_id,
                        const char *const *trees, const char *reason, gboolean ack,
                        gint64 now, GError **error)
{
	if (!message_id)
		return act_new(config, store, group, action, patches, NULL, trees, reason, ack, now,
		               error);
	const sm_notice *notice = sm_group_notice(group, message_id);
	sm_patch *patch = notice ? sm_group_patch_of(group, notice) : NULL;
	if (!patch) {
		fail(error, SM_ACT_ERROR_NOTICE, notice ? "<%s> belongs to no patch"
		                                        : "no notice <%s> is loaded", message_id);
		return NULL;
	}
	if (!notice->filename) {
		fail(error, SM_ACT_ERROR_NOTICE, "<%s> has no file to answer", message_id);
		return NULL;
	}
	GPtrArray *one = g_ptr_array_new();
	g_ptr_array_add(one, patch);
	sm_act *act = act_new(config, store, group, action, one, notice, trees, reason, ack, now,
	                      error);
	g_ptr_array_unref(one);
	return act;
}

/* The loaded patch that the history calls ID, or NULL and ERROR. */
static sm_patch *loaded_patch(sm_group *group, const char *id, const char *path,
                              GError **error)
{
	GPtrArray *found = sm_group_find(group, id);
	sm_patch *patch = found->len == 1 ? found->pdata[0] : NULL;
	g_ptr_array_unref(found);
	if (!patch)
		fail(error, SM_ACT_ERROR_NOTICE, "patch %.12s is not loaded; the text stays in %s",
		     id, path);
	return patch;
}

/* An act patch for PATCH, acted on in TREES, with no reply of its own. */
static sm_act_patch *resumed_patch(sm_act *act, sm_patch *patch, char *const *trees)
{
	sm_group_patch_notices(act->group, patch);
	sm_act_patch *p = act_patch_new(patch);
	p->trees = g_strdupv((char **)trees);
	g_ptr_array_add(act->patches, p);
	return p;
}

/* FALSE and ERROR when L cannot be resumed safely: it says not what it
 * answers, or it may have gone out already (a send that was interrupted
 * is refused by sm_act_send itself). */
static gboolean refuse_resume(sm_store *store, const sm_act_leftover *l, GError **error)
{
	if (!l->known)
		return fail(error, SM_ACT_ERROR_NOTICE, "%s does not say what it answers: copy its"
		            " text into a new reply", l->path);
	char *copy = sm_store_message_file(store, l->message_id);
	if (copy)
		fail(error, SM_ACT_ERROR_NOTICE, "the reply in %s was saved already, as %s: check"
		     " it there (it may have been sent), then delete %s", l->path, copy, l->path);
	g_free(copy);
	return copy == NULL;
}

sm_act *sm_act_resume(const sm_config *config, sm_store *store, sm_group *group,
                      const sm_act_leftover *l, gint64 now, GError **error)
{
	if (!refuse_resume(store, l, error))
		return NULL;
	sm_patch *patch = loaded_patch(group, l->patch, l->path, error);
	const sm_notice *parent = patch ? sm_group_notice(group, l->parent_id) : NULL;
	if (patch && !(parent && parent->filename)) {
		fail(error, SM_ACT_ERROR_NOTICE, "the notice <%s> it answers is not loaded; the text"
		     " stays in %s", l->parent_id, l->path);
		return NULL;
	}
	if (!patch)
		return NULL;
	sm_act *act = act_alloc(config, store, group, l->action, l->reason, l->ack);
	sm_act_patch *p = resumed_patch(act, patch, l->trees);
	sm_act_reply *r = g_new0(sm_act_reply, 1);
	r->patch = p;
	r->request = l->request;
	r->trees = g_strdupv(l->trees);
	r->parent_id = g_strdup(l->parent_id);
	r->parent_file = g_strdup(parent->filename);
	g_ptr_array_add(p->replies, r);
	g_ptr_array_add(act->replies, r);
	gboolean ok = TRUE;
	for (char **a = l->also; ok && *a; a++) {
		sm_patch *other = loaded_patch(group, *a, l->path, error);
		if ((ok = other != NULL)) {
			if (!r->also)
				r->also = g_ptr_array_new();
			sm_act_patch *q = resumed_patch(act, other, l->trees);
			q->after = state_after(q, act->action);
			g_ptr_array_add(r->also, q);
		}
	}
	p->after = state_after(p, act->action);
	identity id = { .name = NULL };
	ok = ok && load_identity(act, &id, error) &&
	     compose(act, r, upstream_of(p), &id, now, l->message_id, error);
	identity_clear(&id);
	if (!ok) {
		sm_act_free(act);
		return NULL;
	}
	/* The text is the user's, as they left it. */
	r->edit_path = g_strdup(l->path);
	char *text = NULL;
	GError *err = NULL;
	if (!g_file_get_contents(l->path, &text, NULL, &err) ||
	    !sm_reply_parse_edit_text(r->reply, text, &err)) {
		r->unreadable = TRUE;
		g_ptr_array_add(act->warnings, g_strdup_printf("%s cannot be read back (%s): edit it",
		                                               l->path, err->message));
		g_error_free(err);
	}
	g_free(text);
	return act;
}

void sm_act_free(sm_act *act)
{
	if (!act)
		return;
	g_free(act->reason);
	g_ptr_array_unref(act->replies);
	g_ptr_array_unref(act->patches);
	g_ptr_array_unref(act->warnings);
	g_free(act->history);
	g_free(act->id);
	g_free(act);
}

/* mboxrd: a body line that looks like a "From " separator, even after
 * earlier quoting, gets one more ">". */
static void print_mbox(const char *message, gint64 date, FILE *out)
{
	/* asctime's form in ASCII whatever the locale: GLib's %e pads with
	 * U+2007 and its %a and %b are translated. */
	static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	GDateTime *dt = g_date_time_new_from_unix_utc(date);
	char *stamp = g_strdup_printf("%s %s %2d %02d:%02d:%02d %d",
	                              days[g_date_time_get_day_of_week(dt) - 1],
	                              months[g_date_time_get_month(dt) - 1],
	                              g_date_time_get_day_of_month(dt), g_date_time_get_hour(dt),
	                              g_date_time_get_minute(dt), g_date_time_get_second(dt),
	                              g_date_time_get_year(dt));
	g_date_time_unref(dt);
	fprintf(out, "From stablemate %s\n", stamp);
	g_free(stamp);
	const char *body = strstr(message, "\n\n");
	body = body ? body + 2 : message + strlen(message);
	fwrite(message, 1, body - message, out);
	for (const char *line = body; *line;) {
		const char *eol = strchr(line, '\n');
		gsize len = eol ? (gsize)(eol - line + 1) : strlen(line);
		const char *p = line;
		while (p < line + len && *p == '>')
			p++;
		if (g_str_has_prefix(p, "From "))
			fputc('>', out);
		fwrite(line, 1, len, out);
		line += len;
	}
	fputc('\n', out);
}

void sm_act_print(const sm_act *act, FILE *out)
{
	for (guint i = 0; i < act->replies->len; i++) {
		const sm_act_reply *r = act->replies->pdata[i];
		char *message = sm_reply_format(r->reply);
		print_mbox(message, r->reply->date, out);
		g_free(message);
	}
	if (act->replies->len)
		return;
	for (guint i = 0; i < act->patches->len; i++) {
		const sm_act_patch *p = act->patches->pdata[i];
		const char *tag = sm_triage_tag(p->after);
		fprintf(out, "%s %.12s: would %s %u messages%s%s\n", sm_act_kind_name(act->action),
		        p->id, tag ? "tag" : "untag", p->notices->len,
		        tag ? " " : "", tag ? tag : "");
	}
}
