/* send.c - run the sendmail command with a message on its stdin. */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <stdlib.h>
#include <unistd.h>
#include <gio/gio.h>
#include "send.h"

G_DEFINE_QUARK(sm-send-error-quark, sm_send_error)

char *sm_send_command(const sm_config *config)
{
	return sm_config_string(config, "reply", "sendmail", SM_SEND_DEFAULT_COMMAND);
}

char *sm_send_folder(const sm_config *config, const char *mail_root, const char *key)
{
	char *value = sm_config_string(config, "reply", key, key);
	if (g_path_is_absolute(value))
		return value;
	char *path = g_build_filename(mail_root ? mail_root : g_get_home_dir(), value, NULL);
	g_free(value);
	return path;
}

/* The MTA installs sendmail where a user's $PATH often does not look. */
static void find_sendmail(char **argv)
{
	if (strcmp(argv[0], "sendmail") != 0)
		return;
	char *found = g_find_program_in_path(argv[0]);
	if (found) {
		g_free(found);
		return;
	}
	static const char *const places[] = { "/usr/sbin/sendmail", "/usr/lib/sendmail" };
	for (size_t i = 0; i < G_N_ELEMENTS(places); i++)
		if (g_file_test(places[i], G_FILE_TEST_IS_EXECUTABLE)) {
			g_free(argv[0]);
			argv[0] = g_strdup(places[i]);
			return;
		}
}

/* Signals held while the command runs (see send.h). */
static const int held_signals[] = { SIGINT, SIGTERM, SIGHUP };
static volatile sig_atomic_t held_signal, held_count;
static volatile pid_t running_child;

static void hold_signal(int sig)
{
	if (!held_signal)
		held_signal = sig;
	if (++held_count > 1 && running_child > 0)
		kill(-running_child, SIGTERM);
}

static void hold_signals(struct sigaction *old)
{
	struct sigaction sa = { .sa_handler = hold_signal };
	sigemptyset(&sa.sa_mask);
	held_count = 0;
	for (size_t i = 0; i < G_N_ELEMENTS(held_signals); i++)
		sigaction(held_signals[i], &sa, &old[i]);
}

static void release_signals(const struct sigaction *old)
{
	for (size_t i = 0; i < G_N_ELEMENTS(held_signals); i++)
		sigaction(held_signals[i], &old[i], NULL);
}

int sm_send_held_signal(void)
{
	return held_signal;
}

void sm_send_deliver_held_signal(void)
{
	int sig = held_signal;
	if (!sig)
		return;
	held_signal = 0;
	/* To the handler in force before the send (curses restores the
	 * terminal in its own), or the default action. */
	raise(sig);
}

/* In the child: its own process group, out of reach of the terminal's ^C. */
static void own_group(gpointer data)
{
	(void)data;
	setpgid(0, 0);
}

static gboolean write_all(int fd, const char *data, gsize len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}

/* The last non-empty line the command printed: usually the reason. */
static char *last_line(GBytes *output)
{
	gsize len = 0;
	const char *data = output ? g_bytes_get_data(output, &len) : NULL;
	char *text = g_utf8_make_valid(data ? data : "", len);
	char **lines = g_strsplit(g_strstrip(text), "\n", -1);
	guint n = g_strv_length(lines);
	char *line = g_strdup(n ? g_strstrip(lines[n - 1]) : "");
	g_strfreev(lines);
	g_free(text);
	return line;
}

gboolean sm_send_message(const char *command, const char *message, gsize len,
                         GError **error)
{
	char **argv = NULL;
	GError *err = NULL;
	if (!g_shell_parse_argv(command, NULL, &argv, &err)) {
		g_set_error(error, SM_SEND_ERROR, SM_SEND_ERROR_COMMAND,
		            "cannot read the sendmail command \"%s\": %s", command, err->message);
		g_error_free(err);
		return FALSE;
	}
	find_sendmail(argv);
	/* The message goes in through a memory file, not a pipe: a command that
	 * exits without reading it cannot cost us its output or a SIGPIPE, and
	 * a full disk does not matter. */
	int fd = memfd_create("stablemate-message", MFD_CLOEXEC);
	gboolean ok = fd >= 0 && write_all(fd, message, len) && lseek(fd, 0, SEEK_SET) == 0;
	if (!ok) {
		g_set_error(error, SM_SEND_ERROR, SM_SEND_ERROR_COMMAND,
		            "cannot pass the message to \"%s\": %s", command, g_strerror(errno));
		if (fd >= 0)
			close(fd);
		g_strfreev(argv);
		return FALSE;
	}
	GSubprocessLauncher *launcher = g_subprocess_launcher_new(G_SUBPROCESS_FLAGS_STDOUT_PIPE |
	                                                          G_SUBPROCESS_FLAGS_STDERR_MERGE);
	g_subprocess_launcher_take_stdin_fd(launcher, fd);
	g_subprocess_launcher_set_child_setup(launcher, own_group, NULL, NULL);
	struct sigaction old[G_N_ELEMENTS(held_signals)];
	hold_signals(old);
	GSubprocess *child = g_subprocess_launcher_spawnv(launcher, (const char *const *)argv, &err);
	g_object_unref(launcher);
	g_strfreev(argv);
	if (!child) {
		release_signals(old);
		g_set_error(error, SM_SEND_ERROR, SM_SEND_ERROR_COMMAND,
		            "cannot run \"%s\": %s", command, err->message);
		g_error_free(err);
		return FALSE;
	}
	const char *pid = g_subprocess_get_identifier(child);
	running_child = pid ? (pid_t)atoi(pid) : 0;
	/* A signal that came before the pid was known. */
	if (held_count > 1 && running_child > 0)
		kill(-running_child, SIGTERM);
	GBytes *output = NULL;
	if (!g_subprocess_communicate(child, NULL, NULL, &output, NULL, NULL))
		g_subprocess_wait(child, NULL, NULL);
	running_child = 0;
	release_signals(old);
	if (!g_subprocess_get_successful(child)) {
		char *said = last_line(output);
		char *status = g_subprocess_get_if_exited(child)
			? g_strdup_printf("exit status %d", g_subprocess_get_exit_status(child))
			: g_strdup_printf("signal %d", g_subprocess_get_term_sig(child));
		g_set_error(error, SM_SEND_ERROR, SM_SEND_ERROR_FAILED, "\"%s\" failed (%s)%s%s",
		            command, status, *said ? ": " : "", said);
		g_free(status);
		g_free(said);
		ok = FALSE;
	} else {
		ok = TRUE;
	}
	if (output)
		g_bytes_unref(output);
	g_object_unref(child);
	return ok;
}
