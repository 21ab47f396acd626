/* view.c - the view stack, moving, searching and drawing any view. */
#include "machinery.h"

sm_view *sm_view_new(sm_tui *tui, const sm_view_ops *ops, void *data)
{
	sm_view *view = g_new0(sm_view, 1);
	view->ops = ops;
	view->tui = tui;
	view->data = data;
	return view;
}

void sm_view_free(sm_view *view)
{
	if (!view)
		return;
	if (view->ops->done)
		view->ops->done(view);
	g_free(view);
}

/* Rows and columns for VIEW on the current screen. */
static void geometry(sm_view *view)
{
	int avail = MAX(LINES - 2, 0);
	int header = view->ops->header_lines ? view->ops->header_lines(view) : 0;
	view->height = MAX(avail - MIN(header, avail), 0);
	if (view->width != COLS) {
		view->width = MAX(COLS, 0);
		if (view->ops->layout)
			view->ops->layout(view, view->width);
	}
	sm_view_clamp(view);
}

void sm_view_push(sm_tui *tui, sm_view *view)
{
	view->width = -1;
	geometry(view);
	g_ptr_array_add(sm_tui_stack(tui), view);
	sm_tui_redraw(tui);
}

gboolean sm_view_pop(sm_tui *tui)
{
	if (sm_tui_stack(tui)->len <= 1)
		return FALSE;
	GPtrArray *stack = sm_tui_stack(tui);
	sm_view_free(g_ptr_array_steal_index(stack, stack->len - 1));
	/* The view below may have been laid out for another screen size. */
	geometry(sm_view_top(tui));
	sm_tui_redraw(tui);
	return TRUE;
}

sm_view *sm_view_top(const sm_tui *tui)
{
	GPtrArray *stack = sm_tui_stack(tui);
	return stack->len ? stack->pdata[stack->len - 1] : NULL;
}

sm_view *sm_view_below(const sm_view *view)
{
	GPtrArray *stack = sm_tui_stack(view->tui);
	for (guint i = 1; i < stack->len; i++)
		if (stack->pdata[i] == view)
			return stack->pdata[i - 1];
	return NULL;
}

void sm_view_resize_all(sm_tui *tui)
{
	GPtrArray *stack = sm_tui_stack(tui);
	for (guint i = 0; i < stack->len; i++)
		geometry(stack->pdata[i]);
	sm_tui_redraw(tui);
}

static guint max_offset(const sm_view *view)
{
	guint height = (guint)MAX(view->height, 1);
	return view->lines > height ? view->lines - height : 0;
}

void sm_view_clamp(sm_view *view)
{
	if (view->ops->scroll_only) {
		view->offset = MIN(view->offset, max_offset(view));
		view->cursor = view->offset;
		return;
	}
	if (view->lines == 0) {
		view->cursor = view->offset = 0;
		return;
	}
	view->cursor = MIN(view->cursor, view->lines - 1);
	if (view->height <= 0) {
		view->offset = view->cursor;
		return;
	}
	if (view->cursor < view->offset)
		view->offset = view->cursor;
	else if (view->cursor >= view->offset + (guint)view->height)
		view->offset = view->cursor - view->height + 1;
	view->offset = MIN(view->offset, max_offset(view));
}

void sm_view_goto(sm_view *view, guint line)
{
	if (view->ops->scroll_only)
		view->offset = line;
	else
		view->cursor = line;
	sm_view_clamp(view);
	sm_tui_redraw(view->tui);
}

/* Move by DELTA lines, keeping the cursor's place on the screen when the
 * whole page moves (as tig does). */
static void move_by(sm_view *view, gint64 delta, gboolean page)
{
	gint64 cursor = (gint64)view->cursor + delta;
	gint64 offset = (gint64)view->offset + (page ? delta : 0);
	if (view->ops->scroll_only) {
		offset = (gint64)view->offset + delta;
		view->offset = (guint)CLAMP(offset, 0, (gint64)max_offset(view));
		sm_view_clamp(view);
		return;
	}
	if (view->lines == 0)
		return;
	view->cursor = (guint)CLAMP(cursor, 0, (gint64)view->lines - 1);
	view->offset = (guint)CLAMP(offset, 0, (gint64)max_offset(view));
	sm_view_clamp(view);
}

void sm_view_move(sm_view *view, sm_action action)
{
	gint64 page = MAX(view->height, 1);
	gint64 half = MAX(view->height / 2, 1);
	switch (action) {
	case SM_ACTION_MOVE_UP: move_by(view, -1, FALSE); break;
	case SM_ACTION_MOVE_DOWN: move_by(view, 1, FALSE); break;
	case SM_ACTION_MOVE_PAGE_UP: move_by(view, -page, TRUE); break;
	case SM_ACTION_MOVE_PAGE_DOWN: move_by(view, page, TRUE); break;
	case SM_ACTION_MOVE_HALF_PAGE_UP: move_by(view, -half, TRUE); break;
	case SM_ACTION_MOVE_HALF_PAGE_DOWN: move_by(view, half, TRUE); break;
	case SM_ACTION_MOVE_FIRST: sm_view_goto(view, 0); break;
	case SM_ACTION_MOVE_LAST:
		sm_view_goto(view, view->ops->scroll_only ? max_offset(view)
		                   : (view->lines ? view->lines - 1 : 0));
		break;
	case SM_ACTION_SCROLL_LINE_UP:
	case SM_ACTION_SCROLL_LINE_DOWN: {
		gint64 delta = action == SM_ACTION_SCROLL_LINE_UP ? -1 : 1;
		gint64 offset = CLAMP((gint64)view->offset + delta, 0, (gint64)max_offset(view));
		view->offset = (guint)offset;
		/* The cursor stays on screen: it moves only when pushed. */
		if (!view->ops->scroll_only && view->height > 0) {
			if (view->cursor < view->offset)
				view->cursor = view->offset;
			else if (view->cursor >= view->offset + (guint)view->height)
				view->cursor = view->offset + view->height - 1;
		}
		sm_view_clamp(view);
		break;
	}
	default:
		break;
	}
	sm_tui_redraw(view->tui);
}

void sm_view_find(sm_view *view, gboolean back)
{
	sm_tui *tui = view->tui;
	const GRegex *search = sm_tui_search(tui);
	if (!search) {
		sm_tui_error(tui, "No search yet: press / first");
		return;
	}
	if (!view->ops->grep || view->lines == 0) {
		sm_tui_error(tui, "Pattern not found: %s", g_regex_get_pattern(search));
		return;
	}
	guint n = view->lines;
	for (guint step = 1; step <= n; step++) {
		guint line = back ? (view->cursor + n - step) % n : (view->cursor + step) % n;
		if (!view->ops->grep(view, line, search))
			continue;
		gboolean wrapped = back ? line >= view->cursor : line <= view->cursor;
		if (view->ops->found)
			view->ops->found(view, line, search);
		else
			sm_view_goto(view, line);
		if (wrapped)
			sm_tui_message(tui, "Search wrapped: %s", g_regex_get_pattern(search));
		else
			sm_tui_message(tui, "/%s", g_regex_get_pattern(search));
		sm_tui_redraw(tui);
		return;
	}
	sm_tui_error(tui, "Pattern not found: %s", g_regex_get_pattern(search));
}

static void draw_title(sm_view *view, int y)
{
	GString *title = g_string_new(NULL);
	GString *right = g_string_new(NULL);
	attr_t attr = sm_color_attr(SM_COLOR_TITLE);

	g_string_append_printf(title, "[%s] ", view->ops->name);
	if (view->ops->scroll_only)
		g_string_append_printf(title, "%u of %u", view->lines ? view->offset + 1 : 0,
		                       view->lines);
	else
		g_string_append_printf(title, "%u of %u", view->lines ? view->cursor + 1 : 0,
		                       view->lines);
	if (view->ops->title)
		view->ops->title(view, title);
	if (view->lines > 0) {
		guint seen = MIN(view->offset + (guint)MAX(view->height, 0), view->lines);
		g_string_append_printf(right, "%3u%%", (guint)((guint64)seen * 100 / view->lines));
	}
	char *clean = sm_text_clean(title->str, -1, FALSE);
	move(y, 0);
	int right_width = right->len ? (int)right->len + 1 : 0;
	int room = view->width - right_width;
	/* A title too long for its row is cut, not the percentage, which says
	 * where in the view the screen is (a long subject in the pager's title
	 * hid it); on a screen too narrow for both the percentage goes. */
	if (sm_text_width(clean, -1) > room && room < 30) {
		room = view->width;
		right_width = 0;
	}
	int used = sm_draw_text(clean, -1, room, attr);
	sm_draw_blank(view->width - used - right_width, attr);
	if (right_width)
		sm_draw_text(right->str, -1, right_width, attr);
	g_free(clean);
	g_string_free(title, TRUE);
	g_string_free(right, TRUE);
}

/* An empty view's words, indented, one line of the body. */
static void draw_empty(const char *text, int width)
{
	char *clean = sm_text_clean(text, -1, FALSE);
	int used = sm_draw_text("  ", -1, width, sm_color_attr(SM_COLOR_DIM));
	sm_draw_text(clean, -1, width - used, sm_color_attr(SM_COLOR_DIM));
	g_free(clean);
}

void sm_view_draw(sm_view *view)
{
	int avail = MAX(LINES - 2, 0);
	int header = view->ops->header_lines ? MIN(view->ops->header_lines(view), avail) : 0;
	int y = 0;

	for (; y < header; y++) {
		move(y, 0);
		view->ops->draw_header(view, y, view->width);
	}
	GString *empty = g_string_new(NULL);
	if (!view->lines && view->ops->empty)
		view->ops->empty(view, empty);
	for (int row = 0; row < view->height; row++, y++) {
		guint line = view->offset + row;
		move(y, 0);
		if (line < view->lines)
			view->ops->draw(view, line, y, view->width,
			                !view->ops->scroll_only && line == view->cursor);
		else
			clrtoeol();
		if (row == 1 && empty->len)
			draw_empty(empty->str, view->width);
	}
	g_string_free(empty, TRUE);
	if (LINES >= 2)
		draw_title(view, LINES - 2);
}

void sm_tui_leave_terminal(void)
{
	def_prog_mode();
	endwin();
}

void sm_tui_take_terminal(sm_tui *tui)
{
	reset_prog_mode();
	clearok(curscr, TRUE);
	sm_view_draw(sm_view_top(tui));
}

void sm_tui_data_changed(sm_tui *tui)
{
	sm_tui_renew(tui);
	GPtrArray *stack = sm_tui_stack(tui);
	for (guint i = 0; i < stack->len; i++) {
		sm_view *view = stack->pdata[i];
		if (view->ops->data_changed)
			view->ops->data_changed(view);
		sm_view_clamp(view);
	}
	/* The views have made their rows: the pages of the index they read
	 * need not stay resident. */
	if (sm_tui_group(tui))
		sm_group_forget_pages(sm_tui_group(tui));
	sm_tui_redraw(tui);
}

void sm_view_patch_changed(sm_tui *tui, const char *key)
{
	GPtrArray *stack = sm_tui_stack(tui);
	for (guint v = 0; v < stack->len; v++) {
		sm_view *view = stack->pdata[v];
		if (view->ops->patch_changed)
			view->ops->patch_changed(view, key);
	}
}
