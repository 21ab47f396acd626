/* show.c - a commit as git show prints it (see show.h). */
#include <string.h>
#include "show.h"
#include "repo-private.h"

/* "Mon Jan 1 01:00:00 2024 +0000": git's default date, in the zone the
 * signature was made in. */
static void append_date(GString *out, const git_time *when)
{
	GTimeZone *tz = g_time_zone_new_offset(when->offset * 60);
	GDateTime *utc = g_date_time_new_from_unix_utc(when->time);
	GDateTime *dt = g_date_time_to_timezone(utc, tz);
	char *text = g_date_time_format(dt, "%a %b %-d %H:%M:%S %Y");
	int off = when->offset < 0 ? -when->offset : when->offset;
	g_string_append_printf(out, "%s %c%02d%02d", text, when->offset < 0 ? '-' : '+',
	                       off / 60, off % 60);
	g_free(text);
	g_date_time_unref(dt);
	g_date_time_unref(utc);
	g_time_zone_unref(tz);
}

static void append_person(GString *out, const char *who, const git_signature *sig)
{
	g_string_append_printf(out, "%s:     %s <%s>\n%sDate: ", who, sig->name, sig->email, who);
	append_date(out, &sig->when);
	g_string_append_c(out, '\n');
}

/* The message, each line indented by four as git does (blank ones too). */
static void append_message(GString *out, const char *message)
{
	gchar **lines = g_strsplit(message, "\n", -1);
	guint n = g_strv_length(lines);
	while (n > 0 && !*g_strstrip(lines[n - 1]))
		n--;
	for (guint i = 0; i < n; i++) {
		g_strchomp(lines[i]);
		g_string_append_printf(out, "    %s\n", lines[i]);
	}
	g_strfreev(lines);
}

/* "---", the diffstat, a blank and the diff of COMMIT against its parent. */
static gboolean append_diff(GString *out, git_repository *git, git_commit *commit,
                            GError **error)
{
	git_tree *tree = NULL, *parent_tree = NULL;
	git_commit *parent = NULL;
	git_diff *diff = NULL;
	git_diff_stats *stats = NULL;
	git_buf buf = { 0 };
	gboolean ok = FALSE;
	git_diff_find_options find;
	git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
	find.flags = GIT_DIFF_FIND_RENAMES;
	if (git_commit_tree(&tree, commit) < 0 ||
	    (git_commit_parentcount(commit) == 1 &&
	     (git_commit_parent(&parent, commit, 0) < 0 ||
	      git_commit_tree(&parent_tree, parent) < 0)) ||
	    git_diff_tree_to_tree(&diff, git, parent_tree, tree, NULL) < 0 ||
	    git_diff_find_similar(diff, &find) < 0 ||
	    git_diff_get_stats(&stats, diff) < 0) {
		sm_git_fail(error, SM_GIT_ERROR_FAILED, "showing the commit");
		goto out;
	}
	g_string_append(out, "---\n");
	if (git_diff_stats_to_buf(&buf, stats, GIT_DIFF_STATS_FULL | GIT_DIFF_STATS_INCLUDE_SUMMARY,
	                          80) < 0) {
		sm_git_fail(error, SM_GIT_ERROR_FAILED, "the diffstat");
		goto out;
	}
	g_string_append_len(out, buf.ptr, buf.size);
	git_buf_dispose(&buf);
	g_string_append_c(out, '\n');
	if (git_diff_to_buf(&buf, diff, GIT_DIFF_FORMAT_PATCH) < 0) {
		sm_git_fail(error, SM_GIT_ERROR_FAILED, "the diff");
		goto out;
	}
	g_string_append_len(out, buf.ptr, buf.size);
	ok = TRUE;
out:
	git_buf_dispose(&buf);
	git_diff_stats_free(stats);
	git_diff_free(diff);
	git_tree_free(parent_tree);
	git_commit_free(parent);
	git_tree_free(tree);
	return ok;
}

char *sm_git_show(sm_git_repo *repo, const char *id, char **subject, GError **error)
{
	git_commit *commit = sm_git_commit(repo, id, error);
	if (!commit)
		return NULL;
	git_repository *git = sm_git_repo_git(repo);
	GString *out = g_string_new(NULL);
	char *hex = sm_git_hex(git_commit_id(commit));
	g_string_append_printf(out, "commit %s\n", hex);
	g_free(hex);
	guint parents = git_commit_parentcount(commit);
	if (parents > 1) {
		g_string_append(out, "Merge:");
		for (guint i = 0; i < parents; i++) {
			char *abbrev = sm_git_short_id(git, git_commit_parent_id(commit, i));
			g_string_append_printf(out, " %s", abbrev);
			g_free(abbrev);
		}
		g_string_append_c(out, '\n');
	}
	append_person(out, "Author", git_commit_author(commit));
	append_person(out, "Commit", git_commit_committer(commit));
	g_string_append_c(out, '\n');
	append_message(out, git_commit_message(commit));
	if (parents <= 1 && !append_diff(out, git, commit, error)) {
		g_string_free(out, TRUE);
		git_commit_free(commit);
		return NULL;
	}
	while (out->len >= 2 && out->str[out->len - 1] == '\n' && out->str[out->len - 2] == '\n')
		g_string_truncate(out, out->len - 1);
	if (subject)
		*subject = sm_git_summary(commit);
	git_commit_free(commit);
	return g_string_free(out, FALSE);
}
