/* git/info.c - compute what the repository says about one patch. */
#include <string.h>
#include "info.h"
#include "private.h"
#include "contains.h"
#include "status.h"
#include "mail/mail.h"

sm_git_query *sm_git_query_new(const sm_patch *patch, gboolean deps)
{
	if (!*patch->upstream)
		return NULL;
	sm_git_query *q = g_new0(sm_git_query, 1);
	g_strlcpy(q->upstream, patch->upstream, sizeof q->upstream);
	q->trees = g_new0(char *, patch->trees->len + 1);
	q->failed_files = g_new0(char *, patch->trees->len + 1);
	for (guint i = 0; i < patch->trees->len; i++) {
		const sm_tree_status *ts = patch->trees->pdata[i];
		q->trees[i] = g_strdup(ts->tree);
		q->failed_files[i] = g_strdup(ts->failed_file ? ts->failed_file : "");
	}
	q->deps = deps;
	return q;
}

sm_git_query *sm_git_query_copy(const sm_git_query *query)
{
	sm_git_query *q = g_new0(sm_git_query, 1);
	*q = *query;
	q->trees = g_strdupv(query->trees);
	q->failed_files = g_strdupv(query->failed_files);
	return q;
}

void sm_git_query_free(sm_git_query *query)
{
	if (!query)
		return;
	g_strfreev(query->trees);
	g_strfreev(query->failed_files);
	g_free(query);
}

static void tree_info_free(gpointer data)
{
	sm_git_tree_info *t = data;
	g_free(t->tree);
	g_free(t->branch);
	g_free(t->error);
	sm_prediction_free(t->prediction);
	if (t->deps)
		g_ptr_array_unref(t->deps);
	g_free(t);
}

static void followup_info_free(gpointer data)
{
	sm_git_followup_info *f = data;
	sm_followup_free(f->followup);
	g_free(f->present);
	g_free(f->status);
	g_free(f);
}

void sm_git_info_free(sm_git_info *info)
{
	if (!info)
		return;
	g_free(info->subject);
	g_free(info->error);
	g_ptr_array_unref(info->trees);
	g_ptr_array_unref(info->followups);
	g_free(info->followups_error);
	g_free(info);
}

/* The FAILED notice's text, for its "Possible dependencies". */
static char *notice_body(const char *file)
{
	if (!file || !*file)
		return NULL;
	sm_mail *mail = sm_mail_read(file, 0, NULL);
	char *body = mail ? g_strdup(mail->body) : NULL;
	sm_mail_free(mail);
	return body;
}

static sm_git_tree_info *tree_info(sm_git_repo *repo, const sm_git_query *q, guint i)
{
	sm_git_tree_info *t = g_new0(sm_git_tree_info, 1);
	t->tree = g_strdup(q->trees[i]);
	GError *error = NULL;
	git_oid tip, upstream, as;
	const char *branch;
	git_oid_fromstr(&upstream, q->upstream);
	if (!sm_git_stable(repo, t->tree, &tip, &branch, &error) ||
	    !sm_git_contains_as(repo, t->tree, &upstream, &t->present, &as, &error) ||
	    !(t->prediction = sm_git_predict(repo, t->tree, q->upstream, &error))) {
		t->error = g_strdup(error->message);
		g_error_free(error);
		return t;
	}
	t->branch = g_strdup(branch);
	if (t->present)
		git_oid_tostr(t->present_as, sizeof t->present_as, &as);
	if (q->deps && t->prediction->state == SM_PREDICT_CONFLICT) {
		char *body = notice_body(q->failed_files[i]);
		t->deps = sm_git_dependencies(repo, q->upstream, t->tree, body, NULL);
		g_free(body);
	}
	return t;
}

static void add_followups(sm_git_repo *repo, sm_git_info *info)
{
	GError *error = NULL;
	GPtrArray *list = sm_git_followups(repo, info->upstream, &error);
	if (!list) {
		info->followups_error = g_strdup(error->message);
		g_error_free(error);
		return;
	}
	guint n = info->trees->len;
	for (guint i = 0; i < list->len; i++) {
		sm_git_followup_info *f = g_new0(sm_git_followup_info, 1);
		f->followup = list->pdata[i];
		list->pdata[i] = NULL;
		f->present = g_new0(gboolean, n + 1);
		f->status = g_new0(sm_status, n + 1);
		git_oid id;
		git_oid_fromstr(&id, f->followup->id);
		for (guint t = 0; t < n; t++) {
			const sm_git_tree_info *ti = info->trees->pdata[t];
			if (!ti->error && !sm_git_contains(repo, ti->tree, &id, &f->present[t], NULL))
				f->present[t] = FALSE;
		}
		g_ptr_array_add(info->followups, f);
	}
	g_ptr_array_set_free_func(list, NULL);
	g_ptr_array_unref(list);
}

sm_git_info *sm_git_info_compute(sm_git_repo *repo, const sm_git_query *q,
                                 gboolean followups, const char *error)
{
	sm_git_info *info = g_new0(sm_git_info, 1);
	g_strlcpy(info->upstream, q->upstream, sizeof info->upstream);
	info->trees = g_ptr_array_new_with_free_func(tree_info_free);
	info->followups = g_ptr_array_new_with_free_func(followup_info_free);
	info->deps = q->deps;
	GError *err = NULL;
	git_commit *commit = repo ? sm_git_commit(repo, q->upstream, &err) : NULL;
	if (!commit) {
		info->error = g_strdup(err ? err->message : error ? error : "no repository");
		g_clear_error(&err);
		return info;
	}
	info->subject = sm_git_summary(commit);
	git_commit_free(commit);
	for (guint i = 0; q->trees[i]; i++)
		g_ptr_array_add(info->trees, tree_info(repo, q, i));
	if (followups)
		add_followups(repo, info);
	info->followups_pending = !followups;
	return info;
}

void sm_git_info_apply_group(sm_git_info *info, const sm_group *group)
{
	for (guint i = 0; i < info->followups->len; i++) {
		sm_git_followup_info *f = info->followups->pdata[i];
		for (guint t = 0; t < info->trees->len; t++) {
			const sm_git_tree_info *ti = info->trees->pdata[t];
			f->status[t] = sm_git_tree_status(group, f->followup->id, ti->tree);
		}
	}
	for (guint t = 0; t < info->trees->len; t++) {
		const sm_git_tree_info *ti = info->trees->pdata[t];
		if (ti->deps)
			sm_git_dependencies_status(ti->deps, group, ti->tree);
	}
}

const sm_git_tree_info *sm_git_info_tree(const sm_git_info *info, const char *tree)
{
	for (guint t = 0; t < info->trees->len; t++) {
		const sm_git_tree_info *ti = info->trees->pdata[t];
		if (strcmp(ti->tree, tree) == 0)
			return ti;
	}
	return NULL;
}

guint sm_git_info_flags(const sm_git_info *info, const sm_patch *patch)
{
	guint flags = 0;
	for (guint t = 0; t < info->trees->len; t++) {
		const sm_git_tree_info *ti = info->trees->pdata[t];
		const sm_tree_status *ts = sm_patch_tree(patch, ti->tree);
		sm_status status = ts ? ts->status : SM_STATUS_NONE;
		/* Before the stable team tried: a FAILED mail is likely. */
		if ((status == SM_STATUS_NONE || status == SM_STATUS_AUTOSEL) && !ti->present &&
		    ti->prediction && ti->prediction->state == SM_PREDICT_CONFLICT)
			flags |= SM_GIT_FLAG_CONFLICT;
		if (!sm_status_is_queued(status))
			continue;
		for (guint i = 0; i < info->followups->len; i++) {
			const sm_git_followup_info *f = info->followups->pdata[i];
			if (f->followup->kind == SM_FOLLOWUP_REVERT)
				flags |= SM_GIT_FLAG_REVERTED;
			else if (!f->present[t] && !sm_status_is_queued(f->status[t]))
				flags |= SM_GIT_FLAG_UNQUEUED_FIX;
		}
	}
	return flags;
}

const char *sm_git_failed_tree(const sm_patch *patch)
{
	for (guint i = 0; i < patch->trees->len; i++) {
		const sm_tree_status *ts = patch->trees->pdata[i];
		if (ts->status == SM_STATUS_FAILED)
			return ts->tree;
	}
	return NULL;
}
