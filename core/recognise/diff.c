/* diff.c - reading the unified diff of a patch mail (see diff.h). */
#include <string.h>
#include "diff.h"

#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

static guint32 fnv(guint32 h, const char *s, gsize len)
{
	for (gsize i = 0; i < len; i++)
		h = (h ^ (guchar)s[i]) * FNV_PRIME;
	return h;
}

static void hunk_free(gpointer data)
{
	sm_diff_hunk *h = data;
	g_free(h->file);
	g_free(h->section);
	if (h->lines)
		g_ptr_array_unref(h->lines);
	g_free(h);
}

void sm_diff_free(sm_diff *diff)
{
	if (!diff)
		return;
	g_ptr_array_unref(diff->files);
	g_ptr_array_unref(diff->hunks);
	g_free(diff);
}

/* One line of the text being read: [s, s + len), no newline. */
typedef struct {
	const char *s;
	gsize len;
} line;

typedef struct {
	const char *p, *end;
} cursor;

static gboolean next_line(cursor *c, line *out)
{
	if (c->p >= c->end)
		return FALSE;
	const char *nl = memchr(c->p, '\n', (gsize)(c->end - c->p));
	const char *stop = nl ? nl : c->end;
	out->s = c->p;
	out->len = (gsize)(stop - c->p);
	if (out->len && out->s[out->len - 1] == '\r')
		out->len--;
	c->p = nl ? nl + 1 : c->end;
	return TRUE;
}

static gboolean starts(const line *l, const char *prefix)
{
	gsize n = strlen(prefix);
	return l->len >= n && memcmp(l->s, prefix, n) == 0;
}

/* The path of a "--- a/x" or "+++ b/x" line's rest: up to a tab (quilt
 * adds a date), without its first component; NULL for /dev/null. */
static char *side_path(const char *s, gsize len)
{
	const char *tab = memchr(s, '\t', len);
	if (tab)
		len = (gsize)(tab - s);
	while (len && (s[len - 1] == ' '))
		len--;
	if ((len == 9 && memcmp(s, "/dev/null", 9) == 0) || len == 0)
		return NULL;
	const char *slash = memchr(s, '/', len);
	if (slash && slash + 1 < s + len) {
		len -= (gsize)(slash + 1 - s);
		s = slash + 1;
	}
	return g_strndup(s, len);
}

/* "diff --git a/P b/P": the names, when the two halves read alike (a path
 * with " b/" in it is ambiguous otherwise; "---"/"+++" then say). */
static void git_header_paths(const line *l, char **old, char **new)
{
	const char *s = l->s + 11;
	gsize len = l->len - 11;
	if (len < 7 || (len - 1) % 2 != 0)
		return;
	gsize half = (len - 1) / 2;
	if (s[half] != ' ' || s[0] != 'a' || s[1] != '/' || s[half + 1] != 'b' || s[half + 2] != '/' ||
	    memcmp(s + 2, s + half + 3, half - 2) != 0)
		return;
	*old = g_strndup(s + 2, half - 2);
	*new = g_strndup(s + 2, half - 2);
}

/* The path of "rename from PATH": what follows the second blank. */
static char *third_word_on(const line *l)
{
	const char *s = memchr(l->s, ' ', l->len) + 1;
	s = strchr(s, ' ') + 1;
	return g_strndup(s, l->len - (gsize)(s - l->s));
}

static void add_file(GHashTable *files, char *path)
{
	if (path && *path)
		g_hash_table_add(files, g_strdup(path));
}

/* "@@ -A,B +C,D @@ section": FALSE when L is not a hunk header. */
static gboolean hunk_header(const line *l, sm_diff_hunk *h)
{
	char *text = g_strndup(l->s, l->len);
	char *p = text + 4, *end;
	gboolean ok = FALSE;
	h->old_lines = h->new_lines = 1;
	h->old_start = (int)strtol(p, &end, 10);
	if (end == p)
		goto out;
	if (*end == ',')
		h->old_lines = (int)strtol(end + 1, &end, 10);
	if (*end != ' ' || end[1] != '+')
		goto out;
	p = end + 2;
	h->new_start = (int)strtol(p, &end, 10);
	if (end == p)
		goto out;
	if (*end == ',')
		h->new_lines = (int)strtol(end + 1, &end, 10);
	if (strncmp(end, " @@", 3) != 0 || h->old_lines < 0 || h->new_lines < 0)
		goto out;
	end += 3;
	while (*end == ' ')
		end++;
	h->section = g_strdup(end);
	ok = TRUE;
out:
	g_free(text);
	return ok;
}

/* Read the body of hunk H from C, by its counts.  With KEEP, its lines
 * are kept; the change hash is made either way. */
static void hunk_body(cursor *c, sm_diff_hunk *h, gboolean keep)
{
	int old_left = h->old_lines, new_left = h->new_lines;
	h->change = fnv(FNV_OFFSET, h->file, strlen(h->file) + 1);
	if (keep)
		h->lines = g_ptr_array_new_with_free_func(g_free);
	line l;
	while ((old_left > 0 || new_left > 0)) {
		cursor before = *c;
		if (!next_line(c, &l))
			break;
		char mark = l.len ? l.s[0] : ' ';
		if (mark == '\\')
			continue; /* "\ No newline at end of file" */
		if (mark == ' ') {
			old_left--;
			new_left--;
		} else if (mark == '-' && old_left > 0) {
			old_left--;
		} else if (mark == '+' && new_left > 0) {
			new_left--;
		} else {
			*c = before; /* a hunk cut short: what follows is not of it */
			break;
		}
		if (mark != ' ')
			h->change = fnv(fnv(h->change, l.s, l.len), "\n", 1);
		if (keep)
			g_ptr_array_add(h->lines, l.len ? g_strndup(l.s, l.len) : g_strdup(" "));
	}
	/* A "\ No newline" right after the last line belongs to the hunk. */
	cursor after = *c;
	if (next_line(&after, &l) && l.len && l.s[0] == '\\')
		*c = after;
}

static int path_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static sm_diff *parse(const char *text, gboolean keep)
{
	sm_diff *diff = g_new0(sm_diff, 1);
	diff->hunks = g_ptr_array_new_with_free_func(hunk_free);
	GHashTable *files = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	cursor c = { text ? text : "", text ? text + strlen(text) : "" };
	char *old = NULL, *new = NULL;
	line l;
	while (next_line(&c, &l)) {
		if (starts(&l, "diff --git ")) {
			g_clear_pointer(&old, g_free);
			g_clear_pointer(&new, g_free);
			git_header_paths(&l, &old, &new);
			add_file(files, old);
		} else if (starts(&l, "rename from ") || starts(&l, "copy from ")) {
			g_free(old);
			add_file(files, old = third_word_on(&l));
		} else if (starts(&l, "rename to ") || starts(&l, "copy to ")) {
			g_free(new);
			add_file(files, new = third_word_on(&l));
		} else if (starts(&l, "--- ")) {
			/* Only a "---" right above a "+++" starts a file: the
			 * "---" of a commit message's end is alone. */
			cursor peek = c;
			line plus;
			if (!next_line(&peek, &plus) || !starts(&plus, "+++ "))
				continue;
			c = peek;
			g_free(old);
			g_free(new);
			old = side_path(l.s + 4, l.len - 4);
			new = side_path(plus.s + 4, plus.len - 4);
			add_file(files, old);
			add_file(files, new);
		} else if (starts(&l, "@@ -") && (new || old)) {
			sm_diff_hunk *h = g_new0(sm_diff_hunk, 1);
			if (!hunk_header(&l, h)) {
				hunk_free(h);
				continue;
			}
			h->file = g_strdup(new ? new : old);
			hunk_body(&c, h, keep);
			g_ptr_array_add(diff->hunks, h);
		}
	}
	g_free(old);
	g_free(new);
	diff->files = g_ptr_array_new_with_free_func(g_free);
	GHashTableIter it;
	gpointer key;
	g_hash_table_iter_init(&it, files);
	while (g_hash_table_iter_next(&it, &key, NULL)) {
		g_ptr_array_add(diff->files, key);
		g_hash_table_iter_steal(&it);
	}
	g_hash_table_unref(files);
	g_ptr_array_sort(diff->files, path_cmp);
	return diff;
}

sm_diff *sm_diff_parse(const char *text)
{
	return parse(text, TRUE);
}

char *sm_diff_files_text(const sm_diff *diff)
{
	if (!diff->files->len)
		return NULL;
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < diff->files->len; i++) {
		if (i)
			g_string_append_c(s, '\n');
		g_string_append(s, diff->files->pdata[i]);
	}
	return g_string_free(s, FALSE);
}

guint32 sm_diff_change(const sm_diff *diff)
{
	if (!diff->hunks->len)
		return 0;
	guint32 h = FNV_OFFSET;
	for (guint i = 0; i < diff->hunks->len; i++) {
		guint32 c = ((sm_diff_hunk *)diff->hunks->pdata[i])->change;
		h = fnv(h, (const char *)&c, sizeof c);
	}
	return h ? h : 1;
}

void sm_diff_scan(const char *body, char **files, guint32 *change)
{
	*files = NULL;
	*change = 0;
	/* Most mail has no diff: look for its marks before reading lines. */
	if (!body || (!strstr(body, "\n--- ") && !strstr(body, "diff --git ")))
		return;
	sm_diff *diff = parse(body, FALSE);
	*files = sm_diff_files_text(diff);
	*change = sm_diff_change(diff);
	sm_diff_free(diff);
}

/* GLOB against PATH[p, end), backtracking over "*" and "**". */
/* The ']' that closes the bracket expression at G, or NULL when it is
 * not closed (then '[' is a letter, as in git).  A ']' first in the set,
 * after any '!' or '^', is a member, not the end. */
static const char *bracket_close(const char *g)
{
	const char *q = g + 1;
	if (*q == '!' || *q == '^')
		q++;
	if (*q == ']')
		q++;
	return *q ? strchr(q, ']') : NULL;
}

static gboolean glob_at(const char *g, const char *p, const char *end)
{
	for (;;) {
		if (*g == '\0')
			return p == end;
		if (g[0] == '*' && g[1] == '*') {
			/* "**" alone, or followed by a slash: any number of directories */
			const char *rest = g + 2;
			gboolean dirs = *rest == '/';
			if (dirs)
				rest++;
			for (const char *q = p;; q++) {
				if ((!dirs || q == p || q[-1] == '/') && glob_at(rest, q, end))
					return TRUE;
				if (q == end)
					return FALSE;
			}
		}
		if (*g == '*') {
			for (const char *q = p;; q++) {
				if (glob_at(g + 1, q, end))
					return TRUE;
				if (q == end || *q == '/')
					return FALSE;
			}
		}
		if (p == end)
			return FALSE;
		if (*g == '?') {
			if (*p == '/')
				return FALSE;
		} else if (*g == '[' && bracket_close(g)) {
			const char *q = g + 1;
			gboolean negate = *q == '!' || *q == '^';
			if (negate)
				q++;
			gboolean hit = FALSE;
			const char *first = q;
			while (*q != ']' || q == first) {
				if (q[1] == '-' && q[2] && q[2] != ']') {
					hit |= *p >= q[0] && *p <= q[2];
					q += 3;
				} else {
					hit |= *p == *q;
					q++;
				}
			}
			if (hit == negate || *p == '/')
				return FALSE;
			g = q;
		} else if (*g == '\\' && g[1]) {
			g++;
			if (*g != *p)
				return FALSE;
		} else if (*g != *p) {
			return FALSE;
		}
		g++;
		p++;
	}
}

/* Does the path of LEN bytes at PATH (not NUL-terminated) match GLOB? */
static gboolean path_glob_len(const char *glob, const char *path, gsize len)
{
	if (!glob || !path)
		return FALSE;
	const char *end = path + len;
	if (glob_at(glob, path, end))
		return TRUE;
	/* A directory names what is below it: "drivers/usb" as "drivers/usb/" + "**". */
	gsize n = strlen(glob);
	if (n && glob[n - 1] == '/')
		n--;
	if (n == 0)
		return FALSE;
	char *dir = g_strndup(glob, n);
	gboolean below = FALSE;
	for (const char *slash = path; !below && (slash = memchr(slash, '/', (gsize)(end - slash)));
	     slash++)
		below = glob_at(dir, path, slash);
	g_free(dir);
	return below;
}

gboolean sm_path_glob(const char *glob, const char *path)
{
	return path && path_glob_len(glob, path, strlen(path));
}

gboolean sm_paths_glob(const char *glob, const char *paths)
{
	for (const char *p = paths; p && *p;) {
		const char *nl = strchr(p, '\n');
		gsize len = nl ? (gsize)(nl - p) : strlen(p);
		if (path_glob_len(glob, p, len))
			return TRUE;
		p = nl ? nl + 1 : p + len;
	}
	return FALSE;
}
