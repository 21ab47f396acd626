/* view-pager.c - one message: headers and body, coloured, searchable.
 *
 * Diffs are coloured (diff and index headers, @@ hunks, + and - lines),
 * as are quoted lines and diffstats.  The "LLM Generated explanations"
 * section of AUTOSEL mail is folded to one line until toggle-fold (z)
 * opens it; a search that matches inside the fold opens it too.
 *
 * Long lines wrap at the screen width.  The message is read and coloured
 * once; a resize only recomputes where lines wrap.
 */
#include <string.h>
#include "mail/mail.h"
#include "view.h"

#define FOLD_ROW G_MAXUINT

typedef struct wrap_row {
	guint src;          /* index in lines, or FOLD_ROW */
	guint start, end;   /* bytes of that line's text */
} wrap_row;

typedef struct pager {
	char *patch_key;
	char *message_id;   /* of the message shown, or NULL */
	char *subject;
	GPtrArray *lines;   /* sm_line*: headers, a blank, the body */
	guint fold_start, fold_end; /* lines folded away, when fold_end > 0 */
	gboolean folded;
	sm_line *fold_line; /* drawn in place of the fold */
	GArray *rows;       /* wrap_row, for the current width and fold */
	int width;
} pager;

static sm_line *row_line(const pager *pg, const wrap_row *r)
{
	return r->src == FOLD_ROW ? pg->fold_line : pg->lines->pdata[r->src];
}

/* --- colouring --- */

static gboolean is_diffstat(const char *text)
{
	/* " drivers/x.c | 6 +++++-" and " 1 file changed, 5 insertions(+)" */
	if (text[0] != ' ')
		return FALSE;
	const char *bar = strstr(text, " | ");
	if (bar) {
		const char *p = bar + 3;
		while (*p == ' ')
			p++;
		return g_ascii_isdigit(*p) || g_str_has_prefix(p, "Bin");
	}
	return strstr(text, " changed") && (strstr(text, " file changed") ||
	                                    strstr(text, " files changed"));
}

static sm_color quote_color(const char *text)
{
	int depth = 0;
	for (const char *p = text; *p == '>' || *p == ' '; p++)
		depth += *p == '>';
	return depth == 0 ? SM_COLOR_DEFAULT : depth % 2 ? SM_COLOR_QUOTE : SM_COLOR_QUOTE2;
}

/* The colour of body line TEXT; *IN_DIFF carries the state between lines. */
static sm_color body_color(const char *text, gboolean *in_diff)
{
	static const char *const diff_headers[] = {
		"index ", "--- ", "+++ ", "new file mode", "deleted file mode", "old mode",
		"new mode", "similarity index", "rename from", "rename to", "Binary files",
	};
	if (g_str_has_prefix(text, "diff ")) {
		*in_diff = TRUE;
		return SM_COLOR_DIFF_HEADER;
	}
	if (*in_diff) {
		for (size_t i = 0; i < G_N_ELEMENTS(diff_headers); i++)
			if (g_str_has_prefix(text, diff_headers[i]))
				return SM_COLOR_DIFF_HEADER;
		switch (text[0]) {
		case '@': if (text[1] == '@') return SM_COLOR_DIFF_CHUNK; break;
		case '+': return SM_COLOR_DIFF_ADD;
		case '-': return strcmp(text, "-- ") == 0 ? SM_COLOR_DIM : SM_COLOR_DIFF_DEL;
		case ' ': case '\\': case '\0': return SM_COLOR_DEFAULT;
		default: break;
		}
		*in_diff = FALSE;
	}
	if (text[0] == '>')
		return quote_color(text);
	if (is_diffstat(text))
		return SM_COLOR_DIFF_STAT;
	return SM_COLOR_DEFAULT;
}

/* --- building --- */

static void add_header(pager *pg, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	sm_line *line = sm_line_new(name, SM_COLOR_MAIL_HEADER);
	sm_line_append(line, value, SM_COLOR_DEFAULT);
	g_ptr_array_add(pg->lines, line);
}

/* Fold the AUTOSEL explanation: from its heading to the diffstat or diff
 * that follows, less the blank lines before those. */
static void find_fold(pager *pg, guint body_start, const char *hint)
{
	guint start = 0, end = 0;
	for (guint i = body_start; i < pg->lines->len && !start; i++)
		if (g_str_has_prefix(((sm_line *)pg->lines->pdata[i])->text,
		                     "LLM Generated explanations"))
			start = i;
	if (!start)
		return;
	end = pg->lines->len;
	for (guint i = start + 1; i < pg->lines->len; i++) {
		const char *text = ((sm_line *)pg->lines->pdata[i])->text;
		if (is_diffstat(text) || g_str_has_prefix(text, "diff --git") ||
		    strcmp(text, "---") == 0) {
			end = i;
			break;
		}
	}
	while (end > start + 1 && !*((sm_line *)pg->lines->pdata[end - 1])->text)
		end--;
	pg->fold_start = start;
	pg->fold_end = end;
	((sm_line *)pg->lines->pdata[start])->color = SM_COLOR_FOLD;
	pg->folded = TRUE;
	char *text = g_strdup_printf("[+] LLM Generated explanations, may be completely bogus "
	                             "(%u lines, %s to show)", end - start, hint);
	pg->fold_line = sm_line_new(text, SM_COLOR_FOLD);
	g_free(text);
}

static void build(sm_tui *tui, pager *pg, const sm_mail *mail)
{
	char *date = NULL;
	if (!mail->date_header && mail->date) {
		GDateTime *dt = g_date_time_new_from_unix_local(mail->date);
		date = g_date_time_format(dt, "%a, %d %b %Y %H:%M:%S %z");
		g_date_time_unref(dt);
	}
	add_header(pg, "From: ", mail->from);
	add_header(pg, "To: ", mail->to);
	add_header(pg, "Cc: ", mail->cc);
	add_header(pg, "Date: ", mail->date_header ? mail->date_header : date);
	add_header(pg, "Subject: ", mail->subject);
	if (mail->warning)
		add_header(pg, "Warning: ", mail->warning);
	g_ptr_array_add(pg->lines, sm_line_new("", SM_COLOR_DEFAULT));
	g_free(date);

	guint body_start = pg->lines->len;
	gboolean in_diff = FALSE;
	const char *p = mail->body ? mail->body : "";
	const char *end = p + (mail->body ? mail->body_len : 0);
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *stop = nl ? nl : end;
		gsize len = stop - p;
		if (len && p[len - 1] == '\r')
			len--;
		char *raw = g_strndup(p, len);
		sm_line *line = sm_line_new(raw, SM_COLOR_DEFAULT);
		line->color = body_color(line->text, &in_diff);
		g_ptr_array_add(pg->lines, line);
		g_free(raw);
		p = nl ? nl + 1 : end;
	}
	GString *hint = g_string_new(NULL);
	sm_keymap_describe_action(tui->keymap, SM_KEYMAP_PAGER, SM_ACTION_TOGGLE_FOLD, hint);
	find_fold(pg, body_start, hint->len ? hint->str : ":toggle-fold");
	g_string_free(hint, TRUE);
}

/* --- wrapping --- */

static void wrap_line(pager *pg, guint src, int width)
{
	sm_line *line = src == FOLD_ROW ? pg->fold_line : pg->lines->pdata[src];
	gsize len = strlen(line->text), pos = 0;
	do {
		gsize bytes = sm_text_fit(line->text + pos, len - pos, width, NULL);
		if (bytes == 0 && pos < len) /* wider than the screen: take it anyway */
			bytes = g_utf8_next_char(line->text + pos) - (line->text + pos);
		wrap_row r = { src, (guint)pos, (guint)(pos + bytes) };
		g_array_append_val(pg->rows, r);
		pos += bytes;
	} while (pos < len);
}

/* The row showing byte START of line SRC. */
static guint row_of(const pager *pg, guint src, guint start)
{
	for (guint i = 0; i < pg->rows->len; i++) {
		const wrap_row *r = &g_array_index(pg->rows, wrap_row, i);
		if (r->src == src && start < MAX(r->end, r->start + 1))
			return i;
		if (r->src == FOLD_ROW && src >= pg->fold_start && src < pg->fold_end)
			return i;
	}
	return 0;
}

static void rewrap(sm_view *view)
{
	pager *pg = view->data;
	guint top_src = 0, top_start = 0;
	if (view->offset < pg->rows->len) {
		const wrap_row *top = &g_array_index(pg->rows, wrap_row, view->offset);
		top_src = top->src == FOLD_ROW ? pg->fold_start : top->src;
		top_start = top->start;
	}
	g_array_set_size(pg->rows, 0);
	int width = MAX(pg->width, 1);
	for (guint i = 0; i < pg->lines->len; i++) {
		if (pg->fold_end && pg->folded && i >= pg->fold_start && i < pg->fold_end) {
			if (i == pg->fold_start)
				wrap_line(pg, FOLD_ROW, width);
			continue;
		}
		wrap_line(pg, i, width);
	}
	view->lines = pg->rows->len;
	view->offset = row_of(pg, top_src, top_start);
	sm_view_clamp(view);
}

static void layout(sm_view *view, int width)
{
	pager *pg = view->data;
	pg->width = width;
	rewrap(view);
}

/* --- the view --- */

static void draw(sm_view *view, guint line, int y, int width, gboolean selected)
{
	pager *pg = view->data;
	const wrap_row *r = &g_array_index(pg->rows, wrap_row, line);
	(void)y;
	sm_draw_line(row_line(pg, r), r->start, r->end, width, selected ? A_REVERSE : 0,
	             r->src == FOLD_ROW ? NULL : view->tui->search);
}

static void title(sm_view *view, GString *out)
{
	pager *pg = view->data;
	g_string_append_printf(out, " · %s", pg->subject);
}

static gboolean grep(sm_view *view, guint line, const GRegex *regex)
{
	pager *pg = view->data;
	const wrap_row *r = &g_array_index(pg->rows, wrap_row, line);
	if (r->src != FOLD_ROW) {
		const char *text = ((sm_line *)pg->lines->pdata[r->src])->text;
		return g_regex_match_full(regex, text, r->end, r->start, 0, NULL, NULL);
	}
	for (guint i = pg->fold_start; i < pg->fold_end; i++)
		if (g_regex_match(regex, ((sm_line *)pg->lines->pdata[i])->text, 0, NULL))
			return TRUE;
	return FALSE;
}

static void toggle_fold(sm_view *view)
{
	pager *pg = view->data;
	pg->folded = !pg->folded;
	rewrap(view);
	view->tui->dirty = TRUE;
}

/* A match inside the fold opens it, and shows the matching line. */
static void found(sm_view *view, guint line, const GRegex *regex)
{
	pager *pg = view->data;
	const wrap_row *r = &g_array_index(pg->rows, wrap_row, line);
	if (r->src != FOLD_ROW) {
		sm_view_goto(view, line);
		return;
	}
	toggle_fold(view);
	for (guint i = pg->fold_start; i < pg->fold_end; i++)
		if (g_regex_match(regex, ((sm_line *)pg->lines->pdata[i])->text, 0, NULL)) {
			sm_view_goto(view, row_of(pg, i, 0));
			return;
		}
}

static gboolean request(sm_view *view, sm_action action)
{
	pager *pg = view->data;
	if (action != SM_ACTION_TOGGLE_FOLD)
		return FALSE;
	if (!pg->fold_end)
		sm_tui_message(view->tui, "Nothing folded in this message");
	else
		toggle_fold(view);
	return TRUE;
}

static sm_patch *patch(sm_view *view)
{
	pager *pg = view->data;
	return sm_tui_patch(view->tui, pg->patch_key);
}

static const char *notice(sm_view *view, const char **tree)
{
	pager *pg = view->data;
	*tree = NULL;
	return pg->message_id;
}

static void done(sm_view *view)
{
	pager *pg = view->data;
	g_free(pg->patch_key);
	g_free(pg->message_id);
	g_free(pg->subject);
	g_ptr_array_unref(pg->lines);
	sm_line_free(pg->fold_line);
	g_array_unref(pg->rows);
	g_free(pg);
}

static const sm_view_ops pager_ops = {
	.name = "message",
	.keymap = SM_KEYMAP_PAGER,
	.scroll_only = TRUE,
	.draw = draw,
	.title = title,
	.request = request,
	.grep = grep,
	.found = found,
	.layout = layout,
	.patch = patch,
	.notice = notice,
	.done = done,
};

sm_view *sm_view_pager_new(sm_tui *tui, const char *filename, const char *patch_key)
{
	GError *error = NULL;
	sm_mail *mail = sm_mail_read(filename, 0, &error);
	if (!mail) {
		sm_tui_error(tui, "Cannot read %s: %s", filename, error->message);
		g_error_free(error);
		return NULL;
	}
	pager *pg = g_new0(pager, 1);
	pg->patch_key = g_strdup(patch_key);
	pg->message_id = g_strdup(mail->message_id);
	pg->subject = sm_text_clean(mail->subject, -1, FALSE);
	pg->lines = g_ptr_array_new_with_free_func((GDestroyNotify)sm_line_free);
	pg->rows = g_array_new(FALSE, FALSE, sizeof(wrap_row));
	build(tui, pg, mail);
	sm_mail_free(mail);
	sm_view *view = sm_view_new(tui, &pager_ops, pg);
	/* Read now, as in every notmuch client.  The caller's FILENAME may
	 * belong to a view that this rebuilds: it is not used after this. */
	sm_notice *notice = pg->message_id && tui->group && !sm_tui_data_busy(tui)
		? sm_group_notice(tui->group, pg->message_id) : NULL;
	if (notice && notice->unread) {
		GPtrArray *ids = g_ptr_array_new();
		g_ptr_array_add(ids, pg->message_id);
		sm_tui_set_unread(tui, ids, FALSE);
		g_ptr_array_unref(ids);
	}
	return view;
}
