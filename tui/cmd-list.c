/* cmd-list.c */
#include "commands.h"
int sm_cmd_list(const sm_options *options, int argc, char **argv)
{
	(void)options; (void)argc; (void)argv;
	return 1;
}
