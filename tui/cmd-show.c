/* cmd-show.c - `stablemate show [--format=text|json] ID` */
#include <stdio.h>
#include "commands.h"
#include "report.h"

/* Print FOUND with what the configured repository ([git] repo) says
 * about each patch; without one, each "git" map carries the reason. */
static void show(const char *format, sm_config *config, sm_group *group, GPtrArray *found)
{
	/* The text format has no room for the nested git map: one line per
	 * patch and its notices, as `list` prints. */
	static const char *const text_skip[] = { "git", NULL };
	sm_git_settings *settings = sm_git_settings_from_config(config);
	GError *error = NULL;
	sm_git_repo *repo = sm_git_repo_open(settings, &error);
	sm_report_git git = { repo, error ? error->message : NULL, group };
	sm_printer *p = sm_printer_new(format, stdout);
	sm_printer_text_skip(p, text_skip);
	sm_report(p, found, NULL, SM_REPORT_DETAIL, &git);
	sm_printer_free(p);
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

	if (!sm_parse_output_args(argc, argv, "ID - show the patch with this commit id prefix or message-id",
	                          &format, &id))
		return 2;
	int status = 1;
	if (!id) {
		fprintf(stderr, "stablemate show: which patch? give a commit id prefix or a message-id\n");
		status = 2;
	} else if (sm_open_and_load(options, NULL, &config, &store, &group)) {
		GPtrArray *found = sm_group_find(group, id);
		if (found->len == 0) {
			fprintf(stderr, "stablemate show: no patch matches '%s'\n", id);
		} else {
			show(format, config, group, found);
			status = 0;
		}
		g_ptr_array_unref(found);
		sm_close(config, store, group);
	}
	g_free(format);
	g_free(id);
	return status;
}
