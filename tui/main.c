/* main.c - the stablemate program: shared options, then a subcommand.
 *
 *   stablemate [OPTION...]              open the TUI
 *   stablemate [OPTION...] list [...]   print patches
 *   stablemate [OPTION...] show ID      print one patch
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <gmime/gmime.h>
#include "commands.h"
#include "demo.h"
#include "tui.h"

typedef int (*sm_command_fn)(const sm_options *, int, char **);

static const struct {
	const char *name;
	sm_command_fn run;
} commands[] = {
	{ "list", sm_cmd_list },
	{ "show", sm_cmd_show },
	{ "act", sm_cmd_act },
	{ "checkout", sm_cmd_checkout },
};

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

gboolean sm_parse_output_args(int argc, char **argv, const char *usage,
                              char **format, char **rest)
{
	char *fmt = NULL;
	GOptionEntry entries[] = {
		{ "format", 0, 0, G_OPTION_ARG_STRING, &fmt, "output format: text or json", "FORMAT" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *context = g_option_context_new(usage);
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
	*format = fmt ? fmt : g_strdup("text");
	*rest = argc > 1 ? g_strjoinv(" ", argv + 1) : NULL;
	return TRUE;
}

/* Build the demo and point the options at it. */
static gboolean open_demo(sm_options *options)
{
	GError *error = NULL;
	char *dir = options->demo_dir ? g_strdup(options->demo_dir) : sm_demo_default_dir();
	sm_demo *demo = sm_demo_build(dir, g_get_real_time() / G_USEC_PER_SEC, &error);
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
	sm_demo_free(demo);
	return TRUE;
}

static void usage(GOptionContext *context)
{
	char *help = g_option_context_get_help(context, TRUE, NULL);
	fputs(help, stderr);
	g_free(help);
}

int main(int argc, char **argv)
{
	sm_options options = { 0 };
	GOptionEntry entries[] = {
		{ "config", 0, 0, G_OPTION_ARG_FILENAME, &options.config_path,
		  "stablemate config file (default ~/.config/stablemate/config)", "FILE" },
		{ "notmuch-config", 0, 0, G_OPTION_ARG_FILENAME, &options.notmuch_config_path,
		  "notmuch config file (default: as notmuch finds it)", "FILE" },
		{ "demo", 0, 0, G_OPTION_ARG_NONE, &options.demo,
		  "build the demo mail and use it instead of your own", NULL },
		{ "demo-dir", 0, 0, G_OPTION_ARG_FILENAME, &options.demo_dir,
		  "where to build the demo (default $XDG_CACHE_HOME/stablemate/demo)", "DIR" },
		{ "keymap", 0, 0, G_OPTION_ARG_FILENAME, &options.keymap_path,
		  "extra key bindings file", "FILE" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &options.verbose,
		  "print load statistics on standard error", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *context = g_option_context_new("[list|show] [ARGS...]");
	GError *error = NULL;
	int status = 2;

	setlocale(LC_ALL, "");
	g_option_context_add_main_entries(context, entries, NULL);
	g_option_context_set_summary(context,
		"Triage stable-kernel backport notifications from notmuch mail.");
	/* Options after the subcommand belong to the subcommand. */
	g_option_context_set_strict_posix(context, TRUE);
	if (!g_option_context_parse(context, &argc, &argv, &error)) {
		fprintf(stderr, "stablemate: %s\n", error->message);
		g_error_free(error);
		goto out;
	}
	g_mime_init();
	if (options.demo && !open_demo(&options))
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
	return status;
}
