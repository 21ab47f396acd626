/* git-act.c - wrap the dependency request and the backport mail in acts.
 *
 * act.c has no entry point for a reply composed elsewhere, and its
 * identity, addressing, threading and bookkeeping are its own affair.  So
 * the act is made by sm_act_new() as a hold of the patch on TREE (which
 * answers the same notice from the same user), and then only its public
 * fields are changed: the reply's text (and, for the backport, subject
 * and recipients), the kind it is logged as and the state it tags.
 */
#include "git-act.h"
#include "git-mail.h"

typedef gboolean (*fill_fn)(sm_reply *reply, GMimeMessage *parent, void *data,
                            GError **error);

static sm_act *act_with(const sm_config *config, sm_store *store, sm_group *group,
                        const sm_patch *patch, const char *tree, gint64 now,
                        fill_fn fill, void *data, GError **error)
{
	GPtrArray *patches = g_ptr_array_new();
	g_ptr_array_add(patches, (gpointer)patch);
	const char *trees[] = { tree, NULL };
	sm_act *act = sm_act_new(config, store, group, SM_ACT_HOLD, patches, trees,
	                         "(replaced)", now, error);
	g_ptr_array_unref(patches);
	if (!act)
		return NULL;
	sm_act_reply *r = act->replies->len == 1 ? act->replies->pdata[0] : NULL;
	GMimeMessage *parent = r ? sm_reply_read_parent(r->parent_file, error) : NULL;
	gboolean ok = parent && fill(r->reply, parent, data, error);
	g_clear_object(&parent);
	if (!ok) {
		sm_act_free(act);
		return NULL;
	}
	act->action = SM_ACT_DONE;
	g_free(act->reason);
	act->reason = g_strdup("");
	((sm_act_patch *)act->patches->pdata[0])->after = SM_TRIAGE_DONE;
	return act;
}

typedef struct deps_data {
	const sm_config *config;
	const sm_patch *patch;
	const char *tree;
	GPtrArray *picked;
} deps_data;

static gboolean fill_deps(sm_reply *reply, GMimeMessage *parent, void *data, GError **error)
{
	deps_data *d = data;
	return sm_git_deps_fill(reply, d->config, parent, d->patch->upstream, d->patch->subject,
	                        d->tree, d->picked, error);
}

sm_act *sm_git_act_deps(const sm_config *config, sm_store *store, sm_group *group,
                        const sm_patch *patch, const char *tree, GPtrArray *picked,
                        gint64 now, GError **error)
{
	deps_data d = { config, patch, tree, picked };
	return act_with(config, store, group, patch, tree, now, fill_deps, &d, error);
}

typedef struct backport_data {
	sm_git_repo *repo;
	const char *tree;
	const char *backport;
} backport_data;

static gboolean fill_backport(sm_reply *reply, GMimeMessage *parent, void *data,
                              GError **error)
{
	backport_data *b = data;
	return sm_git_backport_fill(reply, b->repo, b->backport, b->tree, parent, error);
}

sm_act *sm_git_act_backport(const sm_config *config, sm_store *store, sm_group *group,
                            sm_git_repo *repo, const sm_patch *patch, const char *tree,
                            const char *backport, gint64 now, GError **error)
{
	backport_data b = { repo, tree, backport };
	return act_with(config, store, group, patch, tree, now, fill_backport, &b, error);
}

gboolean sm_git_mark_resolving(sm_store *store, sm_group *group, const sm_patch *patch,
                               GError **error)
{
	if (patch->state != SM_TRIAGE_UNTRIAGED)
		return TRUE;
	GPtrArray *ids = g_ptr_array_new();
	GPtrArray *notices = sm_group_patch_notices(group, (sm_patch *)patch);
	for (guint i = 0; i < notices->len; i++)
		g_ptr_array_add(ids, ((sm_notice *)notices->pdata[i])->message_id);
	gboolean ok = sm_store_set_triage(store, ids, SM_TRIAGE_RESOLVING, group, error);
	g_ptr_array_unref(ids);
	return ok;
}
