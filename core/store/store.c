/* store.c - notices from the notmuch database, through the patch index.
 *
 * One read-only handle lives as long as the store; notmuch_database_reopen
 * moves it to the newest commit before each load or refresh.  Writes open
 * a second, read-write handle for one batch.
 *
 * A load finds the index file of its query (index.h).  At the database's
 * revision, the group takes the index's rows and notmuch is asked for
 * nothing.  At an older revision, the group takes every notice of the
 * index (no message file is read) and is brought up to date the way a
 * refresh is: only messages changed since (lastmod:) are read, those that
 * left the query are dropped, and counts tell of deletions (the messages
 * of the database at the index's revision, kept in it, against those not
 * changed since: changes_beyond).  Then the group is rebuilt, the index
 * written again and the group goes back to rows.  Without an index, every matching
 * message is read (taking notices from the index of the config's own
 * query when a narrowed load has none of its own).
 */
#define _GNU_SOURCE /* F_OFD_GETLK */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <notmuch.h>
#include <malloc.h>
#include "patch/patch.h"
#include "mail/mail.h"
#include "recognise/recognise.h"
#include "store.h"
#include "private.h"
#include "xapian-private.h"
#include "ordered-private.h"

/* Write lock: tries, and the first pause between them (doubled each time). */
#define LOCK_TRIES 5
#define LOCK_PAUSE_USEC (100 * 1000)

/* Index files kept in the cache (the one in use among them), and for
 * how long one unused is kept, in seconds. */
#define INDEX_FILES_KEPT 8
#define INDEX_AGE_KEPT (30 * 86400)

/* How often a load reports progress, in messages. */
#define PROGRESS_STEP 256

struct sm_store {
	const sm_config *config;       /* borrowed */
	char *notmuch_config_path;     /* --notmuch-config, or NULL */
	notmuch_database_t *db;        /* read-only */
	char *db_path;
	char *uuid;
	unsigned long revision;        /* as of the last load or refresh */
	guint present;                 /* every message in the database at
	                                  REVISION (no query, no excludes), or 0
	                                  when not known: what a refresh counts
	                                  deletions against */
	sm_xapian_version seen;        /* Xapian's version file, read before the
	                                  handle moved to REVISION: a later one
	                                  that proves no document deleted since
	                                  spares the counts (xapian-private.h) */
	sm_xapian_version checked;     /* as sm_store_changed() last found it
	                                  with nothing to refresh */
	sm_xapian_version reading;     /* read by the load or refresh under way,
	                                  before it moved the handle: SEEN once
	                                  it worked, and kept in the index */
	gboolean versions;             /* read the version file at all */

	char *user_query;              /* of the last load, or NULL */
	char *query;                   /* config query and user query */
	GPtrArray *exclude_tags;       /* search.exclude_tags (char*) */

	char *index_path;              /* of QUERY */
	sm_index *source;              /* notices to take instead of parsing, or NULL */
	char *hand_over_wait;          /* a preview's notices to take once they are
	                                  there (sm_store_hand_over), or NULL */
	gboolean hand_over;            /* the next preview that reads writes them */
	char *handed_over;             /* the file it wrote, till the next load */
	GHashTable *skipped;           /* unreadable matching message-id -> warning */
	sm_store_stats stats;
	GPtrArray *warnings;           /* char* */
	char *journal_failure;         /* why the last journal was not written */
	const char *in_full;           /* why the change since was regrouped in
	                                  full, for the stats after it */
	gint64 step_wall;              /* when the step under way began (monotonic, us) */
	double step_cpu;               /* and this thread's processor time then */

	char *user_name;
	char *user_email;
	char **user_addresses;
	char *mail_root;
};

/* A set (or map) keyed by message-ids it owns. */
static GHashTable *id_set_new(void)
{
	return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

GQuark sm_store_error_quark(void)
{
	return g_quark_from_static_string("sm-store-error");
}

/* notmuch's messages end in ".\n" and may span lines, and some start with
 * "Error: ": make one line fit to follow a colon. */
static char *one_line(const char *text)
{
	char *line = g_strdup(text ? text : "unknown error");
	g_strstrip(line);
	if (g_str_has_prefix(line, "Error: "))
		memmove(line, line + 7, strlen(line + 7) + 1);
	for (char *p = line; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	gsize len = strlen(line);
	if (len > 0 && line[len - 1] == '.')
		line[len - 1] = '\0';
	return line;
}

static void set_open_error(const char *notmuch_config_path, notmuch_status_t status,
                           const char *msg, GError **error)
{
	if (status == NOTMUCH_STATUS_NO_CONFIG) {
		const char *named = notmuch_config_path;
		if (!named && g_getenv("NOTMUCH_CONFIG") && *g_getenv("NOTMUCH_CONFIG"))
			named = g_getenv("NOTMUCH_CONFIG");
		if (named && !g_file_test(named, G_FILE_TEST_EXISTS))
			g_set_error(error, SM_STORE_ERROR, SM_STORE_ERROR_OPEN,
			            "the notmuch config %s does not exist", named);
		else if (named)
			g_set_error(error, SM_STORE_ERROR, SM_STORE_ERROR_OPEN,
			            "cannot read the notmuch config %s: not a valid config file",
			            named);
		else
			g_set_error_literal(error, SM_STORE_ERROR, SM_STORE_ERROR_NO_CONFIG,
			                    "no notmuch config found (set NOTMUCH_CONFIG or use"
			                    " --notmuch-config FILE)");
		return;
	}
	/* notmuch says "Cannot open database at PATH/.notmuch: why"; name the
	 * database as the config does (without .notmuch) and keep the why.
	 * (notmuch_database_load_config() would know the path, but leaks when
	 * the database is missing.) */
	char *reason = one_line(msg ? msg : notmuch_status_to_string(status));
	char *path = NULL;
	const char *why = reason;
	const char *at = strstr(reason, "database at ");
	const char *colon = at ? strstr(at, ": ") : NULL;
	if (colon) {
		path = g_strndup(at + strlen("database at "),
		                 (gsize)(colon - at - strlen("database at ")));
		static const char *const inner[] = { "/xapian", "/.notmuch" };
		for (size_t i = 0; i < G_N_ELEMENTS(inner); i++)
			if (g_str_has_suffix(path, inner[i]))
				path[strlen(path) - strlen(inner[i])] = '\0';
		why = colon + 2;
	}
	const char *hint = strstr(why, "No such file") ? " (run 'notmuch new' to create it)" : "";
	if (path)
		g_set_error(error, SM_STORE_ERROR, SM_STORE_ERROR_OPEN,
		            "cannot open the notmuch database at %s: %s%s", path, why, hint);
	else
		g_set_error(error, SM_STORE_ERROR, SM_STORE_ERROR_OPEN,
		            "cannot open the notmuch database: %s%s", why, hint);
	g_free(path);
	g_free(reason);
}

static char **config_values(notmuch_database_t *db, notmuch_config_key_t key,
                            gboolean lower)
{
	GPtrArray *out = g_ptr_array_new();
	notmuch_config_values_t *values = notmuch_config_get_values(db, key);
	for (; notmuch_config_values_valid(values); notmuch_config_values_move_to_next(values)) {
		const char *v = notmuch_config_values_get(values);
		if (v && *v)
			g_ptr_array_add(out, lower ? g_ascii_strdown(v, -1) : g_strdup(v));
	}
	notmuch_config_values_destroy(values);
	g_ptr_array_add(out, NULL);
	return (char **)g_ptr_array_free(out, FALSE);
}

static void read_user_config(sm_store *store)
{
	notmuch_database_t *db = store->db;
	store->user_name = g_strdup(notmuch_config_get(db, NOTMUCH_CONFIG_USER_NAME));
	const char *primary = notmuch_config_get(db, NOTMUCH_CONFIG_PRIMARY_EMAIL);
	store->user_email = primary && *primary ? g_strdup(primary) : NULL;

	GPtrArray *all = g_ptr_array_new();
	if (store->user_email)
		g_ptr_array_add(all, g_ascii_strdown(store->user_email, -1));
	char **other = config_values(db, NOTMUCH_CONFIG_OTHER_EMAIL, TRUE);
	for (char **o = other; *o; o++)
		if (!g_ptr_array_find_with_equal_func(all, *o, g_str_equal, NULL))
			g_ptr_array_add(all, g_strdup(*o));
	g_strfreev(other);
	g_ptr_array_add(all, NULL);
	store->user_addresses = (char **)g_ptr_array_free(all, FALSE);

	const char *root = notmuch_config_get(db, NOTMUCH_CONFIG_MAIL_ROOT);
	store->mail_root = g_strdup(root && *root ? root : store->db_path);

	char **excludes = config_values(db, NOTMUCH_CONFIG_EXCLUDE_TAGS, FALSE);
	store->exclude_tags = g_ptr_array_new_with_free_func(g_free);
	for (char **e = excludes; *e; e++)
		g_ptr_array_add(store->exclude_tags, g_strdup(*e));
	g_strfreev(excludes);
}

sm_store *sm_store_open(const char *notmuch_config_path, const sm_config *config,
                        GError **error)
{
	notmuch_database_t *db = NULL;
	char *msg = NULL;
	notmuch_status_t status = notmuch_database_open_with_config(
		NULL, NOTMUCH_DATABASE_MODE_READ_ONLY, notmuch_config_path, NULL, &db, &msg);
	if (status != NOTMUCH_STATUS_SUCCESS) {
		set_open_error(notmuch_config_path, status, msg, error);
		free(msg);
		return NULL;
	}
	free(msg);
	if (notmuch_database_needs_upgrade(db)) {
		g_set_error(error, SM_STORE_ERROR, SM_STORE_ERROR_OPEN,
		            "the notmuch database at %s needs an upgrade: run 'notmuch new'",
		            notmuch_database_get_path(db));
		notmuch_database_destroy(db);
		return NULL;
	}

	sm_store *store = g_new0(sm_store, 1);
	store->config = config;
	store->notmuch_config_path = g_strdup(notmuch_config_path);
	store->db = db;
	store->db_path = g_strdup(notmuch_database_get_path(db));
	const char *uuid;
	store->revision = notmuch_database_get_revision(db, &uuid);
	store->uuid = g_strdup(uuid);
	store->skipped = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	store->warnings = g_ptr_array_new_with_free_func(g_free);
	store->versions = TRUE;
	read_user_config(store);
	return store;
}

void sm_store_free(sm_store *store)
{
	if (!store)
		return;
	notmuch_database_destroy(store->db);
	sm_index_unref(store->source);
	g_hash_table_unref(store->skipped);
	g_free(store->index_path);
	g_ptr_array_unref(store->warnings);
	g_free(store->journal_failure);
	g_ptr_array_unref(store->exclude_tags);
	g_free(store->notmuch_config_path);
	g_free(store->db_path);
	g_free(store->uuid);
	g_free(store->user_query);
	g_free(store->query);
	g_free(store->user_name);
	g_free(store->user_email);
	g_strfreev(store->user_addresses);
	g_free(store->mail_root);
	g_free(store->hand_over_wait);
	if (store->handed_over)
		g_unlink(store->handed_over);
	g_free(store->handed_over);
	g_free(store);
}

static void warn(sm_store *store, const char *format, ...) G_GNUC_PRINTF(2, 3);
static void warn(sm_store *store, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	char *text = g_strdup_vprintf(format, args);
	va_end(args);
	/* A warning is one line even when it quotes a file name. */
	g_strdelimit(text, "\r\n", ' ');
	g_ptr_array_add(store->warnings, text);
}

static double thread_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A load or refresh begins: no step has run. */
static void begin_steps(sm_store *store)
{
	store->stats.n_steps = 0;
	store->step_wall = g_get_monotonic_time();
	store->step_cpu = thread_seconds();
}

/* The time since the last step ended (or the steps began) was step NAME
 * (static): what the benchmark prints of a refresh, so that each cost is
 * seen by name. */
static void step(sm_store *store, const char *name)
{
	gint64 wall = g_get_monotonic_time();
	double cpu = thread_seconds();
	sm_store_stats *s = &store->stats;
	guint i = 0;
	while (i < s->n_steps && strcmp(s->steps[i].name, name) != 0)
		i++;
	if (i == s->n_steps && i < SM_STORE_STEPS)
		s->steps[s->n_steps++] = (sm_store_step){ name, 0, 0 };
	if (i < s->n_steps) {
		s->steps[i].wall += (double)(wall - store->step_wall) / G_USEC_PER_SEC;
		s->steps[i].cpu += cpu - store->step_cpu;
	}
	store->step_wall = wall;
	store->step_cpu = cpu;
}

/* The stats start again; the steps so far stay (a refresh that tries
 * one way and then another counts both). */
static void reset_stats(sm_store *store, gboolean incremental)
{
	sm_store_step steps[SM_STORE_STEPS];
	guint n_steps = store->stats.n_steps;
	memcpy(steps, store->stats.steps, sizeof steps);
	memset(&store->stats, 0, sizeof store->stats);
	memcpy(store->stats.steps, steps, sizeof steps);
	store->stats.n_steps = n_steps;
	store->stats.incremental = incremental;
	store->stats.in_full = store->in_full;
	store->in_full = NULL;
	g_ptr_array_set_size(store->warnings, 0);
	if (store->journal_failure)
		warn(store, "cannot write the patch index journal: %s", store->journal_failure);
	g_clear_pointer(&store->journal_failure, g_free);
}

/* Move the read-only handle to the newest commit. */
static gboolean reopen(sm_store *store, GError **error)
{
	notmuch_status_t status = notmuch_database_reopen(store->db,
	                                                  NOTMUCH_DATABASE_MODE_READ_ONLY);
	if (status != NOTMUCH_STATUS_SUCCESS) {
		char *why = one_line(notmuch_database_status_string(store->db));
		g_set_error(error, SM_STORE_ERROR, SM_STORE_ERROR_OPEN,
		            "cannot reopen the notmuch database at %s: %s", store->db_path, why);
		g_free(why);
		return FALSE;
	}
	return TRUE;
}

/* Xapian's version file as it is now.  Read before the handle moves
 * (reopen): a commit in between is then seen again by the next read,
 * never missed. */
static void read_version(const sm_store *store, sm_xapian_version *version)
{
	if (!store->versions || !sm_xapian_version_read(store->db_path, version))
		memset(version, 0, sizeof *version);
}

static sm_index_stamp make_stamp(const sm_store *store, const char *query)
{
	sm_index_stamp stamp = {
		.recogniser = sm_recogniser_version(),
		.trees = sm_trees_hash(store->config->trees),
		.uuid = store->uuid,
		.config = sm_index_config_hash(query, store->exclude_tags,
		                               (const char *const *)store->user_addresses),
	};
	G_STATIC_ASSERT(SM_XAPIAN_VERSION_BYTES == SM_INDEX_DATABASE_BYTES);
	sm_xapian_version_pack(&store->reading, stamp.database);
	return stamp;
}

/* The index file of the database at DB_PATH and QUERY, in the cache: one
 * per (database, query), in a folder per database (so that pruning keeps
 * a number of files per database): sm_cache_path("index", DB, QUERY.smi),
 * DB and QUERY the first 16 hex digits of their SHA-256.  Newly
 * allocated. */
static char *index_path(const char *db_path, const char *query)
{
	char *db = g_compute_checksum_for_string(G_CHECKSUM_SHA256, db_path, -1);
	char *q = g_compute_checksum_for_string(G_CHECKSUM_SHA256, query ? query : "", -1);
	db[16] = q[16] = 0;
	char *name = g_strconcat(q, ".smi", NULL);
	char *path = sm_cache_path("index", db, name);
	g_free(name);
	g_free(q);
	g_free(db);
	return path;
}

/* Before session 7 the index files lay at the cache's top, as
 * index-DB-QUERY.smi (and .journal, and temp files): they are caches of
 * the same thing, so they go once the new layout is written. */
static void remove_old_layout(void)
{
	char *dir = sm_cache_dir();
	GDir *d = g_dir_open(dir, 0, NULL);
	const char *name;
	while (d && (name = g_dir_read_name(d))) {
		if (!g_str_has_prefix(name, "index-") || !strstr(name, ".smi"))
			continue;
		char *path = g_build_filename(dir, name, NULL);
		if (g_file_test(path, G_FILE_TEST_IS_REGULAR))
			g_unlink(path);
		g_free(path);
	}
	if (d)
		g_dir_close(d);
	g_free(dir);
}

/* The index file of QUERY at the database's revision, or NULL (and the
 * reason in *WHY). */
static sm_index *open_index(sm_store *store, const char *query, const char **why)
{
	char *path = index_path(store->db_path, query);
	sm_index_stamp stamp = make_stamp(store, query);
	sm_index *index = sm_index_open(path, &stamp, why);
	g_free(path);
	return index;
}

/* Where a preview's notices are handed over to the whole load of the query
 * whose index is INDEX_PATH (sm_store_hand_over): beside the index, named
 * as the pruner takes a temp file (gone after a day if left).  Newly
 * allocated. */
static char *hand_over_path(const char *index_path)
{
	return g_strconcat(index_path, ".preview", NULL);
}

/* The preview's notices, when the file is there now: the source of the
 * load's notices from then on. */
static void take_hand_over(sm_store *store)
{
	sm_index_stamp stamp = make_stamp(store, store->query);
	const char *why = NULL;
	store->source = sm_index_open(store->hand_over_wait, &stamp, &why);
	if (store->source)
		g_clear_pointer(&store->hand_over_wait, g_free);
}

/* "(A) and (B)", where an empty or "*" side means every message; notmuch
 * knows "*" only as the whole query string, not inside parentheses. */
static char *query_and(const char *a, const char *b)
{
	gboolean all_a = !a || !*a || strcmp(a, "*") == 0;
	gboolean all_b = !b || !*b || strcmp(b, "*") == 0;
	if (all_a && all_b)
		return g_strdup("*");
	if (all_a || all_b)
		return g_strdup_printf("(%s)", all_a ? b : a);
	return g_strdup_printf("(%s) and (%s)", a, b);
}

/* A query for QUERY_STRING with the exclude tags applied (unless RAW). */
static notmuch_query_t *make_query_as(sm_store *store, const char *query_string,
                                      gboolean raw)
{
	notmuch_query_t *query = notmuch_query_create(store->db, query_string);
	if (!query)
		return NULL;
	/* Docid order: the group sorts, and notmuch need not. */
	notmuch_query_set_sort(query, NOTMUCH_SORT_UNSORTED);
	for (guint i = 0; !raw && i < store->exclude_tags->len; i++)
		/* IGNORED (the query names the tag) is what notmuch search does too. */
		notmuch_query_add_tag_exclude(query, store->exclude_tags->pdata[i]);
	return query;
}

static notmuch_query_t *make_query(sm_store *store, const char *query_string)
{
	return make_query_as(store, query_string, FALSE);
}

static void set_query_error(sm_store *store, notmuch_status_t status, GError **error)
{
	const char *text = notmuch_database_status_string(store->db);
	char *why = NULL;
	if (text) {
		/* "A Xapian exception occurred parsing query: WHY\nQuery string was: ..." */
		char **lines = g_strsplit(text, "\n", 2);
		const char *colon = strstr(lines[0], ": ");
		why = one_line(colon && strstr(lines[0], "exception") ? colon + 2 : lines[0]);
		g_strfreev(lines);
	} else {
		why = g_strdup(notmuch_status_to_string(status));
	}
	g_set_error(error, SM_STORE_ERROR, SM_STORE_ERROR_QUERY, "bad query: %s", why);
	g_free(why);
}

/* Run QUERY_STRING; on success *MESSAGES is set (destroy the query). */
static notmuch_query_t *search_as(sm_store *store, const char *query_string, gboolean raw,
                                  notmuch_messages_t **messages, GError **error)
{
	notmuch_query_t *query = make_query_as(store, query_string, raw);
	if (!query) {
		g_set_error_literal(error, SM_STORE_ERROR, SM_STORE_ERROR_QUERY,
		                    "bad query: out of memory");
		return NULL;
	}
	notmuch_status_t status = notmuch_query_search_messages(query, messages);
	if (status != NOTMUCH_STATUS_SUCCESS) {
		set_query_error(store, status, error);
		notmuch_query_destroy(query);
		return NULL;
	}
	return query;
}

static notmuch_query_t *search(sm_store *store, const char *query_string,
                               notmuch_messages_t **messages, GError **error)
{
	return search_as(store, query_string, FALSE, messages, error);
}

static gboolean count_as(sm_store *store, const char *query_string, gboolean raw, guint *n,
                         GError **error)
{
	notmuch_query_t *query = make_query_as(store, query_string, raw);
	unsigned int value = 0;
	notmuch_status_t status = query ? notmuch_query_count_messages(query, &value)
	                                : NOTMUCH_STATUS_OUT_OF_MEMORY;
	if (status != NOTMUCH_STATUS_SUCCESS)
		set_query_error(store, status, error);
	notmuch_query_destroy(query);
	*n = value;
	return status == NOTMUCH_STATUS_SUCCESS;
}

static gboolean count(sm_store *store, const char *query_string, guint *n,
                      GError **error)
{
	return count_as(store, query_string, FALSE, n, error);
}

/* Every message in the database as the handle sees it (no query, no
 * excludes): what a refresh counts deletions against (changes_beyond).
 * One term's postings, not the query's phrase positions. */
static gboolean count_present(sm_store *store, guint *n, GError **error)
{
	return count_as(store, "*", TRUE, n, error);
}

static void read_tags(notmuch_message_t *message, sm_triage *triage, gboolean *unread)
{
	*triage = SM_TRIAGE_UNTRIAGED;
	*unread = FALSE;
	notmuch_tags_t *tags = notmuch_message_get_tags(message);
	for (; notmuch_tags_valid(tags); notmuch_tags_move_to_next(tags)) {
		const char *tag = notmuch_tags_get(tags);
		sm_triage state;
		if (strcmp(tag, "unread") == 0)
			*unread = TRUE;
		else if (sm_triage_from_tag(tag, &state))
			*triage = sm_triage_stronger(*triage, state);
	}
	notmuch_tags_destroy(tags);
}

/* One message being taken into a group: what notmuch said of it, asked
 * on the thread that asks notmuch, and what its file said, read on
 * either thread (ordered-private.h). */
typedef struct {
	sm_store *store;
	sm_group *group;
	char *id;
	char *filename;        /* the file notmuch names first */
	GPtrArray *files;      /* all its files (char*), when it has more than one */
	sm_triage triage;
	gboolean unread;
	sm_notice *held;       /* GROUP's own notice, to update, or NULL */
	sm_notice *cached;     /* from the source index, or NULL */
	sm_notice *notice;     /* read, or NULL */
	GPtrArray *warnings;   /* of the reading (char*), in order, or NULL */
} taking;

static void taking_free(taking *t)
{
	g_free(t->id);
	g_free(t->filename);
	if (t->files)
		g_ptr_array_unref(t->files);
	if (t->warnings)
		g_ptr_array_unref(t->warnings);
	g_free(t);
}

/* The reading's warning TEXT, for the store once the message is taken. */
static void note(taking *t, char *text)
{
	if (!t->warnings)
		t->warnings = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(t->warnings, text);
}

/* A taking of MESSAGE, its id ID and file FILENAME (its tags not yet). */
static taking *taking_new(sm_store *store, sm_group *group, notmuch_message_t *message,
                          const char *id, const char *filename)
{
	taking *t = g_new0(taking, 1);
	t->store = store;
	t->group = group;
	t->id = g_strdup(id);
	t->filename = g_strdup(filename);
	if (notmuch_message_count_files(message) > 1) {
		t->files = g_ptr_array_new_with_free_func(g_free);
		notmuch_filenames_t *names = notmuch_message_get_filenames(message);
		for (; notmuch_filenames_valid(names); notmuch_filenames_move_to_next(names))
			g_ptr_array_add(t->files, g_strdup(notmuch_filenames_get(names)));
		notmuch_filenames_destroy(names);
	}
	return t;
}

/* Files of the message other than USED that say something else than
 * MAIL: notmuch keeps one message for all, so they would be silently
 * invisible (issue 17).  Only when the message is read, not from the
 * cache. */
static void warn_duplicates(taking *t, const sm_mail *mail, const char *used)
{
	for (guint i = 0; t->files && i < t->files->len; i++) {
		const char *other = t->files->pdata[i];
		sm_mail *copy = strcmp(other, used) != 0
			? sm_mail_read(other, SM_MAIL_RECOGNISE_LIMIT, NULL) : NULL;
		if (copy && !sm_mail_same_text(mail, copy))
			note(t, g_strdup_printf("%s has the Message-ID <%s> of %s but says something"
			                        " else; notmuch keeps one message for both, and"
			                        " stablemate reads %s", other, t->id, used, used));
		sm_mail_free(copy);
	}
}

/* Read and recognise T's file (another of its files when the first
 * cannot be opened) into T->notice; none, with a warning, when none can
 * be read.  Touches T alone and what nothing writes during a load (the
 * config's trees): runs on either thread. */
static void read_taking(void *item, void *data)
{
	(void)data;
	taking *t = item;
	GError *err = NULL;
	sm_mail *mail = sm_mail_read(t->filename, SM_MAIL_RECOGNISE_LIMIT, &err);
	const char *used = t->filename;
	for (guint i = 0; !mail && t->files && i < t->files->len; i++) {
		used = t->files->pdata[i];
		if (strcmp(used, t->filename) != 0)
			mail = sm_mail_read(used, SM_MAIL_RECOGNISE_LIMIT, NULL);
	}
	if (!mail) {
		/* sm_mail_read's message names the file; make sure of it. */
		if (err && strstr(err->message, t->filename))
			note(t, g_strdup_printf("%s; message skipped", err->message));
		else
			note(t, g_strdup_printf("cannot read %s: %s; message skipped", t->filename,
			                        err ? err->message : "unknown error"));
		g_clear_error(&err);
		return;
	}
	g_clear_error(&err);
	warn_duplicates(t, mail, used);
	t->notice = sm_recognise(mail, t->store->config->trees);
	g_free(t->notice->filename);
	t->notice->filename = g_strdup(used);
	sm_mail_free(mail);
}

/* MESSAGE's id and file name, counted as read; FALSE, with a warning,
 * when notmuch cannot give them (after those of the messages before it
 * in QUEUE, if not NULL). */
static gboolean message_names(sm_store *store, notmuch_message_t *message, const char **id,
                              const char **filename, sm_ordered *queue)
{
	*id = notmuch_message_get_message_id(message);
	*filename = notmuch_message_get_filename(message);
	store->stats.read++;
	if (*id && *filename)
		return TRUE;
	if (queue)
		sm_ordered_flush(queue);
	warn(store, "notmuch could not give a message's %s: %s",
	     *id ? "file name" : "id", notmuch_database_status_string(store->db));
	store->stats.skipped++;
	return FALSE;
}

/* T read (read_taking) as a new notice, with its id and tags; NULL when
 * it could not be read, with the warning in SKIPPED under its id.  The
 * reading's warnings go to the store. */
static sm_notice *read_done(taking *t, GHashTable *skipped)
{
	sm_store *store = t->store;
	for (guint i = 0; t->warnings && i < t->warnings->len; i++)
		warn(store, "%s", (const char *)t->warnings->pdata[i]);
	sm_notice *notice = g_steal_pointer(&t->notice);
	if (!notice) {
		store->stats.skipped++;
		g_hash_table_replace(skipped, g_strdup(t->id),
		                     g_strdup(store->warnings->pdata[store->warnings->len - 1]));
		return NULL;
	}
	store->stats.parsed++;
	if (notice->kind == SM_KIND_REPLY &&
	    sm_notice_sent_by(notice, (const char *const *)store->user_addresses))
		store->stats.own++;
	/* notmuch's id is the key everywhere (tags are written by it),
	 * including for mail without a Message-ID header. */
	g_free(notice->message_id);
	notice->message_id = g_strdup(t->id);
	if (notice->warning)
		warn(store, "%s: %s", notice->filename, notice->warning);
	notice->triage = t->triage;
	notice->unread = t->unread;
	return notice;
}

/* MESSAGE read from FILENAME as a new notice with ID and the tags given;
 * NULL when it cannot be read, with the warning in SKIPPED under ID. */
static sm_notice *read_new(sm_store *store, notmuch_message_t *message, const char *id,
                           const char *filename, sm_triage triage, gboolean unread,
                           GHashTable *skipped)
{
	taking *t = taking_new(store, NULL, message, id, filename);
	t->triage = triage;
	t->unread = unread;
	read_taking(t, NULL);
	sm_notice *notice = read_done(t, skipped);
	taking_free(t);
	return notice;
}

/* T into its group, once read if it had to be (the takings' DONE, on
 * the thread that asks notmuch, in the order of the messages). */
static void take_done(void *item, void *data)
{
	(void)data;
	taking *t = item;
	sm_store *store = t->store;
	sm_notice *notice = t->held ? t->held : t->cached;
	if (notice) {
		/* Held already or from the source index: only the tags and
		 * the file name can change (the file may have moved: maildir
		 * flags; notmuch knows where). */
		store->stats.cached++;
		if (strcmp(notice->filename, t->filename) != 0) {
			g_free(notice->filename);
			notice->filename = g_strdup(t->filename);
		}
		notice->triage = t->triage;
		notice->unread = t->unread;
		if (notice->warning)
			warn(store, "%s: %s", notice->filename, notice->warning);
	} else {
		notice = read_done(t, store->skipped);
	}
	if (notice && !t->held) {
		g_hash_table_remove(store->skipped, t->id);
		sm_group_add(t->group, notice);
	}
	taking_free(t);
}

/* Take one message into GROUP (built in full) through TAKING: update the
 * notice when GROUP holds it, else take it from the source index, else
 * read the file (on either thread).  Records its id in SEEN (if not
 * NULL). */
static void take_message(sm_store *store, notmuch_message_t *message, sm_group *group,
                         GHashTable *seen, sm_ordered *taking_queue)
{
	const char *id, *filename;
	if (!message_names(store, message, &id, &filename, taking_queue))
		return;
	taking *t = taking_new(store, group, message, id, filename);
	read_tags(message, &t->triage, &t->unread);
	if (seen)
		g_hash_table_add(seen, g_strdup(id));
	t->held = sm_group_notice(group, id);
	guint number;
	if (!t->held && store->source && sm_index_lookup(store->source, id, &number))
		t->cached = sm_index_notice(store->source, number);
	sm_ordered_put(taking_queue, t, !t->held && !t->cached);
}

/* A queue for take_message: at most this many messages read ahead of
 * those taken. */
#define TAKING_WINDOW 64

static sm_ordered *taking_queue_new(sm_store *store)
{
	return sm_ordered_new(TAKING_WINDOW, read_taking, take_done, store);
}

/* Take every message matching QUERY_STRING. */
static gboolean scan(sm_store *store, const char *query_string, sm_group *group,
                     GHashTable *seen, sm_progress_fn progress, void *progress_data,
                     GError **error)
{
	guint total = 0;
	if (progress && !count(store, query_string, &total, error))
		return FALSE;
	notmuch_messages_t *messages;
	notmuch_query_t *query = search(store, query_string, &messages, error);
	if (!query)
		return FALSE;
	guint done = 0;
	sm_ordered *queue = taking_queue_new(store);
	for (; notmuch_messages_valid(messages); notmuch_messages_move_to_next(messages)) {
		/* A stat a few hundred messages: the hand-over comes once. */
		if (store->hand_over_wait && done % PROGRESS_STEP == 0)
			take_hand_over(store);
		notmuch_message_t *message = notmuch_messages_get(messages);
		take_message(store, message, group, seen, queue);
		notmuch_message_destroy(message);
		done++;
		if (progress && done % PROGRESS_STEP == 0)
			progress(done, MAX(total, done), progress_data);
	}
	sm_ordered_free(queue);
	if (progress)
		progress(done, done, progress_data);
	notmuch_messages_destroy(messages);
	notmuch_query_destroy(query);
	return TRUE;
}

/* Write the index of what GROUP (built in full) holds and make GROUP hold
 * its rows.  A failure costs only speed, so it is a warning, and GROUP
 * keeps its notices. */
static void save_index(sm_store *store, sm_group *group)
{
	GError *err = NULL;
	sm_index_stamp stamp = make_stamp(store, store->query);
	/* Unknown (0) if it cannot be counted: the next refresh then counts
	 * the query.  Not counted when the version file is kept instead
	 * (make_stamp): it proves what the count would. */
	if (store->reading.known || !count_present(store, &store->present, NULL))
		store->present = 0;
	stamp.present = store->present;
	if (!sm_index_write(store->index_path, &stamp, store->revision, group, store->skipped,
	                    &err)) {
		warn(store, "cannot write the patch index: %s", err->message);
		g_error_free(err);
		return;
	}
	/* Files of queries typed long ago, or of too many queries. */
	sm_index_prune(store->index_path, INDEX_FILES_KEPT, INDEX_AGE_KEPT,
	               g_get_real_time() / G_USEC_PER_SEC);
	remove_old_layout();
	const char *why = NULL;
	sm_index *index = sm_index_open(store->index_path, &stamp, &why);
	if (!index || !sm_group_use_index(group, index))
		warn(store, "cannot read the patch index just written: %s",
		     why ? why : "index file is corrupt");
	sm_index_unref(index);
}

/* Is this another database than the store saw (same path, new uuid)?
 * Then no index of the old one may be used. */
static gboolean new_database(sm_store *store, const char *uuid)
{
	if (strcmp(uuid, store->uuid) == 0)
		return FALSE;
	g_free(store->uuid);
	store->uuid = g_strdup(uuid);
	g_hash_table_remove_all(store->skipped);
	return TRUE;
}

/* Messages changed since SINCE (up to REVISION): take those that match,
 * drop those that stopped matching.  GROUP is built in full. */
static gboolean take_changes(sm_store *store, sm_group *group, unsigned long since,
                             unsigned long revision, GHashTable *seen, GError **error)
{
	char *range = g_strdup_printf("lastmod:%lu..%lu", since + 1, revision);
	char *changes = query_and(store->query, range);
	gboolean ok = scan(store, changes, group, seen, NULL, NULL, error);
	g_free(changes);
	/* Changed but no longer matching (retagged, say with an exclude tag):
	 * every changed message, without the query or the excludes, that the
	 * scan did not take. */
	notmuch_messages_t *messages;
	notmuch_query_t *query = ok ? search_as(store, range, TRUE, &messages, error) : NULL;
	ok = ok && query;
	for (; query && notmuch_messages_valid(messages); notmuch_messages_move_to_next(messages)) {
		notmuch_message_t *message = notmuch_messages_get(messages);
		const char *id = notmuch_message_get_message_id(message);
		if (id && !g_hash_table_contains(seen, id)) {
			if (sm_group_notice(group, id))
				store->stats.dropped++;
			sm_group_remove(group, id);
			g_hash_table_remove(store->skipped, id);
		}
		notmuch_message_destroy(message);
	}
	if (query) {
		notmuch_messages_destroy(messages);
		notmuch_query_destroy(query);
	}
	g_free(range);
	return ok;
}

/* Message-ids matching QUERY_STRING, as a set. */
static GHashTable *ids_matching(sm_store *store, const char *query_string, GError **error)
{
	notmuch_messages_t *messages;
	notmuch_query_t *query = search(store, query_string, &messages, error);
	if (!query)
		return NULL;
	GHashTable *ids = id_set_new();
	for (; notmuch_messages_valid(messages); notmuch_messages_move_to_next(messages)) {
		notmuch_message_t *message = notmuch_messages_get(messages);
		const char *id = notmuch_message_get_message_id(message);
		if (id)
			g_hash_table_add(ids, g_strdup(id));
		notmuch_message_destroy(message);
	}
	notmuch_messages_destroy(messages);
	notmuch_query_destroy(query);
	return ids;
}

/* What the messages changed since SINCE (up to REVISION, matching the
 * query or not) did to those INDEX holds, besides the ones in SEEN (taken
 * from the query's changes, WALKED of them, FRESH of which INDEX had no
 * record of): *LEFT, one changed and no longer matches the query;
 * *DELETED, one is gone.  *PRESENT gets every message in the database at
 * REVISION.
 *
 * Deletions are found by counts, never by listing the query's ids: of
 * the store's PRESENT messages at SINCE, those not in lastmod:0..SINCE
 * now (all but the changed ones) were changed or deleted since.  When the changed ones INDEX holds
 * are all of them, nothing was deleted.  Otherwise (a file that does not
 * know its count, other mail changed or deleted) the query's count
 * against what INDEX holds tells, as before: it costs what the query
 * matches (phrases: Xapian walks their positions), so it is the fallback.
 * A query that names dates can change what it matches without a change
 * of any message (date:2weeks..): it is always counted.
 *
 * When every changed message is one the query's walk took (their count
 * says so), none can have left and those INDEX holds are known: the
 * changed ones are not listed again.
 *
 * NONE_DELETED: Xapian's version file proves that no document was
 * deleted since SINCE (xapian-private.h), so nothing is counted (but a
 * query with dates); *PRESENT is then 0, unknown. */
static gboolean changes_beyond(sm_store *store, const sm_index *index, unsigned long since,
                               unsigned long revision, GHashTable *seen, guint walked,
                               guint fresh, gboolean none_deleted, gboolean *left,
                               gboolean *deleted, guint *present, GError **error)
{
	*left = *deleted = FALSE;
	guint all = 0, changed = 0, held = 0;
	/* Every message of the database now, changed since SINCE or not:
	 * counting them all costs less than counting lastmod:0..SINCE (no
	 * value to read), and a snapshot holds no message changed after
	 * its revision. */
	if (!none_deleted) {
		if (!count_present(store, &all, error))
			return FALSE;
		step(store, "count all");
	}
	char *range = g_strdup_printf("lastmod:%lu..%lu", since + 1, revision);
	/* (Nothing changed since SINCE when only a removal brought us here.) */
	gboolean ok = since >= revision || count_as(store, range, TRUE, &changed, error);
	gboolean listed = ok && !(changed == walked && g_hash_table_size(seen) == walked &&
	                          fresh <= walked);
	notmuch_messages_t *messages = NULL;
	notmuch_query_t *query = NULL;
	if (ok && !listed)
		held = walked - fresh;
	if (listed) {
		query = search_as(store, range, TRUE, &messages, error);
		ok = query != NULL;
		changed = 0;
	}
	g_free(range);
	if (!ok)
		return FALSE;
	for (; query && notmuch_messages_valid(messages); notmuch_messages_move_to_next(messages)) {
		notmuch_message_t *message = notmuch_messages_get(messages);
		const char *id = notmuch_message_get_message_id(message);
		guint number;
		changed++;
		if (id && sm_index_lookup(index, id, &number)) {
			held++;
			*left = *left || !g_hash_table_contains(seen, id);
		}
		notmuch_message_destroy(message);
	}
	if (query) {
		notmuch_messages_destroy(messages);
		notmuch_query_destroy(query);
	}
	step(store, "changed messages");
	*present = all;
	gboolean dated = strstr(store->query, "date:") != NULL;
	if (none_deleted && !dated)
		return TRUE;
	guint unchanged = all - MIN(all, changed);
	guint before = store->present;
	if (!none_deleted && before >= sm_index_messages(index) && before >= unchanged &&
	    before - unchanged == held && !dated)
		return TRUE;
	guint matching;
	if (!count(store, store->query, &matching, error))
		return FALSE;
	step(store, "count query");
	*deleted = matching != sm_index_messages(index) + fresh;
	return TRUE;
}

/* One changed message for the journal: a notice GROUP's index holds is
 * retagged, a new one read into ADDED (or SKIPPED when it cannot be). */
static void take_change(sm_store *store, notmuch_message_t *message, sm_group *group,
                        GPtrArray *added, GHashTable *skipped, GHashTable *seen, guint *fresh)
{
	sm_index *index = sm_group_index(group);
	const char *id, *filename;
	if (!message_names(store, message, &id, &filename, NULL))
		return;
	g_hash_table_add(seen, g_strdup(id));
	sm_triage triage;
	gboolean unread;
	read_tags(message, &triage, &unread);
	guint number;
	gboolean was_skipped = TRUE;
	gboolean known = sm_index_lookup(index, id, &number);
	if (known && sm_index_message_id(index, number, &was_skipped) && !was_skipped) {
		store->stats.cached++;
		sm_group_retag(group, id, triage, unread, filename);
		return;
	}
	*fresh += !known;
	sm_notice *notice = read_new(store, message, id, filename, triage, unread, skipped);
	if (notice)
		g_ptr_array_add(added, notice);
}

/* Regroup what ADDED (taken) and GROUP's retags touch, write it as the
 * journal of the store's index at REVISION and give GROUP the rows of the
 * index with its new journal.  FALSE with *WHY when a build in full is
 * needed, or ERROR when the journal cannot be written; GROUP keeps its
 * rows then. */
static gboolean write_journal(sm_store *store, sm_group *group, GPtrArray *added,
                              GHashTable *skipped, const sm_index_stamp *stamp,
                              unsigned long revision, const char **why, GError **error)
{
	sm_group_change *change = sm_group_regroup(group, added,
	                                           (const char *const *)store->user_addresses, why);
	step(store, "regroup");
	gboolean ok = change && sm_index_write_journal(store->index_path, stamp, revision, group,
	                                               change, skipped, why, error);
	step(store, "write journal");
	if (ok) {
		/* The segment over the view it was written over; another
		 * process's of the same place, at another revision, is not
		 * ours. */
		const char *open_why = NULL;
		sm_index *merged = sm_index_open_journal(sm_group_change_over(change),
		                                         store->index_path, stamp, &open_why);
		if (merged && sm_index_revision(merged) != revision)
			g_clear_pointer(&merged, sm_index_unref);
		ok = merged && sm_group_use_journal(group, merged);
		if (!ok)
			*why = open_why ? open_why : "the journal just written cannot be read";
		if (merged)
			sm_index_unref(merged);
		step(store, "rows");
	}
	sm_group_change_free(change);
	return ok;
}

/* Are the changes since SINCE new messages and retags only?  Then they go
 * into a journal beside GROUP's index (write_journal): only the new
 * messages are read and only the patches they touch regrouped, and
 * *HANDLED is set; SEEN gets the ids read.  Tags (and file names: maildir
 * flags) of notices the index holds, and nothing else, are given to the
 * rows (sm_group_retag) with no journal at all, and *RETAGS_ONLY is set
 * too: the commonest refresh (a triage action, mail read elsewhere) reads
 * only the changed messages and regroups nothing.  Otherwise (a message
 * left the query or was deleted, or the change needs a build in full)
 * GROUP keeps its rows and the retags, for the caller to regroup in full.
 * NONE_DELETED: no document was deleted since SINCE (changes_beyond).
 * FALSE with ERROR when a query fails. */
static gboolean take_journal(sm_store *store, sm_group *group, unsigned long since,
                             unsigned long revision, gboolean none_deleted, GHashTable *seen,
                             gboolean *handled, gboolean *retags_only, GError **error)
{
	*handled = *retags_only = FALSE;
	sm_index *index = sm_group_index(group);
	store->in_full = index ? NULL : "the patches are not an index's rows";
	if (!index)
		return TRUE;
	char *range = g_strdup_printf("lastmod:%lu..%lu", since + 1, revision);
	char *changes = query_and(store->query, range);
	GPtrArray *added = g_ptr_array_new_with_free_func((GDestroyNotify)sm_notice_free);
	GHashTable *skipped = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	guint fresh = 0, walked = 0;
	notmuch_messages_t *messages;
	notmuch_query_t *query = search(store, changes, &messages, error);
	for (; query && notmuch_messages_valid(messages); notmuch_messages_move_to_next(messages)) {
		notmuch_message_t *message = notmuch_messages_get(messages);
		take_change(store, message, group, added, skipped, seen, &fresh);
		notmuch_message_destroy(message);
		walked++;
	}
	gboolean ok = query != NULL, left = FALSE, deleted = FALSE;
	if (query) {
		notmuch_messages_destroy(messages);
		notmuch_query_destroy(query);
	}
	step(store, "read changes");
	guint present = 0;
	ok = ok && changes_beyond(store, index, since, revision, seen, walked, fresh,
	                          none_deleted, &left, &deleted, &present, error);
	const char *why = !ok ? NULL : left ? "a message left the query"
	                  : deleted ? "a message was deleted" : NULL;
	if (ok && !why && added->len == 0 && g_hash_table_size(skipped) == 0) {
		/* The rows took the tags; the index stands. */
		*handled = *retags_only = TRUE;
	} else if (ok && !why) {
		GError *err = NULL;
		/* The journal tells the next process what to count deletions
		 * against, when it has no version file to prove none (0 when
		 * the count fails: it then counts the query). */
		if (!present && !store->reading.known && count_present(store, &present, NULL))
			step(store, "count all");
		sm_index_stamp stamp = make_stamp(store, store->query);
		stamp.present = present;
		GPtrArray *notices = g_ptr_array_new();
		for (guint i = 0; i < added->len; i++) {
			sm_notice *notice = added->pdata[i];
			g_ptr_array_add(notices, notice);
			/* Read now: no longer an unreadable one. */
			g_hash_table_replace(skipped, g_strdup(notice->message_id), NULL);
		}
		/* The group takes the notices, whatever comes of it. */
		g_ptr_array_set_free_func(added, NULL);
		*handled = write_journal(store, group, notices, skipped, &stamp, revision, &why, &err);
		g_ptr_array_unref(notices);
		/* Said after the build in full that follows (which starts
		 * its warnings afresh). */
		if (err) {
			store->journal_failure = g_strdup(err->message);
			why = "the journal cannot be written";
		}
		g_clear_error(&err);
	}
	store->in_full = *handled ? NULL : why;
	if (*handled) {
		store->present = present;
		GHashTableIter iter;
		gpointer id, warning;
		g_hash_table_iter_init(&iter, skipped);
		while (g_hash_table_iter_next(&iter, &id, &warning))
			if (warning)
				g_hash_table_replace(store->skipped, g_strdup(id), g_strdup(warning));
			else
				g_hash_table_remove(store->skipped, id);
	}
	g_ptr_array_unref(added);
	g_hash_table_unref(skipped);
	g_free(changes);
	g_free(range);
	return ok;
}

/* Forget the messages that left the query (deleted, or retagged out of
 * it).  Only called when the count says some did. */
static gboolean drop_missing(sm_store *store, sm_group *group, GError **error)
{
	GHashTable *present = ids_matching(store, store->query, error);
	if (!present)
		return FALSE;
	GHashTableIter iter;
	gpointer id;
	GPtrArray *gone = g_ptr_array_new_with_free_func(g_free);
	g_hash_table_iter_init(&iter, sm_group_all_notices(group));
	while (g_hash_table_iter_next(&iter, &id, NULL))
		if (!g_hash_table_contains(present, id))
			g_ptr_array_add(gone, g_strdup(id));
	for (guint i = 0; i < gone->len; i++)
		sm_group_remove(group, gone->pdata[i]);
	store->stats.dropped += gone->len;
	g_hash_table_iter_init(&iter, store->skipped);
	while (g_hash_table_iter_next(&iter, &id, NULL))
		if (!g_hash_table_contains(present, id))
			g_hash_table_iter_remove(&iter);
	g_ptr_array_unref(gone);
	g_hash_table_unref(present);
	return TRUE;
}

/* Bring GROUP (built in full, as of SINCE) to REVISION: read what changed,
 * drop what left, then rebuild and write the index.  *CHANGED says whether
 * anything did. */
static gboolean update(sm_store *store, sm_group *group, unsigned long since,
                       unsigned long revision, gboolean none_deleted, GHashTable *seen,
                       gboolean *changed, GError **error)
{
	if (revision != since && !take_changes(store, group, since, revision, seen, error))
		return FALSE;
	step(store, "read changes");
	/* Deleted ones: a lastmod: query cannot see what is gone, but the
	 * count can tell that something is.  NONE_DELETED (Xapian's version
	 * file says no document went since SINCE: changes_beyond) spares it,
	 * but for a query naming dates, which time alone changes. */
	guint matching;
	if (!none_deleted || strstr(store->query, "date:")) {
		if (!count(store, store->query, &matching, error))
			return FALSE;
		step(store, "count");
		if (matching != sm_group_notice_count(group) + g_hash_table_size(store->skipped) &&
		    !drop_missing(store, group, error))
			return FALSE;
		step(store, "drop missing");
	}
	*changed = store->stats.read > 0 || store->stats.dropped > 0;
	store->stats.messages = sm_group_notice_count(group) + g_hash_table_size(store->skipped);
	store->revision = revision;
	sm_group_build(group);
	sm_group_set_news(group, (const char *const *)store->user_addresses);
	step(store, "build");
	save_index(store, group);
	step(store, "write index");
	return TRUE;
}

/* The messages INDEX recorded as unreadable, with their warnings. */
static void take_index_skipped(sm_store *store, sm_index *index)
{
	g_hash_table_remove_all(store->skipped);
	/* Every skipped record is among the warned ones. */
	GPtrArray *numbers = sm_index_warned(index);
	for (guint i = 0; i < numbers->len; i++) {
		guint number = GPOINTER_TO_UINT(numbers->pdata[i]);
		gboolean skipped;
		const char *id = sm_index_message_id(index, number, &skipped);
		const char *warning = sm_index_record_warning(index, number);
		if (id && skipped)
			g_hash_table_replace(store->skipped, g_strdup(id), g_strdup(warning ? warning : ""));
	}
	g_ptr_array_unref(numbers);
}

/* The warnings INDEX recorded, as a load gives them, for the messages
 * still held or skipped, except those in SEEN (read again: their reading
 * gave them). */
static void take_index_warnings(sm_store *store, sm_index *index, sm_group *group,
                                GHashTable *seen)
{
	GPtrArray *numbers = sm_index_warned(index);
	for (guint i = 0; i < numbers->len; i++) {
		guint number = GPOINTER_TO_UINT(numbers->pdata[i]);
		const char *warning = sm_index_record_warning(index, number);
		gboolean skipped;
		const char *id = sm_index_message_id(index, number, &skipped);
		if (!id || !warning || (seen && g_hash_table_contains(seen, id)))
			continue;
		sm_notice *notice = skipped ? NULL : sm_group_notice(group, id);
		if (skipped && g_hash_table_contains(store->skipped, id))
			warn(store, "%s", warning);
		else if (notice)
			warn(store, "%s: %s", notice->filename, warning);
	}
	g_ptr_array_unref(numbers);
}

/* A load from scratch: every matching message, notices from the source
 * index or from their files. */
static gboolean load_all(sm_store *store, sm_group *group, sm_progress_fn progress,
                         void *progress_data, GError **error)
{
	const char *why = NULL;
	char *base = query_and(store->config->query, NULL);
	if (strcmp(store->query, base) != 0)
		store->source = open_index(store, base, &why);
	g_free(base);
	/* A preview beside this load may hand its notices over. */
	char *hand_over = hand_over_path(store->index_path);
	if (!store->source)
		store->hand_over_wait = g_strdup(hand_over);
	/* What GROUP held is reused and what the query leaves out forgotten. */
	sm_group_load_all(group);
	g_hash_table_remove_all(store->skipped);
	/* The ids seen tell what GROUP held that the query leaves out; a
	 * group that held nothing (a cold load) needs none: at 100,000
	 * messages they are megabytes. */
	GHashTable *seen = sm_group_notice_count(group) ? id_set_new() : NULL;
	gboolean ok = scan(store, store->query, group, seen, progress, progress_data, error);
	g_clear_pointer(&store->source, sm_index_unref);
	g_clear_pointer(&store->hand_over_wait, g_free);
	g_unlink(hand_over);
	g_free(hand_over);
	if (ok && seen) {
		GPtrArray *gone = g_ptr_array_new();
		GHashTableIter iter;
		gpointer id;
		g_hash_table_iter_init(&iter, sm_group_all_notices(group));
		while (g_hash_table_iter_next(&iter, &id, NULL))
			if (!g_hash_table_contains(seen, id))
				g_ptr_array_add(gone, id);
		for (guint i = 0; i < gone->len; i++)
			sm_group_remove(group, gone->pdata[i]);
		g_ptr_array_unref(gone);
	}
	if (ok) {
		store->stats.messages = store->stats.read;
		sm_group_build(group);
		sm_group_set_news(group, (const char *const *)store->user_addresses);
		save_index(store, group);
	} else {
		/* The group keeps what it held, as patches. */
		sm_group_build(group);
		sm_group_set_news(group, (const char *const *)store->user_addresses);
	}
	if (seen)
		g_hash_table_unref(seen);
	/* What a first scan of years of mail held is free now (the notices,
	 * the ids seen): give it back, so that the TUI's size is that of its
	 * rows.  (It walks the whole heap: not after every refresh.) */
	if (ok)
		malloc_trim(0);
	return ok;
}

static gboolean load_query(sm_store *store, sm_group *group, unsigned long revision,
                           sm_progress_fn progress, void *progress_data, GError **error);

gboolean sm_store_load(sm_store *store, const char *query, sm_group *group,
                       sm_progress_fn progress, void *progress_data,
                       GError **error)
{
	/* Taken by now, or never to be. */
	if (store->handed_over) {
		g_unlink(store->handed_over);
		g_clear_pointer(&store->handed_over, g_free);
	}
	begin_steps(store);
	read_version(store, &store->reading);
	if (!reopen(store, error))
		return FALSE;
	reset_stats(store, FALSE);
	const char *uuid;
	/* Read before the query: a commit in between is seen again by the
	 * next refresh, never missed. */
	unsigned long revision = notmuch_database_get_revision(store->db, &uuid);
	new_database(store, uuid);

	/* The query is the store's only once the load worked. */
	char *old_query = store->query, *old_user_query = store->user_query;
	char *old_path = store->index_path;
	store->query = query_and(store->config->query, query);
	store->user_query = g_strdup(query);
	store->index_path = index_path(store->db_path, store->query);
	gboolean ok = load_query(store, group, revision, progress, progress_data, error);
	if (ok) {
		store->seen = store->checked = store->reading;
		g_free(old_query);
		g_free(old_user_query);
		g_free(old_path);
	} else {
		g_free(store->query);
		g_free(store->user_query);
		g_free(store->index_path);
		store->query = old_query;
		store->user_query = old_user_query;
		store->index_path = old_path;
	}
	return ok;
}

/* sm_store_load() once the query is set. */
static gboolean load_query(sm_store *store, sm_group *group, unsigned long revision,
                           sm_progress_fn progress, void *progress_data, GError **error)
{
	const char *why = NULL;
	sm_index *index = open_index(store, store->query, &why);
	if (index && sm_index_revision(index) > revision) {
		why = "written at a later revision than the database's";
		g_clear_pointer(&index, sm_index_unref);
	}
	if (index && !sm_group_use_index(group, index)) {
		why = "index file is corrupt";
		g_clear_pointer(&index, sm_index_unref);
	}
	const char *ignored = !index && why && strcmp(why, "no index file") != 0 ? why : NULL;
	if (index && sm_index_revision(index) == revision) {
		/* Nothing changed: nothing to read. */
		take_index_skipped(store, index);
		take_index_warnings(store, index, group, NULL);
		store->stats.messages = sm_index_messages(index);
		store->stats.cached = sm_index_held(index);
		store->stats.skipped = g_hash_table_size(store->skipped);
		store->revision = revision;
		store->present = sm_index_present(index);
		sm_index_unref(index);
		if (progress)
			progress(store->stats.messages, store->stats.messages, progress_data);
		return TRUE;
	}
	gboolean handled = FALSE, retags_only = FALSE;
	/* What the index counted of the database, for its deletions. */
	if (index)
		store->present = sm_index_present(index);
	store->stats.ignored = ignored;
	GHashTable *seen = id_set_new();
	/* Xapian's version file as the index's writer read it, before it
	 * moved to the index's revision: when it proves no document deleted
	 * since, nothing is counted. */
	sm_xapian_version at_index;
	if (index)
		sm_xapian_version_unpack(sm_index_database(index), &at_index);
	gboolean none_deleted = index && sm_xapian_version_none_deleted(&at_index, &store->reading);
	if (index && !take_journal(store, group, sm_index_revision(index), revision, none_deleted,
	                           seen, &handled, &retags_only, error)) {
		g_hash_table_unref(seen);
		sm_index_unref(index);
		return FALSE;
	}
	if (retags_only) {
		/* Tags changed, nothing else: the rows took them. */
		take_index_skipped(store, index);
		take_index_warnings(store, index, group, NULL);
		g_hash_table_unref(seen);
		store->stats.messages = sm_index_messages(index);
		store->stats.cached = sm_index_held(index);
		store->stats.skipped = g_hash_table_size(store->skipped);
		store->revision = revision;
		sm_index_unref(index);
		return TRUE;
	}
	if (handled) {
		/* New mail and retags, in a journal: the rows of the new view. */
		sm_index *now = sm_group_index(group);
		take_index_skipped(store, now);
		take_index_warnings(store, now, group, seen);
		g_hash_table_unref(seen);
		sm_index_unref(index);
		store->stats.messages = sm_index_messages(now);
		store->stats.skipped = g_hash_table_size(store->skipped);
		store->stats.cached = store->stats.messages - store->stats.parsed -
		                      store->stats.skipped;
		store->revision = revision;
		return TRUE;
	}
	g_hash_table_unref(seen);
	reset_stats(store, FALSE);
	store->stats.ignored = ignored;
	if (index) {
		/* Every notice of the index, then what changed since. */
		unsigned long since = sm_index_revision(index);
		take_index_skipped(store, index);
		sm_group_load_all(group);
		GHashTable *seen = id_set_new();
		gboolean changed;
		gboolean ok = update(store, group, since, revision, none_deleted, seen, &changed,
		                     error);
		/* The warnings of what was not read again, if still there. */
		if (ok)
			take_index_warnings(store, index, group, seen);
		g_hash_table_unref(seen);
		sm_index_unref(index);
		store->stats.skipped = g_hash_table_size(store->skipped);
		store->stats.cached = store->stats.messages - store->stats.parsed -
		                      store->stats.skipped;
		return ok;
	}
	store->revision = revision;
	return load_all(store, group, progress, progress_data, error);
}

gboolean sm_store_has_index(sm_store *store, const char *query)
{
	char *full = query_and(store->config->query, query);
	const char *why = NULL;
	sm_index *index = open_index(store, full, &why);
	gboolean usable = index && sm_index_revision(index) <= sm_store_revision(store);
	sm_index_unref(index);
	g_free(full);
	return usable;
}

/* Rows of a first screen from the index: a few screenfuls. */
#define PREVIEW_ROWS 200
/* Without an index, the newest mail is read until it makes this many
 * patches (a few screenfuls: the urgency order picks among them), or
 * until this many messages were read, checking every PREVIEW_STEP. */
#define PREVIEW_PATCHES 100
#define PREVIEW_MESSAGES 1000
#define PREVIEW_STEP 64
/* The messages the first window of time should hold at least (see
 * older_window); once narrowed, a window holds at most WINDOW_SPREAD
 * times what it should. */
#define WINDOW_LEAST 200
#define WINDOW_SPREAD 4

/* The query for QUERY_STRING's messages from FROM up to UNTIL, both
 * included (UNTIL 0: up to now).  Newly allocated. */
static char *between(const char *query_string, gint64 from, gint64 until)
{
	char *range = until ? g_strdup_printf("date:@%" G_GINT64_FORMAT "..@%" G_GINT64_FORMAT,
	                                      from, until)
	                    : g_strdup_printf("date:@%" G_GINT64_FORMAT "..", from);
	char *q = query_and(query_string, range);
	g_free(range);
	return q;
}

static gboolean count_between(sm_store *store, const char *query_string, gint64 from,
                              gint64 until, guint *n, GError **error)
{
	char *q = between(query_string, from, until);
	gboolean ok = count(store, q, n, error);
	g_free(q);
	return ok;
}

/* A time such that QUERY_STRING (NULL: every message) has LEAST
 * messages or more from then up to UNTIL (0: now), and not many more
 * than WINDOW_SPREAD times that when it can be had: windows back from START grow
 * fourfold until one holds enough, and one that holds far too many is
 * narrowed by halves.  0 when all of them are fewer; -1 on error. */
static gint64 window_from(sm_store *store, const char *query_string, gint64 start,
                          gint64 until, guint least, GError **error)
{
	gint64 near = start, far = 0;
	guint n = 0;
	for (gint64 span = 2 * 86400; start - span > 0; span *= 4) {
		if (!count_between(store, query_string, start - span, until, &n, error))
			return -1;
		if (n >= least) {
			far = start - span;
			break;
		}
		near = start - span;
	}
	while (far && n > WINDOW_SPREAD * least && near - far > 3600) {
		gint64 mid = far + (near - far) / 2;
		guint m;
		if (!count_between(store, query_string, mid, until, &m, error))
			return -1;
		if (m >= least) {
			far = mid;
			n = m;
		} else {
			near = mid;
		}
	}
	return far;
}

/* Where the next LEAST messages or more of QUERY_STRING up to UNTIL (0:
 * now) start, going back in time: 0 to take all the rest, -1 on error.
 * Asking notmuch for every match newest first makes Xapian sort them all
 * (a quarter of a second of processor time at 100,000 messages), and so
 * does counting a wide window of the query, but counting a window of the
 * whole database by date alone is cheap: that finds where the window
 * starts, years back if need be, and only then the query's own counts
 * widen it, when the query matches few of those messages (real lists: a
 * tenth of them). */
static gint64 older_window(sm_store *store, const char *query_string, gint64 until,
                           guint least, GError **error)
{
	gint64 start = until ? until : g_get_real_time() / G_USEC_PER_SEC;
	gint64 from = window_from(store, NULL, start, until, least, error);
	guint n;
	if (from <= 0 || !count_between(store, query_string, from, until, &n, error))
		return from <= 0 ? from : -1;
	return n >= least ? from : window_from(store, query_string, from, until, least, error);
}

/* Take the newest messages of WINDOW into GROUP, newest first, until
 * GROUP has PREVIEW_PATCHES patches or *DONE (the messages taken so far)
 * reaches PREVIEW_MESSAGES.  *FULL says which of those ended it; *OLDEST
 * is the date of the last one taken. */
static gboolean scan_window(sm_store *store, const char *window, sm_group *group,
                            GHashTable *seen, guint *done, gboolean *full, gint64 *oldest,
                            GError **error)
{
	notmuch_query_t *query = make_query(store, window);
	if (!query) {
		g_set_error_literal(error, SM_STORE_ERROR, SM_STORE_ERROR_QUERY,
		                    "bad query: out of memory");
		return FALSE;
	}
	notmuch_query_set_sort(query, NOTMUCH_SORT_NEWEST_FIRST);
	notmuch_messages_t *messages;
	notmuch_status_t status = notmuch_query_search_messages(query, &messages);
	if (status != NOTMUCH_STATUS_SUCCESS) {
		set_query_error(store, status, error);
		notmuch_query_destroy(query);
		return FALSE;
	}
	*full = FALSE;
	sm_ordered *queue = taking_queue_new(store);
	for (; notmuch_messages_valid(messages) && !*full; notmuch_messages_move_to_next(messages)) {
		notmuch_message_t *message = notmuch_messages_get(messages);
		take_message(store, message, group, seen, queue);
		*oldest = notmuch_message_get_date(message);
		notmuch_message_destroy(message);
		*full = ++*done >= PREVIEW_MESSAGES;
		if (!*full && *done % PREVIEW_STEP == 0) {
			sm_ordered_flush(queue);
			sm_group_build(group);
			*full = sm_group_patches(group)->len >= PREVIEW_PATCHES;
		}
	}
	sm_ordered_free(queue);
	notmuch_messages_destroy(messages);
	notmuch_query_destroy(query);
	return TRUE;
}

/* The other notices of GROUP's patches (built): every message matching
 * QUERY_STRING whose text names one of their upstream ids (notmuch
 * indexes a commit id as a word), is not in SEEN and is not newer than
 * OLDEST.
 * The windows read only the newest mail, and a patch's status is the
 * furthest step of all its notices: without the older ones a patch that
 * was queued long ago would show undecided until the whole load ends,
 * and move when it does.  Builds GROUP again when it took any. */
static gboolean complete_patches(sm_store *store, const char *query_string, sm_group *group,
                                 GHashTable *seen, gint64 oldest, GError **error)
{
	GPtrArray *patches = sm_group_patches(group);
	GString *ids = g_string_new(NULL);
	for (guint i = 0; i < patches->len; i++) {
		const sm_patch *patch = patches->pdata[i];
		if (patch->upstream[0])
			/* body: alone: a bare word is looked for in every field,
			 * a millisecond a commit id at 100,000 messages. */
			g_string_append_printf(ids, "%sbody:%s", ids->len ? " or " : "", patch->upstream);
	}
	if (!ids->len) {
		g_string_free(ids, TRUE);
		return TRUE;
	}
	/* What is newer than the oldest message read was read. */
	char *named = query_and(query_string, ids->str);
	char *q = between(named, 0, oldest);
	g_free(named);
	g_string_free(ids, TRUE);
	notmuch_messages_t *messages;
	notmuch_query_t *query = search(store, q, &messages, error);
	g_free(q);
	if (!query)
		return FALSE;
	guint taken = 0;
	sm_ordered *queue = taking_queue_new(store);
	for (; notmuch_messages_valid(messages); notmuch_messages_move_to_next(messages)) {
		notmuch_message_t *message = notmuch_messages_get(messages);
		const char *id = notmuch_message_get_message_id(message);
		if (!id || !g_hash_table_contains(seen, id)) {
			take_message(store, message, group, seen, queue);
			taken++;
		}
		notmuch_message_destroy(message);
	}
	sm_ordered_free(queue);
	notmuch_messages_destroy(messages);
	notmuch_query_destroy(query);
	if (taken)
		sm_group_build(group);
	return TRUE;
}

/* Take the newest messages matching QUERY_STRING into GROUP, newest
 * first, until they make PREVIEW_PATCHES patches: what a first screen
 * needs, whatever the date of the newest mail (a window of days would
 * hold nothing, or everything).  Window after window back in time, each
 * of a few hundred messages, so that no query sorts every match: on a
 * real list most mail is no notification, and the patches of one window
 * may not fill a screen.  Builds GROUP. */
static gboolean scan_newest(sm_store *store, const char *query_string, sm_group *group,
                            GError **error)
{
	GHashTable *seen = id_set_new();
	guint done = 0;
	gboolean ok = TRUE, full = FALSE;
	gint64 oldest = G_MAXINT64;
	for (gint64 until = 0, from = 1; ok && !full && from > 0; until = from - 1) {
		/* A few hundred first; then, since those made too few
		 * patches, what is left to read at once: each window costs
		 * a handful of counts. */
		from = older_window(store, query_string, until,
		                    MAX(WINDOW_LEAST, until ? PREVIEW_MESSAGES - done : 0), error);
		char *window = from > 0 || until ? between(query_string, MAX(from, 0), until)
		                                 : g_strdup(query_string);
		ok = from >= 0 && scan_window(store, window, group, seen, &done, &full, &oldest, error);
		g_free(window);
	}
	sm_group_build(group);
	/* Stopped before the oldest mail: older notices may be missing. */
	ok = ok && (!full || complete_patches(store, query_string, group, seen, oldest, error));
	g_hash_table_unref(seen);
	return ok;
}

/* The notices the preview of QUERY read into GROUP, for the whole load
 * beside it (sm_store_hand_over).  Only speed is lost if it cannot be
 * written: nothing is said. */
static void write_hand_over(sm_store *store, const char *query, sm_group *group)
{
	const char *uuid;
	char *index = index_path(store->db_path, query);
	char *path = hand_over_path(index);
	g_free(index);
	sm_index_stamp stamp = make_stamp(store, query);
	if (sm_index_write(path, &stamp, notmuch_database_get_revision(store->db, &uuid), group,
	                   store->skipped, NULL)) {
		g_free(store->handed_over);
		store->handed_over = path;
	} else {
		g_free(path);
	}
}

gboolean sm_store_load_preview(sm_store *store, const char *query, sm_group *group,
                               sm_progress_fn progress, void *progress_data,
                               GError **error)
{
	/* The whole load that follows reports progress; this one is short. */
	(void)progress;
	(void)progress_data;
	if (!reopen(store, error))
		return FALSE;
	reset_stats(store, FALSE);
	char *full = query_and(store->config->query, query);
	/* With an index, the head of its order: nothing to ask notmuch. */
	const char *why = NULL, *uuid;
	sm_index *index = open_index(store, full, &why);
	if (index && sm_index_revision(index) <= notmuch_database_get_revision(store->db, &uuid)) {
		GArray *rows = sm_index_head(index, g_get_real_time() / G_USEC_PER_SEC,
		                             PREVIEW_ROWS);
		gboolean ok = sm_group_use_index_rows(group, index, rows);
		g_array_unref(rows);
		sm_index_unref(index);
		if (ok) {
			g_free(full);
			return TRUE;
		}
		index = NULL;
	}
	sm_index_unref(index);
	gboolean ok = scan_newest(store, full, group, error);
	store->stats.messages = store->stats.read;
	if (ok)
		sm_group_set_news(group, (const char *const *)store->user_addresses);
	if (ok && store->hand_over)
		write_hand_over(store, full, group);
	store->hand_over = FALSE;
	g_free(full);
	return ok;
}

void sm_store_hand_over(sm_store *store, const char *query)
{
	store->hand_over = TRUE;
	char *full = query_and(store->config->query, query);
	char *index = index_path(store->db_path, full);
	char *path = hand_over_path(index);
	g_unlink(path);
	g_free(path);
	g_free(index);
	g_free(full);
}

/* sm_store_refresh() once the handle is at REVISION: VERSION is Xapian's
 * version file read before it moved there. */
static gboolean refresh_to(sm_store *store, sm_group *group, unsigned long revision,
                           const sm_xapian_version *version, gboolean *changed,
                           GError **error)
{
	reset_stats(store, TRUE);
	/* No document deleted since the last load or refresh (the version
	 * file says so): no count need look for a deletion. */
	gboolean none_deleted = sm_xapian_version_none_deleted(&store->seen, version);
	/* A removal alone moves no revision (notmuch 0.37): the version file
	 * tells of one, and without it fewer messages than at the revision
	 * do.  The deletions are then found as after any other change. */
	if (revision == store->revision) {
		if (none_deleted)
			return TRUE;
		guint all = 0;
		if (store->present) {
			if (!count_present(store, &all, NULL))
				return TRUE;
			step(store, "count all");
			if (all >= store->present)
				return TRUE;
		} else if (!version->known) {
			/* Nothing to tell a removal by. */
			return TRUE;
		}
	}
	gboolean handled, retags_only;
	GHashTable *seen = id_set_new();
	if (!take_journal(store, group, store->revision, revision, none_deleted, seen, &handled,
	                  &retags_only, error)) {
		g_hash_table_unref(seen);
		return FALSE;
	}
	if (handled) {
		/* Other mail's tags change no notice. */
		*changed = !retags_only || store->stats.read > 0;
		store->stats.messages = store->stats.read;
		store->revision = revision;
		g_hash_table_unref(seen);
		return TRUE;
	}
	g_hash_table_remove_all(seen);
	reset_stats(store, TRUE);
	sm_group_load_all(group);
	step(store, "load notices");
	gboolean ok = update(store, group, store->revision, revision, none_deleted, seen, changed,
	                     error);
	g_hash_table_unref(seen);
	store->stats.messages = store->stats.read;
	return ok;
}

gboolean sm_store_refresh(sm_store *store, sm_group *group, gboolean *changed,
                          GError **error)
{
	*changed = FALSE;
	g_return_val_if_fail(store->query != NULL, FALSE);
	begin_steps(store);
	read_version(store, &store->reading);
	step(store, "version file");
	if (!reopen(store, error))
		return FALSE;
	const char *uuid;
	unsigned long revision = notmuch_database_get_revision(store->db, &uuid);
	step(store, "reopen");
	if (strcmp(uuid, store->uuid) != 0) {
		*changed = TRUE;
		char *query = g_strdup(store->user_query);
		gboolean ok = sm_store_load(store, query, group, NULL, NULL, error);
		g_free(query);
		return ok;
	}
	if (!refresh_to(store, group, revision, &store->reading, changed, error))
		return FALSE;
	store->seen = store->checked = store->reading;
	return TRUE;
}

unsigned long sm_store_revision(const sm_store *store)
{
	return store->revision;
}

void sm_store_read_versions(sm_store *store, gboolean read)
{
	store->versions = read;
	if (!read)
		memset(&store->seen, 0, sizeof store->seen);
}

gboolean sm_store_changed(sm_store *store)
{
	sm_xapian_version version;
	read_version(store, &version);
	/* No commit since the last look: nothing to reopen. */
	if (sm_xapian_version_same(&store->checked, &version))
		return FALSE;
	if (!reopen(store, NULL))
		return FALSE;
	const char *uuid;
	unsigned long revision = notmuch_database_get_revision(store->db, &uuid);
	if (revision != store->revision || strcmp(uuid, store->uuid) != 0)
		return TRUE;
	/* The same revision: a removal (which moves none), unless the
	 * version file says no document went (a folder's time written, say). */
	if (version.known && !sm_xapian_version_none_deleted(&store->seen, &version))
		return TRUE;
	store->checked = version;
	return FALSE;
}

guint sm_store_news_read(const sm_store *store)
{
	return store->stats.parsed - store->stats.own;
}

const sm_store_stats *sm_store_last_stats(const sm_store *store)
{
	return &store->stats;
}

char *sm_store_stats_line(const sm_store *store)
{
	const sm_store_stats *s = &store->stats;
	GString *line = g_string_new(NULL);
	g_string_printf(line, "%u %smessage%s: %u read, %u parsed, %u from cache, %u skipped",
	                s->messages, s->incremental ? "changed " : "",
	                s->messages == 1 ? "" : "s", s->read, s->parsed, s->cached,
	                s->skipped);
	if (s->dropped)
		g_string_append_printf(line, ", %u dropped", s->dropped);
	if (s->ignored)
		g_string_append_printf(line, " (index ignored: %s)", s->ignored);
	return g_string_free(line, FALSE);
}

GPtrArray *sm_store_warnings(const sm_store *store)
{
	return store->warnings;
}

GHashTable *sm_store_query_ids(sm_store *store, const char *query, GError **error)
{
	char *full = query_and(store->query ? store->query : store->config->query, query);
	GHashTable *ids = ids_matching(store, full, error);
	g_free(full);
	return ids;
}

/* Is the Xapian write lock held?  libnotmuch waits for the lock without
 * limit when opening read-write, so look first: Xapian holds an fcntl lock
 * on its "flintlock" file for as long as a writer is open, and F_OFD_GETLK
 * asks about it without taking it.  (A writer that starts between this
 * look and our open is waited for: it holds the lock for one batch.) */
static gboolean write_locked(const sm_store *store)
{
	static const char *const places[] = { ".notmuch/xapian/flintlock", "xapian/flintlock" };
	for (size_t i = 0; i < G_N_ELEMENTS(places); i++) {
		char *path = g_build_filename(store->db_path, places[i], NULL);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		g_free(path);
		if (fd < 0)
			continue;
		struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		gboolean held = fcntl(fd, F_OFD_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
		close(fd);
		return held;
	}
	return FALSE;
}

/* A read-write handle for one batch; close it with close_writer(). */
static notmuch_database_t *open_writer(sm_store *store, GError **error)
{
	gulong pause = LOCK_PAUSE_USEC;
	for (int attempt = 1; write_locked(store); attempt++) {
		if (attempt == LOCK_TRIES) {
			g_set_error(error, SM_STORE_ERROR, SM_STORE_ERROR_LOCKED,
			            "the notmuch database at %s is locked by another program"
			            " (notmuch new?); try again in a moment", store->db_path);
			return NULL;
		}
		g_usleep(pause);
		pause *= 2;
	}
	notmuch_database_t *db = NULL;
	char *msg = NULL;
	notmuch_status_t status = notmuch_database_open_with_config(
		store->db_path, NOTMUCH_DATABASE_MODE_READ_WRITE, store->notmuch_config_path,
		NULL, &db, &msg);
	if (status != NOTMUCH_STATUS_SUCCESS) {
		char *why = one_line(msg ? msg : notmuch_status_to_string(status));
		g_set_error(error, SM_STORE_ERROR, SM_STORE_ERROR_WRITE,
		            "cannot open the notmuch database at %s for writing: %s",
		            store->db_path, why);
		g_free(why);
		free(msg);
		return NULL;
	}
	free(msg);
	return db;
}

/* Commit and close; FALSE with ERROR set when the commit failed. */
static gboolean close_writer(sm_store *store, notmuch_database_t *db,
                             const char *what, GError **error)
{
	notmuch_status_t status = notmuch_database_close(db);
	char *why = status ? one_line(notmuch_database_status_string(db)) : NULL;
	notmuch_database_destroy(db);
	if (why) {
		g_set_error(error, SM_STORE_ERROR, SM_STORE_ERROR_WRITE,
		            "cannot save %s in the notmuch database at %s: %s", what,
		            store->db_path, why);
		g_free(why);
		return FALSE;
	}
	return TRUE;
}

static void write_error(notmuch_database_t *db, notmuch_status_t status,
                        const char *what, GError **error)
{
	const char *text = notmuch_database_status_string(db);
	char *why = one_line(text ? text : notmuch_status_to_string(status));
	g_set_error(error, SM_STORE_ERROR, SM_STORE_ERROR_WRITE, "cannot %s: %s", what, why);
	g_free(why);
}

/* Give MESSAGE exactly the triage tag for STATE. */
static notmuch_status_t retag(notmuch_message_t *message, sm_triage state)
{
	const char *want = sm_triage_tag(state);
	gboolean has_want = FALSE;
	GPtrArray *drop = g_ptr_array_new_with_free_func(g_free);
	notmuch_tags_t *tags = notmuch_message_get_tags(message);
	for (; notmuch_tags_valid(tags); notmuch_tags_move_to_next(tags)) {
		const char *tag = notmuch_tags_get(tags);
		sm_triage s;
		if (want && strcmp(tag, want) == 0)
			has_want = TRUE;
		else if (sm_triage_from_tag(tag, &s))
			g_ptr_array_add(drop, g_strdup(tag));
	}
	notmuch_tags_destroy(tags);

	notmuch_status_t status = NOTMUCH_STATUS_SUCCESS;
	if (drop->len > 0 || (want && !has_want)) {
		status = notmuch_message_freeze(message);
		for (guint i = 0; !status && i < drop->len; i++)
			status = notmuch_message_remove_tag(message, drop->pdata[i]);
		if (!status && want && !has_want)
			status = notmuch_message_add_tag(message, want);
		notmuch_status_t thawed = notmuch_message_thaw(message);
		status = status ? status : thawed;
	}
	g_ptr_array_unref(drop);
	return status;
}

gboolean sm_store_set_triage(sm_store *store, GPtrArray *message_ids,
                             sm_triage state, sm_group *group, GError **error)
{
	notmuch_database_t *db = open_writer(store, error);
	if (!db)
		return FALSE;
	notmuch_status_t status = notmuch_database_begin_atomic(db);
	for (guint i = 0; !status && i < message_ids->len; i++) {
		notmuch_message_t *message = NULL;
		status = notmuch_database_find_message(db, message_ids->pdata[i], &message);
		/* A message deleted meanwhile has no tags to set. */
		if (!status && message) {
			status = retag(message, state);
			notmuch_message_destroy(message);
		}
	}
	if (!status)
		status = notmuch_database_end_atomic(db);
	if (status) {
		write_error(db, status, "set the triage tags", error);
		notmuch_database_destroy(db);
		return FALSE;
	}
	if (!close_writer(store, db, "the triage tags", error))
		return FALSE;
	for (guint i = 0; group && i < message_ids->len; i++) {
		/* A group of rows reads the patch's notices, so that the next
		 * sm_group_build() can work out its state. */
		GPtrArray *found = sm_group_find(group, message_ids->pdata[i]);
		if (found->len)
			sm_group_patch_notices(group, found->pdata[0]);
		g_ptr_array_unref(found);
		sm_notice *notice = sm_group_notice(group, message_ids->pdata[i]);
		if (notice)
			notice->triage = state;
	}
	return TRUE;
}

/* Read state, as notmuch clients keep it: the tag, and with
 * maildir.synchronize_flags the file's S flag (the file is renamed).
 * *FILE gets the message's file name afterwards. */
static notmuch_status_t set_unread(notmuch_database_t *db, notmuch_message_t *message,
                                   gboolean unread, char **file)
{
	notmuch_status_t status = unread ? notmuch_message_add_tag(message, "unread")
	                                 : notmuch_message_remove_tag(message, "unread");
	notmuch_bool_t sync = FALSE;
	notmuch_config_get_bool(db, NOTMUCH_CONFIG_SYNC_MAILDIR_FLAGS, &sync);
	if (!status && sync)
		status = notmuch_message_tags_to_maildir_flags(message);
	const char *name = status ? NULL : notmuch_message_get_filename(message);
	*file = g_strdup(name);
	return status;
}

gboolean sm_store_set_unread(sm_store *store, GPtrArray *message_ids, gboolean unread,
                             sm_group *group, GError **error)
{
	notmuch_database_t *db = open_writer(store, error);
	if (!db)
		return FALSE;
	/* The notices change only once the batch is in. */
	char **files = g_new0(char *, message_ids->len + 1);
	notmuch_status_t status = notmuch_database_begin_atomic(db);
	for (guint i = 0; !status && i < message_ids->len; i++) {
		notmuch_message_t *message = NULL;
		status = notmuch_database_find_message(db, message_ids->pdata[i], &message);
		if (!status && message) {
			status = set_unread(db, message, unread, &files[i]);
			notmuch_message_destroy(message);
		}
	}
	if (!status)
		status = notmuch_database_end_atomic(db);
	gboolean ok = !status;
	if (status) {
		write_error(db, status, unread ? "mark unread" : "mark read", error);
		notmuch_database_destroy(db);
	} else {
		ok = close_writer(store, db, "the read state", error);
	}
	for (guint i = 0; ok && group && i < message_ids->len; i++) {
		sm_notice *notice = sm_group_notice(group, message_ids->pdata[i]);
		if (notice && files[i]) {
			notice->unread = unread;
			g_free(notice->filename);
			notice->filename = g_strdup(files[i]);
		}
	}
	for (guint i = 0; i < message_ids->len; i++)
		g_free(files[i]);
	g_free(files);
	return ok;
}

gboolean sm_store_index_file(sm_store *store, const char *path,
                             const char *const *tags, GError **error)
{
	notmuch_database_t *db = open_writer(store, error);
	if (!db)
		return FALSE;
	notmuch_message_t *message = NULL;
	notmuch_status_t status = notmuch_database_index_file(db, path, NULL, &message);
	if (status == NOTMUCH_STATUS_DUPLICATE_MESSAGE_ID)
		status = NOTMUCH_STATUS_SUCCESS;
	if (!status) {
		notmuch_bool_t sync = FALSE;
		notmuch_config_get_bool(db, NOTMUCH_CONFIG_SYNC_MAILDIR_FLAGS, &sync);
		status = notmuch_message_freeze(message);
		/* What `notmuch new` would have read from the file name. */
		if (!status && sync)
			status = notmuch_message_maildir_flags_to_tags(message);
		for (const char *const *t = tags; !status && t && *t; t++)
			status = notmuch_message_add_tag(message, *t);
		notmuch_status_t thawed = notmuch_message_thaw(message);
		status = status ? status : thawed;
	}
	if (message)
		notmuch_message_destroy(message);
	if (status) {
		char *what = g_strdup_printf("index %s", path);
		write_error(db, status, what, error);
		g_free(what);
		notmuch_database_destroy(db);
		return FALSE;
	}
	return close_writer(store, db, "the indexed message", error);
}

char *sm_store_message_file(sm_store *store, const char *message_id)
{
	notmuch_message_t *message = NULL;
	if (notmuch_database_find_message(store->db, message_id, &message) || !message)
		return NULL;
	char *path = g_strdup(notmuch_message_get_filename(message));
	notmuch_message_destroy(message);
	return path;
}

const char *sm_store_user_name(const sm_store *store)
{
	return store->user_name;
}

const char *sm_store_user_email(const sm_store *store)
{
	return store->user_email;
}

const char *const *sm_store_user_addresses(const sm_store *store)
{
	return (const char *const *)store->user_addresses;
}

const char *sm_store_mail_root(const sm_store *store)
{
	return store->mail_root;
}
