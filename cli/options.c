/* options.c - what the subcommands share: opening the store from the
 * shared options, finding patches by id, and parsing --format.
 *
 * Kept apart from main.c so that main.c calls the commands and the
 * commands call this, never back (doc/architecture.md).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"
#include "git/git.h"
#include "mail/mail.h"

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
	/* A decision naming a stable branch's commit goes to the patch it
	 * is a backport of, when the kernel repository is configured. */
	sm_git_settings *settings = sm_git_settings_from_config(*config);
	sm_git_repo *repo = settings->repo ? sm_git_repo_open(settings, NULL) : NULL;
	sm_git_settings_free(settings);
	if (repo)
		sm_group_set_stable_lookup(*group, sm_git_stable_upstream, repo);
	gboolean ok = sm_store_load(*store, query, *group, NULL, NULL, &error);
	sm_group_set_stable_lookup(*group, NULL, NULL);
	sm_git_repo_free(repo);
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

/* The hex digits that tell PATCH's upstream id from those of the others
 * in FOUND: one more than the longest prefix it shares with one, and at
 * least the 4 any id needs. */
static size_t unique_length(const sm_patch *patch, const GPtrArray *found)
{
	size_t need = 4;
	for (guint i = 0; i < found->len; i++) {
		const sm_patch *other = found->pdata[i];
		size_t n = 0;
		if (other == patch)
			continue;
		while (patch->upstream[n] && patch->upstream[n] == other->upstream[n])
			n++;
		need = MAX(need, n + 1);
	}
	return MIN(need, strlen(patch->upstream));
}

static gint by_upstream(gconstpointer a, gconstpointer b)
{
	return strcmp((*(const sm_patch *const *)a)->upstream, (*(const sm_patch *const *)b)->upstream);
}

/* As git's "short object ID ... is ambiguous": how long the id must be,
 * and the candidates, each as long as it must be to name it alone. */
static void say_ambiguous(const char *command, const char *id, const GPtrArray *found)
{
	enum { SHOWN = 10 };
	size_t need = 0;
	for (guint i = 0; i < found->len; i++)
		need = MAX(need, unique_length(found->pdata[i], found));
	fprintf(stderr, "stablemate %s: short id '%s' is ambiguous: %u patches begin with it;"
	        " give at least %zu hex digits\n", command, id, found->len, need);
	fprintf(stderr, "stablemate %s: the candidates are:\n", command);
	GPtrArray *sorted = g_ptr_array_copy((GPtrArray *)found, NULL, NULL);
	g_ptr_array_sort(sorted, by_upstream);
	for (guint i = 0; i < sorted->len && i < SHOWN; i++) {
		const sm_patch *patch = sorted->pdata[i];
		char *subject = sm_text_clean_controls(patch->subject ? patch->subject : "", -1, NULL);
		fprintf(stderr, "  %-*.*s  %s\n", (int)need, (int)unique_length(patch, found),
		        patch->upstream, subject);
		g_free(subject);
	}
	if (found->len > SHOWN)
		fprintf(stderr, "  and %u more\n", found->len - SHOWN);
	g_ptr_array_unref(sorted);
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
	if (found->len == 0 && !hex && !strchr(id, '@') && !strpbrk(id, "\"\n")) {
		/* Words, not an id: the way to look for them. */
		char *term = g_strdup_printf("subject:\"%s\"", id);
		char *word = sm_shell_word(term);
		fprintf(stderr, "stablemate %s: no patch matches '%s': an ID is a commit id prefix or a"
		        " message-id; to find a patch by its subject: stablemate list %s\n", command, id,
		        word);
		g_free(word);
		g_free(term);
	} else if (found->len == 0)
		fprintf(stderr, "stablemate %s: no patch matches '%s'\n", command, id);
	else if (one && found->len > 1)
		say_ambiguous(command, id, found);
	else
		return found;
	g_ptr_array_unref(found);
	return NULL;
}

/* The option context of COMMAND: --help prints "stablemate COMMAND
 * [OPTION…] PARAMETERS" and SUMMARY. */
static GOptionContext *command_context(const char *command, const char *parameters,
                                       const char *summary)
{
	char *name = g_strdup_printf("stablemate %s", command);
	g_set_prgname(name);
	g_free(name);
	GOptionContext *context = g_option_context_new(parameters);
	g_option_context_set_summary(context, summary);
	return context;
}

/* The entry of ENTRIES that ARG ("--name", "--name=value" or "-x") names,
 * or NULL. */
static const GOptionEntry *entry_of(const GOptionEntry *entries, const char *arg)
{
	size_t n = strcspn(arg, "=");
	for (const GOptionEntry *e = entries; e && e->long_name; e++)
		if ((g_str_has_prefix(arg, "--") && n - 2 == strlen(e->long_name) &&
		     strncmp(arg + 2, e->long_name, n - 2) == 0) ||
		    (e->short_name && arg[0] == '-' && arg[1] == e->short_name && !arg[2]))
			return e;
	return NULL;
}

/* An unknown option of COMMAND's in ARGV that is one of stablemate's own:
 * say where it goes, as the man page's SYNOPSIS puts it. */
static gboolean say_global(const sm_options *options, const char *command,
                           const GOptionEntry *entries, char **argv)
{
	for (char **a = argv + 1; *a && strcmp(*a, "--") != 0; a++) {
		const GOptionEntry *e = entry_of(options ? options->global_entries : NULL, *a);
		if (!e || entry_of(entries, *a))
			continue;
		fprintf(stderr, "stablemate %s: --%s is an option of stablemate, not of %s:"
		        " give it before the command (stablemate --%s%s%s %s ...)\n", command,
		        e->long_name, command, e->long_name, e->arg_description ? " " : "",
		        e->arg_description ? e->arg_description : "", command);
		return TRUE;
	}
	return FALSE;
}

gboolean sm_command_parse(const sm_options *options, const char *command, const char *parameters,
                          const char *summary, const GOptionEntry *entries, int *argc,
                          char ***argv)
{
	GOptionContext *context = command_context(command, parameters, summary);
	GError *error = NULL;
	g_option_context_add_main_entries(context, entries, NULL);
	gboolean ok = g_option_context_parse(context, argc, argv, &error);
	g_option_context_free(context);
	if (!ok) {
		if (!g_error_matches(error, G_OPTION_ERROR, G_OPTION_ERROR_UNKNOWN_OPTION) ||
		    !say_global(options, command, entries, *argv))
			fprintf(stderr, "stablemate %s: %s\n", command, error->message);
		g_error_free(error);
	}
	return ok;
}

int sm_parse_output_args(const sm_options *options, int argc, char **argv,
                         const char *parameters, const char *summary,
                         char **format, int *version_out, char ***rest)
{
	char *fmt = NULL;
	int version = SM_FORMAT_CUR;
	GOptionEntry entries[] = {
		{ "format", 0, 0, G_OPTION_ARG_STRING, &fmt, "output format: text or json", "FORMAT" },
		{ "format-version", 0, 0, G_OPTION_ARG_INT, &version,
		  "JSON version the caller reads (default: current)", "N" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	int status = 0;

	if (!sm_command_parse(options, argv[0], parameters, summary, entries, &argc, &argv)) {
		status = 2;
	} else if (fmt && strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0) {
		fprintf(stderr, "stablemate %s: unknown format '%s' (text or json)\n", argv[0], fmt);
		status = 2;
	} else if (version < SM_FORMAT_MIN) {
		fprintf(stderr, "stablemate %s: format version %d is no longer supported"
		        " (current version is %d)\n", argv[0], version, SM_FORMAT_CUR);
		status = SM_EXIT_FORMAT_TOO_OLD;
	} else if (version > SM_FORMAT_CUR) {
		fprintf(stderr, "stablemate %s: format version %d is too new"
		        " (current version is %d)\n", argv[0], version, SM_FORMAT_CUR);
		status = SM_EXIT_FORMAT_TOO_NEW;
	}
	if (status) {
		g_free(fmt);
		return status;
	}
	*format = fmt ? fmt : g_strdup(options->format ? options->format : "text");
	*version_out = version;
	*rest = g_strdupv(argv + 1);
	return 0;
}

/* The Damerau-Levenshtein distance (a swap of two neighbours is one edit,
 * the commonest typo) between A and B, short words both. */
static guint edit_distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b);
	guint *d = g_new(guint, (n + 1) * (m + 1));
#define D(i, j) d[(i) * (m + 1) + (j)]
	for (size_t i = 0; i <= n; i++)
		D(i, 0) = i;
	for (size_t j = 0; j <= m; j++)
		D(0, j) = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			guint cost = a[i - 1] != b[j - 1];
			guint best = MIN(MIN(D(i - 1, j) + 1, D(i, j - 1) + 1), D(i - 1, j - 1) + cost);
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
				best = MIN(best, D(i - 2, j - 2) + 1);
			D(i, j) = best;
		}
	guint result = D(n, m);
#undef D
	g_free(d);
	return result;
}

const char *sm_closest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	guint best_distance = G_MAXUINT;
	gboolean tie = FALSE;
	for (const char *const *c = candidates; *c; c++) {
		guint distance = edit_distance(word, *c);
		if (distance < best_distance) {
			best = *c;
			best_distance = distance;
			tie = FALSE;
		} else if (distance == best_distance) {
			tie = TRUE;
		}
	}
	return best && !tie && best_distance <= 2 && best_distance * 2 < strlen(word) ? best : NULL;
}

char *sm_shell_word(const char *word)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                            "0123456789-_=./,:+@%";
	return *word && strspn(word, plain) == strlen(word) ? g_strdup(word) : g_shell_quote(word);
}

sm_maintainers *sm_cli_maintainers(const sm_config *config, sm_store *store, sm_git_repo *repo)
{
	char *path = sm_config_string(config, "maintainers", "file", NULL);
	gboolean asked = path != NULL;
	g_free(path);
	if (!asked && !repo)
		return NULL;
	GError *error = NULL;
	sm_maintainers *m = sm_git_maintainers(config, repo, sm_store_user_addresses(store), NULL,
	                                       &error);
	/* A repository without MAINTAINERS is no kernel tree: say nothing. */
	if (!m && asked)
		fprintf(stderr, "stablemate: %s\n", error->message);
	g_clear_error(&error);
	return m;
}
