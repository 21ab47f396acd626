/* interdiff.c - two diffs of one change compared as `git range-diff`
 * compares a pair (see interdiff.h). */
#include <string.h>
#include "interdiff.h"

#define CONTEXT 3
/* The bytes of a hunk header's name that git keeps (xemit.c). */
#define FUNC_LINE 80

/* One line of a patch text: borrowed from the diff, or made here. */
typedef struct text {
	GPtrArray *lines; /* char* */
	GPtrArray *made;  /* char*: the lines made here, freed with the text */
	GArray *hashes;   /* guint32 per line */
} text;

/* One line of the comparison: its outer mark and the inner line. */
typedef struct entry {
	char mark;
	const char *line;
} entry;

static guint32 line_hash(const char *s)
{
	guint32 h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (guchar)*s) * 16777619u;
	return h;
}

static void add_line(text *t, const char *line)
{
	g_ptr_array_add(t->lines, (gpointer)line);
	guint32 h = line_hash(line);
	g_array_append_val(t->hashes, h);
}

static void add_made(text *t, char *line)
{
	g_ptr_array_add(t->made, line);
	add_line(t, line);
}

/* DIFF as range-diff's read_patches() writes the diff part of a patch. */
static void patch_text(text *t, const sm_diff *diff)
{
	t->lines = g_ptr_array_new();
	t->made = g_ptr_array_new_with_free_func(g_free);
	t->hashes = g_array_new(FALSE, FALSE, sizeof(guint32));
	const char *file = NULL;
	for (guint i = 0; i < diff->hunks->len; i++) {
		const sm_diff_hunk *h = diff->hunks->pdata[i];
		if (!file || strcmp(file, h->file) != 0) {
			file = h->file;
			const char *what = h->old_start == 0 && h->old_lines == 0 ? " (new)"
			                   : h->new_start == 0 && h->new_lines == 0 ? " (deleted)" : "";
			add_line(t, "");
			add_made(t, g_strdup_printf(" ## %s%s ##", file, what));
		}
		add_made(t, h->section && *h->section ? g_strdup_printf("@@ %s: %s", file, h->section)
		                                      : g_strdup("@@"));
		for (guint l = 0; h->lines && l < h->lines->len; l++)
			add_line(t, h->lines->pdata[l]);
	}
}

static void text_clear(text *t)
{
	g_ptr_array_unref(t->lines);
	g_ptr_array_unref(t->made);
	g_array_unref(t->hashes);
}

static gboolean same(const text *a, guint i, const text *b, guint j)
{
	return g_array_index(a->hashes, guint32, i) == g_array_index(b->hashes, guint32, j) &&
	       strcmp(a->lines->pdata[i], b->lines->pdata[j]) == 0;
}

/* Myers' greedy diff of A[a0, a1) and B[b0, b1): the lines only in A
 * and only in B are marked in CA and CB.  The trace keeps each round's
 * furthest points on its diagonals -d..d only, (D+1)^2 ints. */
static void myers(const text *a, guint a0, guint a1, const text *b, guint b0, guint b1,
                  guint8 *ca, guint8 *cb)
{
	int n = (int)(a1 - a0), m = (int)(b1 - b0), max = n + m;
	int *v = g_new0(int, 2 * max + 3);
	/* Round d's diagonals -d..d are at d*d onwards: one growing array,
	 * not an allocation a round. */
	GArray *trace = g_array_new(FALSE, FALSE, sizeof(int));
	int found = -1;
#define V(k) v[max + 1 + (k)]
	for (int d = 0; d <= max && found < 0; d++) {
		for (int k = -d; k <= d; k += 2) {
			int x = k == -d || (k != d && V(k - 1) < V(k + 1)) ? V(k + 1) : V(k - 1) + 1;
			int y = x - k;
			while (x < n && y < m && same(a, a0 + (guint)x, b, b0 + (guint)y)) {
				x++;
				y++;
			}
			V(k) = x;
			if (x >= n && y >= m) {
				found = d;
				break;
			}
		}
		/* Round d's diagonals -d..d. */
		g_array_append_vals(trace, &V(-d), (guint)(2 * d + 1));
	}
#undef V
	/* Walk back from (n, m). */
	int x = n, y = m;
	for (int d = found; d > 0; d--) {
		const int *pv = &g_array_index(trace, int, (d - 1) * (d - 1)); /* -(d-1)..d-1 */
#define PV(k) pv[(k) + d - 1]
		int k = x - y;
		int prev_k = k == -d || (k != d && PV(k - 1) < PV(k + 1)) ? k + 1 : k - 1;
		int px = PV(prev_k), py = px - prev_k;
#undef PV
		for (; x > px && y > py; x--, y--)
			;
		if (x == px)
			cb[b0 + (guint)--y] = 1;
		else
			ca[a0 + (guint)--x] = 1;
	}
	g_array_unref(trace);
	g_free(v);
}

/* A group of changed lines of one side, [start, end), as xdiff's
 * xdl_change_compact() moves them.  RCHG has a zero before and after. */
typedef struct side {
	const text *t;
	guint8 *rchg;    /* rchg[-1] and rchg[n] exist and are 0 */
	long n;
} side;

typedef struct group {
	long start, end;
} group;

static gboolean recs_match(const side *s, long i, long j)
{
	return same(s->t, (guint)i, s->t, (guint)j);
}

static void group_init(const side *s, group *g)
{
	g->start = g->end = 0;
	while (s->rchg[g->end])
		g->end++;
}

static gboolean group_next(const side *s, group *g)
{
	if (g->end == s->n)
		return FALSE;
	g->start = g->end + 1;
	for (g->end = g->start; s->rchg[g->end]; g->end++)
		;
	return TRUE;
}

static gboolean group_previous(const side *s, group *g)
{
	if (g->start == 0)
		return FALSE;
	g->end = g->start - 1;
	for (g->start = g->end; s->rchg[g->start - 1]; g->start--)
		;
	return TRUE;
}

static gboolean group_slide_down(side *s, group *g)
{
	if (g->end < s->n && recs_match(s, g->start, g->end)) {
		s->rchg[g->start++] = 0;
		s->rchg[g->end++] = 1;
		while (s->rchg[g->end])
			g->end++;
		return TRUE;
	}
	return FALSE;
}

static gboolean group_slide_up(side *s, group *g)
{
	if (g->start > 0 && recs_match(s, g->start - 1, g->end - 1)) {
		s->rchg[--g->start] = 1;
		s->rchg[--g->end] = 0;
		while (s->rchg[g->start - 1])
			g->start--;
		return TRUE;
	}
	return FALSE;
}

/* xdiff's compaction: each group of changes slid as far down as it goes,
 * or back up to line up with a change of the other side if it can (so
 * that what git shows as one change is one here).  Without git's indent
 * heuristic. */
static void compact(side *s, side *o)
{
	group g, go;
	group_init(s, &g);
	group_init(o, &go);
	for (;;) {
		if (g.end != g.start) {
			long groupsize, earliest_end, end_matching_other;
			do {
				groupsize = g.end - g.start;
				end_matching_other = -1;
				while (group_slide_up(s, &g))
					group_previous(o, &go);
				earliest_end = g.end;
				if (go.end > go.start)
					end_matching_other = g.end;
				while (group_slide_down(s, &g)) {
					group_next(o, &go);
					if (go.end > go.start)
						end_matching_other = g.end;
				}
			} while (groupsize != g.end - g.start);
			if (g.end != earliest_end && end_matching_other != -1)
				while (go.end == go.start) {
					group_slide_up(s, &g);
					group_previous(o, &go);
				}
		}
		if (!group_next(s, &g) || !group_next(o, &go))
			break;
	}
}

/* The edit script of A and B from their marks: in each change, A's lines
 * first, as git prints them. */
static GArray *script_of(const side *a, const side *b)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(entry));
	long i = 0, j = 0;
	while (i < a->n || j < b->n) {
		if (i < a->n && a->rchg[i])
			g_array_append_val(out, ((entry){ '-', a->t->lines->pdata[i++] }));
		else if (j < b->n && b->rchg[j])
			g_array_append_val(out, ((entry){ '+', b->t->lines->pdata[j++] }));
		else {
			g_array_append_val(out, ((entry){ ' ', b->t->lines->pdata[j++] }));
			i++;
		}
	}
	return out;
}

/* A line that belongs to the change's neighbourhood only: inner context
 * (not a file header) or a hunk header. */
static gboolean is_context(const char *line)
{
	return (line[0] == ' ' && strncmp(line, " ## ", 4) != 0) || strncmp(line, "@@", 2) == 0 ||
	       !line[0];
}

/* Each run of changes made of context alone becomes TO's lines, as if
 * both had them. */
static GArray *drop_context_changes(const GArray *script)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(entry));
	for (guint i = 0; i < script->len;) {
		const entry *e = &g_array_index(script, entry, i);
		if (e->mark == ' ') {
			g_array_append_val(out, *e);
			i++;
			continue;
		}
		guint end = i;
		gboolean context = TRUE;
		for (; end < script->len && g_array_index(script, entry, end).mark != ' '; end++)
			context &= is_context(g_array_index(script, entry, end).line);
		for (; i < end; i++) {
			entry kept = g_array_index(script, entry, i);
			if (!context)
				g_array_append_val(out, kept);
			else if (kept.mark == '+')
				g_array_append_val(out, ((entry){ ' ', kept.line }));
		}
	}
	return out;
}

/* range-diff's hunk header: the nearest line above FIRST (in FROM's
 * lines) that names a file (" ## NAME ##") or a hunk ("@@ NAME"). */
static void hunk_header(GString *out, const GArray *script, guint first)
{
	for (guint i = first; i-- > 0;) {
		const entry *e = &g_array_index(script, entry, i);
		if (e->mark == '+')
			continue;
		gsize len = strlen(e->line);
		const char *s = e->line;
		const char *name = NULL;
		gsize name_len = 0;
		if (len > 7 && strncmp(s, " ## ", 4) == 0 && strcmp(s + len - 3, " ##") == 0) {
			name = s + 4;
			name_len = len - 7;
		} else {
			if (len && s[0] != '@')
				s++;
			if (strncmp(s, "@@ ", 3) == 0) {
				name = s + 3;
				name_len = strlen(name);
			}
		}
		if (name) {
			/* xdiff keeps 80 bytes of a function line, blanks
			 * at its end stripped. */
			name_len = MIN(name_len, FUNC_LINE);
			while (name_len && g_ascii_isspace(name[name_len - 1]))
				name_len--;
			g_string_append_printf(out, "@@ %.*s\n", (int)name_len, name);
			return;
		}
	}
	g_string_append(out, "@@\n");
}

/* The inner hunks added, dropped and changed, for the summary. */
typedef struct counts {
	guint added, dropped, changed;
} counts;

/* The file a line names: " ## FILE ##" (its flags aside, as written). */
static const char *file_header(const char *line, gsize *len)
{
	gsize n = strlen(line);
	if (n <= 7 || strncmp(line, " ## ", 4) != 0 || strcmp(line + n - 3, " ##") != 0)
		return NULL;
	*len = n - 7;
	return line + 4;
}

static void count(counts *c, const GArray *script)
{
	/* A run of changes that drops a file's hunk headers and adds others
	 * of the same file has changed as many hunks as it pairs; a change
	 * under a header both sides have changes that hunk. */
	gboolean shared = FALSE, counted = FALSE;
	char *file[2] = { NULL, NULL }; /* each side's file: FROM, TO */
	for (guint i = 0; i < script->len;) {
		const entry *e = &g_array_index(script, entry, i);
		gsize len;
		const char *name = file_header(e->line, &len);
		if (e->mark == ' ') {
			if (name) {
				for (int k = 0; k < 2; k++) {
					g_free(file[k]);
					file[k] = g_strndup(name, len);
				}
				shared = FALSE;
			} else if (strncmp(e->line, "@@", 2) == 0) {
				shared = TRUE;
				counted = FALSE;
			}
			i++;
			continue;
		}
		GHashTable *open = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		gboolean change = FALSE, headers = FALSE;
		for (; i < script->len && (e = &g_array_index(script, entry, i))->mark != ' '; i++) {
			int k = e->mark == '+';
			if ((name = file_header(e->line, &len))) {
				g_free(file[k]);
				file[k] = g_strndup(name, len);
			} else if (strncmp(e->line, "@@", 2) == 0) {
				/* +1 a header dropped, -1 added, per file */
				const char *f = file[k] ? file[k] : "";
				gint n = GPOINTER_TO_INT(g_hash_table_lookup(open, f));
				if ((k == 0 && n < 0) || (k == 1 && n > 0)) {
					/* pairs one counted as added (or dropped) */
					c->changed++;
					if (k == 0)
						c->added--;
					else
						c->dropped--;
				} else if (k == 0) {
					c->dropped++;
				} else {
					c->added++;
				}
				g_hash_table_insert(open, g_strdup(f), GINT_TO_POINTER(n + (k == 0 ? 1 : -1)));
				headers = TRUE;
			} else if ((e->line[0] == '-' || e->line[0] == '+') && !headers) {
				change = TRUE; /* an inner change line, under a shared header */
			}
		}
		g_hash_table_unref(open);
		if (change && shared && !counted) {
			c->changed++;
			counted = TRUE;
		}
		if (headers) {
			/* what follows is under the run's last header */
			shared = FALSE;
			counted = TRUE;
		}
	}
	g_free(file[0]);
	g_free(file[1]);
}

static char *summary_of(const counts *c)
{
	GString *s = g_string_new(NULL);
	const struct { guint n; const char *what; } parts[] = {
		{ c->changed, "changed" }, { c->added, "added" }, { c->dropped, "dropped" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(parts); i++)
		if (parts[i].n)
			g_string_append_printf(s, "%s%u%s %s", s->len ? ", " : "", parts[i].n,
			                       s->len ? "" : parts[i].n == 1 ? " hunk" : " hunks",
			                       parts[i].what);
	if (!s->len)
		g_string_append(s, "another change");
	return g_string_free(s, FALSE);
}

char *sm_interdiff(const sm_diff *from, const sm_diff *to, char **summary)
{
	if (summary)
		*summary = NULL;
	text a, b;
	patch_text(&a, from);
	patch_text(&b, to);
	/* The common head and tail need no search. */
	guint head = 0, ta = a.lines->len, tb = b.lines->len;
	while (head < ta && head < tb && same(&a, head, &b, head))
		head++;
	while (ta > head && tb > head && same(&a, ta - 1, &b, tb - 1)) {
		ta--;
		tb--;
	}
	/* Marks with a zero on either side, as xdiff's rchg. */
	guint8 *ca = g_new0(guint8, a.lines->len + 2), *cb = g_new0(guint8, b.lines->len + 2);
	side sa = { &a, ca + 1, (long)a.lines->len }, sb = { &b, cb + 1, (long)b.lines->len };
	myers(&a, head, ta, &b, head, tb, sa.rchg, sb.rchg);
	compact(&sa, &sb);
	compact(&sb, &sa);
	GArray *raw = script_of(&sa, &sb);
	g_free(ca);
	g_free(cb);
	GArray *script = drop_context_changes(raw);
	g_array_unref(raw);

	/* Hunks: each change with CONTEXT lines around it, two changes at
	 * most 2 * CONTEXT apart in one. */
	GString *out = g_string_new(NULL);
	counts c = { 0, 0, 0 };
	for (guint i = 0; i < script->len;) {
		if (g_array_index(script, entry, i).mark == ' ') {
			i++;
			continue;
		}
		guint start = i > CONTEXT ? i - CONTEXT : 0, end = i;
		for (guint last = i; end < script->len; end++) {
			if (g_array_index(script, entry, end).mark != ' ')
				last = end;
			else if (end - last > 2 * CONTEXT)
				break;
		}
		/* END is past the gap that ended the hunk: keep CONTEXT of it. */
		guint stop = end;
		while (stop > i && g_array_index(script, entry, stop - 1).mark == ' ')
			stop--;
		stop = MIN(stop + CONTEXT, script->len);
		hunk_header(out, script, start);
		for (guint j = start; j < stop; j++) {
			const entry *e = &g_array_index(script, entry, j);
			g_string_append_printf(out, "%c%s\n", e->mark, e->line);
		}
		i = stop;
	}
	count(&c, script);
	g_array_unref(script);
	text_clear(&a);
	text_clear(&b);
	if (!out->len) {
		g_string_free(out, TRUE);
		return NULL;
	}
	if (summary)
		*summary = summary_of(&c);
	return g_string_free(out, FALSE);
}
