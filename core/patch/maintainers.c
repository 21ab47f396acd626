/* maintainers.c - MAINTAINERS parsed, and paths matched against its
 * sections the way get_maintainer.pl matches them (see maintainers.h). */
#include <string.h>
#include "maintainers.h"
#include "private.h"

typedef struct section {
	char *name;
	GPtrArray *files;    /* char*: F: patterns */
	GPtrArray *excluded; /* char*: X: patterns */
	GPtrArray *regexes;  /* GRegex*: N: */
	GPtrArray *keywords; /* GRegex*: K: */
} section;

struct sm_maintainers {
	GPtrArray *sections; /* section* */
	GHashTable *cache;   /* files text (owned) -> GINT_TO_POINTER(1 + covered) */
	guint keywords;      /* the K: expressions of the sections */
	GHashTable *answers; /* K: over a patch's text, told by the caller:
	                        answer_key (owned) -> GINT_TO_POINTER(1 + matched) */
	char *key;           /* sm_maintainers_set_key(), or NULL */
};

static guint count_keywords(const sm_maintainers *m)
{
	guint n = 0;
	for (guint i = 0; i < m->sections->len; i++)
		n += ((const section *)m->sections->pdata[i])->keywords->len;
	return n;
}

static void section_free(gpointer data)
{
	section *s = data;
	g_free(s->name);
	g_ptr_array_unref(s->files);
	g_ptr_array_unref(s->excluded);
	g_ptr_array_unref(s->regexes);
	g_ptr_array_unref(s->keywords);
	g_free(s);
}

static section *section_new(const char *name, gsize len)
{
	section *s = g_new0(section, 1);
	s->name = g_strstrip(g_strndup(name, len));
	s->files = g_ptr_array_new_with_free_func(g_free);
	s->excluded = g_ptr_array_new_with_free_func(g_free);
	s->regexes = g_ptr_array_new_with_free_func((GDestroyNotify)g_regex_unref);
	s->keywords = g_ptr_array_new_with_free_func((GDestroyNotify)g_regex_unref);
	return s;
}

static void add_regex(GPtrArray *to, const char *value)
{
	/* get_maintainer.pl matches with m/$value/x. */
	GRegex *re = g_regex_new(value, G_REGEX_EXTENDED | G_REGEX_OPTIMIZE, 0, NULL);
	if (re)
		g_ptr_array_add(to, re);
}

/* Is the line [P, P+N) a tag line ("F:\tdrivers/usb/")? */
static gboolean is_tag(const char *p, gsize n)
{
	return n >= 2 && g_ascii_isupper(p[0]) && p[1] == ':';
}

/* Does the M: or R: value PERSON (lower case) hold ADDRESS (lower case)
 * whole: "Name <addr>" or a bare address? */
static gboolean holds_address(const char *person, gsize len, const char *address)
{
	gsize n = strlen(address);
	const char *end = person + len;
	for (const char *at = person; n && at + n <= end; at++) {
		if (g_ascii_strncasecmp(at, address, n) != 0)
			continue;
		gboolean start = at == person || at[-1] == '<' || at[-1] == ' ' || at[-1] == '\t';
		gboolean stop = at + n == end || at[n] == '>' || at[n] == ' ';
		if (start && stop)
			return TRUE;
	}
	return FALSE;
}

/* The lines of one section: its name, then tag lines up to END. */
typedef struct span {
	const char *name, *tags, *end;
	gsize name_len;
} span;

/* Do the lines of SPAN name one of ADDRESSES in M: or R:, or is its name
 * one of NAMES?  Both NULL: every section is kept. */
static gboolean wanted(const span *sp, const char *const *addresses, const char *const *names)
{
	if (!addresses && !names)
		return TRUE;
	for (const char *const *nm = names; nm && *nm; nm++) {
		char *name = g_strstrip(g_strndup(sp->name, sp->name_len));
		gboolean same = g_ascii_strcasecmp(name, *nm) == 0;
		g_free(name);
		if (same)
			return TRUE;
	}
	for (const char *p = sp->tags; addresses && p < sp->end;) {
		const char *nl = memchr(p, '\n', (gsize)(sp->end - p));
		gsize n = (gsize)((nl ? nl : sp->end) - p);
		if (n > 2 && (p[0] == 'M' || p[0] == 'R') && p[1] == ':')
			for (const char *const *a = addresses; *a; a++)
				if (holds_address(p + 2, n - 2, *a))
					return TRUE;
		p = nl ? nl + 1 : sp->end;
	}
	return FALSE;
}

static section *section_of(const span *sp)
{
	section *s = section_new(sp->name, sp->name_len);
	for (const char *p = sp->tags; p < sp->end;) {
		const char *nl = memchr(p, '\n', (gsize)(sp->end - p));
		gsize n = (gsize)((nl ? nl : sp->end) - p);
		if (n && p[n - 1] == '\r')
			n--;
		char *value = g_strstrip(g_strndup(p + 2, n - 2));
		switch (p[0]) {
		case 'F':
			g_ptr_array_add(s->files, value);
			value = NULL;
			break;
		case 'X':
			g_ptr_array_add(s->excluded, value);
			value = NULL;
			break;
		case 'N':
			add_regex(s->regexes, value);
			break;
		case 'K':
			add_regex(s->keywords, value);
			break;
		default:
			break;
		}
		g_free(value);
		p = nl ? nl + 1 : sp->end;
	}
	return s;
}

sm_maintainers *sm_maintainers_parse(const char *text, gssize len,
                                     const char *const *addresses, const char *const *names)
{
	sm_maintainers *m = g_new0(sm_maintainers, 1);
	m->sections = g_ptr_array_new_with_free_func(section_free);
	m->cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	m->answers = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	const char *p = text ? text : "";
	const char *end = p + (len < 0 ? (gssize)strlen(p) : len);
	/* A section: an untagged line (its name), then tag lines, ended by a
	 * line that is not a tag.  The tags the header explains are
	 * indented, so they make none. */
	span sp = { NULL, NULL, NULL, 0 };
	while (p <= end) {
		const char *nl = p < end ? memchr(p, '\n', (gsize)(end - p)) : NULL;
		const char *stop = nl ? nl : end;
		gsize n = (gsize)(stop - p);
		if (p < end && is_tag(p, n)) {
			if (!sp.tags)
				sp.tags = p;
			sp.end = stop;
		} else {
			if (sp.tags && wanted(&sp, addresses, names))
				g_ptr_array_add(m->sections, section_of(&sp));
			sp.tags = NULL;
			gboolean blank = TRUE;
			for (gsize i = 0; i < n; i++)
				blank &= g_ascii_isspace(p[i]) != 0;
			if (!blank) {
				sp.name = p;
				sp.name_len = n;
			}
		}
		if (p == end)
			break;
		p = nl ? nl + 1 : end;
	}
	m->keywords = count_keywords(m);
	return m;
}

void sm_maintainers_free(sm_maintainers *m)
{
	if (!m)
		return;
	g_ptr_array_unref(m->sections);
	g_hash_table_unref(m->cache);
	g_hash_table_unref(m->answers);
	g_free(m->key);
	g_free(m);
}

void sm_maintainers_set_key(sm_maintainers *m, const char *key)
{
	g_free(m->key);
	m->key = g_strdup(key);
}

const char *sm_maintainers_key(const sm_maintainers *m)
{
	return m->key ? m->key : "";
}

guint sm_maintainers_count(const sm_maintainers *m)
{
	return m->sections->len;
}

const char *sm_maintainers_name(const sm_maintainers *m, guint i)
{
	return i < m->sections->len ? ((section *)m->sections->pdata[i])->name : NULL;
}

/* PATTERN as get_maintainer.pl's regex ("." literal, "*" as ".*", "?" as
 * "."), anchored at the start only, against PATH[0, LEN). */
static gboolean prefix_at(const char *g, const char *p, const char *end)
{
	for (;; g++, p++) {
		if (*g == '\0')
			return TRUE;
		if (*g == '*') {
			for (const char *q = p;; q++) {
				if (prefix_at(g + 1, q, end))
					return TRUE;
				if (q == end)
					return FALSE;
			}
		}
		if (p == end || (*g != '?' && *g != *p))
			return FALSE;
	}
}

static guint slashes(const char *s, const char *end)
{
	guint n = 0;
	for (; s < end && *s; s++)
		n += *s == '/';
	return n;
}

/* get_maintainer.pl's file_match_pattern(), and a directory named
 * without its slash. */
static gboolean pattern_matches(const char *pattern, const char *path, gsize len)
{
	const char *end = path + len;
	gsize n = strlen(pattern);
	if (n == 0 || !prefix_at(pattern, path, end))
		return FALSE;
	if (pattern[n - 1] == '/')
		return TRUE;
	if (slashes(pattern, pattern + n) == slashes(path, end))
		return TRUE;
	/* "F: drivers/usb/host" for a directory: git lists files below it. */
	return !strpbrk(pattern, "*?") && len > n && path[n] == '/';
}

static gboolean any_pattern(const GPtrArray *patterns, const char *path, gsize len)
{
	for (guint i = 0; i < patterns->len; i++)
		if (pattern_matches(patterns->pdata[i], path, len))
			return TRUE;
	return FALSE;
}

static gboolean section_has(const section *s, const char *path, gsize len)
{
	if (any_pattern(s->excluded, path, len))
		return FALSE;
	if (any_pattern(s->files, path, len))
		return TRUE;
	for (guint i = 0; i < s->regexes->len; i++)
		if (g_regex_match_full(s->regexes->pdata[i], path, (gssize)len, 0, 0, NULL, NULL))
			return TRUE;
	return FALSE;
}

GArray *sm_maintainers_of_path(const sm_maintainers *m, const char *path)
{
	GArray *hits = g_array_new(FALSE, FALSE, sizeof(guint));
	for (guint i = 0; path && i < m->sections->len; i++)
		if (section_has(m->sections->pdata[i], path, strlen(path)))
			g_array_append_val(hits, i);
	return hits;
}

gboolean sm_maintainers_files(sm_maintainers *m, const char *files)
{
	if (!files || !*files || !m->sections->len)
		return FALSE;
	gpointer known = g_hash_table_lookup(m->cache, files);
	if (known)
		return GPOINTER_TO_INT(known) == 2;
	gboolean covered = FALSE;
	for (const char *p = files; !covered && *p;) {
		const char *nl = strchr(p, '\n');
		gsize len = nl ? (gsize)(nl - p) : strlen(p);
		for (guint i = 0; !covered && i < m->sections->len; i++)
			covered = section_has(m->sections->pdata[i], p, len);
		p = nl ? nl + 1 : p + len;
	}
	g_hash_table_insert(m->cache, g_strdup(files), GINT_TO_POINTER(covered ? 2 : 1));
	return covered;
}

gboolean sm_maintainers_keywords(const sm_maintainers *m, const char *text)
{
	for (guint i = 0; text && i < m->sections->len; i++) {
		const section *s = m->sections->pdata[i];
		for (guint k = 0; k < s->keywords->len; k++)
			if (g_regex_match(s->keywords->pdata[k], text, 0, NULL))
				return TRUE;
	}
	return FALSE;
}

/* Does K: match [LINE, LINE + LEN) from START on? */
static gboolean keyword_in_line(const sm_maintainers *m, const char *line, gsize len, gsize start)
{
	for (guint i = 0; i < m->sections->len; i++) {
		const section *s = m->sections->pdata[i];
		for (guint k = 0; k < s->keywords->len; k++)
			if (g_regex_match_full(s->keywords->pdata[k], line, (gssize)len, (gint)start, 0,
			                       NULL, NULL))
				return TRUE;
	}
	return FALSE;
}

static gboolean starts(const char *line, gsize len, const char *prefix)
{
	gsize n = strlen(prefix);
	return len >= n && memcmp(line, prefix, n) == 0;
}

gboolean sm_maintainers_keywords_in_patch(const sm_maintainers *m, const char *subject,
                                          const char *body)
{
	if (!m->keywords)
		return FALSE;
	if (subject && keyword_in_line(m, subject, strlen(subject), 0))
		return TRUE;
	/* get_maintainer.pl: the lines that name files (diff --git, ---,
	 * +++, mode change, rename), hunk headers and Fixes: are not tried;
	 * before the first ---/+++ file line (the intro: the message, the
	 * diffstat) a K: matches anywhere in a line, after it only in a
	 * removed or added line, after its mark (m/^[+-].*K/x). */
	gboolean in_diff = FALSE;
	for (const char *p = body; p && *p;) {
		const char *nl = strchr(p, '\n');
		gsize len = nl ? (gsize)(nl - p) : strlen(p);
		gboolean file_line = (starts(p, len, "--- ") || starts(p, len, "+++ ")) &&
		                     len > 4 && !g_ascii_isspace(p[4]);
		if (file_line)
			in_diff = TRUE;
		else if (starts(p, len, "diff --git ") || starts(p, len, "@@ -") ||
		         starts(p, len, " mode change ") || starts(p, len, "rename from ") ||
		         starts(p, len, "rename to ") || starts(p, len, "Fixes:"))
			;
		else if (!in_diff ? keyword_in_line(m, p, len, 0)
		                  : (p[0] == '+' || p[0] == '-') && keyword_in_line(m, p, len, 1))
			return TRUE;
		p = nl ? nl + 1 : p + len;
	}
	return FALSE;
}

gboolean sm_maintainers_has_keywords(const sm_maintainers *m)
{
	return m->keywords > 0;
}

char *sm_maintainers_keywords_key(const sm_maintainers *m)
{
	GString *all = g_string_new(NULL);
	for (guint i = 0; i < m->sections->len; i++) {
		const section *s = m->sections->pdata[i];
		for (guint k = 0; k < s->keywords->len; k++)
			g_string_append_printf(all, "%s\n", g_regex_get_pattern(s->keywords->pdata[k]));
	}
	char *key = g_compute_checksum_for_string(G_CHECKSUM_SHA1, all->str, (gssize)all->len);
	g_string_free(all, TRUE);
	return key;
}

/* Where M keeps what it was told of PATCH's text: its oldest notice is
 * the one that stays while notices come. */
static const char *answer_key(const sm_patch *patch)
{
	return patch->first_id ? patch->first_id : patch->key ? patch->key : "";
}

void sm_maintainers_set_keywords_answer(sm_maintainers *m, const sm_patch *patch,
                                        gboolean matched)
{
	g_hash_table_replace(m->answers, g_strdup(answer_key(patch)),
	                     GINT_TO_POINTER(matched ? 2 : 1));
}

gboolean sm_maintainers_keywords_answered(const sm_maintainers *m, const sm_patch *patch)
{
	return g_hash_table_contains(m->answers, answer_key(patch));
}

gboolean sm_maintainers_covers(sm_maintainers *m, const sm_patch *patch)
{
	if (sm_maintainers_files(m, patch->files))
		return TRUE;
	if (!m->keywords)
		return FALSE;
	gpointer told = g_hash_table_lookup(m->answers, answer_key(patch));
	return told ? GPOINTER_TO_INT(told) == 2 : sm_maintainers_keywords(m, patch->subject);
}
