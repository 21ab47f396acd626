/* view-list.c - the patch list: one line per patch.
 *
 *   *NTG 6.12  6.6  6.1 5.15     due  age author           subject
 *    N?             R    F    1d 4h   3d Sasha Levin      PM / devfreq: ...
 *
 * Four one-cell columns (marked, unread, triage state, the git flag of
 * sm_git_flags_mark()), a fifth, M, when the user has MAINTAINERS sections
 * (the patch is in one: sm_maintainers_covers), the per-tree status matrix under the trees' full
 * names, the nearest review deadline counting down, age, author and
 * subject.  No letter means two things anywhere in a row (the help's
 * legend lists them all).
 *
 * Each patch becomes a row when the data changes: the row keeps cleaned
 * copies of what it draws and the cell widths, so drawing does no string
 * work twice, and the list can still be drawn while a refresh rebuilds the
 * group.  Limit and sort only reorder rows.  The git mark is asked of the
 * worker as a row is drawn, until its final answer is in (then kept).
 */
#include <string.h>
#include "view.h"

/* Cells for the countdown: "10d 23h", "23h 59m". */
#define DUE_WIDTH 7

typedef enum { SORT_URGENCY, SORT_DEADLINE, SORT_DATE, SORT_SUBJECT, SORT_COUNT } sort_order;
static const char *const sort_names[SORT_COUNT] = { "urgency", "deadline", "date", "subject" };

/* A row's status byte: the sm_status, and this bit for an adapted backport. */
#define ADAPTED 0x80

typedef struct row {
	char *key;
	char *subject;       /* cleaned */
	char *author;        /* cleaned display name */
	char *collate;       /* case-folded subject, made when first sorted by
	                        subject (collation keys cost ten times more) */
	int subject_width, author_width;
	sm_fit subject_fit, author_fit; /* measured for the room last drawn in */
	gint64 deadline, date;
	sm_triage state;
	gboolean unread;
	gboolean needs;      /* sm_patch_needs_decision(), for the urgency order */
	gboolean maintained; /* in the user's MAINTAINERS sections */
	guint8 *status;      /* sm_status per sm_tui_trees() entry, | ADAPTED when the
	                        tree's diff is not the patch's (sm_tree_status.adapted) */
	char git_mark;       /* sm_git_flags_mark(), ' ' until known */
	gboolean git_final;  /* the mark will not change (until data_changed) */
	sm_git_query *git_query; /* made when first drawn, freed when final */
	sm_patch *patch;     /* only while the data is not busy */
} row;

typedef struct list {
	GPtrArray *rows;     /* row*, one per patch, owned */
	GPtrArray *shown;    /* row*, limited and sorted, borrowed */
	GHashTable *shown_keys; /* the keys of shown, made when first asked */
	sm_filter *filter;
	char *filter_text;   /* as typed, for the title; NULL when none */
	gboolean pending;    /* the limit waits for a load to end */
	char *kept_key;      /* the selection while nothing is shown: it comes back with the rows */
	sort_order sort;
	gboolean reverse;    /* the order turned round (sort-reverse) */
	/* Layout for the current width and trees. */
	guint ntrees;        /* tree columns shown */
	int tree_width;      /* cells per tree column, with its separator */
	char **labels;       /* column labels, one per sm_tui_trees() entry */
	int author_width;    /* 0: no author column */
	gboolean maintainers; /* the M column: the user has MAINTAINERS sections */
	gboolean age, deadline;
} list;

static void row_free(gpointer data)
{
	row *r = data;
	g_free(r->key);
	g_free(r->subject);
	g_free(r->author);
	g_free(r->collate);
	g_free(r->status);
	sm_git_query_free(r->git_query);
	g_free(r);
}

static row *row_new(const sm_patch *patch, GHashTable *tree_index, guint ntrees,
                    sm_maintainers *maintainers)
{
	row *r = g_new0(row, 1);
	char *name = sm_display_name(patch->author ? patch->author
	                             : patch->sender ? patch->sender : "");
	r->key = g_strdup(sm_patch_key(patch));
	r->subject = sm_text_clean(patch->subject ? patch->subject : "", -1, FALSE);
	r->author = sm_text_clean(name, -1, FALSE);
	r->subject_width = sm_text_width(r->subject, -1);
	r->author_width = sm_text_width(r->author, -1);
	r->subject_fit.room = r->author_fit.room = -1;
	r->deadline = patch->deadline;
	r->date = patch->news;
	r->state = patch->state;
	r->unread = patch->unread;
	r->needs = sm_patch_needs_decision(patch);
	r->maintained = maintainers && sm_maintainers_covers(maintainers, patch);
	r->status = g_new0(guint8, MAX(ntrees, 1));
	r->git_mark = ' ';
	for (guint t = 0; patch->trees && t < patch->trees->len; t++) {
		sm_tree_status *ts = patch->trees->pdata[t];
		gpointer index;
		if (g_hash_table_lookup_extended(tree_index, ts->tree, NULL, &index))
			r->status[GPOINTER_TO_UINT(index)] =
				(guint8)ts->status | (ts->adapted ? ADAPTED : 0);
	}
	r->patch = (sm_patch *)patch;
	g_free(name);
	return r;
}

static void clear_shown(list *l)
{
	g_ptr_array_set_size(l->shown, 0);
	g_clear_pointer(&l->shown_keys, g_hash_table_unref);
}

static row *cursor_row(sm_view *view)
{
	list *l = view->data;
	return view->cursor < l->shown->len ? l->shown->pdata[view->cursor] : NULL;
}

/* The git mark of R: asked of the worker (it never blocks) until the
 * answer is final, i.e. has its follow-ups. */
static char git_mark(sm_tui *tui, row *r)
{
	if (!sm_tui_git(tui) || r->git_final || sm_tui_data_busy(tui) || !r->patch)
		return r->git_mark;
	if (!r->git_query && !(r->git_query = sm_git_query_new(r->patch, FALSE))) {
		r->git_final = TRUE; /* no upstream id: nothing to ask */
		return r->git_mark;
	}
	const sm_git_info *info = sm_git_worker_get(sm_tui_git(tui), r->git_query);
	if (info) {
		r->git_mark = sm_git_flags_mark(sm_git_info_flags(info, r->patch));
		if (!info->followups_pending) {
			r->git_final = TRUE;
			sm_git_query_free(r->git_query);
			r->git_query = NULL;
		}
	}
	return r->git_mark;
}

/* --- sorting --- */

static gint64 now_for_sort;

/* Upcoming deadlines first, nearest first; then the ones already past,
 * most recent first; then patches without one. */
static int deadline_rank(const row *r)
{
	if (!r->deadline)
		return 2;
	return r->deadline > now_for_sort ? 0 : 1;
}

/* The default order, what needs the user first: open review deadlines
 * (nearest first), then the patches waiting for a decision, then the
 * rest.  The index stores the same order (core/patch/index-write.c,
 * sm_index_head), so that the first screen is the whole list's. */
static int urgency_rank(const row *r)
{
	if (r->deadline > now_for_sort)
		return 0;
	return r->needs ? 1 : 2;
}

static int compare_rows(const row *a, const row *b, sort_order sort)
{
	int c = 0;
	switch (sort) {
	case SORT_URGENCY:
		c = urgency_rank(a) - urgency_rank(b);
		if (!c && urgency_rank(a) == 0 && a->deadline != b->deadline)
			c = a->deadline < b->deadline ? -1 : 1;
		break;
	case SORT_DEADLINE:
		c = deadline_rank(a) - deadline_rank(b);
		if (!c && a->deadline != b->deadline)
			c = (a->deadline < b->deadline ? -1 : 1) * (deadline_rank(a) == 0 ? 1 : -1);
		break;
	case SORT_SUBJECT:
		c = strcmp(a->collate, b->collate);
		break;
	default:
		break;
	}
	if (!c && a->date != b->date)
		c = a->date > b->date ? -1 : 1;
	return c ? c : strcmp(a->key, b->key);
}

static int by_urgency(gconstpointer a, gconstpointer b)
{
	return compare_rows(*(row *const *)a, *(row *const *)b, SORT_URGENCY);
}

static int by_deadline(gconstpointer a, gconstpointer b)
{
	return compare_rows(*(row *const *)a, *(row *const *)b, SORT_DEADLINE);
}

static int by_date(gconstpointer a, gconstpointer b)
{
	return compare_rows(*(row *const *)a, *(row *const *)b, SORT_DATE);
}

static int by_subject(gconstpointer a, gconstpointer b)
{
	return compare_rows(*(row *const *)a, *(row *const *)b, SORT_SUBJECT);
}

static void sort_shown(sm_view *view)
{
	list *l = view->data;
	static GCompareFunc const compare[SORT_COUNT] = {
		by_urgency, by_deadline, by_date, by_subject,
	};
	if (l->sort == SORT_SUBJECT)
		for (guint i = 0; i < l->shown->len; i++) {
			row *r = l->shown->pdata[i];
			if (!r->collate)
				r->collate = g_utf8_casefold(r->subject, -1);
		}
	now_for_sort = sm_tui_now(view->tui);
	g_ptr_array_sort(l->shown, compare[l->sort]);
	for (guint i = 0, j = l->shown->len; l->reverse && i + 1 < j; i++, j--) {
		gpointer swap = l->shown->pdata[i];
		l->shown->pdata[i] = l->shown->pdata[j - 1];
		l->shown->pdata[j - 1] = swap;
	}
}

/* "deadline", "date, reversed": what the title and the status line say. */
static void sort_describe(const list *l, GString *out)
{
	g_string_append_printf(out, "by %s%s", sort_names[l->sort], l->reverse ? ", reversed" : "");
}

/* --- limit --- */

/* The key of the row selected, or of the one kept while none is shown.
 * Caller frees. */
static char *selected_key(sm_view *view)
{
	list *l = view->data;
	row *selected = cursor_row(view);
	return g_strdup(selected ? selected->key : l->kept_key);
}

/* Put the cursor on the row with KEY, keeping its place on the screen;
 * when that row is gone, stay near the old position. */
static void select_key(sm_view *view, const char *key, guint old_cursor, guint old_offset)
{
	list *l = view->data;
	guint found = MIN(old_cursor, l->shown->len ? l->shown->len - 1 : 0);
	for (guint i = 0; key && i < l->shown->len; i++)
		if (strcmp(((row *)l->shown->pdata[i])->key, key) == 0) {
			found = i;
			break;
		}
	if (!l->shown->len && key && key != l->kept_key) {
		g_free(l->kept_key);
		l->kept_key = g_strdup(key);
	} else if (l->shown->len) {
		g_clear_pointer(&l->kept_key, g_free);
	}
	view->lines = l->shown->len;
	view->cursor = found;
	guint above = old_cursor >= old_offset ? old_cursor - old_offset : 0;
	view->offset = found >= above ? found - above : 0;
	sm_view_clamp(view);
	sm_tui_redraw(view->tui);
}

/* Recompute the rows shown from all rows: limit, then sort. */
static void apply(sm_view *view)
{
	list *l = view->data;
	sm_tui *tui = view->tui;
	char *key = selected_key(view);
	sm_filter_ctx ctx = { .now = sm_tui_now(tui) };

	if (l->filter && sm_tui_data_busy(tui)) {
		l->pending = TRUE;
		g_free(key);
		return;
	}
	if (l->filter && sm_filter_needs_mine(l->filter)) {
		ctx.mine = sm_tui_mine(tui);
		if (!ctx.mine && sm_tui_job_running(tui)) {
			l->pending = TRUE;
			sm_tui_message(tui, "The limit applies when loading ends");
			g_free(key);
			return;
		}
	}
	if (l->filter && sm_filter_needs_maintainers(l->filter))
		ctx.maintainers = sm_tui_maintainers(tui); /* NULL: matches nothing */
	l->pending = FALSE;
	clear_shown(l);
	for (guint i = 0; i < l->rows->len; i++) {
		row *r = l->rows->pdata[i];
		if (!l->filter || sm_filter_match(l->filter, r->patch, &ctx))
			g_ptr_array_add(l->shown, r);
	}
	sort_shown(view);
	select_key(view, key, view->cursor, view->offset);
	g_free(key);
}

static void limit_done(sm_tui *tui, const char *text, gpointer data)
{
	sm_view *view = data;
	list *l = view->data;
	GError *error = NULL;
	if (!text)
		return;
	sm_filter *filter = sm_filter_parse(text, &error);
	if (!filter) {
		sm_tui_error(tui, "Limit: %s", error->message);
		g_error_free(error);
		return;
	}
	sm_filter_free(l->filter);
	g_free(l->filter_text);
	char *stripped = g_strstrip(g_strdup(text));
	if (*stripped) {
		l->filter = filter;
		l->filter_text = stripped;
	} else {
		sm_filter_free(filter);
		g_free(stripped);
		l->filter = NULL;
		l->filter_text = NULL;
	}
	apply(view);
	if (l->filter && !l->pending && !l->shown->len && l->rows->len)
		sm_tui_message(tui, "Limit: no patch matches %s (l changes it; l C-u Enter shows all %u)",
		               l->filter_text, l->rows->len);
}

/* Tab in the limit prompt completes terms, with the trees loaded. */
static const char *const *limit_words(sm_tui *tui)
{
	static GPtrArray *words;
	if (words)
		g_ptr_array_unref(words);
	words = g_ptr_array_new_with_free_func(g_free);
	static const char *const fixed[] = {
		"mine", "maintained", "file:", "unread", "deadline:<24h", "deadline:<48h", "deadline:late",
		"deadline:any", "deadline:none", "age:<1d", "age:<7d", "author:", "subject:",
		"upstream:", "not", "or",
	};
	for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++)
		g_ptr_array_add(words, g_strdup(fixed[i]));
	const GPtrArray *trees = sm_tui_trees(tui);
	for (guint i = 0; i < trees->len; i++)
		g_ptr_array_add(words, g_strconcat("tree:", trees->pdata[i], NULL));
	for (int k = SM_KIND_AUTOSEL; k < SM_KIND_COUNT; k++)
		g_ptr_array_add(words, g_strconcat("kind:", sm_kind_name((sm_kind)k), NULL));
	for (int s = SM_STATUS_AUTOSEL; s < SM_STATUS_COUNT; s++)
		g_ptr_array_add(words, g_strconcat("status:", sm_status_name((sm_status)s), NULL));
	for (int s = 0; s < SM_TRIAGE_COUNT; s++)
		g_ptr_array_add(words, g_strconcat("state:", sm_triage_name((sm_triage)s), NULL));
	g_ptr_array_add(words, NULL);
	return (const char *const *)words->pdata;
}

/* Tab in the query prompt completes notmuch's search terms
 * (notmuch-search-terms(7)), as the limit prompt completes its own. */
static const char *const *query_words(sm_tui *tui)
{
	static const char *const words[] = {
		"from:", "to:", "subject:", "body:", "tag:", "id:", "mid:", "thread:", "folder:",
		"path:", "date:", "lastmod:", "attachment:", "mimetype:", "property:", "query:",
		"and", "or", "not", "xor", NULL,
	};
	(void)tui;
	return words;
}

/* The query prompt starts from the query in force: the one narrowing the
 * config's, else the config's own ([search] query), which the store
 * always applies (what is typed narrows it).  Given back unchanged, the
 * config's query is no narrowing at all. */
static void query_done(sm_tui *tui, const char *text, gpointer data)
{
	(void)data;
	if (!text)
		return;
	char *stripped = g_strstrip(g_strdup(text));
	sm_tui_reload(tui, strcmp(stripped, sm_tui_config(tui)->query) == 0 ? NULL : stripped);
	g_free(stripped);
}

/* --- layout and drawing --- */

/* Column labels: the trees' full names ("6.12", "5.15"), so that no
 * column is read as another tree. */
static void make_labels(sm_view *view)
{
	list *l = view->data;
	const GPtrArray *trees = sm_tui_trees(view->tui);
	int width = 3;
	g_strfreev(l->labels);
	l->labels = g_new0(char *, trees->len + 1);
	for (guint i = 0; i < trees->len; i++) {
		l->labels[i] = sm_text_clean(trees->pdata[i], -1, FALSE);
		width = MAX(width, sm_text_width(l->labels[i], -1));
	}
	l->tree_width = width + 1;
}

/* Decide which columns fit in WIDTH: the subject keeps at least 20
 * cells; the author goes first, then age, then trees, then the deadline. */
static void layout(sm_view *view, int width)
{
	list *l = view->data;
	guint ntrees = sm_tui_trees(view->tui)->len;
	int fixed = 5 + l->maintainers; /* the one-cell columns and a space */

	l->deadline = l->age = TRUE;
	l->ntrees = ntrees;
	l->author_width = width >= 140 ? 22 : width >= 100 ? 18 : 14;
	for (;;) {
		int used = fixed + (int)l->ntrees * l->tree_width + (l->deadline ? DUE_WIDTH + 1 : 0) +
		           (l->age ? 5 : 0) + (l->author_width ? l->author_width + 1 : 0);
		if (width - used >= 20 || (!l->deadline && l->ntrees == 0))
			break;
		if (l->author_width)
			l->author_width = 0;
		else if (l->age)
			l->age = FALSE;
		else if (l->ntrees > 0)
			l->ntrees--;
		else
			l->deadline = FALSE;
	}
}

static int header_lines(sm_view *view)
{
	(void)view;
	return 1;
}

static void draw_header(sm_view *view, int y, int width)
{
	list *l = view->data;
	attr_t attr = sm_color_attr(SM_COLOR_HEADER);
	/* The one-cell columns: marked, unread (N), triage, git, maintained. */
	GString *s = g_string_new(l->maintainers ? "*NTGM " : "*NTG ");
	(void)y;
	for (guint t = 0; t < l->ntrees; t++)
		g_string_append_printf(s, "%*s%s ",
		                       l->tree_width - 1 - sm_text_width(l->labels[t], -1), "",
		                       l->labels[t]);
	if (l->deadline)
		g_string_append_printf(s, "%*s ", DUE_WIDTH, "due");
	if (l->age)
		g_string_append(s, " age ");
	if (l->author_width)
		g_string_append_printf(s, "%-*s ", l->author_width, "author");
	g_string_append(s, "subject");
	int used = sm_draw_text(s->str, -1, width, attr);
	sm_draw_blank(width - used, attr);
	g_string_free(s, TRUE);
}

/* Draw TEXT in exactly CELLS cells, padded on the left when RIGHT. */
static int draw_cell(const char *text, int text_width, int cells, gboolean right,
                     attr_t attr, attr_t pad_attr)
{
	int pad = MAX(cells - text_width, 0);
	if (right)
		sm_draw_blank(pad, pad_attr);
	int used = sm_draw_text(text, -1, cells - (right ? pad : 0), attr);
	if (!right)
		sm_draw_blank(cells - used, pad_attr);
	else
		sm_draw_blank(cells - pad - used, pad_attr);
	return cells;
}

/* Draw cached TEXT in exactly ROOM cells, measured once per room. */
static int draw_text_cell(const char *text, int text_width, sm_fit *fit, int room,
                          attr_t attr, attr_t pad_attr)
{
	sm_fit_update(fit, text, text_width, room);
	sm_draw_measured(text, fit->bytes, attr);
	sm_draw_blank(room - fit->cells, pad_attr);
	return room;
}

static void draw(sm_view *view, guint line, int y, int width, gboolean selected)
{
	list *l = view->data;
	sm_tui *tui = view->tui;
	row *r = l->shown->pdata[line];
	attr_t extra = selected ? A_REVERSE : 0;
	attr_t plain = sm_color_attr(SM_COLOR_DEFAULT) | extra;
	GString *s = g_string_new(NULL);
	int x = 0;
	char flag[2] = " ";
	(void)y;

#define CELL(text, text_width, cells, right, color) do {                                \
		if (x + (cells) > width)                                                \
			goto out;                                                       \
		x += draw_cell(text, text_width, cells, right,                          \
		               sm_color_attr(color) | extra, plain);                    \
	} while (0)

	flag[0] = sm_tui_marked(tui, r->key) ? '*' : ' ';
	CELL(flag, 1, 1, FALSE, SM_COLOR_MARK);
	flag[0] = r->unread ? 'N' : ' ';
	CELL(flag, 1, 1, FALSE, SM_COLOR_UNREAD);
	flag[0] = sm_triage_mark(r->state);
	CELL(flag, 1, 1, FALSE, sm_color_of_triage(r->state));
	flag[0] = git_mark(tui, r);
	CELL(flag, 1, 1, FALSE, flag[0] == 'C' ? SM_COLOR_TREE_FAILED : SM_COLOR_STATE_REVERT);
	if (l->maintainers)
		CELL(r->maintained ? "M" : " ", 1, 1, FALSE, SM_COLOR_AUTHOR);
	CELL("", 0, 1, FALSE, SM_COLOR_DEFAULT);
	for (guint t = 0; t < l->ntrees; t++) {
		/* "~Q": queued, but another change than upstream's: look closer. */
		sm_status status = (sm_status)(r->status[t] & ~ADAPTED);
		char cell[3] = { '~', sm_status_letter(status), '\0' };
		gboolean adapted = (r->status[t] & ADAPTED) != 0;
		CELL(cell + !adapted, 1 + adapted, l->tree_width - 1, TRUE, sm_color_of_status(status));
		CELL("", 0, 1, FALSE, SM_COLOR_DEFAULT);
	}
	if (l->deadline) {
		if (r->deadline)
			sm_format_countdown(s, r->deadline, sm_tui_now(tui));
		CELL(s->str, (int)s->len, DUE_WIDTH, TRUE, sm_color_of_deadline(r->deadline, sm_tui_now(tui)));
		CELL("", 0, 1, FALSE, SM_COLOR_DEFAULT);
	}
	if (l->age) {
		g_string_truncate(s, 0);
		if (r->date)
			sm_format_age(s, r->date, sm_tui_now(tui));
		CELL(s->str, (int)s->len, 4, TRUE, SM_COLOR_AGE);
		CELL("", 0, 1, FALSE, SM_COLOR_DEFAULT);
	}
	if (l->author_width && x + l->author_width + 1 <= width) {
		x += draw_text_cell(r->author, r->author_width, &r->author_fit, l->author_width,
		                    sm_color_attr(SM_COLOR_AUTHOR) | extra, plain);
		CELL("", 0, 1, FALSE, SM_COLOR_DEFAULT);
	}
	if (x < width) {
		sm_color color = r->state == SM_TRIAGE_UNTRIAGED ? SM_COLOR_SUBJECT_UNTRIAGED
		                                                 : SM_COLOR_DEFAULT;
		x += draw_text_cell(r->subject, r->subject_width, &r->subject_fit, width - x,
		                    sm_color_attr(color) | extra, plain);
	}
out:
#undef CELL
	sm_draw_blank(width - x, plain);
	g_string_free(s, TRUE);
}

static void title(sm_view *view, GString *out)
{
	list *l = view->data;
	guint marked = sm_tui_mark_count(view->tui);
	if (sm_tui_query(view->tui))
		g_string_append_printf(out, " · query:%s", sm_tui_query(view->tui));
	if (l->filter_text)
		g_string_append_printf(out, " · %s%s", l->filter_text, l->pending ? " (pending)" : "");
	g_string_append(out, " · ");
	sort_describe(l, out);
	if (marked)
		g_string_append_printf(out, " · %u marked", marked);
	if (sm_tui_loading(view->tui))
		g_string_append(out, " · loading");
}

/* The body of an empty list: why, and the key that changes it. */
static void empty(sm_view *view, GString *out)
{
	list *l = view->data;
	sm_tui *tui = view->tui;
	if (!sm_tui_loaded(tui) || sm_tui_loading(tui))
		return;
	if (l->rows->len && l->filter_text)
		g_string_printf(out, "No patch matches the limit %s: l changes it, "
		                "l C-u Enter shows all %u.", l->filter_text, l->rows->len);
	else if (sm_tui_query(tui))
		g_string_printf(out, "No stable notice matches query:%s: L changes the query, "
		                "L C-u Enter goes back to all the mail.", sm_tui_query(tui));
	else if (!l->rows->len)
		g_string_printf(out, "No stable notice in the mail that [search] query finds "
		                "(R reads the mail again).");
}

/* --- data and actions --- */

static void data_changed(sm_view *view)
{
	list *l = view->data;
	sm_tui *tui = view->tui;
	char *key = selected_key(view);
	guint cursor = view->cursor, offset = view->offset;
	sm_group *group = sm_tui_group(tui);
	const GPtrArray *trees = sm_tui_trees(tui);
	GPtrArray *patches = group ? sm_group_patches(group) : NULL;
	GHashTable *tree_index = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint t = 0; t < trees->len; t++)
		g_hash_table_insert(tree_index, trees->pdata[t], GUINT_TO_POINTER(t));
	clear_shown(l);
	g_ptr_array_set_size(l->rows, 0);
	sm_maintainers *maintainers = sm_tui_maintainers_held(tui);
	l->maintainers = maintainers != NULL;
	for (guint i = 0; patches && i < patches->len; i++)
		g_ptr_array_add(l->rows, row_new(patches->pdata[i], tree_index, trees->len,
		                                 maintainers));
	g_hash_table_unref(tree_index);
	make_labels(view);
	layout(view, view->width);

	clear_shown(l);
	if (l->filter) {
		apply(view);
	} else {
		g_ptr_array_extend(l->shown, l->rows, NULL, NULL);
		sort_shown(view);
	}
	select_key(view, key, cursor, offset);
	g_free(key);
}

static gboolean request(sm_view *view, sm_action action)
{
	list *l = view->data;
	sm_tui *tui = view->tui;
	row *r = cursor_row(view);

	switch (action) {
	case SM_ACTION_ENTER:
		if (r)
			sm_view_push(tui, sm_view_patch_new(tui, r->key));
		return TRUE;
	case SM_ACTION_LIMIT:
		sm_prompt_open(tui, "Limit: ", l->filter_text, limit_done, view, limit_words);
		return TRUE;
	case SM_ACTION_LIMIT_MAINTAINED:
		/* The saved limit, a toggle: "maintained", then everything. */
		limit_done(tui, l->filter_text && strcmp(l->filter_text, "maintained") == 0
		                        ? "" : "maintained", view);
		return TRUE;
	case SM_ACTION_QUERY:
		sm_prompt_open(tui, "Notmuch query: ", sm_tui_query(tui) ? sm_tui_query(tui) : sm_tui_config(tui)->query,
		               query_done, NULL, query_words);
		return TRUE;
	case SM_ACTION_SORT:
	case SM_ACTION_SORT_REVERSE:
		if (action == SM_ACTION_SORT)
			l->sort = (l->sort + 1) % SORT_COUNT;
		else
			l->reverse = !l->reverse;
		{
			char *key = r ? g_strdup(r->key) : NULL;
			GString *said = g_string_new("Sorted ");
			sort_shown(view);
			select_key(view, key, view->cursor, view->offset);
			sort_describe(l, said);
			g_string_append(said, " (o: urgency, deadline, date, subject in turn; O reverses)");
			sm_tui_message(tui, "%s", said->str);
			g_string_free(said, TRUE);
			g_free(key);
		}
		return TRUE;
	case SM_ACTION_MARK:
		if (r) {
			sm_tui_mark(tui, r->key, !sm_tui_marked(tui, r->key));
			sm_view_move(view, SM_ACTION_MOVE_DOWN);
		}
		return TRUE;
	case SM_ACTION_MARK_ALL: {
		gboolean all = l->shown->len > 0;
		for (guint i = 0; all && i < l->shown->len; i++)
			all = sm_tui_marked(tui, ((row *)l->shown->pdata[i])->key);
		for (guint i = 0; i < l->shown->len; i++)
			sm_tui_mark(tui, ((row *)l->shown->pdata[i])->key, !all);
		sm_tui_message(tui, all ? "Unmarked %u patches" : "Marked %u patches", l->shown->len);
		return TRUE;
	}
	default:
		return FALSE;
	}
}

static gboolean grep(sm_view *view, guint line, const GRegex *regex)
{
	list *l = view->data;
	row *r = l->shown->pdata[line];
	return g_regex_match(regex, r->subject, 0, NULL) ||
	       g_regex_match(regex, r->author, 0, NULL);
}

static void patch_changed(sm_view *view, const char *key)
{
	list *l = view->data;
	sm_patch *patch = sm_tui_patch(view->tui, key);
	for (guint i = 0; patch && i < l->rows->len; i++) {
		row *r = l->rows->pdata[i];
		if (strcmp(r->key, key) == 0)
			r->unread = patch->unread;
	}
}

static gboolean shown(sm_view *view, const char *key)
{
	list *l = view->data;
	if (!l->shown_keys) {
		l->shown_keys = g_hash_table_new(g_str_hash, g_str_equal);
		for (guint i = 0; i < l->shown->len; i++)
			g_hash_table_add(l->shown_keys, ((row *)l->shown->pdata[i])->key);
	}
	return g_hash_table_contains(l->shown_keys, key);
}

static sm_patch *patch(sm_view *view)
{
	row *r = cursor_row(view);
	return r ? sm_tui_patch(view->tui, r->key) : NULL;
}

static void done(sm_view *view)
{
	list *l = view->data;
	clear_shown(l);
	g_ptr_array_unref(l->shown);
	g_ptr_array_unref(l->rows);
	sm_filter_free(l->filter);
	g_free(l->filter_text);
	g_free(l->kept_key);
	g_strfreev(l->labels);
	g_free(l);
}

static const sm_view_ops list_ops = {
	.name = "patches",
	.keymap = SM_KEYMAP_LIST,
	.header_lines = header_lines,
	.draw_header = draw_header,
	.draw = draw,
	.title = title,
	.request = request,
	.grep = grep,
	.layout = layout,
	.data_changed = data_changed,
	.patch = patch,
	.shown = shown,
	.patch_changed = patch_changed,
	.empty = empty,
	.done = done,
};

sm_view *sm_view_list_new(sm_tui *tui)
{
	list *l = g_new0(list, 1);
	l->rows = g_ptr_array_new_with_free_func(row_free);
	l->shown = g_ptr_array_new();
	l->labels = g_new0(char *, 1);
	l->tree_width = 4;
	return sm_view_new(tui, &list_ops, l);
}
