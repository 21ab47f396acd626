/* prompt.c - one line of input on the status line (limit, search, ...).
 *
 * Emacs-style editing (C-a C-e C-b C-f C-d C-k C-u C-w), Up/Down for the
 * history of the same prompt, Tab to complete (a second Tab lists what
 * the word could become, as readline and mutt do), Enter to accept, Escape,
 * C-g or C-c to cancel ("cancelled" shows on the status line).  Text is kept as characters, so the cursor never lands
 * inside a UTF-8 sequence.
 */
#include <string.h>
#include "machinery.h"

struct sm_prompt {
	char *label;
	GArray *text;        /* gunichar */
	guint cursor;        /* in characters */
	sm_prompt_fn *done;
	gpointer data;
	sm_prompt_complete_fn *complete;
	int history_pos;     /* -1: not browsing */
	gboolean tabbed;     /* the last key was Tab */
	GPtrArray *listed;   /* the candidates a second Tab lists (char*), or NULL */
	gboolean acts;       /* the answer acts on the patches */
};

/* Earlier answers, per label, newest last.  Lives as long as the program. */
static GHashTable *histories;

void sm_prompt_free(sm_prompt *prompt)
{
	if (!prompt)
		return;
	g_free(prompt->label);
	g_array_unref(prompt->text);
	if (prompt->listed)
		g_ptr_array_unref(prompt->listed);
	g_free(prompt);
}

static void set_text(sm_prompt *prompt, const char *text)
{
	g_array_set_size(prompt->text, 0);
	for (const char *p = text; p && *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		g_array_append_val(prompt->text, c);
	}
	prompt->cursor = prompt->text->len;
}

static char *get_text(const sm_prompt *prompt, guint from, guint to)
{
	GString *s = g_string_new(NULL);
	for (guint i = from; i < to && i < prompt->text->len; i++)
		g_string_append_unichar(s, g_array_index(prompt->text, gunichar, i));
	return g_string_free(s, FALSE);
}

void sm_prompt_open(sm_tui *tui, const char *label, const char *initial,
                    sm_prompt_fn *done, gpointer data, sm_prompt_complete_fn *complete)
{
	sm_prompt *prompt = g_new0(sm_prompt, 1);
	prompt->label = g_strdup(label);
	prompt->text = g_array_new(FALSE, FALSE, sizeof(gunichar));
	prompt->done = done;
	prompt->data = data;
	prompt->complete = complete;
	prompt->history_pos = -1;
	set_text(prompt, initial);
	sm_prompt_free(sm_tui_set_prompt(tui, prompt));
}

void sm_prompt_acts_on_patches(sm_tui *tui)
{
	sm_prompt *prompt = sm_tui_prompt(tui);
	if (prompt)
		prompt->acts = TRUE;
}

gboolean sm_prompt_waits_for_patches(const sm_tui *tui)
{
	const sm_prompt *prompt = sm_tui_prompt(tui);
	return prompt && prompt->acts;
}

static GPtrArray *history_of(const char *label)
{
	if (!histories)
		histories = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
		                                  (GDestroyNotify)g_ptr_array_unref);
	GPtrArray *history = g_hash_table_lookup(histories, label);
	if (!history) {
		history = g_ptr_array_new_with_free_func(g_free);
		g_hash_table_insert(histories, g_strdup(label), history);
	}
	return history;
}

static void remember(const char *label, const char *text)
{
	GPtrArray *history = history_of(label);
	if (!*text || (history->len &&
	               strcmp(history->pdata[history->len - 1], text) == 0))
		return;
	g_ptr_array_add(history, g_strdup(text));
}

static void browse_history(sm_prompt *prompt, int direction)
{
	GPtrArray *history = history_of(prompt->label);
	int pos = prompt->history_pos < 0 ? (int)history->len : prompt->history_pos;
	pos += direction;
	if (pos < 0 || pos > (int)history->len)
		return;
	prompt->history_pos = pos;
	set_text(prompt, pos == (int)history->len ? "" : history->pdata[pos]);
}

/* Replace characters [FROM, TO) with TEXT, leaving the cursor after it. */
static void replace_range(sm_prompt *prompt, guint from, guint to, const char *text)
{
	g_array_remove_range(prompt->text, from, to - from);
	prompt->cursor = from;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		g_array_insert_val(prompt->text, prompt->cursor, c);
		prompt->cursor++;
	}
}

/* Complete the word before the cursor: a unique candidate whole, else the
 * longest common prefix of the candidates; when that is all there is and
 * Tab comes again, list them (sm_prompt_draw shows the list). */
static void complete(sm_tui *tui, sm_prompt *prompt)
{
	if (!prompt->complete)
		return;
	guint start = prompt->cursor;
	while (start > 0 && g_array_index(prompt->text, gunichar, start - 1) != ' ')
		start--;
	char *typed = get_text(prompt, start, prompt->cursor);
	const char *const *candidates = prompt->complete(tui);
	const char *found = NULL;
	gsize common = 0;
	int matches = 0;
	GPtrArray *listed = g_ptr_array_new_with_free_func(g_free);
	for (const char *const *c = candidates; c && *c; c++) {
		if (!g_str_has_prefix(*c, typed))
			continue;
		g_ptr_array_add(listed, g_strdup(*c));
		if (!found) {
			found = *c;
			common = strlen(found);
		}
		gsize i = 0;
		while (i < common && (*c)[i] == found[i])
			i++;
		common = i;
		matches++;
	}
	gboolean stuck = matches > 1 && common == strlen(typed);
	if (matches > 0) {
		char *prefix = g_strndup(found, common);
		replace_range(prompt, start, prompt->cursor, prefix);
		g_free(prefix);
	}
	if (stuck && prompt->tabbed)
		prompt->listed = g_ptr_array_ref(listed);
	g_ptr_array_unref(listed);
	g_free(typed);
}

gboolean sm_key_cancels(int key)
{
	return key == SM_KEY_ESCAPE || key == SM_KEY_CTRL('g') || key == SM_KEY_CTRL('c');
}

void sm_status_now(const char *text, gboolean bold)
{
	int y = LINES - 1;
	move(y, 0);
	clrtoeol();
	if (bold)
		attron(A_BOLD);
	mvaddnstr(y, 0, text, COLS - 1);
	if (bold)
		attroff(A_BOLD);
	refresh();
}

int sm_wait_key(sm_tui *tui, int timeout_ms)
{
	int waited = sm_tui_next_waiting_key(tui);
	if (waited != ERR)
		return waited;
	timeout(timeout_ms);
	int c = getch();
	if (c == KEY_RESIZE) {
		sm_view_resize_all(tui);
		sm_view_draw(sm_view_top(tui));
	}
	return c;
}

/* Ask one question on the status line and wait for one of KEYS; 0 when
 * the user cancels (Escape, C-g or C-c). */
int sm_ask_key(sm_tui *tui, const char *question, const char *keys)
{
	for (;;) {
		sm_status_now(question, TRUE);
		int c = sm_wait_key(tui, -1);
		if (sm_key_cancels(c))
			return 0;
		if (c > 0 && c < 128 && strchr(keys, g_ascii_tolower(c)))
			return g_ascii_tolower(c);
	}
}

static void finish(sm_tui *tui, gboolean accept)
{
	sm_prompt *prompt = sm_tui_set_prompt(tui, NULL);
	char *text = accept ? get_text(prompt, 0, prompt->text->len) : NULL;
	if (!accept) {
		/* The callback may say more; this is what it means by default. */
		char *label = g_strstrip(g_strdup(prompt->label));
		gsize len = strlen(label);
		if (len && label[len - 1] == ':')
			label[len - 1] = 0;
		sm_tui_message(tui, "%s%scancelled", label, len > 1 ? ": " : "");
		g_free(label);
	}
	if (text)
		remember(prompt->label, text);
	prompt->done(tui, text, prompt->data);
	g_free(text);
	sm_prompt_free(prompt);
	sm_tui_redraw(tui);
}

static void delete_range(sm_prompt *prompt, guint from, guint to)
{
	if (to > from)
		g_array_remove_range(prompt->text, from, to - from);
	prompt->cursor = from;
}

static gboolean is_word(gunichar c)
{
	return g_unichar_isalnum(c) || c == '_';
}

void sm_prompt_key(sm_tui *tui, sm_key key)
{
	sm_prompt *prompt = sm_tui_prompt(tui);
	guint len = prompt->text->len;
	guint start;
	gboolean tabbed = prompt->tabbed;

	sm_tui_redraw(tui);
	prompt->tabbed = key == SM_KEY_TAB;
	if (prompt->listed) {
		g_ptr_array_unref(prompt->listed);
		prompt->listed = NULL;
	}
	switch (key) {
	case SM_KEY_ENTER:
		finish(tui, TRUE);
		return;
	case SM_KEY_ESCAPE:
	case SM_KEY_CTRL('g'):
	case SM_KEY_CTRL('c'):
		finish(tui, FALSE);
		return;
	case SM_KEY_BACKSPACE:
	case SM_KEY_CTRL('h'):
		if (prompt->cursor == 0 && len == 0) {
			finish(tui, FALSE); /* as in less and vi: backspace on nothing cancels */
			return;
		}
		if (prompt->cursor > 0)
			delete_range(prompt, prompt->cursor - 1, prompt->cursor);
		return;
	case SM_KEY_DELETE:
	case SM_KEY_CTRL('d'):
		if (prompt->cursor < len)
			g_array_remove_index(prompt->text, prompt->cursor);
		return;
	case SM_KEY_LEFT:
	case SM_KEY_CTRL('b'):
		prompt->cursor -= prompt->cursor > 0;
		return;
	case SM_KEY_RIGHT:
	case SM_KEY_CTRL('f'):
		prompt->cursor += prompt->cursor < len;
		return;
	case SM_KEY_HOME:
	case SM_KEY_CTRL('a'):
		prompt->cursor = 0;
		return;
	case SM_KEY_END:
	case SM_KEY_CTRL('e'):
		prompt->cursor = len;
		return;
	case SM_KEY_CTRL('u'):
		delete_range(prompt, 0, prompt->cursor);
		return;
	case SM_KEY_CTRL('k'):
		delete_range(prompt, prompt->cursor, len);
		prompt->cursor = prompt->text->len;
		return;
	case SM_KEY_CTRL('w'):
		start = prompt->cursor;
		while (start > 0 && !is_word(g_array_index(prompt->text, gunichar, start - 1)))
			start--;
		while (start > 0 && is_word(g_array_index(prompt->text, gunichar, start - 1)))
			start--;
		delete_range(prompt, start, prompt->cursor);
		return;
	case SM_KEY_UP:
		browse_history(prompt, -1);
		return;
	case SM_KEY_DOWN:
		browse_history(prompt, 1);
		return;
	case SM_KEY_TAB:
		prompt->tabbed = tabbed;
		complete(tui, prompt);
		prompt->tabbed = TRUE;
		return;
	default:
		if (key >= 0x20 && key < SM_KEY_FN && key != 0x7f && g_unichar_validate(key)) {
			gunichar c = (gunichar)key;
			g_array_insert_val(prompt->text, prompt->cursor, c);
			prompt->cursor++;
		}
		return;
	}
}

/* The candidates a second Tab listed, in columns on the lines above Y
 * (the title line: over the view's last lines, until the next key), as
 * many as half the screen holds; the last line says how many did not fit. */
static void draw_listed(const GPtrArray *listed, int y, int width)
{
	int cell = 0;
	for (guint i = 0; i < listed->len; i++)
		cell = MAX(cell, sm_text_width(listed->pdata[i], -1) + 2);
	int columns = MAX(width / MAX(cell, 1), 1);
	int rows = (int)(listed->len + columns - 1) / columns;
	int room = MAX(y / 2, 1);
	gboolean cut = rows > room;
	if (cut)
		rows = room;
	for (int r = 0; r < rows; r++) {
		move(y - rows + r, 0);
		int used = 0;
		gboolean last = cut && r == rows - 1;
		for (int c = 0; c < columns && !last; c++) {
			guint i = (guint)(r * columns + c);
			if (i >= listed->len)
				break;
			char *clean = sm_text_clean(listed->pdata[i], -1, FALSE);
			int w = sm_draw_text(clean, -1, width - used, sm_color_attr(SM_COLOR_DEFAULT));
			used += w;
			if (c + 1 < columns) {
				sm_draw_blank(MIN(cell - w, width - used), sm_color_attr(SM_COLOR_DEFAULT));
				used += MIN(cell - w, width - used);
			}
			g_free(clean);
		}
		if (last) {
			char *more = g_strdup_printf("... and %u more: type more of the word",
			                             listed->len - (guint)((rows - 1) * columns));
			used = sm_draw_text(more, -1, width, sm_color_attr(SM_COLOR_DIM));
			g_free(more);
		}
		sm_draw_blank(width - used, sm_color_attr(SM_COLOR_DEFAULT));
	}
}

void sm_prompt_draw(sm_tui *tui, int y, int width)
{
	sm_prompt *prompt = sm_tui_prompt(tui);
	char *label = sm_text_clean(prompt->label, -1, FALSE);
	char *before = get_text(prompt, 0, prompt->cursor);
	char *clean_before = sm_text_clean(before, -1, FALSE);
	char *all = get_text(prompt, 0, prompt->text->len);
	char *clean = sm_text_clean(all, -1, FALSE);
	int label_width = sm_text_width(label, -1);
	int cursor_cells = sm_text_width(clean_before, -1);
	const char *shown = clean;

	if (prompt->listed)
		draw_listed(prompt->listed, y - 1, width);
	move(y, 0);
	int used = sm_draw_text(label, -1, width, sm_color_attr(SM_COLOR_STATUS));
	int room = width - used - 1; /* one cell for the cursor at the end */
	/* Scroll the text left until the cursor fits. */
	while (room > 0 && cursor_cells > room && *shown) {
		cursor_cells -= sm_char_width(g_utf8_get_char(shown));
		shown = g_utf8_next_char(shown);
	}
	used += sm_draw_text(shown, -1, MAX(room, 0), sm_color_attr(SM_COLOR_STATUS));
	sm_draw_blank(width - used, sm_color_attr(SM_COLOR_STATUS));
	move(y, MIN(label_width + cursor_cells, MAX(width - 1, 0)));
	curs_set(1);
	g_free(label);
	g_free(before);
	g_free(clean_before);
	g_free(all);
	g_free(clean);
}
