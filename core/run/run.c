/* run/run.c - start a child from an argv and wait for it (see run.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib-unix.h>
#include "run.h"

G_DEFINE_QUARK(sm-run-error-quark, sm_run_error)

/* git's SHELL_META (run-command.c) less the blanks, quotes and
 * backslashes that g_shell_parse_argv handles as the shell does. */
#define SHELL_ONLY "|&;<>()$`*?[#~=%\n"

static gboolean needs_shell(const char *command)
{
	return strpbrk(command, SHELL_ONLY) != NULL;
}

/* The argv CHILD runs.  NULL and ERROR when its command line cannot be
 * split or has no words. */
static char **child_argv(const sm_child *child, const char *name, GError **error)
{
	GStrvBuilder *builder = g_strv_builder_new();
	if (child->argv) {
		g_strv_builder_addv(builder, (const char **)child->argv);
	} else if (child->use_shell && needs_shell(child->command)) {
		/* As git does: the arguments follow as "$@", $0 is the command. */
		char *script = child->args ? g_strconcat(child->command, " \"$@\"", NULL)
		                           : g_strdup(child->command);
		const char *sh[] = { "/bin/sh", "-c", script, child->command, NULL };
		g_strv_builder_addv(builder, sh);
		g_free(script);
	} else {
		char **words = NULL;
		GError *err = NULL;
		if (!g_shell_parse_argv(child->command, NULL, &words, &err)) {
			g_set_error(error, SM_RUN_ERROR, SM_RUN_ERROR_START, "cannot run %s: %s", name,
			            err->message);
			g_error_free(err);
			g_strv_builder_unref(builder);
			return NULL;
		}
		g_strv_builder_addv(builder, (const char **)words);
		g_strfreev(words);
	}
	if (child->args)
		g_strv_builder_addv(builder, (const char **)child->args);
	char **argv = g_strv_builder_end(builder);
	g_strv_builder_unref(builder);
	return argv;
}

static char **child_env(const sm_child *child)
{
	if (!child->env)
		return NULL;
	char **env = g_get_environ();
	for (const char *const *e = child->env; *e; e++) {
		const char *eq = strchr(*e, '=');
		if (!eq) {
			env = g_environ_unsetenv(env, *e);
			continue;
		}
		char *var = g_strndup(*e, eq - *e);
		env = g_environ_setenv(env, var, eq + 1, TRUE);
		g_free(var);
	}
	return env;
}

/* Signals held while a hold_signals child runs (see run.h). */
static const int held_signals[] = { SIGINT, SIGTERM, SIGHUP };
static volatile sig_atomic_t held_signal, held_count;
static volatile pid_t running_group;

static void hold_signal(int sig)
{
	if (!held_signal)
		held_signal = sig;
	if (++held_count > 1 && running_group > 0)
		kill(-running_group, SIGTERM);
}

int sm_run_held_signal(void)
{
	return held_signal;
}

void sm_run_deliver_held_signal(void)
{
	int sig = held_signal;
	if (!sig)
		return;
	held_signal = 0;
	/* To the handler in force before the run (curses restores the
	 * terminal in its own), or the default action. */
	raise(sig);
}

/* What the parent does with the signals while the child runs: hold the
 * three, or ignore C-c and C-\ as system(3) does (SIGS has room for 3). */
static void take_signals(const sm_child *child, gboolean on_terminal, struct sigaction *old)
{
	struct sigaction sa = { .sa_handler = child->hold_signals ? hold_signal : SIG_IGN };
	sigemptyset(&sa.sa_mask);
	held_count = 0;
	if (child->hold_signals)
		for (size_t i = 0; i < G_N_ELEMENTS(held_signals); i++)
			sigaction(held_signals[i], &sa, &old[i]);
	else if (on_terminal) {
		sigaction(SIGINT, &sa, &old[0]);
		sigaction(SIGQUIT, &sa, &old[1]);
	}
}

static void give_back_signals(const sm_child *child, gboolean on_terminal,
                              const struct sigaction *old)
{
	if (child->hold_signals)
		for (size_t i = 0; i < G_N_ELEMENTS(held_signals); i++)
			sigaction(held_signals[i], &old[i], NULL);
	else if (on_terminal) {
		sigaction(SIGINT, &old[0], NULL);
		sigaction(SIGQUIT, &old[1], NULL);
	}
}

/* In the child, before exec: its own group, or C-c and C-\ back. */
static void child_setup(gpointer data)
{
	const sm_child *child = data;
	if (child->hold_signals) {
		setpgid(0, 0);
	} else {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
	}
}

/* All of FD until its end, shown to CHILD's on_output as it comes. */
static char *read_all(const sm_child *child, int fd)
{
	GString *out = g_string_new(NULL);
	char buf[4096];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (child->on_output)
			child->on_output(buf, (gsize)n, child->on_output_data);
		g_string_append_len(out, buf, n);
	}
	return g_string_free(out, FALSE);
}

/* The last non-empty line of OUTPUT: usually the reason. */
static char *last_line(const char *output)
{
	char *text = g_utf8_make_valid(output ? output : "", -1);
	g_strchomp(text);
	char *nl = strrchr(text, '\n');
	char *line = g_strdup(g_strstrip(nl ? nl + 1 : text));
	g_free(text);
	return line;
}

char *sm_run_describe_status(int status)
{
	if (status != -1 && WIFSIGNALED(status))
		return g_strdup_printf("killed by signal %d (%s)", WTERMSIG(status),
		                       g_strsignal(WTERMSIG(status)));
	return g_strdup_printf("exit status %d",
	                       status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

gboolean sm_run(sm_child *child, GError **error)
{
	child->status = -1;
	child->output = NULL;
	char *name = child->name ? g_strdup(child->name)
	           : child->argv ? g_strdup(child->argv[0])
	           : g_strdup_printf("\"%s\"", child->command);
	char **argv = child_argv(child, name, error);
	if (!argv) {
		g_free(name);
		return FALSE;
	}
	char **env = child_env(child);
	gboolean on_terminal = !child->keep_output;
	int out[2] = { -1, -1 };
	GError *err = NULL;
	gboolean ok = !child->keep_output || g_unix_open_pipe(out, FD_CLOEXEC, &err);
	struct sigaction old[G_N_ELEMENTS(held_signals)];
	take_signals(child, on_terminal, old);
	GPid pid = 0;
	if (ok)
		ok = g_spawn_async_with_pipes_and_fds(child->dir, (const char *const *)argv,
		                                      (const char *const *)env,
		                                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
		                                      (on_terminal && child->in < 0 ? G_SPAWN_CHILD_INHERITS_STDIN : 0),
		                                      child_setup, child, child->in, out[1], out[1],
		                                      NULL, NULL, 0, &pid, NULL, NULL, NULL, &err);
	if (out[1] >= 0)
		close(out[1]);
	if (ok) {
		running_group = child->hold_signals ? pid : 0;
		/* A second signal that came before the child's pid was known. */
		if (held_count > 1 && running_group > 0)
			kill(-running_group, SIGTERM);
		if (child->keep_output)
			child->output = read_all(child, out[0]);
		while (waitpid(pid, &child->status, 0) < 0 && errno == EINTR)
			;
		running_group = 0;
		g_spawn_close_pid(pid);
	}
	give_back_signals(child, on_terminal, old);
	if (out[0] >= 0)
		close(out[0]);
	if (!ok) {
		g_set_error(error, SM_RUN_ERROR, SM_RUN_ERROR_START, "cannot run %s: %s", name,
		            err->message);
		g_error_free(err);
	} else if (!(ok = WIFEXITED(child->status) && WEXITSTATUS(child->status) == 0)) {
		char *how = sm_run_describe_status(child->status);
		char *said = last_line(child->output);
		g_set_error(error, SM_RUN_ERROR, SM_RUN_ERROR_FAILED, "%s failed (%s)%s%s", name, how,
		            *said ? ": " : "", said);
		g_free(said);
		g_free(how);
	}
	g_strfreev(env);
	g_strfreev(argv);
	g_free(name);
	return ok;
}
