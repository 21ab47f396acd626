/* report.c - the one description of list and show output. */
#include <string.h>
#include "report.h"
#include "git/git.h"
#include "git-print.h"

static void string_field(sm_printer *p, const char *key, const char *value)
{
	p->key(p, key);
	p->string(p, value && *value ? value : NULL);
}

static void notice_fields(sm_printer *p, const sm_notice *n, sm_report_level level)
{
	p->begin_map(p);
	string_field(p, "message_id", n->message_id);
	string_field(p, "kind", sm_kind_name(n->kind));
	p->key(p, "trees");
	p->begin_list(p);
	for (char **t = n->trees; *t; t++)
		p->string(p, *t);
	p->end(p);
	p->key(p, "date");
	p->date(p, n->date);
	string_field(p, "subject", n->subject);
	string_field(p, "in_reply_to", n->in_reply_to);
	/* Why the notice is in this patch, so that a wrong one shows. */
	string_field(p, "attached", sm_attach_name(n->attach));
	string_field(p, "evidence", n->evidence);
	string_field(p, "signal", sm_signal_name(n->signal));
	if (level == SM_REPORT_DETAIL) {
		string_field(p, "from", n->from);
		string_field(p, "upstream", n->upstream);
		if (n->series_total) {
			char *series = g_strdup_printf("%d/%d", n->series_pos, n->series_total);
			string_field(p, "series", series);
			g_free(series);
		}
		string_field(p, "base", n->base);
		string_field(p, "file", n->filename);
		string_field(p, "warning", n->warning);
	}
	p->end(p);
}

/* TEXT (may be NULL) as a list, one string a line. */
static void line_list(sm_printer *p, const char *text)
{
	p->begin_list(p);
	for (const char *l = text; l && *l;) {
		const char *nl = strchr(l, '\n');
		char *line = g_strndup(l, nl ? (gsize)(nl - l) : strlen(l));
		p->string(p, line);
		g_free(line);
		l = nl ? nl + 1 : l + strlen(l);
	}
	p->end(p);
}

/* Each tree's interdiff, its text one line a string. */
static void interdiff_fields(sm_printer *p, const sm_patch *patch, const sm_report_git *git)
{
	GPtrArray *interdiffs = sm_git_interdiffs(git->repo, patch);
	p->key(p, "interdiff");
	p->begin_list(p);
	for (guint i = 0; i < interdiffs->len; i++) {
		const sm_git_interdiff *d = interdiffs->pdata[i];
		p->begin_map(p);
		string_field(p, "tree", d->tree);
		string_field(p, "against", d->against);
		string_field(p, "reference", d->reference);
		string_field(p, "notice", d->notice);
		string_field(p, "summary", d->summary);
		p->key(p, "lines");
		line_list(p, d->text);
		p->end(p);
	}
	p->end(p);
	while (git->interdiffs && interdiffs->len)
		g_ptr_array_add(git->interdiffs, g_ptr_array_steal_index(interdiffs, 0));
	g_ptr_array_unref(interdiffs);
}

/* The adapted trees: version 1 a list of them, since 2 each with its
 * short summary (git/interdiff.h; null when a mail cannot be read). */
static void adapted_field(sm_printer *p, const sm_patch *patch, sm_git_summaries **summaries)
{
	gboolean listed = sm_printer_version(p) == 1;
	p->key(p, "adapted");
	if (listed)
		p->begin_list(p);
	else
		p->begin_map(p);
	for (guint i = 0; i < patch->trees->len; i++) {
		const sm_tree_status *ts = patch->trees->pdata[i];
		if (!ts->adapted) {
			continue;
		} else if (listed) {
			p->string(p, ts->tree);
		} else {
			p->key(p, ts->tree);
			if (!*summaries && !sm_printer_skips(p, "adapted"))
				*summaries = sm_git_summaries_open();
			p->string(p, *summaries ? sm_git_summaries_get(*summaries, patch, ts) : NULL);
		}
	}
	p->end(p);
}

static void patch_fields(sm_printer *p, sm_group *group, sm_patch *patch,
                         sm_report_level level, const sm_report_git *git,
                         sm_maintainers *maintainers, sm_git_summaries **summaries)
{
	GPtrArray *notices = sm_group_patch_notices(group, patch);
	p->begin_map(p);
	string_field(p, "upstream", patch->upstream);
	string_field(p, "subject", patch->subject);
	string_field(p, "author", patch->author);
	string_field(p, "state", sm_triage_name(patch->state));
	p->key(p, "trees");
	p->begin_map(p);
	for (guint i = 0; i < patch->trees->len; i++) {
		const sm_tree_status *ts = patch->trees->pdata[i];
		p->key(p, ts->tree);
		p->string(p, sm_status_name(ts->status));
	}
	p->end(p);
	/* Added with format version 1 kept: readers ignore what they do not know. */
	p->key(p, "files");
	line_list(p, patch->files);
	p->key(p, "maintained");
	if (maintainers)
		p->boolean(p, sm_maintainers_covers(maintainers, patch));
	else
		p->null(p);
	adapted_field(p, patch, summaries);
	p->key(p, "deadline");
	p->time(p, patch->deadline);
	p->key(p, "notices");
	p->begin_list(p);
	for (guint i = 0; i < notices->len; i++)
		notice_fields(p, notices->pdata[i], level);
	p->end(p);
	if (level == SM_REPORT_DETAIL && git) {
		sm_git_print_patch(p, git->repo, git->repo_error, patch, git->group);
		interdiff_fields(p, patch, git);
	}
	p->end(p);
}

static void review_fields(sm_printer *p, const sm_review *review)
{
	p->begin_map(p);
	string_field(p, "tree", review->tree);
	string_field(p, "release", review->release);
	p->key(p, "deadline");
	p->time(p, review->deadline);
	string_field(p, "message_id", review->cover ? review->cover->message_id : NULL);
	p->key(p, "patches");
	p->integer(p, review->patches);
	/* Who tested the release and what they reported. */
	p->key(p, "replies");
	p->begin_list(p);
	for (guint i = 0; review->replies && i < review->replies->len; i++) {
		const sm_notice *n = review->replies->pdata[i];
		p->begin_map(p);
		string_field(p, "message_id", n->message_id);
		string_field(p, "from", n->from);
		string_field(p, "signal", sm_signal_name(n->signal));
		p->end(p);
	}
	p->end(p);
	p->end(p);
}

void sm_report(sm_printer *p, sm_group *group, GPtrArray *patches, GPtrArray *reviews,
               sm_report_level level, const sm_report_git *git, sm_maintainers *maintainers)
{
	p->begin_map(p);
	p->key(p, "patches");
	p->begin_list(p);
	/* One patch's notices at a time: a list of years of mail never
	 * holds them all. */
	sm_git_summaries *summaries = NULL; /* opened for the first adapted tree */
	for (guint i = 0; i < patches->len; i++) {
		patch_fields(p, group, patches->pdata[i], level, git, maintainers, &summaries);
		sm_group_patch_release(group, patches->pdata[i]);
		if (i % 1024 == 1023)
			sm_group_forget_pages(group);
	}
	p->end(p);
	sm_git_summaries_close(summaries);
	p->key(p, "reviews");
	p->begin_list(p);
	for (guint i = 0; reviews && i < reviews->len; i++)
		review_fields(p, reviews->pdata[i]);
	p->end(p);
	p->end(p);
	p->finish(p);
}
