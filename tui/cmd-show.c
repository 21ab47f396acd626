/* cmd-show.c */
#include "commands.h"
int sm_cmd_show(const sm_options *options, int argc, char **argv)
{
	(void)options; (void)argc; (void)argv;
	return 1;
}
