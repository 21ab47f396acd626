/* editor.c - $VISUAL / $EDITOR, run from an argv. */
#include "editor.h"
#include "run/run.h"

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
	char *name = g_strdup_printf("the editor \"%s\"", command);
	const char *args[] = { file, NULL };
	sm_child child = SM_CHILD_INIT;
	child.command = command;
	child.args = args;
	child.name = name;
	GError *err = NULL;
	gboolean ok = sm_run(&child, &err);
	if (!ok) {
		g_set_error_literal(error, SM_EDITOR_ERROR, err->code == SM_RUN_ERROR_FAILED
		                    ? SM_EDITOR_ERROR_FAILED : SM_EDITOR_ERROR_START, err->message);
		g_error_free(err);
	}
	g_free(name);
	g_free(command);
	return ok;
}
