/* send.c - run the sendmail command with a message on its stdin. */
#include <signal.h>
#include <string.h>
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
	GSubprocess *child = g_subprocess_newv((const char *const *)argv,
	                                       G_SUBPROCESS_FLAGS_STDIN_PIPE |
	                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
	                                       G_SUBPROCESS_FLAGS_STDERR_MERGE, &err);
	g_strfreev(argv);
	if (!child) {
		g_set_error(error, SM_SEND_ERROR, SM_SEND_ERROR_COMMAND,
		            "cannot run \"%s\": %s", command, err->message);
		g_error_free(err);
		return FALSE;
	}
	/* A command that exits without reading its input must give an error,
	 * not kill us with SIGPIPE. */
	struct sigaction ignore = { .sa_handler = SIG_IGN }, old;
	sigaction(SIGPIPE, &ignore, &old);
	GBytes *input = g_bytes_new_static(message, len);
	GBytes *output = NULL;
	gboolean ok = g_subprocess_communicate(child, input, NULL, &output, NULL, &err);
	g_bytes_unref(input);
	sigaction(SIGPIPE, &old, NULL);
	if (!ok) {
		/* The child is gone or closed its input early; its status says why. */
		g_clear_error(&err);
		g_subprocess_wait(child, NULL, NULL);
	}
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
