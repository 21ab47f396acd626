/* cmd-list.c - `stablemate list [--format=text|json] [QUERY]` */
#include <stdio.h>
#include "commands.h"
#include "output/report.h"

int sm_cmd_list(const sm_options *options, int argc, char **argv)
{
	static const char *const text_skip[] = { "notices", "author", "replies", "files", "adapted",
	                                         NULL };
	sm_config *config;
	sm_store *store;
	sm_group *group;
	char *format, *query;

	int status = sm_parse_output_args(options, argc, argv, "[QUERY]",
	                                  "Print the patches of the configured query, narrowed by the\n"
	                                  "notmuch QUERY, and the open -rc reviews.", &format, &query);
	if (status)
		return status;
	status = 1;
	if (sm_open_and_load(options, query, &config, &store, &group)) {
		sm_printer *p = sm_printer_new(format, stdout);
		sm_printer_text_skip(p, text_skip);
		sm_report(p, group, sm_group_patches(group), sm_group_reviews(group), SM_REPORT_LIST, NULL);
		sm_printer_free(p);
		sm_close(config, store, group);
		status = 0;
	}
	g_free(format);
	g_free(query);
	return status;
}
