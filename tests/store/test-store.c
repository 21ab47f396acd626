/* test-store.c - the store and its patch index on real notmuch databases.
 *
 * Each test builds a maildir from tests/corpus in a temporary directory,
 * indexes it with the real `notmuch new`, and changes it the way a user's
 * mail changes (new files, `notmuch tag`, deleted files), then checks what
 * the store loads, what the index served, and what refresh noticed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include <notmuch.h>
#include "output/output.h"
#include "patch/patch.h"
#include "patch/private.h"
#include "recognise/recognise.h"
#include "store/store.h"
#include "store/private.h"
#include "store/xapian-private.h"
#include "testlib.h"

static char *test_root; /* removed at exit */

typedef struct {
	char *dir;
	char *mail;            /* the maildir */
	char *notmuch_config;
	sm_config *config;
} fixture;

/* Run notmuch ARGS on FX's database; its standard output (caller frees). */
static char *run_notmuch(const fixture *fx, const char *const *args)
{
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, (gpointer) "notmuch");
	for (const char *const *a = args; *a; a++)
		g_ptr_array_add(argv, (gpointer)*a);
	g_ptr_array_add(argv, NULL);
	char **envp = g_environ_setenv(g_get_environ(), "NOTMUCH_CONFIG", fx->notmuch_config, TRUE);
	char *out = NULL, *err = NULL;
	gint status = 0;
	GError *error = NULL;
	gboolean ok = g_spawn_sync(fx->dir, (char **)argv->pdata, envp, G_SPAWN_SEARCH_PATH,
	                           NULL, NULL, &out, &err, &status, &error);
	if (!ok || !g_spawn_check_wait_status(status, NULL))
		fail_msg("notmuch %s: %s%s", args[0], error ? error->message : "", err ? err : "");
	g_free(err);
	g_strfreev(envp);
	g_ptr_array_unref(argv);
	return out;
}

static void notmuch_new(const fixture *fx)
{
	static const char *const args[] = { "new", "--quiet", NULL };
	g_free(run_notmuch(fx, args));
}

static void notmuch_tag(const fixture *fx, const char *tag, const char *message_id)
{
	char *query = g_strdup_printf("id:%s", message_id);
	const char *args[] = { "tag", tag, "--", query, NULL };
	g_free(run_notmuch(fx, args));
	g_free(query);
}

static char *mail_file(const fixture *fx, const char *name)
{
	return g_strdup_printf("%s/cur/%s:2,", fx->mail, name);
}

static void add_file(const fixture *fx, const char *corpus_name)
{
	char *src = g_strdup_printf("%s/corpus/%s", SM_TEST_DATA, corpus_name);
	char *dst = mail_file(fx, corpus_name);
	char *data;
	gsize len;
	assert_true(g_file_get_contents(src, &data, &len, NULL));
	assert_true(g_file_set_contents(dst, data, (gssize)len, NULL));
	g_free(data);
	g_free(src);
	g_free(dst);
}

/* A database of NAMES (corpus files, NULL-terminated). */
static fixture *fixture_new(const char *const *names)
{
	fixture *fx = g_new0(fixture, 1);
	fx->dir = g_build_filename(test_root, "db-XXXXXX", NULL);
	assert_non_null(g_mkdtemp(fx->dir));
	fx->mail = g_build_filename(fx->dir, "mail", NULL);
	for (const char *const *sub = (const char *const[]){ "cur", "new", "tmp", NULL }; *sub; sub++) {
		char *d = g_build_filename(fx->mail, *sub, NULL);
		assert_int_equal(g_mkdir_with_parents(d, 0700), 0);
		g_free(d);
	}
	for (const char *const *n = names; *n; n++)
		add_file(fx, *n);
	fx->notmuch_config = g_build_filename(fx->dir, "notmuch-config", NULL);
	char *text = g_strdup_printf(
		"[database]\npath=%s\n\n[user]\nname=Test Maintainer\n"
		"primary_email=Maint@Example.org\nother_email=maint@kernel.example;old@example.org\n\n"
		"[new]\ntags=unread;inbox\n\n[search]\nexclude_tags=deleted;spam\n",
		fx->mail);
	assert_true(g_file_set_contents(fx->notmuch_config, text, -1, NULL));
	g_free(text);
	notmuch_new(fx);
	GError *error = NULL;
	/* Every message, whatever the default query thinks of it. */
	char *config_path = g_build_filename(fx->dir, "config", NULL);
	assert_true(g_file_set_contents(config_path, "[search]\nquery=*\n", -1, NULL));
	fx->config = sm_config_load(config_path, &error);
	assert_non_null(fx->config);
	g_free(config_path);
	return fx;
}

static void fixture_free(fixture *fx)
{
	sm_config_free(fx->config);
	g_free(fx->dir);
	g_free(fx->mail);
	g_free(fx->notmuch_config);
	g_free(fx);
}

static sm_store *open_store(const fixture *fx)
{
	GError *error = NULL;
	sm_store *store = sm_store_open(fx->notmuch_config, fx->config, &error);
	if (!store)
		fail_msg("%s", error->message);
	return store;
}

static void load(sm_store *store, const char *query, sm_group *group)
{
	GError *error = NULL;
	if (!sm_store_load(store, query, group, NULL, NULL, &error))
		fail_msg("%s", error->message);
}

static void refresh(sm_store *store, sm_group *group, gboolean *changed)
{
	GError *error = NULL;
	if (!sm_store_refresh(store, group, changed, &error))
		fail_msg("%s", error->message);
}

static void expect_stats(const sm_store *store, const char *expected)
{
	char *line = sm_store_stats_line(store);
	assert_string_equal(line, expected);
	g_free(line);
}

/* What a new process sees: open, load QUERY, check the stats line. */
static void expect_fresh_load(const fixture *fx, const char *query, const char *expected)
{
	sm_store *store = open_store(fx);
	sm_group *group = sm_group_new();
	load(store, query, group);
	expect_stats(store, expected);
	sm_store_free(store);
	sm_group_free(group);
}

static void rm_rf(const char *path)
{
	char *argv[] = { "rm", "-rf", (char *)path, NULL };
	assert_true(g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL,
	                         NULL, NULL, NULL));
}

static const char *const corpus[] = {
	"006.eml", "008.eml", "016.eml", "018.eml", "019.eml", "024.eml",
	"043.eml", "044.eml", "060.eml", "064.eml", "072.eml", "075.eml", NULL
};
#define CORPUS_N 12

#define ID_AUTOSEL "20250804003849.3627024-12-sashal@kernel.org"  /* 006 */
#define ID_FAILED "2025122959-dreamt-stank-d6e5@gregkh"          /* 018 */
#define ID_ADDED "2023072131-barricade-backwash-96aa@gregkh"     /* 043 */
#define ID_REVIEW "20250818124453.167067654@linuxfoundation.org" /* 008 */
#define ID_NEW "20250803211736.3545028-15-sashal@kernel.org"     /* 124 */

/* Every cached field of two notices, as one string. */
static char *describe(const sm_notice *n)
{
	char *refs = n->references ? g_strjoinv(" ", n->references) : g_strdup("-");
	char *trees = g_strjoinv(",", n->trees);
	char *s = g_strdup_printf(
		"%s|%s|%s|%s|%" G_GINT64_FORMAT "|%s|%s|%d|%s|%s|%s|%s|%d/%d|%s|%s|%"
		G_GINT64_FORMAT "|%d|%d|%s|%d|%d|%s|%s|%d",
		n->message_id, n->in_reply_to ? n->in_reply_to : "-", refs, n->filename,
		n->date, n->from, n->subject, n->kind, trees, n->upstream,
		n->patch_subject ? n->patch_subject : "-", n->author ? n->author : "-",
		n->series_pos, n->series_total, n->base ? n->base : "-",
		n->release ? n->release : "-", n->deadline, n->signal, n->answers,
		n->warning ? n->warning : "-", n->triage, n->unread,
		n->evidence ? n->evidence : "-", sm_attach_name(n->attach), n->all_trees);
	g_free(refs);
	g_free(trees);
	return s;
}

static char *describe_id(const sm_group *group, const char *id)
{
	const sm_notice *n = sm_group_notice(group, id);
	return n ? describe(n) : g_strdup("(none)");
}

/* Space-separated tags of one message, as notmuch prints them. */
static char *tags_of(const fixture *fx, const char *message_id)
{
	char *query = g_strdup_printf("id:%s", message_id);
	const char *args[] = { "search", "--output=tags", "--exclude=false", query, NULL };
	char *out = run_notmuch(fx, args);
	g_strstrip(out);
	g_strdelimit(out, "\n", ' ');
	g_free(query);
	return out;
}

static void expect_tags(const fixture *fx, const char *message_id, const char *expected)
{
	char *tags = tags_of(fx, message_id);
	assert_string_equal(tags, expected);
	g_free(tags);
}

static gint compare_strings(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The loaded message-ids in sorted order, as one string. */
static char *loaded_ids(sm_store *store)
{
	GError *error = NULL;
	GHashTable *set = sm_store_query_ids(store, NULL, &error);
	if (!set)
		fail_msg("%s", error->message);
	GPtrArray *ids = g_ptr_array_new();
	GHashTableIter iter;
	gpointer id;
	g_hash_table_iter_init(&iter, set);
	while (g_hash_table_iter_next(&iter, &id, NULL))
		g_ptr_array_add(ids, id);
	g_ptr_array_sort(ids, compare_strings);
	g_ptr_array_add(ids, NULL);
	char *joined = g_strjoinv(" ", (char **)ids->pdata);
	g_ptr_array_unref(ids);
	g_hash_table_unref(set);
	return joined;
}

static void test_load_then_index(void **state)
{
	(void)state;
	fixture *fx = fixture_new(corpus);
	sm_store *store = open_store(fx);
	sm_group *parsed = sm_group_new();
	load(store, NULL, parsed);
	expect_stats(store, "12 messages: 12 read, 12 parsed, 0 from cache, 0 skipped");
	assert_int_equal(sm_group_notice_count(parsed), CORPUS_N);
	assert_int_equal(sm_store_warnings(store)->len, 0);
	sm_store_free(store);

	/* A new process: everything from the cache, field for field. */
	store = open_store(fx);
	sm_group *cached = sm_group_new();
	load(store, NULL, cached);
	expect_stats(store, "12 messages: 0 read, 0 parsed, 12 from cache, 0 skipped");
	const sm_store_stats *stats = sm_store_last_stats(store);
	assert_int_equal(stats->messages, CORPUS_N);
	assert_int_equal(stats->cached, CORPUS_N);
	assert_false(stats->incremental);
	char *all = loaded_ids(store);
	char **ids = g_strsplit(all, " ", -1);
	assert_int_equal(g_strv_length(ids), CORPUS_N);
	for (char **id = ids; *id; id++) {
		char *a = describe_id(parsed, *id), *b = describe_id(cached, *id);
		assert_string_equal(a, b);
		g_free(a);
		g_free(b);
	}
	/* Recognition really ran: the notices are not empty shells. */
	const sm_notice *failed = sm_group_notice(cached, ID_FAILED);
	assert_non_null(failed);
	assert_int_equal(failed->kind, SM_KIND_FAILED);
	assert_string_equal(failed->upstream, "faf07e611dfa464b201223a7253e9dc5ee0f3c9e");
	assert_true(failed->unread);
	assert_true(g_str_has_prefix(failed->filename, fx->mail));
	g_strfreev(ids);
	g_free(all);
	sm_store_free(store);
	sm_group_free(parsed);
	sm_group_free(cached);
	fixture_free(fx);
}

static void test_excludes_and_queries(void **state)
{
	(void)state;
	fixture *fx = fixture_new(corpus);
	notmuch_tag(fx, "+deleted", ID_ADDED);
	notmuch_tag(fx, "+stablemate/hold", ID_FAILED);
	notmuch_tag(fx, "-unread", ID_FAILED);
	sm_store *store = open_store(fx);
	sm_group *group = sm_group_new();
	load(store, NULL, group);
	expect_stats(store, "11 messages: 11 read, 11 parsed, 0 from cache, 0 skipped");
	assert_null(sm_group_notice(group, ID_ADDED));
	sm_notice *failed = sm_group_notice(group, ID_FAILED);
	assert_int_equal(failed->triage, SM_TRIAGE_HOLD);
	assert_false(failed->unread);

	/* The user's query narrows the config's, and replaces the group. */
	load(store, "id:" ID_FAILED " or id:" ID_AUTOSEL, group);
	expect_stats(store, "2 messages: 2 read, 0 parsed, 2 from cache, 0 skipped");
	assert_int_equal(sm_group_notice_count(group), 2);
	char *ids = loaded_ids(store);
	assert_string_equal(ids, ID_AUTOSEL " " ID_FAILED);
	g_free(ids);

	GError *error = NULL;
	assert_false(sm_store_load(store, "date:foo..bar", group, NULL, NULL, &error));
	assert_true(g_error_matches(error, SM_STORE_ERROR, SM_STORE_ERROR_QUERY));
	assert_string_equal(error->message,
	                    "bad query: Didn't understand date specification 'foo'");
	g_clear_error(&error);
	assert_null(sm_store_query_ids(store, "a AND", &error));
	assert_true(g_error_matches(error, SM_STORE_ERROR, SM_STORE_ERROR_QUERY));
	g_clear_error(&error);
	/* The group is still what the last good load made it. */
	assert_int_equal(sm_group_notice_count(group), 2);
	sm_store_free(store);
	sm_group_free(group);
	fixture_free(fx);
}

static guint progress_calls, progress_done, progress_total;
static void on_progress(guint done, guint total, void *data)
{
	(void)data;
	assert_true(done <= total);
	progress_calls++;
	progress_done = done;
	progress_total = total;
}

static void test_progress_and_user(void **state)
{
	(void)state;
	fixture *fx = fixture_new(corpus);
	sm_store *store = open_store(fx);
	sm_group *group = sm_group_new();
	GError *error = NULL;
	assert_true(sm_store_load(store, NULL, group, on_progress, NULL, &error));
	assert_true(progress_calls >= 1);
	assert_int_equal(progress_done, CORPUS_N);
	assert_int_equal(progress_total, CORPUS_N);

	assert_string_equal(sm_store_user_name(store), "Test Maintainer");
	assert_string_equal(sm_store_user_email(store), "Maint@Example.org");
	char *addresses = g_strjoinv(" ", (char **)sm_store_user_addresses(store));
	assert_string_equal(addresses, "maint@example.org maint@kernel.example old@example.org");
	g_free(addresses);
	assert_string_equal(sm_store_mail_root(store), fx->mail);
	assert_true(sm_store_revision(store) > 0);
	sm_store_free(store);
	sm_group_free(group);
	fixture_free(fx);
}

static void test_refresh(void **state)
{
	(void)state;
	fixture *fx = fixture_new(corpus);
	sm_store *store = open_store(fx);
	sm_group *group = sm_group_new();
	gboolean changed = TRUE;
	load(store, NULL, group);
	assert_false(sm_store_changed(store));
	refresh(store, group, &changed);
	assert_false(changed);
	expect_stats(store, "0 changed messages: 0 read, 0 parsed, 0 from cache, 0 skipped");

	/* A new message: only it is read. */
	add_file(fx, "124.eml");
	notmuch_new(fx);
	assert_true(sm_store_changed(store));
	unsigned long before = sm_store_revision(store);
	refresh(store, group, &changed);
	assert_true(changed);
	assert_true(sm_store_last_stats(store)->incremental);
	expect_stats(store, "1 changed message: 1 read, 1 parsed, 0 from cache, 0 skipped");
	/* ... into a journal: no build in full. */
	assert_null(sm_store_last_stats(store)->in_full);
	assert_true(sm_store_revision(store) > before);
	assert_non_null(sm_group_notice(group, ID_NEW));
	assert_int_equal(sm_group_notice_count(group), CORPUS_N + 1);
	assert_false(sm_store_changed(store));

	/* Retagged elsewhere: the tag is seen, the file is not read. */
	notmuch_tag(fx, "+stablemate/revert", ID_AUTOSEL);
	refresh(store, group, &changed);
	assert_true(changed);
	expect_stats(store, "1 changed message: 1 read, 0 parsed, 1 from cache, 0 skipped");
	assert_int_equal(sm_group_notice(group, ID_AUTOSEL)->triage, SM_TRIAGE_REVERT);

	/* Deleted, and tagged out of the query: both leave the group. */
	char *file = mail_file(fx, "018.eml");
	assert_int_equal(g_unlink(file), 0);
	g_free(file);
	notmuch_new(fx);
	refresh(store, group, &changed);
	assert_true(changed);
	/* (A deletion is regrouped in full.) */
	assert_string_equal(sm_store_last_stats(store)->in_full, "a message was deleted");
	assert_null(sm_group_notice(group, ID_FAILED));
	notmuch_tag(fx, "+spam", ID_ADDED);
	refresh(store, group, &changed);
	assert_true(changed);
	assert_null(sm_group_notice(group, ID_ADDED));
	assert_int_equal(sm_group_notice_count(group), CORPUS_N - 1);
	/* Back out of spam: back in the group.  The cache keeps only what
	 * the query matches, so the file is read again. */
	notmuch_tag(fx, "-spam", ID_ADDED);
	refresh(store, group, &changed);
	expect_stats(store, "1 changed message: 1 read, 1 parsed, 0 from cache, 0 skipped");
	assert_non_null(sm_group_notice(group, ID_ADDED));
	sm_store_free(store);
	/* The refreshes kept the cache up to date for the next process. */
	expect_fresh_load(fx, NULL, "12 messages: 0 read, 0 parsed, 12 from cache, 0 skipped");
	sm_group_free(group);
	fixture_free(fx);
}

/* Did the last load or refresh run the step NAME (sm_store_stats.steps)? */
static gboolean ran_step(const sm_store *store, const char *name)
{
	const sm_store_stats *stats = sm_store_last_stats(store);
	for (guint i = 0; i < stats->n_steps; i++)
		if (strcmp(stats->steps[i].name, name) == 0)
			return TRUE;
	return FALSE;
}

static void remove_mail(const fixture *fx, const char *corpus_name)
{
	char *file = mail_file(fx, corpus_name);
	assert_int_equal(g_unlink(file), 0);
	g_free(file);
}

/* Deletions are found (changes_beyond in store.c), every deletion of the
 * query's mail whatever else changed, at the least cost: with VERSIONS,
 * Xapian's version file proves that most changes deleted nothing, and
 * nothing is counted then; without it (a database of another backend)
 * the query is counted only when the database's own counts leave room
 * for a deletion. */
static void refresh_finds_deletions(gboolean versions)
{
	fixture *fx = fixture_new(corpus);
	/* 043 is mail outside the query. */
	const char *query = "not id:" ID_ADDED;
	sm_store *store = open_store(fx);
	sm_store_read_versions(store, versions);
	sm_group *group = sm_group_new();
	gboolean changed = FALSE;
	load(store, query, group);
	assert_int_equal(sm_group_notice_count(group), CORPUS_N - 1);

	/* New mail: nothing went, the query is not counted; with the version
	 * file nothing is, and the journal keeps what it said. */
	add_file(fx, "124.eml");
	notmuch_new(fx);
	refresh(store, group, &changed);
	assert_true(changed);
	assert_null(sm_store_last_stats(store)->in_full);
	assert_false(ran_step(store, "count query"));
	assert_int_equal(ran_step(store, "count all"), !versions);
	assert_int_equal(sm_group_notice_count(group), CORPUS_N);
	/* A new process after more new mail: the same, from the journal. */
	sm_store_free(store);
	add_file(fx, "127.eml");
	notmuch_new(fx);
	store = open_store(fx);
	sm_store_read_versions(store, versions);
	load(store, query, group);
	assert_true(sm_store_last_stats(store)->parsed == 1);
	assert_null(sm_store_last_stats(store)->in_full);
	assert_false(ran_step(store, "count query"));
	assert_int_equal(ran_step(store, "count all"), !versions);
	assert_int_equal(sm_group_notice_count(group), CORPUS_N + 1);

	/* Other mail retagged: the counts cannot tell it from a deletion, so
	 * the query is counted, and nothing of ours went; the version file
	 * can. */
	notmuch_tag(fx, "+other", ID_ADDED);
	refresh(store, group, &changed);
	assert_false(changed);
	assert_int_equal(ran_step(store, "count query"), !versions);
	assert_false(versions && ran_step(store, "count all"));
	assert_null(sm_store_last_stats(store)->in_full);
	assert_int_equal(sm_group_notice_count(group), CORPUS_N + 1);
	/* ... and the next change is cheap. */
	notmuch_tag(fx, "+stablemate/hold", ID_AUTOSEL);
	refresh(store, group, &changed);
	assert_true(changed);
	assert_false(ran_step(store, "count query"));
	expect_stats(store, "1 changed message: 1 read, 0 parsed, 1 from cache, 0 skipped");
	/* One of ours tagged out of the query (an exclude tag) and back: a
	 * build in full each time, which counts the query only when no
	 * version file says nothing was deleted. */
	notmuch_tag(fx, "+spam", ID_FAILED);
	refresh(store, group, &changed);
	assert_true(changed);
	assert_string_equal(sm_store_last_stats(store)->in_full, "a message left the query");
	assert_int_equal(ran_step(store, "count"), !versions);
	assert_null(sm_group_notice(group, ID_FAILED));
	notmuch_tag(fx, "-spam", ID_FAILED);
	refresh(store, group, &changed);
	assert_true(changed);
	assert_non_null(sm_group_notice(group, ID_FAILED));
	assert_int_equal(sm_group_notice_count(group), CORPUS_N + 1);

	/* Other mail deleted, nothing else: no revision moves (notmuch 0.37),
	 * but the version file changes (the check sees it), or the count of
	 * every message falls; the query is counted, and nothing of ours
	 * went. */
	remove_mail(fx, "043.eml");
	notmuch_new(fx);
	assert_int_equal(sm_store_changed(store), versions);
	refresh(store, group, &changed);
	assert_false(changed);
	assert_true(ran_step(store, "count query"));
	assert_null(sm_store_last_stats(store)->in_full);
	/* ... and a refresh after it counts no more than every message, or
	 * nothing at all. */
	assert_false(sm_store_changed(store));
	refresh(store, group, &changed);
	assert_false(changed);
	assert_false(ran_step(store, "count query"));
	assert_int_equal(ran_step(store, "count all"), !versions);
	/* One of ours deleted, nothing else: found the same way. */
	remove_mail(fx, "064.eml");
	notmuch_new(fx);
	assert_int_equal(sm_store_changed(store), versions);
	refresh(store, group, &changed);
	assert_true(changed);
	assert_string_equal(sm_store_last_stats(store)->in_full, "a message was deleted");
	assert_int_equal(sm_group_notice_count(group), CORPUS_N);
	add_file(fx, "064.eml");
	notmuch_new(fx);
	refresh(store, group, &changed);
	assert_int_equal(sm_group_notice_count(group), CORPUS_N + 1);

	/* The deletions were counted: one of ours new is cheap again. */
	add_file(fx, "125.eml");
	notmuch_new(fx);
	refresh(store, group, &changed);
	assert_true(changed);
	assert_false(ran_step(store, "count query"));
	assert_null(sm_store_last_stats(store)->in_full);
	assert_int_equal(sm_group_notice_count(group), CORPUS_N + 2);

	/* One of ours deleted and one retagged in the same change: the
	 * deletion is found. */
	remove_mail(fx, "018.eml");
	notmuch_new(fx);
	notmuch_tag(fx, "-stablemate/hold", ID_AUTOSEL);
	refresh(store, group, &changed);
	assert_true(changed);
	assert_string_equal(sm_store_last_stats(store)->in_full, "a message was deleted");
	assert_null(sm_group_notice(group, ID_FAILED));
	assert_int_equal(sm_group_notice(group, ID_AUTOSEL)->triage, SM_TRIAGE_UNTRIAGED);
	assert_int_equal(sm_group_notice_count(group), CORPUS_N + 1);

	/* One of ours deleted and one of ours new: the same count as before,
	 * and still found. */
	remove_mail(fx, "019.eml");
	add_file(fx, "126.eml");
	notmuch_new(fx);
	refresh(store, group, &changed);
	assert_true(changed);
	assert_string_equal(sm_store_last_stats(store)->in_full, "a message was deleted");
	assert_int_equal(sm_group_notice_count(group), CORPUS_N + 1);
	sm_store_free(store);
	/* The next process agrees, from the cache alone. */
	expect_fresh_load(fx, query, "13 messages: 0 read, 0 parsed, 13 from cache, 0 skipped");
	sm_group_free(group);
	fixture_free(fx);
}

/* Xapian's version file as the store reads it: a new message adds
 * documents and as many ids (its own, and a ghost for a message it
 * refers to that is not there), a removal takes a document (the counts no longer
 * agree) and moves Xapian's revision though notmuch's stays; a damaged
 * file is not known. */
static void test_xapian_version(void **state)
{
	(void)state;
	fixture *fx = fixture_new(corpus);
	sm_xapian_version before, added, removed, none = { 0 };
	assert_true(sm_xapian_version_read(fx->mail, &before));
	/* The messages and the folders (mail, cur, new, tmp: new has mail). */
	assert_true(before.documents >= CORPUS_N);
	assert_true(before.last_id >= before.documents);
	add_file(fx, "124.eml");
	notmuch_new(fx);
	assert_true(sm_xapian_version_read(fx->mail, &added));
	assert_true(added.documents > before.documents);
	assert_int_equal(added.last_id - before.last_id, added.documents - before.documents);
	assert_true(added.revision > before.revision);
	assert_true(sm_xapian_version_none_deleted(&before, &added));
	assert_false(sm_xapian_version_same(&before, &added));
	remove_mail(fx, "018.eml");
	notmuch_new(fx);
	assert_true(sm_xapian_version_read(fx->mail, &removed));
	assert_true(removed.revision > added.revision);
	assert_false(sm_xapian_version_none_deleted(&added, &removed));
	assert_false(sm_xapian_version_none_deleted(&before, &removed));
	/* Nothing known proves nothing. */
	assert_false(sm_xapian_version_none_deleted(&none, &removed));
	assert_false(sm_xapian_version_same(&none, &none));

	/* The file cut short anywhere, or with a byte more, is not read. */
	char *path = g_build_filename(fx->mail, ".notmuch", "xapian", "iamglass", NULL);
	gchar *data;
	gsize len;
	assert_true(g_file_get_contents(path, &data, &len, NULL));
	sm_xapian_version v;
	assert_true(sm_xapian_version_parse((guchar *)data, len, &v));
	assert_int_equal(v.documents, removed.documents);
	for (gsize cut = 0; cut < len; cut++)
		assert_false(sm_xapian_version_parse((guchar *)data, cut, &v) || v.known);
	guchar *longer = g_malloc(len + 1);
	memcpy(longer, data, len);
	longer[len] = 0;
	assert_false(sm_xapian_version_parse(longer, len + 1, &v));
	/* Another format (chert's magic, say). */
	longer[2] = 'x';
	assert_false(sm_xapian_version_parse(longer, len, &v));
	g_free(longer);
	g_free(data);
	g_free(path);
	fixture_free(fx);
}

static void test_refresh_finds_deletions(void **state)
{
	(void)state;
	refresh_finds_deletions(TRUE);
}

static void test_refresh_counts_deletions(void **state)
{
	(void)state;
	refresh_finds_deletions(FALSE);
}

/* GROUP's patches and reviews as `show --format=json` prints them
 * (every notice of every patch), newly allocated. */
static char *group_json(sm_group *group)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	assert_non_null(out);
	sm_printer *p = sm_printer_new("json", out);
	sm_report(p, group, sm_group_patches(group), sm_group_reviews(group), SM_REPORT_DETAIL,
	          NULL, NULL);
	sm_printer_free(p);
	fclose(out);
	return text;
}

/* What a new process makes of QUERY with no index at all: a build in
 * full from every message, as JSON. */
static char *fresh_build_json(const fixture *fx, const char *query)
{
	char *cache = g_build_filename(test_root, "cache", NULL);
	char *kept = g_build_filename(test_root, "cache-kept", NULL);
	assert_int_equal(g_rename(cache, kept), 0);
	sm_store *store = open_store(fx);
	sm_group *group = sm_group_new();
	load(store, query, group);
	assert_false(sm_store_last_stats(store)->cached);
	char *json = group_json(group);
	sm_store_free(store);
	sm_group_free(group);
	rm_rf(cache);
	assert_int_equal(g_rename(kept, cache), 0);
	g_free(cache);
	g_free(kept);
	return json;
}

/* The rows a refresh keeps (the base's, under one journal after
 * another: sm_group_use_journal) are what a build in full makes, in the
 * same order, after adds, retags and patches read in between. */
static void test_refresh_keeps_rows(void **state)
{
	(void)state;
	fixture *fx = fixture_new(corpus);
	sm_store *store = open_store(fx);
	sm_group *group = sm_group_new();
	gboolean changed = FALSE;
	load(store, NULL, group);
	/* The rows of a new process: from the index file. */
	sm_store_free(store);
	store = open_store(fx);
	load(store, NULL, group);
	expect_stats(store, "12 messages: 0 read, 0 parsed, 12 from cache, 0 skipped");
	sm_patch *kept = NULL;
	for (guint i = 0; i < sm_group_patches(group)->len && !kept; i++) {
		sm_patch *patch = sm_group_patches(group)->pdata[i];
		if (strcmp(patch->upstream, "faf07e611dfa464b201223a7253e9dc5ee0f3c9e") != 0)
			kept = patch;
	}
	assert_non_null(kept);
	const char *subject = kept->subject; /* in the base file's mapping */
	const char *names[] = { "124.eml", "125.eml", "126.eml", "127.eml" };
	for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
		/* A patch read before the refresh, as the TUI's open view does. */
		sm_group_patch_notices(group, sm_group_patches(group)->pdata[0]);
		add_file(fx, names[i]);
		notmuch_new(fx);
		if (i == 2)
			notmuch_tag(fx, "+stablemate/hold", ID_FAILED);
		refresh(store, group, &changed);
		assert_true(changed);
		assert_null(sm_store_last_stats(store)->in_full);
		char *json = group_json(group), *fresh = fresh_build_json(fx, NULL);
		assert_string_equal(json, fresh);
		g_free(json);
		g_free(fresh);
	}
	/* A row no journal replaced is the same patch, where it was, and the
	 * base file was not mapped again. */
	gboolean found = FALSE;
	for (guint i = 0; i < sm_group_patches(group)->len; i++)
		found = found || sm_group_patches(group)->pdata[i] == kept;
	assert_true(found);
	assert_ptr_equal(kept->subject, subject);
	sm_store_free(store);
	sm_group_free(group);
	fixture_free(fx);
}

/* The files in the cache's index folders, all databases' and queries'
 * together (each test has one), as paths; caller unrefs. */
static GPtrArray *index_files(void)
{
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	char *top = g_build_filename(test_root, "cache", "stablemate", "index", NULL);
	GDir *dbs = g_dir_open(top, 0, NULL);
	const char *db;
	while (dbs && (db = g_dir_read_name(dbs))) {
		char *dir = g_build_filename(top, db, NULL);
		GDir *files = g_dir_open(dir, 0, NULL);
		const char *name;
		while (files && (name = g_dir_read_name(files)))
			g_ptr_array_add(names, g_build_filename(dir, name, NULL));
		if (files)
			g_dir_close(files);
		g_free(dir);
	}
	if (dbs)
		g_dir_close(dbs);
	g_free(top);
	return names;
}

static void test_narrowed_load_uses_index(void **state)
{
	(void)state;
	fixture *fx = fixture_new(corpus);
	/* Each query has its index; a narrowed load without one takes its
	 * notices from the index of the config's query, when there is one. */
	expect_fresh_load(fx, "id:" ID_FAILED, "1 message: 1 read, 1 parsed, 0 from cache, 0 skipped");
	expect_fresh_load(fx, "id:" ID_FAILED, "1 message: 0 read, 0 parsed, 1 from cache, 0 skipped");
	expect_fresh_load(fx, NULL, "12 messages: 12 read, 12 parsed, 0 from cache, 0 skipped");
	expect_fresh_load(fx, "id:" ID_AUTOSEL, "1 message: 1 read, 0 parsed, 1 from cache, 0 skipped");
	expect_fresh_load(fx, NULL, "12 messages: 0 read, 0 parsed, 12 from cache, 0 skipped");
	fixture_free(fx);
}

static void test_new_database_ignores_index(void **state)
{
	(void)state;
	fixture *fx = fixture_new(corpus);
	expect_fresh_load(fx, NULL, "12 messages: 12 read, 12 parsed, 0 from cache, 0 skipped");
	/* Same path, a new database (new uuid): its revisions mean nothing
	 * to the old cache. */
	char *db = g_build_filename(fx->mail, ".notmuch", NULL);
	rm_rf(db);
	g_free(db);
	notmuch_new(fx);
	expect_fresh_load(fx, NULL, "12 messages: 12 read, 12 parsed, 0 from cache, 0 skipped"
	                  " (index ignored: written for another database)");
	fixture_free(fx);
}

static void test_unreadable_files(void **state)
{
	(void)state;
	fixture *fx = fixture_new(corpus);
	/* 043 twice: its first file goes, the second still reads. */
	char *copy = g_strdup_printf("%s/new/043-copy.eml", fx->mail);
	char *src = mail_file(fx, "043.eml");
	char *data;
	gsize len;
	assert_true(g_file_get_contents(src, &data, &len, NULL));
	assert_true(g_file_set_contents(copy, data, (gssize)len, NULL));
	g_free(data);
	notmuch_new(fx);
	const char *args[] = { "search", "--output=files", "id:" ID_ADDED, NULL };
	char *files = run_notmuch(fx, args);
	char **lines = g_strsplit(files, "\n", -1);
	assert_true(g_strv_length(lines) >= 2);
	assert_int_equal(g_unlink(lines[0]), 0);
	/* 006 has no other file: skipped with a warning naming it. */
	char *gone = mail_file(fx, "006.eml");
	assert_int_equal(g_unlink(gone), 0);

	sm_store *store = open_store(fx);
	sm_group *group = sm_group_new();
	load(store, NULL, group);
	expect_stats(store, "12 messages: 12 read, 11 parsed, 0 from cache, 1 skipped");
	GPtrArray *warnings = sm_store_warnings(store);
	assert_int_equal(warnings->len, 1);
	assert_non_null(strstr(warnings->pdata[0], gone));
	assert_null(strchr(warnings->pdata[0], '\n'));
	assert_null(sm_group_notice(group, ID_AUTOSEL));
	sm_notice *added = sm_group_notice(group, ID_ADDED);
	assert_non_null(added);
	assert_int_equal(added->kind, SM_KIND_ADDED);

	/* A skipped message counts as seen: a refresh needs no full scan, and
	 * the file coming back (same message, retouched) is read then. */
	add_file(fx, "006.eml");
	notmuch_tag(fx, "+flagged", ID_AUTOSEL);
	gboolean changed;
	refresh(store, group, &changed);
	assert_true(changed);
	expect_stats(store, "1 changed message: 1 read, 1 parsed, 0 from cache, 0 skipped");
	assert_non_null(sm_group_notice(group, ID_AUTOSEL));

	g_strfreev(lines);
	g_free(files);
	g_free(gone);
	g_free(src);
	g_free(copy);
	sm_store_free(store);
	sm_group_free(group);
	fixture_free(fx);
}

static void test_set_triage(void **state)
{
	(void)state;
	fixture *fx = fixture_new(corpus);
	sm_store *store = open_store(fx);
	sm_group *group = sm_group_new();
	load(store, NULL, group);
	GPtrArray *ids = g_ptr_array_new();
	g_ptr_array_add(ids, (gpointer)ID_AUTOSEL);
	g_ptr_array_add(ids, (gpointer)ID_REVIEW);
	g_ptr_array_add(ids, (gpointer) "no-such-message@example.org");
	GError *error = NULL;

	assert_true(sm_store_set_triage(store, ids, SM_TRIAGE_APPROVED, group, &error));
	expect_tags(fx, ID_AUTOSEL, "inbox stablemate/approved unread");
	expect_tags(fx, ID_REVIEW, "inbox stablemate/approved unread");
	expect_tags(fx, ID_FAILED, "inbox unread");
	assert_int_equal(sm_group_notice(group, ID_AUTOSEL)->triage, SM_TRIAGE_APPROVED);
	assert_int_equal(sm_group_notice(group, ID_FAILED)->triage, SM_TRIAGE_UNTRIAGED);

	/* One triage tag at a time. */
	assert_true(sm_store_set_triage(store, ids, SM_TRIAGE_HOLD, group, &error));
	expect_tags(fx, ID_AUTOSEL, "inbox stablemate/hold unread");
	assert_int_equal(sm_group_notice(group, ID_REVIEW)->triage, SM_TRIAGE_HOLD);
	assert_true(sm_store_set_triage(store, ids, SM_TRIAGE_UNTRIAGED, group, &error));
	expect_tags(fx, ID_AUTOSEL, "inbox unread");
	assert_int_equal(sm_group_notice(group, ID_REVIEW)->triage, SM_TRIAGE_UNTRIAGED);

	/* The store's own writes come back through refresh, unchanged. */
	assert_true(sm_store_set_triage(store, ids, SM_TRIAGE_DROP, NULL, &error));
	gboolean changed;
	refresh(store, group, &changed);
	expect_stats(store, "2 changed messages: 2 read, 0 parsed, 2 from cache, 0 skipped");
	assert_int_equal(sm_group_notice(group, ID_AUTOSEL)->triage, SM_TRIAGE_DROP);

	/* Another writer holds the lock: give up after a few tries. */
	notmuch_database_t *writer = NULL;
	assert_int_equal(notmuch_database_open_with_config(NULL, NOTMUCH_DATABASE_MODE_READ_WRITE,
	                 fx->notmuch_config, NULL, &writer, NULL), NOTMUCH_STATUS_SUCCESS);
	gint64 start = g_get_monotonic_time();
	assert_false(sm_store_set_triage(store, ids, SM_TRIAGE_APPROVED, group, &error));
	assert_true(g_error_matches(error, SM_STORE_ERROR, SM_STORE_ERROR_LOCKED));
	assert_non_null(strstr(error->message, "locked"));
	assert_true(g_get_monotonic_time() - start < 5 * G_USEC_PER_SEC);
	g_clear_error(&error);
	assert_int_equal(sm_group_notice(group, ID_AUTOSEL)->triage, SM_TRIAGE_DROP);
	notmuch_database_destroy(writer);
	expect_tags(fx, ID_AUTOSEL, "inbox stablemate/drop unread");
	assert_true(sm_store_set_triage(store, ids, SM_TRIAGE_APPROVED, group, &error));
	expect_tags(fx, ID_AUTOSEL, "inbox stablemate/approved unread");

	g_ptr_array_unref(ids);
	sm_store_free(store);
	sm_group_free(group);
	fixture_free(fx);
}

static void test_index_file(void **state)
{
	(void)state;
	fixture *fx = fixture_new(corpus);
	sm_store *store = open_store(fx);
	char *sent = g_strdup_printf("%s/cur/sent-1:2,S", fx->mail);
	const char *mail =
		"From: Test Maintainer <maint@example.org>\n"
		"To: stable@vger.kernel.org\n"
		"Subject: Re: FAILED: patch \"[PATCH] tpm: Cap the number of PCR banks\"\n"
		"Message-ID: <sent-1@example.org>\n"
		"In-Reply-To: <" ID_FAILED ">\n"
		"Date: Tue, 30 Dec 2025 10:00:00 +0000\n\nI will send a backport.\n";
	assert_true(g_file_set_contents(sent, mail, -1, NULL));
	const char *const tags[] = { "stablemate/sent", NULL };
	GError *error = NULL;
	assert_true(sm_store_index_file(store, sent, tags, &error));
	/* Tagged as asked, and seen (the S flag), not "new": no inbox. */
	expect_tags(fx, "sent-1@example.org", "stablemate/sent");
	/* Indexing it again is not an error. */
	assert_true(sm_store_index_file(store, sent, NULL, &error));
	assert_false(sm_store_index_file(store, "/nonexistent/file", NULL, &error));
	assert_true(g_error_matches(error, SM_STORE_ERROR, SM_STORE_ERROR_WRITE));
	g_clear_error(&error);
	g_free(sent);
	sm_store_free(store);
	fixture_free(fx);
}

static void test_open_errors(void **state)
{
	(void)state;
	sm_config *config = sm_config_load(NULL, NULL);
	GError *error = NULL;
	char *dir = g_build_filename(test_root, "errors", NULL);
	g_mkdir_with_parents(dir, 0700);
	char *path = g_build_filename(dir, "notmuch-config", NULL);
	char *text = g_strdup_printf("[database]\npath=%s/nomail\n", dir);
	assert_true(g_file_set_contents(path, text, -1, NULL));

	assert_null(sm_store_open(path, config, &error));
	assert_true(g_error_matches(error, SM_STORE_ERROR, SM_STORE_ERROR_OPEN));
	char *expected = g_strdup_printf("cannot open the notmuch database at %s/nomail: "
	                                 "No such file or directory (run 'notmuch new' to create it)",
	                                 dir);
	assert_string_equal(error->message, expected);
	g_clear_error(&error);
	g_free(expected);

	char *missing = g_build_filename(dir, "missing-config", NULL);
	assert_null(sm_store_open(missing, config, &error));
	expected = g_strdup_printf("the notmuch config %s does not exist", missing);
	assert_string_equal(error->message, expected);
	g_clear_error(&error);
	g_free(expected);
	g_free(missing);

	g_free(text);
	g_free(path);
	g_free(dir);
	sm_config_free(config);
}

/* A notice with every field set, and a bare one. */
static sm_notice *full_notice(void)
{
	sm_notice *full = sm_notice_new();
	full->message_id = g_strdup("full@x");
	full->in_reply_to = g_strdup("parent@x");
	full->references = g_strsplit("root@x parent@x", " ", -1);
	full->filename = g_strdup("/m/2");
	full->date = 1700000000;
	full->from = g_strdup("Greg Kroah-Hartman <gregkh@linuxfoundation.org>");
	full->subject = g_strdup("[PATCH 6.6 12/150] net: fix \xc3\xa9");
	full->kind = SM_KIND_REVIEW_PATCH;
	g_strfreev(full->trees);
	full->trees = g_strsplit("6.6,6.1", ",", -1);
	g_strlcpy(full->upstream, "faf07e611dfa464b201223a7253e9dc5ee0f3c9e", sizeof full->upstream);
	full->patch_subject = g_strdup("net: fix \xc3\xa9");
	full->author = g_strdup("A U Thor <a@example.org>");
	full->series_pos = 12;
	full->series_total = 150;
	full->base = g_strdup("Linux 6.6.101");
	full->release = g_strdup("6.6.102");
	full->deadline = 1700100000;
	full->signal = SM_SIGNAL_QUEUED;
	full->answers = SM_KIND_FAILED;
	full->warning = g_strdup("bad charset");
	full->evidence = g_strdup("commit faf07e611dfa464b201223a7253e9dc5ee0f3c9e upstream.");
	full->all_trees = TRUE;
	full->triage = SM_TRIAGE_HOLD;
	full->unread = TRUE;
	return full;
}

/* The index file on its own: round trip, stamps, damaged files. */
/* The list's default order (tui/view-list.c) at NOW, as the first screen
 * must show it: open deadlines nearest first, past ones latest first,
 * then the rest; ties newest news first, then by key. */
static gint64 head_now;

static const char *head_key(const sm_patch *p)
{
	return p->upstream[0] ? p->upstream : p->first_id ? p->first_id : p->key;
}

/* The list's urgency order, written out again: open deadlines nearest
 * first, then what waits for a decision, then the rest, newest first. */
static int head_rank(const sm_patch *p)
{
	if (p->deadline > head_now)
		return 0;
	return sm_patch_needs_decision(p) ? 1 : 2;
}

static int head_cmp(gconstpointer a, gconstpointer b)
{
	const sm_patch *x = *(sm_patch *const *)a, *y = *(sm_patch *const *)b;
	int c = head_rank(x) - head_rank(y);
	if (!c && head_rank(x) == 0 && x->deadline != y->deadline)
		c = x->deadline < y->deadline ? -1 : 1;
	if (!c && x->news != y->news)
		c = x->news > y->news ? -1 : 1;
	return c ? c : strcmp(head_key(x), head_key(y));
}

/* Notices with and without deadlines, some waiting for a decision. */
static const char *const head_corpus[] = {
	"006.eml", "008.eml", "011.eml", "019.eml", "023.eml", "024.eml", "025.eml",
	"026.eml", "043.eml", "054.eml", "095.eml", "097.eml", "127.eml", NULL,
};

/* sm_index_head of GROUP's index at NOW, asked for more than there are,
 * is every patch of GROUP in the list's order (head_cmp). */
static void expect_head_at(sm_group *group, gint64 now)
{
	GPtrArray *patches = sm_group_patches(group);
	guint n = patches->len;
	head_now = now;
	GPtrArray *want = g_ptr_array_copy(patches, NULL, NULL);
	g_ptr_array_sort(want, head_cmp);
	GArray *rows = sm_index_head(sm_group_index(group), now, n + 5);
	assert_int_equal(rows->len, n);
	for (guint i = 0; i < n; i++)
		assert_ptr_equal(sm_group_row(group, g_array_index(rows, guint32, i)), want->pdata[i]);
	g_array_unref(rows);
	g_ptr_array_unref(want);
}

static void test_index_head(void **state)
{
	(void)state;
	fixture *fx = fixture_new(head_corpus);
	sm_store *store = open_store(fx);
	sm_group *group = sm_group_new();
	load(store, NULL, group);
	sm_index *index = sm_group_index(group);
	assert_non_null(index);
	GPtrArray *patches = sm_group_patches(group);
	guint n = patches->len;
	/* Every "now" that moves a deadline from open to past, and beyond. */
	GArray *nows = g_array_new(FALSE, FALSE, sizeof(gint64));
	guint with_deadline = 0;
	for (guint i = 0; i < n; i++) {
		const sm_patch *p = patches->pdata[i];
		if (!p->deadline)
			continue;
		with_deadline++;
		for (gint64 d = -1; d <= 1; d++) {
			gint64 t = p->deadline + d;
			g_array_append_val(nows, t);
		}
	}
	assert_true(with_deadline >= 2);
	/* Each rank is there to be ordered: some wait for a decision, some not. */
	guint deciding = 0;
	for (guint i = 0; i < n; i++)
		deciding += sm_patch_needs_decision(patches->pdata[i]);
	assert_true(deciding >= 2 && deciding + with_deadline < n);
	gint64 ends[] = { 0, G_MAXINT64 };
	g_array_append_vals(nows, ends, 2);
	for (guint k = 0; k < nows->len; k++) {
		head_now = g_array_index(nows, gint64, k);
		expect_head_at(group, head_now);
		GPtrArray *want = g_ptr_array_copy(patches, NULL, NULL);
		g_ptr_array_sort(want, head_cmp);
		/* Only the first few, when asked for a few. */
		GArray *rows = sm_index_head(index, head_now, 3);
		assert_int_equal(rows->len, 3);
		assert_ptr_equal(patches->pdata[g_array_index(rows, guint32, 2)], want->pdata[2]);
		g_array_unref(rows);
		g_ptr_array_unref(want);
	}
	g_array_unref(nows);

	/* The first screen of a store with an index: those rows, nothing read. */
	sm_group *first = sm_group_new();
	GError *error = NULL;
	assert_true(sm_store_load_preview(store, NULL, first, NULL, NULL, &error));
	expect_stats(store, "0 messages: 0 read, 0 parsed, 0 from cache, 0 skipped");
	assert_int_equal(sm_group_patches(first)->len, n);
	sm_patch *top = sm_group_patches(first)->pdata[0];
	head_now = g_get_real_time() / G_USEC_PER_SEC;
	GPtrArray *want = g_ptr_array_copy(patches, NULL, NULL);
	g_ptr_array_sort(want, head_cmp);
	assert_string_equal(top->subject, ((sm_patch *)want->pdata[0])->subject);
	assert_true(sm_group_patch_notices(first, top)->len > 0);
	g_ptr_array_unref(want);
	sm_group_free(first);
	sm_group_free(group);
	sm_store_free(store);
	fixture_free(fx);
}

/* COUNT messages that are no notification (talk on the list), the newest
 * now, one a minute before that. */
static void add_chatter(const fixture *fx, guint count)
{
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	for (guint i = 0; i < count; i++) {
		GDateTime *when = g_date_time_new_from_unix_utc(now - 60 * (gint64)i);
		char *date = g_date_time_format(when, "%a, %d %b %Y %H:%M:%S +0000");
		char *text = g_strdup_printf("From: Someone <someone@example.org>\n"
		                             "To: stable@vger.kernel.org\nSubject: chatter %u\n"
		                             "Date: %s\nMessage-ID: <chatter-%u@example.org>\n\n"
		                             "Talk, no notification.\n", i, date, i);
		char *name = g_strdup_printf("chatter-%u", i);
		char *path = mail_file(fx, name);
		assert_true(g_file_set_contents(path, text, -1, NULL));
		g_free(path);
		g_free(name);
		g_free(text);
		g_free(date);
		g_date_time_unref(when);
	}
}

/* GROUP's patches in their order, a line each: subject, state and the
 * status in each tree. */
static char *patch_lines(sm_group *group)
{
	GString *out = g_string_new(NULL);
	GPtrArray *patches = sm_group_patches(group);
	for (guint i = 0; i < patches->len; i++) {
		const sm_patch *p = patches->pdata[i];
		g_string_append_printf(out, "%s: %s", p->subject, sm_triage_name(p->state));
		for (guint t = 0; t < p->trees->len; t++) {
			const sm_tree_status *ts = p->trees->pdata[t];
			g_string_append_printf(out, " %s=%s", ts->tree, sm_status_name(ts->status));
		}
		g_string_append_c(out, '\n');
	}
	return g_string_free(out, FALSE);
}

/* The cold first screen of FX's database for QUERY: the whole list's
 * patches, in its order, with their statuses; its stats line is STATS. */
static void expect_preview_whole(const fixture *fx, const char *query, const char *stats)
{
	sm_store *store = open_store(fx);
	sm_group *first = sm_group_new();
	GError *error = NULL;
	assert_true(sm_store_load_preview(store, query, first, NULL, NULL, &error));
	expect_stats(store, stats);
	sm_group *whole = sm_group_new();
	load(store, query, whole);
	assert_true(sm_group_patches(whole)->len > 0);
	char *want = patch_lines(whole), *got = patch_lines(first);
	assert_string_equal(got, want);
	g_free(want);
	g_free(got);
	sm_group_free(whole);
	sm_group_free(first);
	sm_store_free(store);
}

/* A cold first screen (no index) when the newest mail is all talk: the
 * window of the newest few hundred messages makes no patch, so the
 * preview goes on to older windows until it has the patches (here all
 * of them, fewer than a first screen's hundred). */
/* The first screen's rows of GROUP's view (sm_index_head, over every
 * segment's order) are its patches in the list's order, at every "now"
 * that moves a deadline, as test_index_head checks of one file. */
static void expect_head(sm_group *group)
{
	sm_index *index = sm_group_index(group);
	GPtrArray *patches = sm_group_patches(group);
	guint n = patches->len;
	GArray *nows = g_array_new(FALSE, FALSE, sizeof(gint64));
	gint64 ends[] = { 0, G_MAXINT64 };
	g_array_append_vals(nows, ends, 2);
	for (guint i = 0; i < n; i++) {
		const sm_patch *p = patches->pdata[i];
		for (gint64 d = -1; p->deadline && d <= 1; d++) {
			gint64 t = p->deadline + d;
			g_array_append_val(nows, t);
		}
	}
	for (guint k = 0; index && k < nows->len; k++)
		expect_head_at(group, g_array_index(nows, gint64, k));
	g_array_unref(nows);
}

/* The highest segment of the journal in the cache (0: none, 1: the
 * first, PATH.journal; N: PATH.journal.N). */
static guint journal_depth(void)
{
	GPtrArray *names = index_files();
	guint depth = 0;
	for (guint i = 0; i < names->len; i++) {
		const char *at = strstr(names->pdata[i], ".smi.journal");
		if (!at)
			continue;
		at += strlen(".smi.journal");
		guint n = *at == '.' ? (guint)g_ascii_strtoull(at + 1, NULL, 10) : *at ? 0 : 1;
		depth = MAX(depth, n);
	}
	g_ptr_array_unref(names);
	return depth;
}

/* Many refreshes, one after another, adds with retags and deletions
 * between them, half in one process (sm_group_use_journal keeps the
 * rows) and half each a new process over the index and its journal so
 * far: after each the list is what a build in full makes, byte for
 * byte.  The journal grows a segment a refresh, is folded into one
 * after SM_INDEX_FOLD_SEGMENTS, and a deletion writes the base again. */
/* The corpus loaded into a group, with only its index in the cache
 * (for journal_depth and index_file_ending). */
static void start_alone(fixture **fx, sm_store **store, sm_group **group)
{
	char *cache = g_build_filename(test_root, "cache", NULL);
	rm_rf(cache);
	g_free(cache);
	*fx = fixture_new(corpus);
	*store = open_store(*fx);
	*group = sm_group_new();
	load(*store, NULL, *group);
}

/* The path of the file of the cache's index folders whose name ends in
 * SUFFIX (newly allocated), or NULL. */
static char *index_file_ending(const char *suffix)
{
	GPtrArray *paths = index_files();
	char *found = NULL;
	for (guint i = 0; !found && i < paths->len; i++)
		if (g_str_has_suffix(paths->pdata[i], suffix))
			found = g_strdup(paths->pdata[i]);
	g_ptr_array_unref(paths);
	return found;
}

/* A segment left from an older chain (the index written again since,
 * and a new chain as long as it) is not read over the new one: the view
 * ends where the chain it belongs to does, and the list is a build in
 * full's; the next refresh writes its own segment in its place. */
static void test_stale_segment(void **state)
{
	(void)state;
	fixture *fx;
	sm_store *store;
	sm_group *group;
	gboolean changed = FALSE;
	start_alone(&fx, &store, &group);
	const char *const first[] = { "124.eml", "125.eml", "126.eml" };
	for (gsize i = 0; i < G_N_ELEMENTS(first); i++) {
		add_file(fx, first[i]);
		notmuch_new(fx);
		refresh(store, group, &changed);
		assert_null(sm_store_last_stats(store)->in_full);
	}
	assert_int_equal(journal_depth(), 3);
	char *third = index_file_ending(".smi.journal.3");
	assert_non_null(third);
	char *old = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(third, &old, &len, NULL));
	/* A deletion writes the index again; two more refreshes, two new
	 * segments; the old third put back. */
	remove_mail(fx, "124.eml");
	notmuch_new(fx);
	refresh(store, group, &changed);
	assert_string_equal(sm_store_last_stats(store)->in_full, "a message was deleted");
	assert_int_equal(journal_depth(), 0);
	const char *const second[] = { "127.eml", "129.eml" };
	for (gsize i = 0; i < G_N_ELEMENTS(second); i++) {
		add_file(fx, second[i]);
		notmuch_new(fx);
		refresh(store, group, &changed);
		assert_null(sm_store_last_stats(store)->in_full);
	}
	assert_true(g_file_set_contents(third, old, (gssize)len, NULL));
	sm_store_free(store);
	store = open_store(fx);
	load(store, NULL, group);
	assert_int_equal(sm_index_depth(sm_group_index(group)), 2);
	expect_stats(store, "16 messages: 0 read, 0 parsed, 16 from cache, 0 skipped");
	char *json = group_json(group), *fresh = fresh_build_json(fx, NULL);
	assert_string_equal(json, fresh);
	g_free(json);
	g_free(fresh);
	/* A first screen's rows over the chain: the head of its order, each
	 * row as the whole view makes it. */
	sm_group *screen = sm_group_new();
	GError *error = NULL;
	assert_true(sm_store_load_preview(store, NULL, screen, NULL, NULL, &error));
	GArray *rows = sm_index_head(sm_group_index(group), g_get_real_time() / G_USEC_PER_SEC, 1000);
	assert_int_equal(sm_group_patches(screen)->len, rows->len);
	assert_int_equal(rows->len, sm_group_patches(group)->len);
	for (guint i = 0; i < rows->len; i++) {
		guint row = g_array_index(rows, guint32, i);
		assert_non_null(sm_group_row(screen, row));
		assert_string_equal(sm_group_row(screen, row)->subject, sm_group_row(group, row)->subject);
		assert_int_equal(sm_group_row(screen, row)->state, sm_group_row(group, row)->state);
	}
	g_array_unref(rows);
	sm_group_free(screen);
	add_file(fx, "130.eml");
	notmuch_new(fx);
	refresh(store, group, &changed);
	assert_null(sm_store_last_stats(store)->in_full);
	assert_int_equal(sm_index_depth(sm_group_index(group)), 3);
	json = group_json(group);
	fresh = fresh_build_json(fx, NULL);
	assert_string_equal(json, fresh);
	g_free(json);
	g_free(fresh);
	g_free(old);
	g_free(third);
	sm_store_free(store);
	sm_group_free(group);
	fixture_free(fx);
}

static void test_refresh_many(void **state)
{
	(void)state;
	static const char *const added[] = {
		"007.eml", "010.eml", "011.eml", "021.eml", "025.eml", "026.eml", "027.eml",
		"029.eml", "030.eml", "031.eml", "032.eml", "035.eml", "036.eml", "037.eml",
		"038.eml", "042.eml", "045.eml", "046.eml", "048.eml", "054.eml", "055.eml",
		"069.eml", "070.eml", "071.eml", "077.eml", "078.eml", "079.eml", "080.eml",
		"081.eml", "082.eml", "083.eml", "084.eml", "085.eml", "086.eml", "096.eml",
		"097.eml", "100.eml", "101.eml", "103.eml", "104.eml", "105.eml", "108.eml",
		"109.eml", "111.eml", "112.eml", "119.eml", "121.eml", "122.eml", "123.eml",
		"124.eml", "125.eml", "126.eml", "127.eml", "129.eml", "130.eml", "133.eml",
		"136.eml", NULL
	};
	static const char *const states[] = { "+stablemate/hold", "-stablemate/hold",
	                                      "+stablemate/approved", "-stablemate/approved" };
	fixture *fx;
	sm_store *store;
	sm_group *group;
	gboolean changed = FALSE;
	start_alone(&fx, &store, &group);
	guint next = 0, journals = 0, deepest = 0, folds = 0, rounds = 0;
	for (; added[next]; rounds++) {
		guint before = journal_depth();
		add_file(fx, added[next++]);
		if (added[next] && rounds % 3 == 0)
			add_file(fx, added[next++]);
		if (rounds % 4 == 1)
			notmuch_tag(fx, states[rounds / 4 % 4], ID_AUTOSEL);
		if (rounds % 5 == 2)
			notmuch_tag(fx, rounds % 2 ? "-unread" : "+unread", ID_REVIEW);
		/* A deletion, once the chain has been folded. */
		if (rounds == 25 || rounds == 40)
			remove_mail(fx, added[rounds - 20]);
		notmuch_new(fx);
		if (rounds % 2) {
			/* A new process: the index and every segment so far. */
			sm_store_free(store);
			store = open_store(fx);
			load(store, NULL, group);
		} else {
			refresh(store, group, &changed);
			assert_true(changed);
		}
		const char *in_full = sm_store_last_stats(store)->in_full;
		guint depth = journal_depth();
		if (g_getenv("SM_TEST_DEBUG"))
			fprintf(stderr, "round %u: %s, segments %u -> %u\n", rounds,
			        in_full ? in_full : "journal", before, depth);
		journals += in_full == NULL;
		folds += depth == 1 && before == SM_INDEX_FOLD_SEGMENTS;
		deepest = MAX(deepest, depth);
		/* A segment more, or folded into one, or none after a build in
		 * full. */
		if (in_full)
			assert_int_equal(depth, 0);
		else
			assert_int_equal(depth, before == SM_INDEX_FOLD_SEGMENTS ? 1 : before + 1);
		expect_head(group);
		char *json = group_json(group), *fresh = fresh_build_json(fx, NULL);
		assert_string_equal(json, fresh);
		g_free(json);
		g_free(fresh);
	}
	assert_true(rounds >= 40);
	assert_true(journals >= 30);
	assert_int_equal(deepest, SM_INDEX_FOLD_SEGMENTS);
	assert_true(folds >= 1);
	sm_store_free(store);
	sm_group_free(group);
	fixture_free(fx);
}

static void test_cold_preview_windows(void **state)
{
	(void)state;
	fixture *fx = fixture_new(head_corpus);
	add_chatter(fx, 300);
	notmuch_new(fx);
	/* The query matching the talk, and one matching none of it (which
	 * has no index of its own: cold again). */
	expect_preview_whole(fx, NULL, "313 messages: 313 read, 313 parsed, 0 from cache, 0 skipped");
	expect_preview_whole(fx, "not subject:chatter",
	                     "13 messages: 13 read, 13 parsed, 0 from cache, 0 skipped");
	fixture_free(fx);
}

/* The preview hand-over files in the cache (sm_store_hand_over). */
static guint hand_overs(void)
{
	GPtrArray *names = index_files();
	guint n = 0;
	for (guint i = 0; i < names->len; i++)
		n += g_str_has_suffix(names->pdata[i], ".smi.preview");
	g_ptr_array_unref(names);
	return n;
}

/* The TUI's cold start: the preview's notices, handed over, are taken by
 * the whole load beside it instead of reading their messages again (here
 * the preview stops at its thousand messages, so the load reads the
 * rest); the list is a build in full's, byte for byte, and the hand-over
 * file goes.  A preview not asked to hand over writes none. */
static void test_cold_preview_hand_over(void **state)
{
	(void)state;
	fixture *fx = fixture_new(head_corpus);
	add_chatter(fx, 1100);
	notmuch_new(fx);
	char *want = fresh_build_json(fx, NULL);
	GError *error = NULL;

	sm_store *plain = open_store(fx);
	sm_group *first = sm_group_new();
	assert_true(sm_store_load_preview(plain, NULL, first, NULL, NULL, &error));
	assert_int_equal(hand_overs(), 0);
	sm_group_free(first);
	sm_store_free(plain);

	/* One left by a run stopped half-way (not freed) goes before the
	 * next. */
	sm_store *stopped = open_store(fx);
	sm_store_hand_over(stopped, NULL);
	first = sm_group_new();
	assert_true(sm_store_load_preview(stopped, NULL, first, NULL, NULL, &error));
	sm_group_free(first);
	assert_int_equal(hand_overs(), 1);
	sm_store *tui = open_store(fx);
	sm_store_hand_over(tui, NULL);
	assert_int_equal(hand_overs(), 0);

	first = sm_group_new();
	assert_true(sm_store_load_preview(tui, NULL, first, NULL, NULL, &error));
	guint previewed = sm_store_last_stats(tui)->parsed;
	assert_true(previewed >= 1000 && previewed < 1113);
	assert_int_equal(hand_overs(), 1);

	sm_store *apart = open_store(fx);
	sm_group *whole = sm_group_new();
	load(apart, NULL, whole);
	const sm_store_stats *stats = sm_store_last_stats(apart);
	assert_int_equal(stats->read, 1113);
	assert_int_equal(stats->cached, previewed);
	assert_int_equal(stats->parsed, 1113 - previewed);
	assert_int_equal(hand_overs(), 0);
	char *got = group_json(whole);
	assert_string_equal(got, want);
	g_free(got);
	g_free(want);
	sm_group_free(whole);
	sm_store_free(apart);
	sm_group_free(first);
	sm_store_free(tui);
	sm_store_free(stopped);
	fixture_free(fx);
}

/* A patch whose newest notice is in the first screen's windows and an
 * older one far behind them: the first screen has its status from both
 * (the older one, a backport, moves the tree past FAILED), as the whole
 * list has, so the row does not change when the load ends. */
static void test_cold_preview_completes(void **state)
{
	(void)state;
	static const char *const names[] = { "127.eml", NULL };
	fixture *fx = fixture_new(names);
	/* The FAILED notice of 127's backport, as if mailed again just now,
	 * then more talk than a first screen reads. */
	char *src = g_strdup_printf("%s/corpus/019.eml", SM_TEST_DATA), *text;
	assert_true(g_file_get_contents(src, &text, NULL, NULL));
	const char *old_date = "Date: Mon, 29 Dec 2025 12:41:59 +0100\n";
	char *at = strstr(text, old_date);
	assert_non_null(at);
	GDateTime *now = g_date_time_new_now_utc();
	char *date = g_date_time_format(now, "Date: %a, %d %b %Y %H:%M:%S +0000\n");
	char *dst = mail_file(fx, "019.eml");
	*at = '\0';
	char *moved = g_strconcat(text, date, at + strlen(old_date), NULL);
	assert_true(g_file_set_contents(dst, moved, -1, NULL));
	add_chatter(fx, 1100);
	notmuch_new(fx);
	expect_preview_whole(fx, NULL,
	                     "1001 messages: 1001 read, 1001 parsed, 0 from cache, 0 skipped");
	g_free(moved);
	g_free(dst);
	g_free(date);
	g_date_time_unref(now);
	g_free(text);
	g_free(src);
	fixture_free(fx);
}

static void test_index_unit(void **state)
{
	(void)state;
	char *path = g_build_filename(test_root, "index-unit", "index.smi", NULL);
	sm_index_stamp stamp = { .recogniser = "r1", .trees = 7, .uuid = "u1", .config = 9 };
	const char *why = NULL;
	assert_null(sm_index_open(path, &stamp, &why));
	assert_string_equal(why, "no index file");

	sm_notice *bare = sm_notice_new();
	bare->message_id = g_strdup("bare@x");
	bare->filename = g_strdup("/m/1");
	bare->from = g_strdup("");
	bare->subject = g_strdup("");
	sm_notice *full = full_notice();
	sm_group *group = sm_group_new();
	sm_group_add(group, bare);
	sm_group_add(group, full);
	sm_group_build(group);
	/* With what the build gave them (the attachment reason). */
	char *want_bare = describe(bare), *want_full = describe(full);
	GHashTable *skipped = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_insert(skipped, "gone@x", "cannot open /m/3: gone; message skipped");
	GError *error = NULL;
	assert_true(sm_index_write(path, &stamp, 42, group, skipped, &error));
	g_hash_table_unref(skipped);
	sm_group_free(group);

	sm_index *index = sm_index_open(path, &stamp, &why);
	assert_non_null(index);
	assert_int_equal(sm_index_revision(index), 42);
	assert_int_equal(sm_index_messages(index), 3);
	assert_int_equal(sm_index_held(index), 2);
	guint number;
	assert_false(sm_index_lookup(index, "other@x", &number));
	const char *ids[] = { "bare@x", "full@x" };
	const char *want[] = { want_bare, want_full };
	for (int i = 0; i < 2; i++) {
		assert_true(sm_index_lookup(index, ids[i], &number));
		sm_notice *back = sm_index_notice(index, number);
		assert_non_null(back);
		char *got = describe(back);
		assert_string_equal(got, want[i]);
		g_free(got);
		sm_notice_free(back);
	}
	gboolean was_skipped;
	assert_true(sm_index_lookup(index, "gone@x", &number));
	assert_string_equal(sm_index_message_id(index, number, &was_skipped), "gone@x");
	assert_true(was_skipped);
	assert_null(sm_index_notice(index, number));
	assert_string_equal(sm_index_record_warning(index, number),
	                    "cannot open /m/3: gone; message skipped");

	/* Rows: the patch of the review notice, its notices read on demand. */
	group = sm_group_new();
	assert_true(sm_group_use_index(group, index));
	GPtrArray *patches = sm_group_patches(group);
	assert_int_equal(patches->len, 1);
	sm_patch *patch = patches->pdata[0];
	assert_string_equal(patch->subject, "net: fix \xc3\xa9");
	assert_string_equal(patch->first_id, "full@x");
	assert_int_equal(patch->kinds, 1u << SM_KIND_REVIEW_PATCH);
	assert_null(patch->notices);
	GPtrArray *notices = sm_group_patch_notices(group, patch);
	assert_int_equal(notices->len, 1);
	sm_tree_status *ts = patch->trees->pdata[0];
	assert_string_equal(ts->tree, "6.6");
	assert_ptr_equal(ts->notice, notices->pdata[0]);
	assert_int_equal(ts->notices->len, 1);
	sm_group_patch_release(group, patch);
	assert_null(patch->notices);
	assert_null(ts->notices);
	assert_int_equal(sm_group_notice_count(group), 2);
	sm_group_free(group);
	sm_index_unref(index);

	/* Any other stamp: ignored, with the reason. */
	const struct { sm_index_stamp stamp; const char *why; } other[] = {
		{ { "r2", 7, "u1", 9, 0, { 0 } }, "written by another recogniser version" },
		{ { "r1", 8, "u1", 9, 0, { 0 } }, "written with another tree table" },
		{ { "r1", 7, "u2", 9, 0, { 0 } }, "written for another database" },
		{ { "r1", 7, "u1", 10, 0, { 0 } }, "written for another query or config" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(other); i++) {
		assert_null(sm_index_open(path, &other[i].stamp, &why));
		assert_string_equal(why, other[i].why);
	}

	/* Damaged files: cut short, junk, a reference out of bounds. */
	char *data;
	gsize len;
	assert_true(g_file_get_contents(path, &data, &len, NULL));
	const gsize cuts[] = { len / 2, len - 1, sizeof(sm_index_header), 3, 0 };
	for (gsize i = 0; i < G_N_ELEMENTS(cuts); i++) {
		assert_true(g_file_set_contents(path, data, (gssize)cuts[i], NULL));
		assert_null(sm_index_open(path, &stamp, &why));
		assert_true(strcmp(why, "index file is short") == 0 ||
		            strcmp(why, "index file is corrupt") == 0);
	}
	char *junk = g_memdup2(data, len);
	for (gsize i = 0; i < len; i++)
		junk[i] = (char)(i * 131 + 7);
	GBytes *bytes = g_bytes_new_take(junk, len);
	assert_null(sm_index_open_bytes(bytes, NULL, &why));
	assert_string_equal(why, "not a stablemate index file");
	g_bytes_unref(bytes);
	/* The patch row's subject pointing past the strings: the header is
	 * fine, the rows are refused. */
	const sm_index_header *h = (const sm_index_header *)(const void *)data;
	sm_index_patch_rec *row = (sm_index_patch_rec *)(void *)(data + h->sections[SM_INDEX_PATCHES].offset);
	row->subject = G_MAXUINT32 - 1;
	bytes = g_bytes_new(data, len);
	index = sm_index_open_bytes(bytes, &stamp, &why);
	assert_non_null(index);
	group = sm_group_new();
	assert_false(sm_group_use_index(group, index));
	assert_int_equal(sm_group_patches(group)->len, 0);
	sm_group_free(group);
	sm_index_unref(index);
	g_bytes_unref(bytes);

	g_free(data);
	g_free(want_bare);
	g_free(want_full);
	g_free(path);
}

/* An index too large for the writer to hold its sections in memory
 * (index-write.c's spill: strings and notice records over a MiB each):
 * every notice reads back as it was written, and the rows give
 * the JSON of the group they were written from. */
static void test_index_spilled(void **state)
{
	(void)state;
	char *path = g_build_filename(test_root, "index-spilled", "index.smi", NULL);
	sm_index_stamp stamp = { .recogniser = "r1", .trees = 7, .uuid = "u1", .config = 9 };
	const guint n = 12000;
	sm_group *group = sm_group_new();
	for (guint i = 0; i < n; i++) {
		sm_notice *notice = sm_notice_new();
		notice->message_id = g_strdup_printf("%u-spilled-notice@example.org", i);
		notice->filename = g_strdup_printf("/mail/cur/%u.spilled:2,S", i);
		notice->date = 1700000000 + i;
		notice->from = g_strdup_printf("Sender %u <sender%u@example.org>", i % 7, i % 7);
		notice->kind = i % 3 ? SM_KIND_ADDED : SM_KIND_AUTOSEL;
		notice->patch_subject = g_strdup_printf("subsystem %u: fix the long-standing bug number %u"
		                                        " in the driver", i / 3, i / 3);
		notice->subject = g_strdup_printf("[PATCH AUTOSEL 6.6] %s", notice->patch_subject);
		notice->author = g_strdup_printf("Author %u <author%u@example.org>", i / 3, i / 3);
		g_snprintf(notice->upstream, sizeof notice->upstream, "%040x", i / 3 + 1);
		g_strfreev(notice->trees);
		notice->trees = g_strsplit(i % 2 ? "6.6" : "6.1", ",", -1);
		sm_group_add(group, notice);
	}
	sm_group_build(group);
	char *want_json = group_json(group);
	GHashTable *want = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	GHashTableIter iter;
	gpointer id, value;
	g_hash_table_iter_init(&iter, sm_group_all_notices(group));
	while (g_hash_table_iter_next(&iter, &id, &value))
		g_hash_table_insert(want, g_strdup(id), describe(value));
	GError *error = NULL;
	assert_true(sm_index_write(path, &stamp, 42, group, NULL, &error));
	sm_group_free(group);

	const char *why = NULL;
	sm_index *index = sm_index_open(path, &stamp, &why);
	assert_non_null(index);
	const sm_index_header *h = sm_index_header_of(index);
	assert_true(h->sections[SM_INDEX_STRINGS].count > (1u << 20));
	assert_true(h->sections[SM_INDEX_NOTICES].count * sizeof(sm_index_notice_rec) > (1u << 20));
	assert_int_equal(sm_index_messages(index), n);
	g_hash_table_iter_init(&iter, want);
	while (g_hash_table_iter_next(&iter, &id, &value)) {
		guint number;
		assert_true(sm_index_lookup(index, id, &number));
		sm_notice *back = sm_index_notice(index, number);
		char *got = describe(back);
		assert_string_equal(got, value);
		g_free(got);
		sm_notice_free(back);
	}
	group = sm_group_new();
	assert_true(sm_group_use_index(group, index));
	char *got_json = group_json(group);
	assert_string_equal(got_json, want_json);
	g_free(got_json);
	sm_group_free(group);
	sm_index_unref(index);
	g_hash_table_unref(want);
	g_free(want_json);
	g_free(path);
}

int main(void)
{
	test_root = g_dir_make_tmp("stablemate-test-store-XXXXXX", NULL);
	char *cache = g_build_filename(test_root, "cache", NULL);
	/* Before anything asks GLib, which remembers the first answer. */
	g_setenv("XDG_CACHE_HOME", cache, TRUE);
	g_setenv("HOME", test_root, TRUE);
	g_unsetenv("NOTMUCH_CONFIG");
	g_unsetenv("NOTMUCH_PROFILE");
	g_free(cache);

	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_then_index),
		cmocka_unit_test(test_excludes_and_queries),
		cmocka_unit_test(test_progress_and_user),
		cmocka_unit_test(test_refresh),
		cmocka_unit_test(test_xapian_version),
		cmocka_unit_test(test_refresh_finds_deletions),
		cmocka_unit_test(test_refresh_counts_deletions),
		cmocka_unit_test(test_refresh_keeps_rows),
		cmocka_unit_test(test_refresh_many),
		cmocka_unit_test(test_stale_segment),
		cmocka_unit_test(test_narrowed_load_uses_index),
		cmocka_unit_test(test_new_database_ignores_index),
		cmocka_unit_test(test_unreadable_files),
		cmocka_unit_test(test_set_triage),
		cmocka_unit_test(test_index_file),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_index_unit),
		cmocka_unit_test(test_index_spilled),
		cmocka_unit_test(test_index_head),
		cmocka_unit_test(test_cold_preview_windows),
		cmocka_unit_test(test_cold_preview_completes),
		cmocka_unit_test(test_cold_preview_hand_over),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	if (!g_getenv("TEST_KEEP"))
		rm_rf(test_root);
	g_free(test_root);
	return failed;
}
