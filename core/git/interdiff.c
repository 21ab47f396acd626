/* interdiff.c - each tree's diff of a patch against upstream or against
 * the patch's reference diff (see interdiff.h). */
#include <string.h>
#include "interdiff.h"
#include "show.h"
#include "mail/mail.h"
#include "recognise/interdiff.h"

void sm_git_interdiff_free(sm_git_interdiff *d)
{
	g_free(d->tree);
	g_free(d->against);
	g_free(d->reference);
	g_free(d->notice);
	g_free(d->summary);
	g_free(d->text);
	g_free(d);
}

/* The diff NOTICE's mail carries, parsed; NULL when it cannot be read. */
static sm_diff *notice_diff(const sm_notice *notice)
{
	if (!notice || !notice->filename)
		return NULL;
	sm_mail *mail = sm_mail_read(notice->filename, 0, NULL);
	if (!mail)
		return NULL;
	sm_diff *diff = sm_diff_parse(mail->body);
	sm_mail_free(mail);
	return diff;
}

static sm_diff *upstream_diff(sm_git_repo *repo, const sm_patch *patch)
{
	if (!repo || !*patch->upstream)
		return NULL;
	char *text = sm_git_show(repo, patch->upstream, NULL, NULL);
	sm_diff *diff = text ? sm_diff_parse(text) : NULL;
	g_free(text);
	if (diff && !diff->hunks->len)
		g_clear_pointer(&diff, sm_diff_free);
	return diff;
}

GPtrArray *sm_git_interdiffs(sm_git_repo *repo, const sm_patch *patch)
{
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)sm_git_interdiff_free);
	sm_diff *base = upstream_diff(repo, patch);
	const sm_notice *reference = base ? NULL : sm_patch_reference_notice(patch);
	if (!base && reference)
		base = notice_diff(reference);
	if (!base)
		return out;
	/* Trees often share one notice (a range of trees in one AUTOSEL
	 * posting): each mail is read and compared once. */
	GHashTable *done = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint t = 0; t < patch->trees->len; t++) {
		const sm_tree_status *ts = patch->trees->pdata[t];
		const sm_notice *notice = sm_tree_diff_notice(ts);
		if (!notice || (reference && notice->change == reference->change))
			continue;
		sm_git_interdiff *known = notice->filename ? g_hash_table_lookup(done, notice->filename)
		                                           : NULL;
		char *summary = NULL, *text = NULL;
		if (known) {
			summary = g_strdup(known->summary);
			text = g_strdup(known->text);
		} else {
			sm_diff *diff = notice_diff(notice);
			text = diff ? sm_interdiff(base, diff, &summary) : NULL;
			sm_diff_free(diff);
		}
		if (!text)
			continue;
		sm_git_interdiff *d = g_new0(sm_git_interdiff, 1);
		d->tree = g_strdup(ts->tree);
		d->against = g_strdup(reference ? "notice" : "upstream");
		d->reference = g_strdup(reference ? reference->message_id : patch->upstream);
		d->notice = g_strdup(notice->message_id);
		d->summary = summary;
		d->text = text;
		g_ptr_array_add(out, d);
		if (notice->filename && !known)
			g_hash_table_insert(done, notice->filename, d);
	}
	g_hash_table_unref(done);
	sm_diff_free(base);
	return out;
}
