/* cmd-checkout.c - `stablemate checkout`: a worktree to resolve a backport.
 *
 *   stablemate checkout [--tree T] [--no-shell] [--remove]
 *                       [--backport print|draft|send] ID
 *
 * Makes (or reopens) the worktree for patch ID on tree T (default: the
 * newest tree where it FAILED), then runs the shell there unless
 * --no-shell, --remove or --backport.  Prints what it made, as "key value" lines:
 *   worktree PATH / branch NAME / state STATE / conflict PATH (each)
 * --remove then removes an abandoned worktree and its branch; --backport
 * hands a committed backport to the reply path (print it, save it as a
 * draft, or send it).  Exit status: 0 done, 1 refused or failed, 2 usage.
 */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "reply/reply.h"
#include "git/git.h"

typedef struct checkout_args {
	char *tree;
	gboolean no_shell;
	gboolean remove;
	char *backport;
} checkout_args;

static int fail(const char *format, const char *detail)
{
	fprintf(stderr, "stablemate checkout: ");
	fprintf(stderr, format, detail);
	fputc('\n', stderr);
	return 1;
}

static void print_checkout(const sm_checkout *co)
{
	printf("worktree %s\nbranch %s\nstate %s\n", co->path, co->branch,
	       sm_checkout_state_name(co->state));
	for (char **c = co->conflicts; *c; c++)
		printf("conflict %s\n", *c);
	if (*co->backport)
		printf("backport %s\n", co->backport);
}

static gboolean parse_args(const sm_options *options, int *argc, char ***argv,
                           checkout_args *args)
{
	GOptionEntry entries[] = {
		{ "tree", 't', 0, G_OPTION_ARG_STRING, &args->tree,
		  "the stable tree (default: the newest where it FAILED)", "TREE" },
		{ "no-shell", 0, 0, G_OPTION_ARG_NONE, &args->no_shell,
		  "make or reopen the worktree, print it, run no shell", NULL },
		{ "remove", 0, 0, G_OPTION_ARG_NONE, &args->remove,
		  "remove the worktree and its branch when abandoned", NULL },
		{ "backport", 0, 0, G_OPTION_ARG_STRING, &args->backport,
		  "mail the committed backport: print, draft or send", "MODE" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	return sm_command_parse(options, "checkout", "ID",
		"Open a worktree on the stable branch with the upstream commit of patch ID\n"
		"cherry-picked and its conflicts left to resolve, then a shell there.\n"
		"--remove and --backport do their job without opening the shell.",
		entries, argc, argv);
}

static gboolean backport_mode(const char *name, sm_act_mode *mode)
{
	static const struct { const char *name; sm_act_mode mode; } modes[] = {
		{ "print", SM_ACT_MODE_PRINT }, { "draft", SM_ACT_MODE_DRAFT },
		{ "send", SM_ACT_MODE_SEND },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(modes); i++)
		if (strcmp(name, modes[i].name) == 0) {
			*mode = modes[i].mode;
			return TRUE;
		}
	return FALSE;
}

/* Why the worktree CO cannot be removed (REMOVE) or mailed yet, and on a
 * line of its own the way out: what to run, as "git -C PATH ..." so that
 * it can be pasted without going there, then this command again. */
static int fail_in(const sm_checkout *co, gboolean remove)
{
	char *path = sm_shell_word(co->path);
	GString *why = g_string_new(NULL), *fix = g_string_new(NULL);
	switch (co->state) {
	case SM_CHECKOUT_CONFLICTED:
		g_string_append_printf(why, "the cherry-pick in %s has conflicts", co->path);
		if (!remove)
			g_string_append(fix, "resolve them there, git add them and git cherry-pick"
			                " --continue, then run this again; or ");
		g_string_append_printf(fix, "to give it up: git -C %s cherry-pick --abort%s", path,
		                       remove ? ", then run this again" : "");
		break;
	case SM_CHECKOUT_RESOLVED:
		g_string_append_printf(why, "the resolution in %s is not committed", co->path);
		if (remove)
			g_string_append_printf(fix, "to throw it away: git -C %s reset --hard", path);
		else
			g_string_append_printf(fix, "commit it: git -C %s commit -s", path);
		g_string_append(fix, ", then run this again");
		break;
	case SM_CHECKOUT_COMMITTED:
		/* Only --remove comes here: a committed backport can be mailed. */
		g_string_append_printf(why, "the backport %.12s is committed in %s", co->backport,
		                       co->path);
		g_string_append_printf(fix, "mail it with --backport send; or, to throw it away:"
		                       " git -C %s reset --hard %.12s, then run this again",
		                       path, co->base);
		break;
	default:
		if (remove) {
			g_string_append_printf(why, "%s has changes that are not stablemate's", co->path);
			g_string_append_printf(fix, "see them with git -C %s status; commit or remove"
			                       " them, then run this again", path);
		} else {
			g_string_append_printf(why, "nothing is picked in %s: the cherry-pick was"
			                       " given up", co->path);
			g_string_append(fix, "remove the worktree with --remove");
		}
		break;
	}
	fprintf(stderr, "stablemate checkout: %s: %s\nstablemate checkout: %s\n",
	        remove ? "not removed" : "no backport to mail", why->str, fix->str);
	g_string_free(why, TRUE);
	g_string_free(fix, TRUE);
	g_free(path);
	return 1;
}

/* After the worktree is made: the shell, the removal, the mail.  Removing
 * or mailing is a job of its own: no shell is opened first. */
static int follow_up(const checkout_args *args, sm_config *config, sm_store *store,
                     sm_group *group, sm_git_repo *repo, const sm_patch *patch,
                     sm_checkout *co)
{
	GError *error = NULL;
	gboolean shell = !args->no_shell && !args->remove && !args->backport;
	if (shell && !sm_git_shell_run(repo, co, stdout, &error)) {
		int status = fail("%s", error->message);
		g_error_free(error);
		return status;
	}
	print_checkout(co);
	if (args->remove) {
		if (co->state != SM_CHECKOUT_ABANDONED || co->dirty)
			return fail_in(co, TRUE);
		if (!sm_git_checkout_remove(repo, co, &error)) {
			int status = fail("%s", error->message);
			g_error_free(error);
			return status;
		}
		printf("removed %s\n", co->path);
	}
	sm_act_mode mode;
	if (!args->backport || !backport_mode(args->backport, &mode))
		return 0;
	if (co->state != SM_CHECKOUT_COMMITTED)
		return fail_in(co, FALSE);
	sm_act *act = sm_git_act_backport(config, store, group, repo, patch, co->tree,
	                                  co->backport, g_get_real_time() / G_USEC_PER_SEC,
	                                  &error);
	gboolean ok = act && sm_act_run(act, mode, stdout, &error);
	sm_act_free(act);
	if (!ok) {
		int status = fail("%s", error->message);
		g_error_free(error);
		return status;
	}
	return 0;
}

/* Without --tree a checkout is for the tree where the patch FAILED: say
 * that none is, and where each tree stands instead. */
static void no_failed_tree(const sm_patch *patch, const char *id)
{
	GString *trees = g_string_new(NULL);
	for (guint i = 0; i < patch->trees->len; i++) {
		const sm_tree_status *ts = patch->trees->pdata[i];
		g_string_append_printf(trees, "%s%s %s", i ? ", " : "", ts->tree,
		                       sm_status_name(ts->status));
	}
	fprintf(stderr, "stablemate checkout: %s has no tree where it failed to apply"
	        " (%s); name the tree to check out with --tree\n", id, trees->len ? trees->str : "no trees");
	g_string_free(trees, TRUE);
}

static int checkout(const checkout_args *args, sm_config *config, sm_store *store,
                    sm_group *group, const char *id)
{
	GPtrArray *found = sm_find_patches("checkout", group, id, TRUE);
	if (!found)
		return 1;
	const sm_patch *patch = found->pdata[0];
	int status = 1;
	sm_git_settings *settings = sm_git_settings_from_config(config);
	GError *error = NULL;
	sm_git_repo *repo = NULL;
	const char *tree = args->tree ? args->tree : sm_git_failed_tree(patch);
	if (!*patch->upstream)
		fail("patch '%s' has no upstream commit id", id);
	else if (!tree)
		no_failed_tree(patch, id);
	else if (!(repo = sm_git_repo_open(settings, &error)))
		fail("%s", error->message);
	else {
		sm_checkout *co = sm_git_checkout(repo, patch->upstream, tree, &error);
		if (!co) {
			fail("%s", error->message);
		} else {
			if (!co->reopened && !sm_git_mark_resolving(store, group, patch, &error)) {
				fprintf(stderr, "stablemate checkout: warning: %s\n", error->message);
				g_clear_error(&error);
			}
			status = follow_up(args, config, store, group, repo, patch, co);
			sm_checkout_free(co);
		}
	}
	g_clear_error(&error);
	sm_git_repo_free(repo);
	sm_git_settings_free(settings);
	g_ptr_array_unref(found);
	return status;
}

int sm_cmd_checkout(const sm_options *options, int argc, char **argv)
{
	checkout_args args = { NULL };
	int status = 2;
	sm_act_mode mode;
	if (!parse_args(options, &argc, &argv, &args))
		goto out;
	if (argc != 2) {
		fprintf(stderr, "stablemate checkout: usage: stablemate checkout [OPTION...] ID\n");
		goto out;
	}
	if (args.backport && !backport_mode(args.backport, &mode)) {
		fprintf(stderr, "stablemate checkout: --backport is print, draft or send\n");
		goto out;
	}
	sm_config *config;
	sm_store *store;
	sm_group *group;
	status = 1;
	if (sm_open_and_load(options, NULL, &config, &store, &group)) {
		status = checkout(&args, config, store, group, argv[1]);
		sm_close(config, store, group);
	}
out:
	g_free(args.tree);
	g_free(args.backport);
	return status;
}
