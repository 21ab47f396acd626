/* git/shell.c - the summary, the shell, and what came of it. */
#include <string.h>
#include "shell.h"
#include "private.h"
#include "run/run.h"

/* Conflicted files listed by name; more would not fit one screen. */
#define MAX_LISTED 12

/* PATH as the user would type it: quoted only when it must be. */
static char *shell_word(const char *path)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                           "0123456789/._-+,:@%=";
	if (*path && strspn(path, safe) == strlen(path))
		return g_strdup(path);
	return g_shell_quote(path);
}

static void append_conflicts(GString *out, const sm_checkout *co)
{
	guint n = g_strv_length(co->conflicts);
	g_string_append_printf(out, "%u file%s still conflict%s:\n", n, n == 1 ? "" : "s",
	                       n == 1 ? "s" : "");
	for (guint i = 0; i < n && i < MAX_LISTED; i++)
		g_string_append_printf(out, "    %s\n", co->conflicts[i]);
	if (n > MAX_LISTED)
		g_string_append_printf(out, "    ... and %u more (git status)\n", n - MAX_LISTED);
	g_string_append(out, "\nResolve them, then:\n    git add ");
	if (n <= 3) {
		for (guint i = 0; i < n; i++) {
			char *quoted = shell_word(co->conflicts[i]);
			g_string_append_printf(out, "%s%s", i ? " " : "", quoted);
			g_free(quoted);
		}
	} else {
		g_string_append(out, "-u");
	}
	g_string_append(out, "\n    git commit -s\n");
}

char *sm_git_checkout_summary(const sm_checkout *co)
{
	GString *out = g_string_new(NULL);
	g_string_append_printf(out, "Backport of %.12s (\"%s\") to %s\n", co->upstream,
	                       co->subject, co->tree);
	g_string_append_printf(out, "  worktree  %s%s\n", co->path,
	                       co->reopened ? "  (reopened)" : "");
	g_string_append_printf(out, "  branch    %s, from %s\n\n", co->branch, co->stable_branch);
	switch (co->state) {
	case SM_CHECKOUT_CONFLICTED:
		append_conflicts(out, co);
		g_string_append_printf(out, "The message already starts with \"commit %.12s... "
		                       "upstream.\" and keeps the author.\n", co->upstream);
		g_string_append(out, "To give up:  git cherry-pick --abort\n");
		break;
	case SM_CHECKOUT_RESOLVED:
		g_string_append(out, "No conflicts are left.  Check the result, then:\n"
		                "    git commit -s\n");
		break;
	case SM_CHECKOUT_COMMITTED:
		g_string_append_printf(out, "The backport is committed as %.12s.  Build and test it;"
		                       " change it with\n    git commit --amend\n", co->backport);
		break;
	default:
		g_string_append(out, "Nothing is picked: the cherry-pick was given up.\n");
		break;
	}
	g_string_append(out, "\nLeave the shell (exit) to go back to stablemate.\n");
	return g_string_free(out, FALSE);
}

char **sm_git_shell_argv(const sm_git_settings *settings, GError **error)
{
	const char *configured = settings->shell;
	if (configured && *configured) {
		char **argv = NULL;
		GError *err = NULL;
		if (!g_shell_parse_argv(configured, NULL, &argv, &err)) {
			g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_CONFIG, "[git] shell: %s",
			            err->message);
			g_error_free(err);
			return NULL;
		}
		return argv;
	}
	const char *shell = g_getenv("SHELL");
	char **argv = g_new0(char *, 2);
	argv[0] = g_strdup(shell && *shell ? shell : "/bin/sh");
	return argv;
}

gboolean sm_git_shell_run(sm_git_repo *repo, sm_checkout *co, FILE *out, GError **error)
{
	char **argv = sm_git_shell_argv(sm_git_repo_settings(repo), error);
	if (!argv)
		return FALSE;
	char *summary = sm_git_checkout_summary(co);
	fputs(summary, out);
	fflush(out);
	g_free(summary);
	char *worktree = g_strconcat("STABLEMATE_WORKTREE=", co->path, NULL);
	char *tree = g_strconcat("STABLEMATE_TREE=", co->tree, NULL);
	char *upstream = g_strconcat("STABLEMATE_UPSTREAM=", co->upstream, NULL);
	/* A GIT_DIR from the caller would point git away from the worktree. */
	const char *env[] = { "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", worktree, tree,
	                      upstream, NULL };
	sm_child child = SM_CHILD_INIT;
	child.argv = (const char *const *)argv;
	child.dir = co->path;
	child.env = env;
	GError *err = NULL;
	/* How the shell ends is the user's business; only a start counts. */
	gboolean ran = sm_run(&child, &err) || err->code == SM_RUN_ERROR_FAILED;
	if (!ran)
		g_set_error_literal(error, SM_GIT_ERROR, SM_GIT_ERROR_CONFIG, err->message);
	g_clear_error(&err);
	g_free(worktree);
	g_free(tree);
	g_free(upstream);
	g_strfreev(argv);
	return ran && sm_git_checkout_refresh(repo, co, error);
}

char *sm_git_checkout_outcome(const sm_checkout *co)
{
	switch (co->state) {
	case SM_CHECKOUT_COMMITTED:
		return g_strdup_printf("%.12s on %s: committed as %.12s%s", co->upstream, co->tree,
		                       co->backport, co->dirty ? " (with uncommitted changes)" : "");
	case SM_CHECKOUT_CONFLICTED: {
		char *files = g_strjoinv(" ", co->conflicts);
		char *line = g_strdup_printf("%.12s on %s: still conflicted: %s", co->upstream,
		                             co->tree, files);
		g_free(files);
		return line;
	}
	case SM_CHECKOUT_RESOLVED:
		return g_strdup_printf("%.12s on %s: resolved, not committed yet", co->upstream,
		                       co->tree);
	default:
		return g_strdup_printf("%.12s on %s: abandoned", co->upstream, co->tree);
	}
}
