/* cmd-list.c - `stablemate list [--format=text|json] [QUERY]` */
#include <stdio.h>
#include "commands.h"
#include "output/output.h"

int sm_cmd_list(const sm_options *options, int argc, char **argv)
{
	static const char *const text_skip[] = { "notices", "author", "replies", "files", "adapted",
	                                         "maintained", NULL };
	sm_config *config;
	sm_store *store;
	sm_group *group;
	char *format, **words;
	int version;

	int status = sm_parse_output_args(options, argc, argv, "[QUERY]",
	                                  "Print the patches of the configured query, narrowed by the\n"
	                                  "notmuch QUERY, and the open -rc reviews.", &format, &version,
	                                  &words);
	if (status)
		return status;
	/* As notmuch search: the words are one query. */
	char *query = *words ? g_strjoinv(" ", words) : NULL;
	g_strfreev(words);
	status = 1;
	if (sm_open_and_load(options, query, &config, &store, &group)) {
		sm_printer *p = sm_printer_new(format, stdout);
		sm_printer_set_version(p, version);
		sm_printer_text_skip(p, text_skip);
		/* A repository is opened for its MAINTAINERS only when no file is named. */
		sm_git_settings *settings = sm_git_settings_from_config(config);
		char *file = sm_config_string(config, "maintainers", "file", NULL);
		sm_git_repo *repo = settings->repo && !file ? sm_git_repo_open(settings, NULL) : NULL;
		sm_maintainers *maintainers = sm_cli_maintainers(config, store, repo);
		/* K: over the patches' mail, for "maintained" (text leaves it out). */
		if (!sm_printer_skips(p, "maintained"))
			sm_git_maintainers_keywords(maintainers, group, sm_group_patches(group));
		sm_report(p, group, sm_group_patches(group), sm_group_reviews(group),
		          SM_REPORT_LIST, NULL, maintainers);
		sm_maintainers_free(maintainers);
		sm_git_repo_free(repo);
		sm_git_settings_free(settings);
		g_free(file);
		sm_printer_free(p);
		sm_close(config, store, group);
		status = 0;
	}
	g_free(format);
	g_free(query);
	return status;
}
