/* pipe.c - a message file on a command's standard input (see pipe.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "pipe.h"

/* git's SHELL_META (run-command.c) less the blanks, quotes and
 * backslashes that g_shell_parse_argv handles as the shell does. */
#define SHELL_ONLY "|&;<>()$`*?[#~=%\n"

/* Does COMMAND need a shell (see pipe.h)? */
static gboolean sm_pipe_needs_shell(const char *command)
{
	return strpbrk(command, SHELL_ONLY) != NULL;
}

/* The argv that runs COMMAND: sh -c COMMAND, or its words.  NULL and
 * ERROR when it cannot be split or has no words. */
static char **sm_pipe_argv(const char *command, GError **error)
{
	if (sm_pipe_needs_shell(command)) {
		char **argv = g_new0(char *, 4);
		argv[0] = g_strdup("/bin/sh");
		argv[1] = g_strdup("-c");
		argv[2] = g_strdup(command);
		return argv;
	}
	char **argv = NULL;
	if (!g_shell_parse_argv(command, NULL, &argv, error))
		return NULL;
	return argv;
}

/* The child takes C-c and C-\ again, which the parent ignores. */
static void child_setup(gpointer data)
{
	(void)data;
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
}

gboolean sm_pipe_run(const char *command, const char *file, int *status, GError **error)
{
	char **argv = sm_pipe_argv(command, error);
	if (!argv)
		return FALSE;
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(e), "cannot read %s: %s",
		            file, g_strerror(e));
		g_strfreev(argv);
		return FALSE;
	}
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old_int, old_quit;
	sigemptyset(&ignore.sa_mask);
	sigaction(SIGINT, &ignore, &old_int);
	sigaction(SIGQUIT, &ignore, &old_quit);
	GPid pid;
	gboolean ok = g_spawn_async_with_pipes_and_fds(NULL, (const char *const *)argv, NULL,
	                                               G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
	                                               child_setup, NULL, fd, -1, -1, NULL, NULL, 0,
	                                               &pid, NULL, NULL, NULL, error);
	close(fd);
	if (ok) {
		while (waitpid(pid, status, 0) < 0 && errno == EINTR)
			;
		g_spawn_close_pid(pid);
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	g_strfreev(argv);
	return ok;
}

char *sm_pipe_describe_status(int status)
{
	if (WIFSIGNALED(status))
		return g_strdup_printf("killed by signal %d (%s)", WTERMSIG(status),
		                       g_strsignal(WTERMSIG(status)));
	return g_strdup_printf("exit status %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}
