/* colors.h - what each thing on screen looks like.
 *
 * Every element has a colour (for 8-colour terminals and up) and an
 * attribute to use instead on monochrome terminals, or when NO_COLOR is
 * set (https://no-color.org: present and not empty).  Views ask for an
 * element's attribute; they never pick colours themselves.
 */
#ifndef SM_COLORS_H
#define SM_COLORS_H

#include <curses.h>
#include "patch/patch.h"

#define SM_COLORS(X) \
	X(DEFAULT) X(TITLE) X(STATUS) X(STATUS_ERROR) X(HEADER) X(MARK) X(UNREAD) \
	X(STATE_UNTRIAGED) X(STATE_APPROVED) X(STATE_HOLD) X(STATE_REVERT) \
	X(STATE_DROP) X(STATE_RESOLVING) X(STATE_DONE) \
	X(TREE_AUTOSEL) X(TREE_FAILED) X(TREE_BACKPORT) X(TREE_QUEUED) \
	X(TREE_REVIEW) X(TREE_RELEASED) X(TREE_DROPPED) \
	X(DEADLINE) X(DEADLINE_SOON) X(DEADLINE_LATE) X(AGE) X(AUTHOR) \
	X(SUBJECT_UNTRIAGED) X(SECTION) X(MAIL_HEADER) \
	X(DIFF_HEADER) X(DIFF_CHUNK) X(DIFF_ADD) X(DIFF_DEL) X(DIFF_STAT) \
	X(QUOTE) X(QUOTE2) X(FOLD) X(SEARCH_MATCH) X(HELP_KEY) X(DIM)

typedef enum {
#define SM_COLOR_ENUM(name) SM_COLOR_##name,
	SM_COLORS(SM_COLOR_ENUM)
#undef SM_COLOR_ENUM
	SM_COLOR_COUNT
} sm_color;

/* Set up colours after initscr(): full colours when the terminal has at
 * least 8 and NO_COLOR is unset or empty, attributes only otherwise. */
void sm_colors_init(void);
/* TRUE when colours are in use. */
gboolean sm_colors_enabled(void);
/* The curses attributes for ELEMENT. */
attr_t sm_color_attr(sm_color element);

/* The element for a tree status, and the letter the matrix shows. */
sm_color sm_color_of_status(sm_status status);
char sm_status_letter(sm_status status);
/* A review deadline: red under 24 hours, marked once passed. */
sm_color sm_color_of_deadline(gint64 deadline, gint64 now);
/* The element and the mark for a triage state. */
sm_color sm_color_of_triage(sm_triage state);
char sm_triage_mark(sm_triage state);

#endif
