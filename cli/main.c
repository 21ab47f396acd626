/* main.c - the stablemate program: shared options, then a subcommand.
 *
 *   stablemate [OPTION...]                 open the TUI
 *   stablemate [OPTION...] list [QUERY]    print patches
 *   stablemate [OPTION...] show ID...      print patches in detail
 *   stablemate [OPTION...] act ACTION ID   approve, hold, ... a patch
 *   stablemate [OPTION...] checkout ID     a conflict-resolution worktree
 *   stablemate help [COMMAND]              --help, or COMMAND --help
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "store/store.h"
#include <gmime/gmime.h>
#include "commands.h"
#include "demo/demo.h"
#include "tui/tui.h"

typedef int (*sm_command_fn)(const sm_options *, int, char **);

static int cmd_help(const sm_options *options, int argc, char **argv);

/* The one table of subcommands: dispatch and --help both come from it. */
static const struct {
	const char *name;
	sm_command_fn run;
	const char *summary;
} commands[] = {
	{ "list", sm_cmd_list, "print the patches, narrowed by a notmuch query" },
	{ "show", sm_cmd_show, "print patches in detail: their trees, notices and git" },
	{ "act", sm_cmd_act, "approve, hold, revert, drop, done, untriage, reply to a patch; undo" },
	{ "checkout", sm_cmd_checkout, "open a conflict-resolution worktree for a patch" },
	{ "help", cmd_help, "this help, or a command's options (help COMMAND)" },
};

/* The text of stablemate --help, for the help command. */
static char *main_help;

/* As git says it: the likeliest meaning of WORD, not the whole help. */
static void unknown_command(const char *who, const char *word)
{
	const char *names[G_N_ELEMENTS(commands) + 1] = { NULL };
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		names[i] = commands[i].name;
	const char *like = sm_closest(word, names);
	if (like)
		fprintf(stderr, "%s: unknown command '%s'; did you mean '%s'?\n", who, word, like);
	else
		fprintf(stderr, "%s: unknown command '%s' (stablemate --help lists the commands)\n", who,
		        word);
}

/* stablemate help [COMMAND], as git help and notmuch help: what --help
 * prints, or what COMMAND --help prints (its option parser prints it and
 * exits). */
static int cmd_help(const sm_options *options, int argc, char **argv)
{
	GOptionEntry none[] = { { NULL, 0, 0, 0, NULL, NULL, NULL } };
	if (!sm_command_parse(options, "help", "[COMMAND]",
	                      "Print what stablemate --help prints, or what COMMAND --help prints.",
	                      none, &argc, &argv))
		return 2;
	if (argc < 2) {
		fputs(main_help, stdout);
		return 0;
	}
	if (argc > 2) {
		fprintf(stderr, "stablemate help: usage: stablemate help [COMMAND]\n");
		return 2;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			char *help_argv[] = { argv[1], "--help", NULL };
			return commands[i].run(options, 2, help_argv);
		}
	unknown_command("stablemate help", argv[1]);
	return 2;
}

/* The demo in use: held (and so locked) until the program ends. */
static sm_demo *demo;

/* Open the demo (built the first time, or with --demo-reset) and point
 * the options at it. */
static gboolean open_demo(sm_options *options)
{
	GError *error = NULL;
	char *dir = options->demo_dir ? g_strdup(options->demo_dir) : sm_demo_default_dir();
	demo = sm_demo_open(dir, options->demo_reset, g_get_real_time() / G_USEC_PER_SEC, &error);
	g_free(dir);
	if (!demo) {
		fprintf(stderr, "stablemate: cannot build the demo: %s\n", error->message);
		g_error_free(error);
		return FALSE;
	}
	g_free(options->notmuch_config_path);
	options->notmuch_config_path = g_strdup(demo->notmuch_config);
	if (!options->config_path)
		options->config_path = g_strdup(demo->config);
	return TRUE;
}

/* How the TUI opens the store, once its key maps are read. */
static gboolean open_for_tui(const void *options, sm_config **config, sm_store **store)
{
	return sm_open(options, config, store);
}

/* How the TUI writes a query's first index in a process of its own
 * (cmd-index.c): this program again, on the same notmuch and stablemate
 * config (the demo's are set by now).  /proc/self/exe is this binary even
 * when the one installed has been replaced since it started. */
static char **tui_index_argv(const sm_options *options)
{
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, g_strdup("/proc/self/exe"));
	if (options->notmuch_config_path) {
		g_ptr_array_add(argv, g_strdup("--notmuch-config"));
		g_ptr_array_add(argv, g_strdup(options->notmuch_config_path));
	}
	if (options->config_path) {
		g_ptr_array_add(argv, g_strdup("--config"));
		g_ptr_array_add(argv, g_strdup(options->config_path));
	}
	g_ptr_array_add(argv, g_strdup(SM_CMD_INDEX));
	g_ptr_array_add(argv, NULL);
	return (char **)g_ptr_array_free(argv, FALSE);
}

/* Without a terminal the TUI cannot run: say what can, the list of the
 * same mail with the same options (ARGV, as given: all options), and,
 * when the mail cannot be opened either, why (with no notmuch config at
 * all, sm_open suggests the demo). */
static int no_terminal(const sm_options *options, char **argv)
{
	GString *list = g_string_new("stablemate");
	for (char **a = argv + 1; *a; a++) {
		/* The demo was just rebuilt: once is enough. */
		char *word = sm_shell_word(strcmp(*a, "--demo-reset") == 0 ? "--demo" : *a);
		g_string_append_printf(list, " %s", word);
		g_free(word);
	}
	fprintf(stderr, "stablemate: the TUI needs a terminal; to print the list instead: %s list\n",
	        list->str);
	g_string_free(list, TRUE);
	sm_config *config;
	sm_store *store;
	if (sm_open(options, &config, &store))
		sm_close(config, store, NULL);
	return 1;
}

/* The --help text after the options: every subcommand, one line each. */
static char *commands_help(void)
{
	GString *text = g_string_new("Commands:\n");
	g_string_append_printf(text, "  %-10s%s\n", "(none)", "open the terminal interface");
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		g_string_append_printf(text, "  %-10s%s\n", commands[i].name, commands[i].summary);
	g_string_append(text, "\nstablemate COMMAND --help shows the options of a command.\n"
	                "Options given before the command (such as --format) apply to it.");
	return g_string_free(text, FALSE);
}

int main(int argc, char **argv)
{
	sm_options options = { 0 };
	gboolean version = FALSE;
	GOptionEntry entries[] = {
		{ "config", 0, 0, G_OPTION_ARG_FILENAME, &options.config_path,
		  "config (default $XDG_CONFIG_HOME/stablemate/config)", "FILE" },
		{ "notmuch-config", 0, 0, G_OPTION_ARG_FILENAME, &options.notmuch_config_path,
		  "notmuch config file (default: as notmuch finds it)", "FILE" },
		{ "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo,
		  "use the demo mail instead of yours (built once)", NULL },
		{ "demo-reset", 0, 0, G_OPTION_ARG_NONE, &options.demo_reset,
		  "build the demo again from scratch (implies --demo)", NULL },
		{ "demo-dir", 0, 0, G_OPTION_ARG_FILENAME, &options.demo_dir,
		  "demo dir (default $XDG_CACHE_HOME/stablemate/demo)", "DIR" },
		{ "keymap", 0, 0, G_OPTION_ARG_FILENAME, &options.keymap_path,
		  "extra key bindings file", "FILE" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &options.verbose,
		  "print load statistics on standard error", NULL },
		{ "format", 0, 0, G_OPTION_ARG_STRING, &options.format,
		  "output format of list and show: text or json", "FORMAT" },
		{ "version", 0, 0, G_OPTION_ARG_NONE, &version,
		  "print the version and exit", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	options.global_entries = entries;
	GOptionContext *context = g_option_context_new("[COMMAND [ARGS...]]");
	char **given = g_strdupv(argv); /* argv before the parse takes options out */
	GError *error = NULL;
	int status = 2;

	setlocale(LC_ALL, "");
	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_summary(context,
		"Triage stable-kernel backport notifications from notmuch mail.");
	char *description = commands_help();
	g_option_context_set_description(context, description);
	g_free(description);
	/* Options after the subcommand belong to the subcommand. */
	g_option_context_set_strict_posix(context, TRUE);
	if (!g_option_context_parse(context, &argc, &argv, &error)) {
		fprintf(stderr, "stablemate: %s\n", error->message);
		g_error_free(error);
		goto out;
	}
	/* After the parse, which names the program after argv[0]. */
	main_help = g_option_context_get_help(context, TRUE, NULL);
	if (options.format && strcmp(options.format, "text") != 0 &&
	    strcmp(options.format, "json") != 0) {
		fprintf(stderr, "stablemate: unknown format '%s' (text or json)\n", options.format);
		goto out;
	}
	if (version) {
		printf("stablemate %s\n", PACKAGE_VERSION);
		status = 0;
		goto out;
	}
	g_mime_init();
	if ((options.demo || options.demo_reset) && !open_demo(&options))
		goto out;

	if (argc < 2 && !(isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))) {
		status = no_terminal(&options, given);
		goto out;
	}
	if (argc < 2) {
		char **index_argv = tui_index_argv(&options);
		sm_tui_start start = { options.keymap_path, open_for_tui, &options,
		                       (const char *const *)index_argv };
		status = sm_tui_run(&start);
		g_strfreev(index_argv);
		goto out;
	}
	if (strcmp(argv[1], SM_CMD_INDEX) == 0) {
		status = sm_cmd_index(&options, argc - 1, argv + 1);
		goto out;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			status = commands[i].run(&options, argc - 1, argv + 1);
			goto out;
		}
	unknown_command("stablemate", argv[1]);
out:
	g_option_context_free(context);
	g_free(main_help);
	g_strfreev(given);
	g_free(options.config_path);
	g_free(options.notmuch_config_path);
	g_free(options.demo_dir);
	g_free(options.keymap_path);
	g_free(options.format);
	sm_demo_free(demo);
	return status;
}
