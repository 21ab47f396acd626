/* cmd-show.c - `stablemate show [--format=text|json] ID` */
#include <stdio.h>
#include "commands.h"
#include "report.h"

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
			sm_printer *p = sm_printer_new(format, stdout);
			sm_report(p, found, NULL, SM_REPORT_DETAIL);
			sm_printer_free(p);
			status = 0;
		}
		g_ptr_array_unref(found);
		sm_close(config, store, group);
	}
	g_free(format);
	g_free(id);
	return status;
}
