/* cmd-show.c - `stablemate show [--format=text|json] ID` */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "output/report.h"
#include "git/interdiff.h"
#include "mail/text.h"

/* Print FOUND with what the configured repository ([git] repo) says
 * about each patch; without one, each "git" map carries the reason.  Text
 * is in blocks: one labelled field a line, one notice a block. */
static void show(const char *format, int version, sm_config *config, sm_store *store,
                 sm_group *group, GPtrArray *found)
{
	sm_git_settings *settings = sm_git_settings_from_config(config);
	GError *error = NULL;
	sm_git_repo *repo = sm_git_repo_open(settings, &error);
	gboolean text = strcmp(format, "text") == 0;
	sm_report_git git = { repo, error ? error->message : NULL, group, NULL };
	sm_printer *p = text ? sm_printer_blocks_new(stdout) : sm_printer_new(format, stdout);
	sm_printer_set_version(p, version);
	/* Text shows each interdiff whole after the blocks, as range-diff
	 * does, and not as a list of strings. */
	static const char *const text_skip[] = { "interdiff", NULL };
	if (text) {
		sm_printer_text_skip(p, text_skip);
		git.interdiffs = g_ptr_array_new();
	}
	sm_maintainers *maintainers = sm_cli_maintainers(config, store, repo);
	sm_git_maintainers_keywords(maintainers, group, found);
	sm_report(p, group, found, NULL, SM_REPORT_DETAIL, &git, maintainers);
	sm_maintainers_free(maintainers);
	sm_printer_free(p);
	for (guint i = 0; git.interdiffs && i < git.interdiffs->len; i++) {
		sm_git_interdiff *d = git.interdiffs->pdata[i];
		printf("\ninterdiff %s: %s (against %s %.*s)\n", d->tree, d->summary, d->against,
		       strcmp(d->against, "upstream") == 0 ? 12 : (int)strlen(d->reference), d->reference);
		for (const char *l = d->text; *l;) {
			const char *nl = strchr(l, '\n');
			char *line = sm_text_clean_controls(l, nl - l, "\t");
			printf("    %s\n", line);
			g_free(line);
			l = nl + 1;
		}
		sm_git_interdiff_free(d);
	}
	if (git.interdiffs)
		g_ptr_array_unref(git.interdiffs);
	g_clear_error(&error);
	sm_git_repo_free(repo);
	sm_git_settings_free(settings);
}

int sm_cmd_show(const sm_options *options, int argc, char **argv)
{
	sm_config *config;
	sm_store *store;
	sm_group *group;
	char *format, *id;
	int version;

	int status = sm_parse_output_args(options, argc, argv, "ID",
	                                  "Print the patch that ID names (a commit id prefix of at least\n"
	                                  "4 hex digits, or a message-id, also as id:MSGID) in detail.",
	                                  &format, &version, &id);
	if (status)
		return status;
	status = 1;
	if (!id) {
		fprintf(stderr, "stablemate show: which patch? give a commit id prefix or a message-id\n");
		status = 2;
	} else if (sm_open_and_load(options, NULL, &config, &store, &group)) {
		GPtrArray *found = sm_find_patches("show", group, id, FALSE);
		if (found) {
			show(format, version, config, store, group, found);
			g_ptr_array_unref(found);
			status = 0;
		}
		sm_close(config, store, group);
	}
	g_free(format);
	g_free(id);
	return status;
}
