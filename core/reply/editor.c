/* editor.c - $VISUAL / $EDITOR, run from an argv. */
#include "editor.h"

G_DEFINE_QUARK(sm-editor-error-quark, sm_editor_error)

static const char *nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

/* The editor command line, as editor.h says.  Caller frees. */
static char *sm_editor_command(void)
{
	const char *term = g_getenv("TERM");
	const char *visual = term && g_str_equal(term, "dumb") ? NULL : nonempty(g_getenv("VISUAL"));
	const char *editor = visual ? visual : nonempty(g_getenv("EDITOR"));
	return g_strdup(editor ? editor : "vi");
}

gboolean sm_editor_run(const char *file, GError **error)
{
	char *command = sm_editor_command();
	char **words = NULL;
	GError *err = NULL;
	gboolean ok = g_shell_parse_argv(command, NULL, &words, &err);
	if (ok) {
		GStrvBuilder *builder = g_strv_builder_new();
		g_strv_builder_addv(builder, (const char **)words);
		g_strv_builder_add(builder, file);
		char **argv = g_strv_builder_end(builder);
		g_strv_builder_unref(builder);
		int status = 0;
		ok = g_spawn_sync(NULL, argv, NULL,
		                  G_SPAWN_SEARCH_PATH | G_SPAWN_CHILD_INHERITS_STDIN,
		                  NULL, NULL, NULL, NULL, &status, &err);
		if (!ok)
			g_set_error(error, SM_EDITOR_ERROR, SM_EDITOR_ERROR_START,
			            "cannot run the editor \"%s\": %s", command, err->message);
		else if (!(ok = g_spawn_check_wait_status(status, NULL)))
			g_set_error(error, SM_EDITOR_ERROR, SM_EDITOR_ERROR_FAILED,
			            "the editor \"%s\" exited with an error", command);
		g_strfreev(argv);
	} else {
		g_set_error(error, SM_EDITOR_ERROR, SM_EDITOR_ERROR_START,
		            "cannot read the editor command \"%s\": %s", command, err->message);
	}
	g_clear_error(&err);
	g_strfreev(words);
	g_free(command);
	return ok;
}
