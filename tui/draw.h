/* draw.h - text measured in terminal cells, and drawing it.
 *
 * Mail text is UTF-8 with anything in it: CJK and emoji take two cells,
 * combining marks none.  Widths come from wcwidth(), and text is never cut
 * inside a character: a double-width character that does not fit in the
 * last cell leaves that cell blank.  Text is cleaned once, when a view
 * builds its lines (sm_text_clean), so that drawing only measures.
 *
 * A line (sm_line) is cleaned text with coloured spans; views keep their
 * lines and draw them with sm_draw_line().
 */
#ifndef SM_DRAW_H
#define SM_DRAW_H

#include <curses.h>
#include <glib.h>
#include "colors.h"

/* Call once after setlocale(): notes whether the terminal takes UTF-8. */
void sm_draw_init(void);

/* Cells taken by C once cleaned (0, 1 or 2). */
int sm_char_width(gunichar c);
/* Cells taken by LEN bytes of cleaned TEXT (LEN -1: up to the NUL). */
int sm_text_width(const char *text, gssize len);
/* How many bytes of cleaned TEXT (LEN bytes, or -1) fit in MAX cells,
 * whole characters only (with the combining marks that follow the last
 * one).  *CELLS (may be NULL) gets the cells they take. */
gsize sm_text_fit(const char *text, gssize len, int max, int *cells);

/* One row of a wrapped text: bytes [START, END) of it. */
typedef struct sm_wrap_row {
	gsize start, end;
} sm_wrap_row;

/* Break LEN bytes of cleaned TEXT into rows at words, as mutt's
 * smart_wrap does, and append them (sm_wrap_row, at least one) to ROWS:
 * the first row FIRST cells wide, the others REST.  A row ends after the
 * last blank that fits; a word is cut only when it is wider than a whole
 * row (the indentation a text starts with is no place to break); the
 * blanks at a break stay at the end of the row they follow. */
void sm_text_wrap(const char *text, gsize len, int first, int rest, GArray *rows);

/* Valid UTF-8 that draws as it measures: invalid bytes and unprintable
 * characters become U+FFFD (or '?' when the terminal is not UTF-8), tabs
 * expand to the next multiple of 8 columns (or one space when
 * !EXPAND_TABS), other control characters become spaces.  Caller frees. */
char *sm_text_clean(const char *text, gssize len, gboolean expand_tabs);

/* Draw LEN bytes of cleaned TEXT at the cursor, in at most MAX cells, with
 * ATTR.  Returns the cells drawn. */
int sm_draw_text(const char *text, gssize len, int max, attr_t attr);
/* Draw BYTES of TEXT already measured to fit (sm_fit), with ATTR. */
void sm_draw_measured(const char *text, gsize bytes, attr_t attr);
/* Draw CELLS blanks with ATTR. */
void sm_draw_blank(int cells, attr_t attr);

/* How much of a text fits in some room, kept so that a text drawn again
 * in the same room is not measured again. */
typedef struct sm_fit {
	int room;      /* the cells it was measured for; -1: not yet */
	gsize bytes;   /* what fits */
	int cells;     /* the cells that takes */
} sm_fit;

/* Measure TEXT (WIDTH cells whole) for ROOM cells, unless FIT already
 * holds that. */
void sm_fit_update(sm_fit *fit, const char *text, int width, int room);

typedef struct sm_span {
	guint start, end;  /* byte offsets in the line's text */
	sm_color color;
} sm_span;

typedef struct sm_line {
	char *text;      /* cleaned */
	sm_color color;  /* of the text outside spans */
	GArray *spans;   /* sm_span, in order, not overlapping; NULL when none */
	gpointer data;   /* for the view that owns the line */
} sm_line;

/* A new line holding a cleaned copy of TEXT. */
sm_line *sm_line_new(const char *text, sm_color color);
/* Append TEXT (cleaned) to LINE, in COLOR when it differs from the line's. */
void sm_line_append(sm_line *line, const char *text, sm_color color);
void sm_line_free(sm_line *line);

/* Draw bytes [START, END) of LINE at the cursor in WIDTH cells, blanks
 * filling the rest.  EXTRA is added to every cell (A_REVERSE for the
 * cursor line).  Matches of HIGHLIGHT (may be NULL) stand out. */
void sm_draw_line(const sm_line *line, gsize start, gsize end, int width,
                  attr_t extra, const GRegex *highlight);

/* "2d 4h", "5h 12m", "40m" until DEADLINE, or "late" once it has passed. */
void sm_format_countdown(GString *out, gint64 deadline, gint64 now);
/* "12m", "5h", "3d", "2w", "4mo", "1y" since DATE. */
void sm_format_age(GString *out, gint64 date, gint64 now);
/* The display name of "Name <addr>": Name, else addr. Caller frees. */
char *sm_display_name(const char *address);

#endif
