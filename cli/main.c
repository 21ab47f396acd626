/* main.c - the stablemate program: shared options, then a subcommand.
 *
 *   stablemate [OPTION...]                 open the TUI
 *   stablemate [OPTION...] list [QUERY]    print patches
 *   stablemate [OPTION...] show ID         print one patch
 *   stablemate [OPTION...] act ACTION ID   approve, hold, ... a patch
 *   stablemate [OPTION...] checkout ID     a conflict-resolution worktree
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "store/config.h"
#include <gmime/gmime.h>
#include "commands.h"
#include "demo/demo.h"
#include "tui/tui.h"

typedef int (*sm_command_fn)(const sm_options *, int, char **);

/* The one table of subcommands: dispatch and --help both come from it. */
static const struct {
	const char *name;
	sm_command_fn run;
	const char *summary;
} commands[] = {
	{ "list", sm_cmd_list, "print the patches, narrowed by a notmuch query" },
	{ "show", sm_cmd_show, "print one patch in detail: its trees, notices and git" },
	{ "act", sm_cmd_act, "approve, hold, revert, drop, done, untriage a patch; undo" },
	{ "checkout", sm_cmd_checkout, "open a conflict-resolution worktree for a patch" },
};

/* The way to try stablemate without mail of one's own. */
static const char *demo_hint(void)
{
	return isatty(STDOUT_FILENO) ? "stablemate --demo" : "stablemate --demo list";
}

gboolean sm_open(const sm_options *options, sm_config **config, sm_store **store)
{
	GError *error = NULL;
	*store = NULL;
	*config = sm_config_load(options->config_path, &error);
	if (!*config) {
		fprintf(stderr, "stablemate: bad config: %s\n", error->message);
		g_error_free(error);
		return FALSE;
	}
	*store = sm_store_open(options->notmuch_config_path, *config, &error);
	if (!*store) {
		if (g_error_matches(error, SM_STORE_ERROR, SM_STORE_ERROR_NO_CONFIG))
			fprintf(stderr, "stablemate: %s; to try it on demo mail: %s\n",
			        error->message, demo_hint());
		else
			fprintf(stderr, "stablemate: %s\n", error->message);
		g_error_free(error);
		sm_config_free(*config);
		*config = NULL;
		return FALSE;
	}
	return TRUE;
}

gboolean sm_open_and_load(const sm_options *options, const char *query,
                          sm_config **config, sm_store **store, sm_group **group)
{
	GError *error = NULL;
	*group = NULL;
	if (!sm_open(options, config, store))
		return FALSE;
	*group = sm_group_new();
	gboolean ok = sm_store_load(*store, query, *group, NULL, NULL, &error);
	GPtrArray *warnings = sm_store_warnings(*store);
	for (guint i = 0; warnings && i < warnings->len; i++)
		fprintf(stderr, "stablemate: warning: %s\n", (char *)warnings->pdata[i]);
	if (!ok) {
		fprintf(stderr, "stablemate: %s\n", error->message);
		g_error_free(error);
		sm_close(*config, *store, *group);
		return FALSE;
	}
	if (options->verbose) {
		char *line = sm_store_stats_line(*store);
		fprintf(stderr, "stablemate: %s\n", line);
		g_free(line);
	}
	return TRUE;
}

void sm_close(sm_config *config, sm_store *store, sm_group *group)
{
	sm_group_free(group);
	sm_store_free(store);
	sm_config_free(config);
}

GPtrArray *sm_find_patches(const char *command, const sm_group *group, const char *id,
                           gboolean one)
{
	gboolean hex = *id != '\0';
	for (const char *c = id; *c; c++)
		hex = hex && g_ascii_isxdigit(*c);
	if (hex && strlen(id) < 4) {
		fprintf(stderr, "stablemate %s: '%s' is too short: give at least 4 hex digits"
		        " of the commit id, or a message-id\n", command, id);
		return NULL;
	}
	GPtrArray *found = sm_group_find(group, id);
	if (found->len == 0)
		fprintf(stderr, "stablemate %s: no patch matches '%s'\n", command, id);
	else if (one && found->len > 1)
		fprintf(stderr, "stablemate %s: '%s' names %u patches; give more of the id\n",
		        command, id, found->len);
	else
		return found;
	g_ptr_array_unref(found);
	return NULL;
}

GOptionContext *sm_command_context(const char *command, const char *parameters,
                                   const char *summary)
{
	/* --help's usage line is "stablemate COMMAND [OPTION…] PARAMETERS". */
	char *name = g_strdup_printf("stablemate %s", command);
	g_set_prgname(name);
	g_free(name);
	GOptionContext *context = g_option_context_new(parameters);
	g_option_context_set_summary(context, summary);
	return context;
}

gboolean sm_parse_output_args(const sm_options *options, int argc, char **argv,
                              const char *parameters, const char *summary,
                              char **format, char **rest)
{
	char *fmt = NULL;
	GOptionEntry entries[] = {
		{ "format", 0, 0, G_OPTION_ARG_STRING, &fmt, "output format: text or json", "FORMAT" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *context = sm_command_context(argv[0], parameters, summary);
	GError *error = NULL;
	gboolean ok;

	g_option_context_add_main_entries(context, entries, NULL);
	ok = g_option_context_parse(context, &argc, &argv, &error);
	if (!ok) {
		fprintf(stderr, "stablemate %s: %s\n", argv[0], error->message);
		g_error_free(error);
	} else if (fmt && strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0) {
		fprintf(stderr, "stablemate %s: unknown format '%s' (text or json)\n", argv[0], fmt);
		ok = FALSE;
	}
	g_option_context_free(context);
	if (!ok) {
		g_free(fmt);
		return FALSE;
	}
	*format = fmt ? fmt : g_strdup(options->format ? options->format : "text");
	*rest = argc > 1 ? g_strjoinv(" ", argv + 1) : NULL;
	return TRUE;
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

static void usage(GOptionContext *context)
{
	char *help = g_option_context_get_help(context, TRUE, NULL);
	fputs(help, stderr);
	g_free(help);
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
		  "stablemate config file (default ~/.config/stablemate/config)", "FILE" },
		{ "notmuch-config", 0, 0, G_OPTION_ARG_FILENAME, &options.notmuch_config_path,
		  "notmuch config file (default: as notmuch finds it)", "FILE" },
		{ "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo,
		  "use the demo mail instead of your own (built the first time)", NULL },
		{ "demo-reset", 0, 0, G_OPTION_ARG_NONE, &options.demo_reset,
		  "build the demo again from scratch (implies --demo)", NULL },
		{ "demo-dir", 0, 0, G_OPTION_ARG_FILENAME, &options.demo_dir,
		  "where to build the demo (default $XDG_CACHE_HOME/stablemate/demo)", "DIR" },
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
	GOptionContext *context = g_option_context_new("[COMMAND [ARGS...]]");
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

	if (argc < 2) {
		status = sm_tui_run(&options);
		goto out;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
		if (strcmp(argv[1], commands[i].name) == 0) {
			status = commands[i].run(&options, argc - 1, argv + 1);
			goto out;
		}
	fprintf(stderr, "stablemate: unknown command '%s'\n", argv[1]);
	usage(context);
out:
	g_option_context_free(context);
	g_free(options.config_path);
	g_free(options.notmuch_config_path);
	g_free(options.demo_dir);
	g_free(options.keymap_path);
	g_free(options.format);
	sm_demo_free(demo);
	return status;
}
