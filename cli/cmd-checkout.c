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
#include "reply/git-act.h"
#include "git/checkout.h"
#include "git/info.h"
#include "git/shell.h"

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

static gboolean parse_args(int *argc, char ***argv, checkout_args *args)
{
	GOptionEntry entries[] = {
		{ "tree", 't', 0, G_OPTION_ARG_STRING, &args->tree,
		  "the stable tree (default: the newest where it FAILED)", "TREE" },
		{ "no-shell", 0, 0, G_OPTION_ARG_NONE, &args->no_shell,
		  "make (or reopen) the worktree and print it; run no shell", NULL },
		{ "remove", 0, 0, G_OPTION_ARG_NONE, &args->remove,
		  "remove the worktree and its branch when abandoned", NULL },
		{ "backport", 0, 0, G_OPTION_ARG_STRING, &args->backport,
		  "when committed, print, draft or send the backport mail", "print|draft|send" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	return sm_command_parse("checkout", "ID",
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

/* What to do in the worktree before it can be mailed or removed. */
static const char *way_out(sm_checkout_state state)
{
	switch (state) {
	case SM_CHECKOUT_CONFLICTED:
		return "resolve the conflicts there, git add them and git cherry-pick --continue;"
		       " or give up with git cherry-pick --abort";
	case SM_CHECKOUT_RESOLVED:
		return "commit the resolution there with git cherry-pick --continue";
	case SM_CHECKOUT_COMMITTED:
		return "the backport is committed: mail it with --backport send";
	default:
		return "commit or clean what is left there first";
	}
}

static int fail_in(const sm_checkout *co, const char *what)
{
	fprintf(stderr, "stablemate checkout: %s: the worktree %s is %s%s; %s\n", what, co->path,
	        sm_checkout_state_name(co->state),
	        co->dirty && co->state == SM_CHECKOUT_ABANDONED ? " but has changes" : "",
	        way_out(co->state));
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
			return fail_in(co, "not removed");
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
		return fail_in(co, "no backport to mail");
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
		fail("%s did not fail to apply to any tree; name the tree with --tree", id);
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
	if (!parse_args(&argc, &argv, &args))
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
