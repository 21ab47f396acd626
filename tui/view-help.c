/* view-help.c - the key bindings in force, grouped by view.
 *
 * Generated from the key map and the action table each time it opens, so
 * it shows what the keys do now, with the user's overrides, and can never
 * go out of date.  Actions bound nowhere are listed too, since the ':'
 * prompt runs them by name.
 *
 * Nothing is cut at the screen's edge: a line too long for it wraps at
 * words, the rows after its first indented to where its text began (the
 * column of the action's help, of a legend's words), as man pages hang
 * their paragraphs.
 */
#include <string.h>
#include "view.h"

typedef struct help {
	GPtrArray *lines; /* sm_line*; data: the cells a wrapped row is indented */
	GArray *rows;     /* help_row, for the width last laid out */
} help;

typedef struct help_row {
	guint line;        /* in lines */
	sm_wrap_row bytes; /* of its text */
} help_row;

/* Rows after the first of LINE start at INDENT cells. */
static void set_indent(sm_line *line, int indent)
{
	line->data = GINT_TO_POINTER(indent);
}

static const char *const section_titles[SM_KEYMAP_COUNT] = {
	[SM_KEYMAP_GENERIC] = "Every view (generic)",
	[SM_KEYMAP_LIST] = "Patch list (list)",
	[SM_KEYMAP_PATCH] = "Patch (patch)",
	[SM_KEYMAP_PAGER] = "Message (pager)",
	[SM_KEYMAP_HELP] = "Help (help)",
};

static void add(help *h, sm_line *line)
{
	g_ptr_array_add(h->lines, line);
}

static void section(help *h, const char *title)
{
	if (h->lines->len)
		add(h, sm_line_new("", SM_COLOR_DEFAULT));
	add(h, sm_line_new(title, SM_COLOR_SECTION));
}

/* "  KEYS   action   help" with KEYS padded to KEY_WIDTH cells. */
static void binding_line(help *h, const char *keys, int key_width, sm_action action)
{
	GString *text = g_string_new("  ");
	g_string_append(text, keys);
	g_string_append_printf(text, "%*s ", MAX(key_width - sm_text_width(keys, -1), 0), "");
	sm_line *line = sm_line_new(text->str, SM_COLOR_HELP_KEY);
	g_string_printf(text, "%-22s ", sm_action_name(action));
	sm_line_append(line, text->str, SM_COLOR_DEFAULT);
	set_indent(line, sm_text_width(line->text, -1));
	sm_line_append(line, sm_action_help(action), SM_COLOR_DIM);
	add(h, line);
	g_string_free(text, TRUE);
}

/* The keys bound to each action in VIEW's own key map ("" when none). */
static GPtrArray *keys_by_action(const sm_keymap *keymap, sm_keymap_view view)
{
	GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
	const GPtrArray *bindings = sm_keymap_bindings(keymap);
	for (int a = 0; a < SM_ACTION_COUNT; a++) {
		GString *s = g_string_new(NULL);
		for (guint i = 0; i < bindings->len; i++) {
			const sm_binding *b = bindings->pdata[i];
			if (b->view != view || b->action != (sm_action)a)
				continue;
			if (s->len)
				g_string_append(s, ", ");
			sm_keys_format(s, b->keys, b->nkeys);
		}
		g_ptr_array_add(keys, g_string_free(s, FALSE));
	}
	return keys;
}

/* "  KEY  " in the key colour, then TEXT: one line of the legend. */
static sm_line *legend_line(const char *key, const char *text)
{
	char *padded = g_strdup_printf("  %-6s ", key);
	sm_line *line = sm_line_new(padded, SM_COLOR_HELP_KEY);
	set_indent(line, sm_text_width(line->text, -1));
	sm_line_append(line, text, SM_COLOR_DEFAULT);
	g_free(padded);
	return line;
}

/* "  X name" in X's own colour, appended to LINE. */
static void legend_item(sm_line *line, char mark, sm_color color, const char *name)
{
	char cell[5] = { ' ', ' ', mark, ' ', 0 };
	sm_line_append(line, cell, color);
	sm_line_append(line, name, SM_COLOR_DEFAULT);
}

/* Every cell of the patch list, by its column header. */
static void legend(help *h)
{
	section(h, "Patch list columns (each letter means one thing only)");
	add(h, legend_line("*", "marked (t, T): actions apply to the marked patches"));
	add(h, legend_line("N", "unread: a notice is new (M marks the patch read or unread)"));
	sm_line *line = legend_line("T", "triage state:");
	for (int s = 0; s < SM_TRIAGE_COUNT; s++)
		legend_item(line, sm_triage_mark((sm_triage)s), sm_color_of_triage((sm_triage)s),
		            sm_triage_name((sm_triage)s));
	add(h, line);
	/* In sm_git_flags_mark's order: one cell shows the first that applies. */
	line = legend_line("G", "git ([git] repo), the first that applies:");
	legend_item(line, sm_git_flags_mark(SM_GIT_FLAG_REVERTED), SM_COLOR_STATE_REVERT,
	            "reverted upstream");
	legend_item(line, sm_git_flags_mark(SM_GIT_FLAG_UNQUEUED_FIX), SM_COLOR_STATE_REVERT,
	            "a fix of it is not queued");
	legend_item(line, sm_git_flags_mark(SM_GIT_FLAG_CONFLICT), SM_COLOR_TREE_FAILED,
	            "will conflict");
	add(h, line);
	add(h, legend_line("M", "maintained: touches your MAINTAINERS sections (a column when you have some)"));
	line = legend_line("6.12..", "one column a tree:");
	for (int s = SM_STATUS_AUTOSEL; s < SM_STATUS_COUNT; s++)
		legend_item(line, sm_status_letter((sm_status)s), sm_color_of_status((sm_status)s),
		            sm_status_name((sm_status)s));
	add(h, line);
	add(h, legend_line("~", "before a tree's letter: an adapted backport, whose diff is not upstream's"));
	add(h, legend_line("due", "nearest review deadline, red under 24 hours, then \"late\""));
	add(h, legend_line("age", "since the newest notice (your own replies do not count)"));

	section(h, "Limit terms (joined by and, or, not, -term, parentheses)");
	static const char *const terms[][2] = {
		{ "tree:6.1", "touched tree 6.1" },
		{ "kind:failed", "has a notice of that kind (autosel, review, queued, failed, ...)" },
		{ "status:queued", "some tree is at that step" },
		{ "state:untriaged", "triage state (approved, hold, revert, drop, resolving, done)" },
		{ "deadline:<24h", "review deadline within 24 hours (also >2d, late, any, none)" },
		{ "age:<2d", "newest notice younger than 2 days" },
		{ "author:TEXT", "TEXT in the author; subject:TEXT in the subject" },
		{ "upstream:1a2b", "upstream commit id starts with 1a2b" },
		{ "mine", "sent to one of your addresses (notmuch config)" },
		{ "maintained", "touches a file of your MAINTAINERS sections" },
		{ "file:GLOB", "touches a file GLOB matches (drivers/usb/**)" },
		{ "unread", "has unread notices" },
		{ "TEXT", "TEXT in the subject or the author" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(terms); i++) {
		char *text = g_strdup_printf("  %-18s ", terms[i][0]);
		sm_line *line = sm_line_new(text, SM_COLOR_HELP_KEY);
		set_indent(line, sm_text_width(line->text, -1));
		sm_line_append(line, terms[i][1], SM_COLOR_DEFAULT);
		add(h, line);
		g_free(text);
	}
}

static void build(sm_tui *tui, help *h)
{
	const sm_keymap *keymap = sm_tui_keymap(tui);
	GPtrArray *keys[SM_KEYMAP_COUNT];
	gboolean bound[SM_ACTION_COUNT] = { FALSE };
	int key_width = 6;

	section(h, "Key bindings");
	const GPtrArray *files = sm_keymap_files(keymap);
	for (guint i = 0; i < files->len; i++) {
		char *text = g_strdup_printf("  from %s", (char *)files->pdata[i]);
		add(h, sm_line_new(text, SM_COLOR_DIM));
		g_free(text);
	}
	for (int v = 0; v < SM_KEYMAP_COUNT; v++) {
		keys[v] = keys_by_action(keymap, (sm_keymap_view)v);
		for (int a = 0; a < SM_ACTION_COUNT; a++)
			key_width = MAX(key_width, MIN(sm_text_width(keys[v]->pdata[a], -1), 20));
	}
	for (int v = 0; v < SM_KEYMAP_COUNT; v++) {
		gboolean any = FALSE;
		for (int a = SM_ACTION_NONE + 1; a < SM_ACTION_COUNT; a++) {
			const char *k = keys[v]->pdata[a];
			if (!*k)
				continue;
			if (!any)
				section(h, section_titles[v]);
			any = TRUE;
			bound[a] = TRUE;
			binding_line(h, k, key_width, (sm_action)a);
		}
	}
	gboolean any = FALSE;
	for (int a = SM_ACTION_NONE + 1; a < SM_ACTION_COUNT; a++) {
		if (bound[a])
			continue;
		if (!any)
			section(h, "Not bound to a key (run them with :name)");
		any = TRUE;
		binding_line(h, "", key_width, (sm_action)a);
	}
	for (int v = 0; v < SM_KEYMAP_COUNT; v++)
		g_ptr_array_unref(keys[v]);
	legend(h);
}

/* Break each line at words for WIDTH cells (its rows after the first
 * indented), the cursor staying on its line. */
static void layout(sm_view *view, int width)
{
	help *h = view->data;
	guint at = view->cursor < h->rows->len
		? g_array_index(h->rows, help_row, view->cursor).line : 0;
	GArray *wrapped = g_array_new(FALSE, FALSE, sizeof(sm_wrap_row));
	g_array_set_size(h->rows, 0);
	view->cursor = 0;
	for (guint i = 0; i < h->lines->len; i++) {
		const sm_line *line = h->lines->pdata[i];
		int indent = GPOINTER_TO_INT(line->data);
		/* Too narrow to indent: the rows start at the edge. */
		if (width - indent < 20)
			indent = 0;
		g_array_set_size(wrapped, 0);
		sm_text_wrap(line->text, strlen(line->text), width, width - indent, wrapped);
		if (i == at)
			view->cursor = h->rows->len;
		for (guint r = 0; r < wrapped->len; r++) {
			help_row row = { i, g_array_index(wrapped, sm_wrap_row, r) };
			g_array_append_val(h->rows, row);
		}
	}
	g_array_unref(wrapped);
	view->lines = h->rows->len;
	sm_view_clamp(view);
}

static void draw(sm_view *view, guint line, int y, int width, gboolean selected)
{
	help *h = view->data;
	const help_row *row = &g_array_index(h->rows, help_row, line);
	const sm_line *l = h->lines->pdata[row->line];
	attr_t extra = selected ? A_REVERSE : 0;
	(void)y;
	if (row->bytes.start > 0) {
		int indent = GPOINTER_TO_INT(l->data);
		indent = width - indent < 20 ? 0 : indent;
		sm_draw_blank(indent, sm_color_attr(SM_COLOR_DEFAULT) | extra);
		width -= indent;
	}
	sm_draw_line(l, row->bytes.start, row->bytes.end, width, extra, sm_tui_search(view->tui));
}

static gboolean grep(sm_view *view, guint line, const GRegex *regex)
{
	help *h = view->data;
	const help_row *row = &g_array_index(h->rows, help_row, line);
	const char *text = ((sm_line *)h->lines->pdata[row->line])->text;
	return g_regex_match_full(regex, text, row->bytes.end, row->bytes.start, 0, NULL, NULL);
}

static void done(sm_view *view)
{
	help *h = view->data;
	g_ptr_array_unref(h->lines);
	g_array_unref(h->rows);
	g_free(h);
}

static const sm_view_ops help_ops = {
	.name = "help",
	.keymap = SM_KEYMAP_HELP,
	.draw = draw,
	.grep = grep,
	.layout = layout,
	.done = done,
};

sm_view *sm_view_help_new(sm_tui *tui)
{
	help *h = g_new0(help, 1);
	h->lines = g_ptr_array_new_with_free_func((GDestroyNotify)sm_line_free);
	h->rows = g_array_new(FALSE, FALSE, sizeof(help_row));
	build(tui, h);
	return sm_view_new(tui, &help_ops, h);
}
