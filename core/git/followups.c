/* git/followups.c - index mainline's Fixes: tags and reverts. */
#include <string.h>
#include "followups.h"
#include "private.h"
#include "repo-private.h"

#define CACHE_NAME "followups"
#define CACHE_KIND "followups"
#define CACHE_VERSION 2
#define MIN_PREFIX 8

typedef struct record {
	sm_followup_kind kind;
	git_oid id;
	char *named;  /* lower-case hex, 8 to 40 digits */
} record;

struct sm_git_followup_index {
	git_oid tip;
	GHashTable *by_prefix; /* first 8 digits of named -> GPtrArray of record* */
	guint records;
};

static void record_free(gpointer data)
{
	record *r = data;
	g_free(r->named);
	g_free(r);
}

void sm_followup_free(sm_followup *f)
{
	if (!f)
		return;
	g_free(f->subject);
	g_free(f->named);
	g_free(f);
}

const char *sm_followup_kind_name(sm_followup_kind kind)
{
	return kind == SM_FOLLOWUP_REVERT ? "revert" : "fixes";
}

static sm_git_followup_index *index_new(void)
{
	sm_git_followup_index *index = g_new0(sm_git_followup_index, 1);
	index->by_prefix = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                         (GDestroyNotify)g_ptr_array_unref);
	return index;
}

static void followup_index_free(sm_git_followup_index *index)
{
	if (!index)
		return;
	g_hash_table_unref(index->by_prefix);
	g_free(index);
}

static void index_add(sm_git_followup_index *index, sm_followup_kind kind,
                      const git_oid *id, char *named)
{
	char key[MIN_PREFIX + 1];
	memcpy(key, named, MIN_PREFIX);
	key[MIN_PREFIX] = '\0';
	GPtrArray *list = g_hash_table_lookup(index->by_prefix, key);
	if (!list) {
		list = g_ptr_array_new_with_free_func(record_free);
		g_hash_table_insert(index->by_prefix, g_strdup(key), list);
	}
	record *r = g_new0(record, 1);
	r->kind = kind;
	git_oid_cpy(&r->id, id);
	r->named = named;
	g_ptr_array_add(list, r);
	index->records++;
}

/* The run of hex digits at P, lower-cased, if it is MIN_PREFIX to 40 long
 * and ends at a word boundary. */
static char *hex_word(const char *p)
{
	size_t n = 0;
	while (g_ascii_isxdigit(p[n]))
		n++;
	if (n < MIN_PREFIX || n > GIT_OID_HEXSZ || g_ascii_isalnum(p[n]))
		return NULL;
	return g_ascii_strdown(p, n);
}

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

void sm_git_scan_followup_lines(const char *message, GPtrArray *fixes,
                                GPtrArray *reverts)
{
	static const char fixes_tag[] = "fixes:";
	static const char reverts_text[] = "this reverts commit ";
	for (const char *line = message; line && *line;) {
		const char *end = strchr(line, '\n');
		const char *p = skip_blanks(line);
		char *id = NULL;
		if (g_ascii_strncasecmp(p, fixes_tag, sizeof fixes_tag - 1) == 0) {
			p = skip_blanks(p + sizeof fixes_tag - 1);
			/* "Fixes: commit 1234abcd" is a common slip. */
			if (g_ascii_strncasecmp(p, "commit ", 7) == 0)
				p = skip_blanks(p + 7);
			if ((id = hex_word(p)))
				g_ptr_array_add(fixes, id);
		} else if (g_ascii_strncasecmp(p, reverts_text, sizeof reverts_text - 1) == 0) {
			if ((id = hex_word(p + sizeof reverts_text - 1)))
				g_ptr_array_add(reverts, id);
		}
		line = end ? end + 1 : NULL;
	}
}

static void index_message(gpointer data, const git_oid *id, const char *message, size_t len)
{
	sm_git_followup_index *index = data;
	/* Most commits have neither; skip them without copying. */
	if (!g_strstr_len(message, len, "ixes:") && !g_strstr_len(message, len, "IXES:") &&
	    !g_strstr_len(message, len, "reverts commit"))
		return;
	/* NUL-terminated for the scanner; messages are short. */
	char *text = g_strndup(message, len);
	GPtrArray *fixes = g_ptr_array_new();
	GPtrArray *reverts = g_ptr_array_new();
	sm_git_scan_followup_lines(text, fixes, reverts);
	for (guint i = 0; i < fixes->len; i++)
		index_add(index, SM_FOLLOWUP_FIXES, id, fixes->pdata[i]);
	for (guint i = 0; i < reverts->len; i++)
		index_add(index, SM_FOLLOWUP_REVERT, id, reverts->pdata[i]);
	/* The strings now belong to the index; only the arrays go. */
	g_ptr_array_free(fixes, TRUE);
	g_ptr_array_free(reverts, TRUE);
	g_free(text);
}

static sm_git_followup_index *load(const sm_git_repo *repo)
{
	char **lines = sm_git_cache_lines(repo, CACHE_NAME, CACHE_KIND, CACHE_VERSION);
	sm_git_followup_index *index = NULL;
	git_oid tip;
	if (lines && lines[0] && g_str_has_prefix(lines[0], "tip ") &&
	    git_oid_fromstr(&tip, lines[0] + 4) == 0) {
		index = index_new();
		git_oid_cpy(&index->tip, &tip);
		/* "F <id> <named>" or "R <id> <named>" */
		for (char **l = lines + 1; *l; l++) {
			git_oid id;
			size_t len = strlen(*l);
			size_t named = 2 + GIT_OID_HEXSZ + 1;
			if (len < named + MIN_PREFIX || ((*l)[0] != 'F' && (*l)[0] != 'R') ||
			    git_oid_fromstrn(&id, *l + 2, GIT_OID_HEXSZ) < 0)
				continue;
			index_add(index, (*l)[0] == 'R' ? SM_FOLLOWUP_REVERT : SM_FOLLOWUP_FIXES,
			          &id, g_strdup(*l + named));
		}
	}
	g_strfreev(lines);
	return index;
}

static void save(const sm_git_repo *repo, const sm_git_followup_index *index)
{
	GString *out = g_string_sized_new(64 + index->records * 64);
	char hex[GIT_OID_HEXSZ + 1];
	g_string_append_printf(out, "tip %s\n",
	                       git_oid_tostr(hex, sizeof hex, &index->tip));
	GHashTableIter iter;
	gpointer list;
	g_hash_table_iter_init(&iter, index->by_prefix);
	while (g_hash_table_iter_next(&iter, NULL, &list)) {
		GPtrArray *records = list;
		for (guint i = 0; i < records->len; i++) {
			record *r = records->pdata[i];
			g_string_append_printf(out, "%c %s %s\n",
			                       r->kind == SM_FOLLOWUP_REVERT ? 'R' : 'F',
			                       git_oid_tostr(hex, sizeof hex, &r->id), r->named);
		}
	}
	sm_git_cache_store(repo, CACHE_NAME, CACHE_KIND, CACHE_VERSION, out->str, out->len);
	g_string_free(out, TRUE);
}

static void restart(gpointer data)
{
	sm_git_followup_index *index = data;
	g_hash_table_remove_all(index->by_prefix);
	index->records = 0;
	memset(&index->tip, 0, sizeof index->tip);
}

/* The slot's end (sm_git_repo_on_free). */
static void followups_done(sm_git_repo *repo)
{
	followup_index_free(repo->followups);
	repo->followups = NULL;
}

gboolean sm_git_followups_update(sm_git_repo *repo, GError **error)
{
	git_oid tip;
	if (!sm_git_upstream(repo, &tip, NULL, error))
		return FALSE;
	sm_git_repo_on_free(repo, followups_done);
	if (!repo->followups)
		repo->followups = load(repo);
	sm_git_followup_index *index = repo->followups;
	gboolean had = index != NULL;
	if (!index)
		index = repo->followups = index_new();
	if (had && git_oid_equal(&index->tip, &tip) && !sm_git_mainline_update(repo, NULL, error))
		return FALSE;
	if (had && git_oid_equal(&index->tip, &tip))
		return TRUE;
	/* Read with mainline's ancestry, in the same pass. */
	sm_git_mainline_reader reader = { .at = had ? &index->tip : NULL, .restart = restart,
	                                  .message = index_message, .data = index };
	if (!sm_git_mainline_update(repo, &reader, error)) {
		followup_index_free(index);
		repo->followups = NULL;
		return FALSE;
	}
	git_oid_cpy(&index->tip, &tip);
	save(repo, index);
	return TRUE;
}

static int by_time(gconstpointer a, gconstpointer b)
{
	const sm_followup *x = *(sm_followup *const *)a;
	const sm_followup *y = *(sm_followup *const *)b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return strcmp(x->id, y->id);
}

GPtrArray *sm_git_followups(sm_git_repo *repo, const char *id, GError **error)
{
	if (!sm_git_followups_update(repo, error))
		return NULL;
	git_commit *commit = sm_git_commit(repo, id, error);
	if (!commit)
		return NULL;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, git_commit_id(commit));
	git_commit_free(commit);

	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)sm_followup_free);
	char key[MIN_PREFIX + 1];
	memcpy(key, hex, MIN_PREFIX);
	key[MIN_PREFIX] = '\0';
	GPtrArray *records = g_hash_table_lookup(repo->followups->by_prefix, key);
	for (guint i = 0; records && i < records->len; i++) {
		record *r = records->pdata[i];
		git_commit *later = NULL;
		if (!g_str_has_prefix(hex, r->named) ||
		    git_commit_lookup(&later, repo->git, &r->id) < 0)
			continue;
		sm_followup *f = g_new0(sm_followup, 1);
		f->kind = r->kind;
		git_oid_tostr(f->id, sizeof f->id, &r->id);
		f->subject = sm_git_summary(later);
		f->named = g_strdup(r->named);
		f->time = git_commit_time(later);
		g_ptr_array_add(out, f);
		git_commit_free(later);
	}
	g_ptr_array_sort(out, by_time);
	return out;
}
