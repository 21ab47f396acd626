/* send.c - run the sendmail command with a message on its stdin. */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "send.h"
#include "run/run.h"

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

int sm_send_held_signal(void)
{
	return sm_run_held_signal();
}

void sm_send_deliver_held_signal(void)
{
	sm_run_deliver_held_signal();
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

gboolean sm_send_message(const char *command, const char *message, gsize len,
                         GError **error)
{
	char **argv = NULL;
	GError *err = NULL;
	char *name = g_strdup_printf("\"%s\"", command);
	if (!g_shell_parse_argv(command, NULL, &argv, &err)) {
		g_set_error(error, SM_SEND_ERROR, SM_SEND_ERROR_COMMAND, "cannot run %s: %s", name,
		            err->message);
		g_error_free(err);
		g_free(name);
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
		            "cannot pass the message to %s: %s", name, g_strerror(errno));
	} else {
		sm_child child = SM_CHILD_INIT;
		child.argv = (const char *const *)argv;
		child.name = name;
		child.in = fd;
		child.keep_output = TRUE;
		child.hold_signals = TRUE;
		ok = sm_run(&child, &err);
		if (!ok) {
			g_set_error_literal(error, SM_SEND_ERROR, err->code == SM_RUN_ERROR_FAILED
			                    ? SM_SEND_ERROR_FAILED : SM_SEND_ERROR_COMMAND, err->message);
			g_error_free(err);
		}
		g_free(child.output);
	}
	if (fd >= 0)
		close(fd);
	g_strfreev(argv);
	g_free(name);
	return ok;
}
