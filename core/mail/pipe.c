/* pipe.c - a message file on a command's standard input (see pipe.h). */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "pipe.h"
#include "run/run.h"

gboolean sm_pipe_run(const char *command, const char *file, int *status, GError **error)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "cannot read %s: %s",
		            file, g_strerror(e));
		return FALSE;
	}
	sm_child child = SM_CHILD_INIT;
	child.command = command;
	child.use_shell = TRUE;
	child.in = fd;
	GError *err = NULL;
	gboolean ok = sm_run(&child, &err);
	close(fd);
	*status = child.status;
	/* A command that ran is the caller's to judge by its status. */
	if (!ok && err->code == SM_RUN_ERROR_FAILED)
		ok = TRUE;
	if (!ok)
		g_propagate_error(error, err);
	else
		g_clear_error(&err);
	return ok;
}
