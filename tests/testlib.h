/* testlib.h - helpers shared by the cmocka tests: fixtures and label tables.
 *
 * Fixtures live under tests/ (SM_TEST_DATA, set by Makefile.am).  A label
 * table is tab-separated with a header row naming the columns; a field may
 * be quoted CSV-style ("..." with "" for a quote), as tests/corpus/labels.tsv
 * is.  Everything here is static inline so each test program takes what it
 * uses.  Helpers fail the running test (cmocka) rather than return errors.
 *
 * Include cmocka's prerequisites and cmocka.h before this file.
 */
#ifndef SM_TESTLIB_H
#define SM_TESTLIB_H

#include <string.h>
#include <glib.h>
#include "mail/mail.h"
#include "recognise/recognise.h"

#ifndef SM_TEST_DATA
#error "SM_TEST_DATA must name the tests/ directory"
#endif

/* SM_TEST_DATA/REL; caller frees. */
static inline char *sm_test_path(const char *rel)
{
	return g_build_filename(SM_TEST_DATA, rel, NULL);
}

/* Read fixture REL (relative to tests/) with the recognition cap. */
static inline sm_mail *sm_test_mail(const char *rel)
{
	char *path = sm_test_path(rel);
	GError *error = NULL;
	sm_mail *mail = sm_mail_read(path, SM_MAIL_RECOGNISE_LIMIT, &error);
	if (!mail)
		fail_msg("%s: %s", rel, error ? error->message : "unreadable");
	g_free(path);
	return mail;
}

typedef struct {
	GPtrArray *rows; /* GHashTable*: column name -> value (never NULL) */
} sm_test_labels;

static inline GPtrArray *sm_test_split_row(const char *line)
{
	GPtrArray *fields = g_ptr_array_new_with_free_func(g_free);
	const char *p = line;
	while (TRUE) {
		GString *f = g_string_new(NULL);
		if (*p == '"') {
			for (p++; *p; p++) {
				if (*p == '"' && p[1] == '"') {
					g_string_append_c(f, '"');
					p++;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					g_string_append_c(f, *p);
				}
			}
			while (*p && *p != '\t')
				p++;
		} else {
			while (*p && *p != '\t')
				g_string_append_c(f, *p++);
		}
		g_ptr_array_add(fields, g_string_free(f, FALSE));
		if (*p != '\t')
			break;
		p++;
	}
	return fields;
}

/* Read the label table REL (relative to tests/). */
static inline sm_test_labels *sm_test_labels_read(const char *rel)
{
	char *path = sm_test_path(rel);
	char *text = NULL;
	GError *error = NULL;
	if (!g_file_get_contents(path, &text, NULL, &error))
		fail_msg("%s: %s", rel, error->message);
	g_free(path);
	sm_test_labels *labels = g_new0(sm_test_labels, 1);
	labels->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_hash_table_unref);
	char **lines = g_strsplit(text, "\n", -1);
	GPtrArray *columns = NULL;
	for (char **l = lines; *l; l++) {
		g_strchomp(*l);
		if (!**l)
			continue;
		GPtrArray *fields = sm_test_split_row(*l);
		if (!columns) {
			columns = fields;
			continue;
		}
		GHashTable *row = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
		for (guint i = 0; i < columns->len; i++)
			g_hash_table_insert(row, g_strdup(g_ptr_array_index(columns, i)),
			                    g_strdup(i < fields->len ? (char *)g_ptr_array_index(fields, i) : ""));
		g_ptr_array_add(labels->rows, row);
		g_ptr_array_unref(fields);
	}
	if (columns)
		g_ptr_array_unref(columns);
	g_strfreev(lines);
	/* A labels file cut to its header (or to nothing) would pass every
	 * test over its rows: that is a test that cannot fail. */
	if (labels->rows->len == 0)
		fail_msg("%s: no labelled rows", rel);
	g_free(text);
	return labels;
}

static inline void sm_test_labels_free(sm_test_labels *labels)
{
	if (!labels)
		return;
	g_ptr_array_unref(labels->rows);
	g_free(labels);
}

/* The value of COLUMN in ROW; "" when the table has no such column. */
static inline const char *sm_test_label(GHashTable *row, const char *column)
{
	const char *v = g_hash_table_lookup(row, column);
	return v ? v : "";
}

/* "<id@host>" as labels write message-ids, to the notice's bare form;
 * caller frees. */
static inline char *sm_test_bare_id(const char *id)
{
	char *s = g_strstrip(g_strdup(id ? id : ""));
	size_t len = strlen(s);
	if (len >= 2 && s[0] == '<' && s[len - 1] == '>') {
		memmove(s, s + 1, len - 2);
		s[len - 2] = '\0';
	}
	return s;
}

/* Does recognised KIND agree with label kind LABEL?  The corpus labels
 * are finer than stablemate's kinds (see tests/corpus and ../shared's
 * README): *-reply and revert-request are replies, revert-patch is a
 * backport, noise is other (a release announcement may be release), and
 * any message whose SUBJECT starts with "Re:" may be a reply. */
static inline gboolean sm_test_kind_matches(const char *label, const char *subject, sm_kind kind)
{
	static const struct { const char *label; sm_kind kind; } map[] = {
		{ "autosel", SM_KIND_AUTOSEL }, { "review-cover", SM_KIND_REVIEW_COVER },
		{ "review-patch", SM_KIND_REVIEW_PATCH }, { "failed", SM_KIND_FAILED },
		{ "backport", SM_KIND_BACKPORT }, { "added", SM_KIND_ADDED },
		{ "removed", SM_KIND_REMOVED }, { "autosel-reply", SM_KIND_REPLY },
		{ "review-reply", SM_KIND_REPLY }, { "revert-request", SM_KIND_REPLY },
		{ "revert-patch", SM_KIND_BACKPORT }, { "noise", SM_KIND_OTHER },
		{ "noise", SM_KIND_RELEASE },
	};
	if (kind == SM_KIND_REPLY && subject && g_ascii_strncasecmp(subject, "Re:", 3) == 0)
		return TRUE;
	for (gsize i = 0; i < G_N_ELEMENTS(map); i++)
		if (strcmp(map[i].label, label) == 0 && map[i].kind == kind)
			return TRUE;
	return FALSE;
}

static inline gint sm_test_tree_desc(gconstpointer a, gconstpointer b)
{
	return sm_version_cmp(*(char *const *)b, *(char *const *)a);
}

/* A tree set ("5.10,6.1" in any order, or a NULL-terminated list) as one
 * comparable string, newest first: "6.1,5.10".  Caller frees. */
static inline char *sm_test_tree_set(const char *csv, char **list)
{
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
	char **parts = csv ? g_strsplit(csv, ",", -1) : NULL;
	for (char **p = csv ? parts : list; p && *p; p++) {
		char *t = g_strstrip(g_strdup(*p));
		if (*t)
			g_ptr_array_add(a, t);
		else
			g_free(t);
	}
	g_strfreev(parts);
	g_ptr_array_sort(a, sm_test_tree_desc);
	g_ptr_array_add(a, NULL);
	char *joined = g_strjoinv(",", (char **)a->pdata);
	g_ptr_array_unref(a);
	return joined;
}

#endif
