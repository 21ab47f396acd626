/* git-text.c - an sm_git_info as lines for the patch view. */
#include <string.h>
#include "git/git.h"

static void text_line_free(gpointer data)
{
	sm_git_text_line *l = data;
	g_free(l->text);
	g_free(l->commit);
	g_free(l);
}

static void add(GPtrArray *out, sm_git_text_kind kind, char *text)
{
	sm_git_text_line *l = g_new0(sm_git_text_line, 1);
	l->text = text;
	l->kind = kind;
	g_ptr_array_add(out, l);
}

/* The line just added is about COMMIT (may be NULL). */
static void about(GPtrArray *out, const char *commit)
{
	sm_git_text_line *l = out->pdata[out->len - 1];
	l->commit = g_strdup(commit);
}

/* Where a commit stands in a tree: in the branch, on its way, or not. */
static const char *whereabouts(gboolean known, gboolean present, sm_status status,
                               sm_git_text_kind *kind)
{
	*kind = SM_GIT_TEXT_DIM;
	if (!known)
		return "not in the repository";
	*kind = SM_GIT_TEXT_GOOD;
	if (present)
		return "in the branch";
	if (sm_status_is_queued(status))
		return sm_status_name(status);
	*kind = SM_GIT_TEXT_WARN;
	return status == SM_STATUS_NONE ? "missing" : sm_status_name(status);
}

static void tree_lines(GPtrArray *out, const sm_git_info *info, const sm_git_tree_info *t)
{
	if (t->error) {
		add(out, SM_GIT_TEXT_BAD, g_strdup_printf("%-6s %s", t->tree, t->error));
		return;
	}
	const sm_prediction *p = t->prediction;
	if (t->present && *t->present_as && strcmp(t->present_as, info->upstream) != 0) {
		/* A backport: which one, for `git show`. */
		add(out, SM_GIT_TEXT_GOOD, g_strdup_printf("%-6s already in %s as %.12s", t->tree,
		                                           t->branch, t->present_as));
	} else if (t->present) {
		add(out, SM_GIT_TEXT_GOOD, g_strdup_printf("%-6s already in %s", t->tree, t->branch));
	} else if (p->state == SM_PREDICT_CONFLICT) {
		char *paths = g_strjoinv(" ", p->conflicts);
		add(out, SM_GIT_TEXT_WARN, g_strdup_printf("%-6s conflicts on %s: %s", t->tree,
		                                           t->branch, paths));
		g_free(paths);
	} else {
		add(out, SM_GIT_TEXT_GOOD, g_strdup_printf("%-6s %s on %s", t->tree,
		                                           p->state == SM_PREDICT_EMPTY
		                                           ? "applies, changing nothing"
		                                           : "applies cleanly", t->branch));
	}
	about(out, info->upstream);
	for (guint i = 0; t->deps && i < t->deps->len; i++) {
		const sm_dependency *d = t->deps->pdata[i];
		sm_git_text_kind kind;
		const char *where = whereabouts(d->known, d->present, d->status, &kind);
		add(out, kind, g_strdup_printf("       needs? %.12s (\"%s\"): %s", d->id, d->subject,
		                               where));
		about(out, d->known ? d->id : NULL);
	}
}

static void followup_lines(GPtrArray *out, const sm_git_info *info)
{
	if (info->followups_pending) {
		add(out, SM_GIT_TEXT_DIM, g_strdup("Follow-ups: indexing mainline..."));
		return;
	}
	if (info->followups_error) {
		add(out, SM_GIT_TEXT_BAD, g_strdup_printf("Follow-ups: %s", info->followups_error));
		return;
	}
	if (info->followups->len == 0) {
		add(out, SM_GIT_TEXT_PLAIN, g_strdup("Follow-ups: none in mainline"));
		return;
	}
	add(out, SM_GIT_TEXT_PLAIN, g_strdup("Follow-ups:"));
	for (guint i = 0; i < info->followups->len; i++) {
		const sm_git_followup_info *f = info->followups->pdata[i];
		gboolean revert = f->followup->kind == SM_FOLLOWUP_REVERT;
		GString *line = g_string_new(NULL);
		g_string_append_printf(line, "  %-6s %.12s (\"%s\")", revert ? "revert" : "fix",
		                       f->followup->id, f->followup->subject);
		sm_git_text_kind worst = revert ? SM_GIT_TEXT_BAD : SM_GIT_TEXT_GOOD;
		for (guint t = 0; t < info->trees->len; t++) {
			const sm_git_tree_info *ti = info->trees->pdata[t];
			sm_git_text_kind kind;
			const char *where = whereabouts(TRUE, f->present[t], f->status[t], &kind);
			g_string_append_printf(line, "  %s: %s", ti->tree, where);
			if (kind == SM_GIT_TEXT_WARN && worst == SM_GIT_TEXT_GOOD)
				worst = kind;
		}
		add(out, worst, g_string_free(line, FALSE));
		about(out, f->followup->id);
	}
}

GPtrArray *sm_git_info_text(const sm_git_info *info)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(text_line_free);
	if (info->error) {
		add(out, SM_GIT_TEXT_BAD, g_strdup_printf("git: %s", info->error));
		return out;
	}
	for (guint t = 0; t < info->trees->len; t++)
		tree_lines(out, info, info->trees->pdata[t]);
	followup_lines(out, info);
	return out;
}

char sm_git_flags_mark(guint flags)
{
	/* Letters no other cell of the list uses (the trees have R and F,
	 * the triage mark has '!'), so that none means two things. */
	if (flags & SM_GIT_FLAG_REVERTED)
		return 'X';
	if (flags & SM_GIT_FLAG_UNQUEUED_FIX)
		return 'U';
	if (flags & SM_GIT_FLAG_CONFLICT)
		return 'C';
	return ' ';
}
