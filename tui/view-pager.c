/* view-pager.c - one message: headers and body, coloured, searchable.
 *
 * Diffs are coloured (diff and index headers, @@ hunks, + and - lines),
 * as are quoted lines and diffstats.  The "LLM Generated explanations"
 * section of AUTOSEL mail is folded to one line until toggle-fold (z)
 * opens it; a search that matches inside the fold opens it too.
 *
 * Long lines wrap at words to the screen width, the rows after the first
 * marked "+" at the left edge (mutt's smart_wrap and markers).  The
 * message is read and coloured once; a resize only recomputes where lines
 * wrap.
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
	char *filename;     /* the message file, or NULL (a commit: text only) */
	char *message_id;   /* of the message shown, or NULL */
	char *subject;      /* for the title */
	char *text;         /* a commit's text as given, or NULL (a message) */
	GPtrArray *lines;   /* sm_line* shown: mail, or raw */
	GPtrArray *mail;    /* headers, a blank, the decoded body */
	GPtrArray *raw;     /* the file as it is, once asked for; or NULL */
	guint fold_start, fold_end; /* lines of mail folded away, when fold_end > 0 */
	gboolean folded;
	sm_line *fold_line; /* drawn in place of the fold */
	GArray *rows;       /* wrap_row, for the current width and fold */
	int width;
	gboolean read_pending; /* shown while a refresh ran: mark it read after */
} pager;

/* Is the fold in force?  It belongs to the decoded message. */
static gboolean folding(const pager *pg)
{
	return pg->fold_end && pg->folded && pg->lines == pg->mail;
}

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

static void add_header(GPtrArray *lines, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	sm_line *line = sm_line_new(name, SM_COLOR_MAIL_HEADER);
	sm_line_append(line, value, SM_COLOR_DEFAULT);
	g_ptr_array_add(lines, line);
}

/* The lines of LEN bytes of TEXT, coloured as a message body. */
static void add_body(GPtrArray *lines, const char *text, gsize len)
{
	gboolean in_diff = FALSE;
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		const char *stop = nl ? nl : end;
		gsize n = stop - p;
		if (n && p[n - 1] == '\r')
			n--;
		char *raw = g_strndup(p, n);
		sm_line *line = sm_line_new(raw, SM_COLOR_DEFAULT);
		line->color = body_color(line->text, &in_diff);
		g_ptr_array_add(lines, line);
		g_free(raw);
		p = nl ? nl + 1 : end;
	}
}

/* Fold the AUTOSEL explanation: from its heading to the diffstat or diff
 * that follows, less the blank lines before those. */
static void find_fold(pager *pg, guint body_start, const char *hint)
{
	GPtrArray *lines = pg->mail;
	guint start = 0, end = 0;
	for (guint i = body_start; i < lines->len && !start; i++)
		if (g_str_has_prefix(((sm_line *)lines->pdata[i])->text,
		                     "LLM Generated explanations"))
			start = i;
	if (!start)
		return;
	end = lines->len;
	for (guint i = start + 1; i < lines->len; i++) {
		const char *text = ((sm_line *)lines->pdata[i])->text;
		if (is_diffstat(text) || g_str_has_prefix(text, "diff --git") ||
		    strcmp(text, "---") == 0) {
			end = i;
			break;
		}
	}
	while (end > start + 1 && !*((sm_line *)lines->pdata[end - 1])->text)
		end--;
	pg->fold_start = start;
	pg->fold_end = end;
	((sm_line *)lines->pdata[start])->color = SM_COLOR_FOLD;
	pg->folded = TRUE;
	char *text = g_strdup_printf("[+] LLM Generated explanations, may be completely bogus "
	                             "(%u lines, %s to show)", end - start, hint);
	pg->fold_line = sm_line_new(text, SM_COLOR_FOLD);
	g_free(text);
}

static void build(sm_tui *tui, pager *pg, const sm_mail *mail)
{
	GPtrArray *lines = pg->mail;
	char *date = NULL;
	if (!mail->date_header && mail->date) {
		GDateTime *dt = g_date_time_new_from_unix_local(mail->date);
		date = g_date_time_format(dt, "%a, %d %b %Y %H:%M:%S %z");
		g_date_time_unref(dt);
	}
	add_header(lines, "From: ", mail->from);
	add_header(lines, "To: ", mail->to);
	add_header(lines, "Cc: ", mail->cc);
	add_header(lines, "Date: ", mail->date_header ? mail->date_header : date);
	add_header(lines, "Subject: ", mail->subject);
	if (mail->warning)
		add_header(lines, "Warning: ", mail->warning);
	g_ptr_array_add(lines, sm_line_new("", SM_COLOR_DEFAULT));
	g_free(date);

	guint body_start = lines->len;
	add_body(lines, mail->body ? mail->body : "", mail->body ? mail->body_len : 0);
	GString *hint = g_string_new(NULL);
	sm_keymap_describe_action(sm_tui_keymap(tui), SM_KEYMAP_PAGER, SM_ACTION_TOGGLE_FOLD, hint);
	find_fold(pg, body_start, hint->len ? hint->str : ":toggle-fold");
	g_string_free(hint, TRUE);
}

/* The message file as it is on disk: the header block (names coloured,
 * folded lines as they are), then the body undecoded.  Bytes that are not
 * text show as the pager shows them anywhere (draw.h). */
static gboolean build_raw(pager *pg, const char *filename, GError **error)
{
	char *data;
	gsize len;
	if (!g_file_get_contents(filename, &data, &len, error))
		return FALSE;
	pg->raw = g_ptr_array_new_with_free_func((GDestroyNotify)sm_line_free);
	const char *p = data, *end = data + len;
	while (p < end && *p != '\n' && !(*p == '\r' && p + 1 < end && p[1] == '\n')) {
		const char *nl = memchr(p, '\n', end - p);
		const char *stop = nl ? nl : end;
		char *text = g_strndup(p, stop - p - (stop > p && stop[-1] == '\r'));
		const char *colon = g_ascii_isspace(*text) ? NULL : strchr(text, ':');
		sm_line *line = sm_line_new(colon ? "" : text, SM_COLOR_DEFAULT);
		if (colon) {
			char *name = g_strndup(text, colon + 1 - text);
			sm_line_append(line, name, SM_COLOR_MAIL_HEADER);
			sm_line_append(line, colon + 1, SM_COLOR_DEFAULT);
			g_free(name);
		}
		g_ptr_array_add(pg->raw, line);
		g_free(text);
		p = nl ? nl + 1 : end;
	}
	add_body(pg->raw, p, end - p);
	g_free(data);
	return TRUE;
}

/* --- wrapping --- */

/* Rows after the first of a wrapped line start with this mark (mutt's
 * "markers"), so that a wrapped line never looks like two. */
#define MARK "+"
#define MARK_CELLS 1

/* The rows of line SRC in WIDTH cells, broken at words (sm_text_wrap). */
static void wrap_line(pager *pg, guint src, int width, GArray *scratch)
{
	sm_line *line = src == FOLD_ROW ? pg->fold_line : pg->lines->pdata[src];
	g_array_set_size(scratch, 0);
	sm_text_wrap(line->text, strlen(line->text), width, width - MARK_CELLS, scratch);
	for (guint i = 0; i < scratch->len; i++) {
		const sm_wrap_row *w = &g_array_index(scratch, sm_wrap_row, i);
		wrap_row r = { src, (guint)w->start, (guint)w->end };
		g_array_append_val(pg->rows, r);
	}
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
	GArray *scratch = g_array_new(FALSE, FALSE, sizeof(sm_wrap_row));
	for (guint i = 0; i < pg->lines->len; i++) {
		if (folding(pg) && i >= pg->fold_start && i < pg->fold_end) {
			if (i == pg->fold_start)
				wrap_line(pg, FOLD_ROW, width, scratch);
			continue;
		}
		wrap_line(pg, i, width, scratch);
	}
	g_array_unref(scratch);
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
	(void)selected; /* the pager has no cursor line */
	if (r->start > 0 && width > MARK_CELLS) {
		sm_draw_text(MARK, -1, MARK_CELLS, sm_color_attr(SM_COLOR_DIM));
		width -= MARK_CELLS;
	}
	sm_draw_line(row_line(pg, r), r->start, r->end, width, 0,
	             r->src == FOLD_ROW ? NULL : sm_tui_search(view->tui));
}

static void title(sm_view *view, GString *out)
{
	pager *pg = view->data;
	sm_view *below = sm_view_below(view);
	guint place, count;
	/* Where J and K are in the patch: "notice 2 of 5". */
	if (pg->message_id && below && below->ops->notice_place
	    && below->ops->notice_place(below, pg->message_id, &place, &count))
		g_string_append_printf(out, " · notice %u of %u", place, count);
	g_string_append_printf(out, " · %s%s", pg->lines == pg->raw ? "raw · " : "", pg->subject);
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
	sm_tui_redraw(view->tui);
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

static const char *message_file(sm_view *view);

/* Show the other line set (raw or decoded) from its top. */
static void show_lines(sm_view *view, GPtrArray *lines)
{
	pager *pg = view->data;
	pg->lines = lines;
	view->offset = 0;
	rewrap(view);
	view->offset = 0;
	sm_view_clamp(view);
	sm_tui_redraw(view->tui);
}

static void toggle_raw(sm_view *view)
{
	pager *pg = view->data;
	GError *error = NULL;
	if (!pg->filename) {
		sm_tui_error(view->tui, "toggle-raw: this is a commit, not a message");
		return;
	}
	if (pg->lines == pg->raw) {
		show_lines(view, pg->mail);
		return;
	}
	if (!pg->raw && !build_raw(pg, message_file(view), &error)) {
		sm_tui_error(view->tui, "toggle-raw: %s", error->message);
		g_error_free(error);
		return;
	}
	show_lines(view, pg->raw);
}

static void clear_message(pager *pg)
{
	g_clear_pointer(&pg->filename, g_free);
	g_clear_pointer(&pg->message_id, g_free);
	g_clear_pointer(&pg->subject, g_free);
	g_ptr_array_set_size(pg->mail, 0);
	g_clear_pointer(&pg->raw, g_ptr_array_unref);
	g_clear_pointer(&pg->fold_line, sm_line_free);
	pg->fold_start = pg->fold_end = 0;
	pg->folded = FALSE;
	pg->lines = pg->mail;
}

/* Read, as in every notmuch client: opening a notice removes its unread
 * tag. */
static void mark_read(sm_tui *tui, pager *pg)
{
	sm_group *group = sm_tui_group(tui);
	pg->read_pending = pg->message_id && !group;
	if (pg->read_pending)
		return;
	sm_notice *notice = pg->message_id ? sm_group_notice(group, pg->message_id) : NULL;
	if (notice && notice->unread) {
		GPtrArray *ids = g_ptr_array_new();
		g_ptr_array_add(ids, pg->message_id);
		sm_tui_set_unread(tui, ids, FALSE);
		g_ptr_array_unref(ids);
	}
}

/* Show the message in FILENAME instead (the raw view stays raw).  FALSE
 * with ERROR when it cannot be read; the message shown then stays. */
static gboolean load(sm_view *view, const char *filename, GError **error)
{
	pager *pg = view->data;
	sm_mail *mail = sm_mail_read(filename, 0, error);
	if (!mail)
		return FALSE;
	gboolean raw = pg->raw && pg->lines == pg->raw;
	clear_message(pg);
	pg->filename = g_strdup(filename);
	pg->message_id = g_strdup(mail->message_id);
	pg->subject = sm_text_clean(mail->subject, -1, FALSE);
	build(view->tui, pg, mail);
	sm_mail_free(mail);
	GError *raw_error = NULL;
	if (raw && build_raw(pg, filename, &raw_error))
		pg->lines = pg->raw;
	g_clear_error(&raw_error);
	return TRUE;
}

/* J and K: the next or previous notice of the same patch, in the order of
 * the patch view's notices, whose cursor follows.  They go by the patch
 * view's own copy of its lines, so that they work while a refresh
 * rebuilds the data.  They stop at the patch's first and last notice: the
 * patch view below shows one patch, and the list (q, then j) is where
 * patches follow each other. */
static void step(sm_view *view, int delta)
{
	pager *pg = view->data;
	sm_tui *tui = view->tui;
	const char *what = sm_action_name(delta > 0 ? SM_ACTION_NEXT_MESSAGE
	                                            : SM_ACTION_PREVIOUS_MESSAGE);
	sm_view *below = sm_view_below(view);
	if (!pg->message_id || !below) {
		sm_tui_error(tui, "%s: this is a commit, not a notice", what);
		return;
	}
	const char *next = below->ops->next_notice
		? below->ops->next_notice(below, pg->message_id, delta) : NULL;
	if (!next) {
		/* An error, as mutt's "You are on the last message": it stays
		 * until the next key, whatever a refresh says meanwhile. */
		sm_tui_error(tui, "%s notice of this patch", delta > 0 ? "Last" : "First");
		return;
	}
	GError *error = NULL;
	char *filename = g_strdup(next); /* marking it read rebuilds the patch view */
	if (!load(view, filename, &error)) {
		sm_tui_error(tui, "Cannot read %s: %s", filename, error->message);
		g_error_free(error);
	} else {
		view->offset = 0;
		rewrap(view);
		view->offset = 0;
		sm_view_clamp(view);
		mark_read(tui, pg);
		sm_tui_redraw(tui);
	}
	g_free(filename);
}

static gboolean request(sm_view *view, sm_action action)
{
	pager *pg = view->data;
	switch (action) {
	case SM_ACTION_TOGGLE_FOLD:
		if (!pg->fold_end || pg->lines != pg->mail)
			sm_tui_message(view->tui, "Nothing folded in this %s",
			               pg->lines == pg->raw ? "raw message" : "message");
		else
			toggle_fold(view);
		return TRUE;
	case SM_ACTION_TOGGLE_RAW:
		toggle_raw(view);
		return TRUE;
	case SM_ACTION_NEXT_MESSAGE:
	case SM_ACTION_PREVIOUS_MESSAGE:
		step(view, action == SM_ACTION_NEXT_MESSAGE ? 1 : -1);
		return TRUE;
	default:
		return FALSE;
	}
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

/* Reading a notice renames its file (maildir flags): the group knows its
 * name now, pg->filename what it was when read. */
static const char *message_file(sm_view *view)
{
	pager *pg = view->data;
	sm_group *group = sm_tui_group(view->tui);
	sm_notice *notice = pg->message_id && group ? sm_group_notice(group, pg->message_id) : NULL;
	return notice && notice->filename ? notice->filename : pg->filename;
}

/* A commit has no file: its text goes to the command (| git apply). */
static const char *pipe_text(sm_view *view)
{
	pager *pg = view->data;
	return pg->text;
}

/* A notice shown while a refresh ran is marked read once it is done. */
static void data_changed(sm_view *view)
{
	pager *pg = view->data;
	if (pg->read_pending)
		mark_read(view->tui, pg);
}

static void done(sm_view *view)
{
	pager *pg = view->data;
	clear_message(pg);
	g_free(pg->patch_key);
	g_free(pg->text);
	g_ptr_array_unref(pg->mail);
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
	.data_changed = data_changed,
	.patch = patch,
	.notice = notice,
	.message_file = message_file,
	.pipe_text = pipe_text,
	.done = done,
};

static sm_view *new_pager(sm_tui *tui, const char *patch_key)
{
	pager *pg = g_new0(pager, 1);
	pg->patch_key = g_strdup(patch_key);
	pg->mail = g_ptr_array_new_with_free_func((GDestroyNotify)sm_line_free);
	pg->lines = pg->mail;
	pg->rows = g_array_new(FALSE, FALSE, sizeof(wrap_row));
	return sm_view_new(tui, &pager_ops, pg);
}

sm_view *sm_view_pager_new(sm_tui *tui, const char *filename, const char *patch_key)
{
	GError *error = NULL;
	sm_view *view = new_pager(tui, patch_key);
	if (!load(view, filename, &error)) {
		sm_tui_error(tui, "Cannot read %s: %s", filename, error->message);
		g_error_free(error);
		sm_view_free(view);
		return NULL;
	}
	/* The caller's FILENAME may belong to a view that this rebuilds: it
	 * is not used after this. */
	mark_read(tui, view->data);
	return view;
}

sm_view *sm_view_pager_new_text(sm_tui *tui, const char *title, const char *text,
                                const char *patch_key)
{
	sm_view *view = new_pager(tui, patch_key);
	pager *pg = view->data;
	pg->subject = sm_text_clean(title, -1, FALSE);
	pg->text = g_strdup(text);
	add_body(pg->mail, text, strlen(text));
	return view;
}
