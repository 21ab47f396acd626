/* editor.h - run the user's editor on a file.
 *
 * The editor is $VISUAL (unless TERM is "dumb"), else $EDITOR, else "vi",
 * as git chooses it.  Its value is split into words (quotes and
 * backslashes, like a shell) and run from an argv with the file appended
 * (run/run.h); no shell is involved.  The editor inherits the terminal,
 * and C-c and C-\ go to it alone: a curses caller must leave curses mode
 * (endwin) before and redraw after.
 *
 * Errors are GErrors in SM_EDITOR_ERROR, one line in run.h's wording:
 * 'the editor "vi" failed (exit status 1)'.
 */
#ifndef SM_EDITOR_H
#define SM_EDITOR_H
#if !defined(SM_INSIDE_REPLY_H) && !defined(SM_REPLY_COMPILATION)
#error "include reply/reply.h, core/reply's door, not this header"
#endif

#include <glib.h>

#define SM_EDITOR_ERROR (sm_editor_error_quark())
GQuark sm_editor_error_quark(void);
typedef enum {
	SM_EDITOR_ERROR_START,  /* the command cannot be split or started */
	SM_EDITOR_ERROR_FAILED, /* the editor exited with an error status */
} sm_editor_error;

/* Edit FILE and wait for the editor to exit.  FALSE and ERROR when it
 * cannot be started or exits with a non-zero status (the file may have
 * been changed all the same). */
gboolean sm_editor_run(const char *file, GError **error);

#endif
