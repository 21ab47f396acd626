/* machinery.h - what the machinery keeps in the program's state.
 *
 * The machinery is what every view and action stands on: view.c (the
 * stack of views, searching), prompt.c (the status line's prompt and
 * questions) and actions.c (the action table).  It sees the program's
 * state through view.h, as the views do, and through these few
 * functions, which are its own: the stack, the open prompt, the search
 * and quitting.  The whole struct sm_tui (tui-private.h) is seen by its
 * keeper, state.c, and the main loop, tui.c, alone; tests/rooms.py fails
 * on any other file that includes tui-private.h, and on a view or an
 * action that includes this header.  The functions are state.c's.
 */
#ifndef SM_TUI_MACHINERY_H
#define SM_TUI_MACHINERY_H

#include "view.h"

/* The views, sm_view*, [0] the patch list and the last the one in front
 * (view.c pushes and pops them).  Borrowed. */
GPtrArray *sm_tui_stack(const sm_tui *tui);

/* The prompt open on the status line, or NULL.  Borrowed. */
sm_prompt *sm_tui_prompt(const sm_tui *tui);
/* Make PROMPT (may be NULL) the open one, taking it; returns the one
 * open before, or NULL, for the caller to free or finish. */
sm_prompt *sm_tui_set_prompt(sm_tui *tui, sm_prompt *prompt);
/* The first of the keys that waited for a job, taken, in curses' codes
 * (as sm_wait_key returns them), or ERR when none waits: a question that
 * a waiting key opened reads the keys typed after it. */
int sm_tui_next_waiting_key(sm_tui *tui);

/* The last search becomes REGEX (taken), which went backward if BACK. */
void sm_tui_set_search(sm_tui *tui, GRegex *regex, gboolean back);
/* Did the last search go backward? */
gboolean sm_tui_search_back(const sm_tui *tui);

/* The main loop ends after this key. */
void sm_tui_quit(sm_tui *tui);

/* The group changed: the state made from it (the patches by key, the
 * trees shown, the "mine" set, the git worker's group) is made again;
 * sm_tui_data_changed (view.c) then tells the views. */
void sm_tui_renew(sm_tui *tui);

#endif
