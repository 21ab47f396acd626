/* view-log.c - every status message of this session, in full.
 *
 * The status line has one row, so a long message is cut and the next one
 * replaces it; the log keeps each (sm_tui_log, made by sm_tui_message and
 * sm_tui_error) with the time it was said, errors in their colour, the
 * newest last.  Long messages wrap to the width of the screen here.  What
 * is said while the log is open joins it at once (a refresh's "New mail"),
 * and the cursor follows the newest while it is on the last line.
 */
#include <string.h>
#include "view.h"

typedef struct log_view {
	GPtrArray *lines; /* sm_line*, made by layout() for the width */
} log_view;

/* "23:41:07  text" lines of ENTRY, wrapped at WIDTH cells. */
static void add_entry(GPtrArray *lines, const sm_log_entry *entry, int width)
{
	GDateTime *time = g_date_time_new_from_unix_local(entry->time);
	char *stamp = g_date_time_format(time, "%H:%M:%S  ");
	g_date_time_unref(time);
	char *clean = sm_text_clean(entry->text, -1, FALSE);
	sm_color color = entry->error ? SM_COLOR_STATUS_ERROR : SM_COLOR_DEFAULT;
	int indent = sm_text_width(stamp, -1);
	int room = MAX(width - indent, 10);
	GArray *rows = g_array_new(FALSE, FALSE, sizeof(sm_wrap_row));
	sm_text_wrap(clean, strlen(clean), room, room, rows);
	for (guint i = 0; i < rows->len; i++) {
		const sm_wrap_row *row = &g_array_index(rows, sm_wrap_row, i);
		char *part = g_strndup(clean + row->start, row->end - row->start);
		sm_line *line = sm_line_new(i == 0 ? stamp : "", SM_COLOR_DIM);
		if (i > 0)
			sm_line_append(line, "          ", SM_COLOR_DIM);
		sm_line_append(line, part, color);
		g_ptr_array_add(lines, line);
		g_free(part);
	}
	g_array_unref(rows);
	g_free(clean);
	g_free(stamp);
}

static void layout(sm_view *view, int width)
{
	log_view *lv = view->data;
	const GPtrArray *log = sm_tui_log(view->tui);
	g_ptr_array_set_size(lv->lines, 0);
	for (guint i = 0; i < log->len; i++)
		add_entry(lv->lines, log->pdata[i], width);
	if (!log->len)
		g_ptr_array_add(lv->lines, sm_line_new("No messages yet", SM_COLOR_DIM));
	gboolean at_end = view->lines == 0 || view->cursor + 1 >= view->lines;
	view->lines = lv->lines->len;
	if (at_end)
		view->cursor = view->lines - 1;
	sm_view_clamp(view);
}

static void log_changed(sm_view *view)
{
	layout(view, view->width);
	sm_tui_redraw(view->tui);
}

static void draw(sm_view *view, guint line, int y, int width, gboolean selected)
{
	log_view *lv = view->data;
	sm_line *l = lv->lines->pdata[line];
	(void)y;
	sm_draw_line(l, 0, strlen(l->text), width, selected ? A_REVERSE : 0, sm_tui_search(view->tui));
}

static gboolean grep(sm_view *view, guint line, const GRegex *regex)
{
	log_view *lv = view->data;
	return g_regex_match(regex, ((sm_line *)lv->lines->pdata[line])->text, 0, NULL);
}

static gboolean request(sm_view *view, sm_action action)
{
	/* Pressing the key again closes the log, as ? closes nothing twice. */
	if (action == SM_ACTION_MESSAGES) {
		sm_view_pop(view->tui);
		return TRUE;
	}
	return FALSE;
}

static void done(sm_view *view)
{
	log_view *lv = view->data;
	g_ptr_array_unref(lv->lines);
	g_free(lv);
}

static const sm_view_ops log_ops = {
	.name = "messages",
	.keymap = SM_KEYMAP_GENERIC,
	.draw = draw,
	.grep = grep,
	.request = request,
	.layout = layout,
	.log_changed = log_changed,
	.done = done,
};

sm_view *sm_view_log_new(sm_tui *tui)
{
	log_view *lv = g_new0(log_view, 1);
	lv->lines = g_ptr_array_new_with_free_func((GDestroyNotify)sm_line_free);
	return sm_view_new(tui, &log_ops, lv);
}

void sm_act_messages(sm_action_ctx *ctx)
{
	sm_view_push(ctx->tui, sm_view_log_new(ctx->tui));
}
