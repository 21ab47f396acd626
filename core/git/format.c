/* git/format.c - a commit as `git format-patch` writes it. */
#include <string.h>
#include "format.h"
#include "repo-private.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

/* The format-patch text of COMMIT: message, "---", diffstat, diff; the
 * signature is ours, not libgit2's. */
static char *patch_text(git_commit *commit, GError **error)
{
	git_email_create_options opts;
	memset(&opts, 0, sizeof opts);
	opts.version = GIT_EMAIL_CREATE_OPTIONS_VERSION;
	git_diff_options_init(&opts.diff_opts, GIT_DIFF_OPTIONS_VERSION);
	opts.diff_opts.flags = GIT_DIFF_SHOW_BINARY;  /* as format-patch */
	git_diff_find_options_init(&opts.diff_find_opts, GIT_DIFF_FIND_OPTIONS_VERSION);
	git_buf buf = { 0 };
	if (git_email_create_from_commit(&buf, commit, &opts) < 0) {
		sm_git_fail(error, SM_GIT_ERROR_FAILED, "formatting the patch");
		return NULL;
	}
	const char *body = strstr(buf.ptr, "\n\n");
	body = body ? body + 2 : buf.ptr;
	const char *end = g_strrstr(body, "\n--\n");
	GString *out = g_string_new_len(body, end ? end + 1 - body : (gssize)strlen(body));
	g_string_append(out, "-- \nstablemate " PACKAGE_VERSION "\n");
	git_buf_dispose(&buf);
	return g_string_free(out, FALSE);
}

gboolean sm_git_format_patch(sm_git_repo *repo, const char *id, sm_git_formatted *out,
                             GError **error)
{
	git_commit *commit = sm_git_commit(repo, id, error);
	char *text = commit ? patch_text(commit, error) : NULL;
	if (!text) {
		git_commit_free(commit);
		return FALSE;
	}
	const git_signature *author = git_commit_author(commit);
	out->summary = sm_git_summary(commit);
	out->author_name = g_strdup(author->name);
	out->author_email = g_strdup(author->email);
	out->text = text;
	git_commit_free(commit);
	return TRUE;
}

void sm_git_formatted_clear(sm_git_formatted *formatted)
{
	g_clear_pointer(&formatted->summary, g_free);
	g_clear_pointer(&formatted->author_name, g_free);
	g_clear_pointer(&formatted->author_email, g_free);
	g_clear_pointer(&formatted->text, g_free);
}
