/* git-print.c - an sm_git_info as structured output (git/info.h). */
#include "private.h"
#include "git/git.h"

static void string_field(sm_printer *p, const char *key, const char *value)
{
	p->key(p, key);
	p->string(p, value);
}

static void bool_field(sm_printer *p, const char *key, gboolean value)
{
	p->key(p, key);
	p->boolean(p, value);
}

static void string_list(sm_printer *p, const char *key, char **items)
{
	p->key(p, key);
	p->begin_list(p);
	for (char **i = items; i && *i; i++)
		p->string(p, *i);
	p->end(p);
}

static void status_fields(sm_printer *p, sm_status status)
{
	string_field(p, "status", sm_status_name(status));
	bool_field(p, "queued", sm_status_is_queued(status));
}

static void dependency(sm_printer *p, const sm_dependency *d)
{
	p->begin_map(p);
	string_field(p, "commit", d->id);
	string_field(p, "subject", d->subject);
	p->key(p, "source");
	p->begin_list(p);
	if (d->sources & SM_DEP_BLAME)
		p->string(p, "blame");
	if (d->sources & SM_DEP_NOTICE)
		p->string(p, "notice");
	p->end(p);
	string_list(p, "paths", d->paths);
	bool_field(p, "known", d->known);
	bool_field(p, "present", d->present);
	status_fields(p, d->status);
	p->end(p);
}

static void tree(sm_printer *p, const sm_git_tree_info *t, gboolean deps)
{
	p->key(p, t->tree);
	p->begin_map(p);
	if (t->error) {
		string_field(p, "error", t->error);
		p->end(p);
		return;
	}
	string_field(p, "branch", t->branch);
	string_field(p, "tip", t->prediction->tip);
	bool_field(p, "present", t->present);
	/* Which of the branch's commits holds it, for `git show`: the
	 * upstream commit itself or its backport (added within version 2). */
	string_field(p, "present_as", t->present && *t->present_as ? t->present_as : NULL);
	string_field(p, "prediction", sm_predict_state_name(t->prediction->state));
	string_list(p, "conflicts", t->prediction->conflicts);
	if (deps) {
		p->key(p, "dependencies");
		p->begin_list(p);
		for (guint i = 0; t->deps && i < t->deps->len; i++)
			dependency(p, t->deps->pdata[i]);
		p->end(p);
	}
	p->end(p);
}

static void followup(sm_printer *p, const sm_git_info *info, const sm_git_followup_info *f)
{
	p->begin_map(p);
	string_field(p, "commit", f->followup->id);
	string_field(p, "kind", sm_followup_kind_name(f->followup->kind));
	string_field(p, "subject", f->followup->subject);
	string_field(p, "named", f->followup->named);
	p->key(p, "trees");
	p->begin_map(p);
	for (guint t = 0; t < info->trees->len; t++) {
		const sm_git_tree_info *ti = info->trees->pdata[t];
		p->key(p, ti->tree);
		p->begin_map(p);
		bool_field(p, "present", f->present[t]);
		status_fields(p, f->status[t]);
		p->end(p);
	}
	p->end(p);
	p->end(p);
}

void sm_git_info_print(sm_printer *p, const sm_git_info *info, const sm_patch *patch)
{
	p->key(p, "git");
	p->begin_map(p);
	if (info->error) {
		string_field(p, "error", info->error);
		p->end(p);
		return;
	}
	p->key(p, "trees");
	p->begin_map(p);
	for (guint t = 0; t < info->trees->len; t++)
		tree(p, info->trees->pdata[t], info->deps);
	p->end(p);
	if (info->followups_error)
		string_field(p, "followups_error", info->followups_error);
	if (info->followups_pending)
		bool_field(p, "followups_pending", TRUE);
	p->key(p, "followups");
	p->begin_list(p);
	for (guint i = 0; i < info->followups->len; i++)
		followup(p, info, info->followups->pdata[i]);
	p->end(p);
	if (patch) {
		guint flags = sm_git_info_flags(info, patch);
		p->key(p, "flags");
		p->begin_list(p);
		if (flags & SM_GIT_FLAG_CONFLICT)
			p->string(p, "conflict");
		if (flags & SM_GIT_FLAG_UNQUEUED_FIX)
			p->string(p, "unqueued-fix");
		if (flags & SM_GIT_FLAG_REVERTED)
			p->string(p, "reverted");
		p->end(p);
	}
	p->end(p);
}

void sm_git_print_patch(sm_printer *p, sm_git_repo *repo, const char *repo_error,
                        const sm_patch *patch, const sm_group *group)
{
	sm_git_query *q = sm_git_query_new(patch, TRUE);
	if (!q) {
		p->key(p, "git");
		p->begin_map(p);
		string_field(p, "error", "no upstream commit id");
		p->end(p);
		return;
	}
	sm_git_info *info = sm_git_info_compute(repo, q, TRUE, repo_error);
	sm_git_info_apply_group(info, group);
	sm_git_info_print(p, info, patch);
	sm_git_info_free(info);
	sm_git_query_free(q);
}
