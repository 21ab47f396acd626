/* cache.c - the notice cache file, one GVariant mapped from disk.
 *
 * File layout (GVariant "(ssustasa" ENTRY ")"):
 *   magic, recogniser version, tree table hash, database uuid, revision,
 *   message-ids, entries (entry i belongs to message-id i).
 * The ids are a separate array so that opening the file indexes them with
 * one g_variant_get_strv() (pointers into the mapping, no copies) and
 * entries are decoded only when a notice is asked for.
 */
#include <errno.h>
#include <string.h>
#include <glib/gstdio.h>
#include "cache.h"
#include "config.h"

#define CACHE_MAGIC "stablemate-notices-3"
/* in_reply_to, references, filename, date, from, subject, kind, trees,
 * upstream, patch_subject, author, series_pos, series_total, base,
 * release, deadline, signal, answers, warning, evidence, all_trees */
#define ENTRY_TYPE "(msassxssyassmsmsiimsmsxyymsmsb)"
#define FILE_TYPE "(ssustasa" ENTRY_TYPE ")"
/* ENTRY_TYPE as g_variant_new() and g_variant_get() take it. */
#define ENTRY_NEW "(ms^assxssy^assmsmsiimsmsxyymsmsb)"
#define ENTRY_GET "(m&s^as&sx&s&sy^as&sm&sm&siim&sm&sxyym&sm&sb)"

struct sm_cache {
	char *path;
	char *recogniser;
	guint32 trees;
	char *uuid;
	const char *ignored;  /* static text, or NULL when the file was used */
	unsigned long revision;

	GMappedFile *mapped;
	GVariant *root;
	GVariant *entries;    /* child of ROOT */
	const char **ids;     /* into the mapping; NULL-terminated */
	GHashTable *index;    /* id (borrowed from IDS) -> entry number + 1 */

	GHashTable *fresh;    /* id (owned) -> entry GVariant, put since opening */
	gboolean dirty;       /* FRESH has entries not yet saved */
};

char *sm_cache_path(const char *db_path)
{
	char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, db_path, -1);
	char *name = g_strdup_printf("notices-%.16s.gv", sum);
	char *dir = sm_cache_dir();
	char *path = g_build_filename(dir, name, NULL);
	g_free(dir);
	g_free(name);
	g_free(sum);
	return path;
}

/* Make ROOT (a reference is taken) what the cache holds, if its stamp is
 * ours; else say why not and hold nothing from it. */
static void use_root(sm_cache *cache, GVariant *root)
{
	const char *magic, *recogniser, *uuid;
	guint32 trees;
	guint64 revision;
	g_variant_get(root, "(&s&su&st@as@a" ENTRY_TYPE ")", &magic, &recogniser,
	              &trees, &uuid, &revision, NULL, NULL);
	if (strcmp(magic, CACHE_MAGIC) != 0)
		cache->ignored = "not a stablemate cache file";
	else if (strcmp(recogniser, cache->recogniser) != 0)
		cache->ignored = "written by another recogniser version";
	else if (trees != cache->trees)
		cache->ignored = "written with another tree table";
	else if (strcmp(uuid, cache->uuid) != 0)
		cache->ignored = "written for another database";
	if (cache->ignored)
		return;

	GVariant *ids = g_variant_get_child_value(root, 5);
	GVariant *entries = g_variant_get_child_value(root, 6);
	gsize n;
	const char **strv = g_variant_get_strv(ids, &n);
	g_variant_unref(ids);
	if (n != g_variant_n_children(entries)) {
		cache->ignored = "cache file is corrupt";
		g_free(strv);
		g_variant_unref(entries);
		return;
	}
	cache->root = g_variant_ref(root);
	cache->entries = entries;
	cache->ids = strv;
	for (gsize i = 0; i < n; i++)
		g_hash_table_insert(cache->index, (gpointer)strv[i], GSIZE_TO_POINTER(i + 1));
	cache->revision = revision;
}

/* Forget what use_root() took. */
static void drop_root(sm_cache *cache)
{
	g_hash_table_remove_all(cache->index);
	g_clear_pointer(&cache->ids, g_free);
	g_clear_pointer(&cache->entries, g_variant_unref);
	g_clear_pointer(&cache->root, g_variant_unref);
	g_clear_pointer(&cache->mapped, g_mapped_file_unref);
}

/* Map the file and use it when its stamp matches. */
static void load_file(sm_cache *cache)
{
	GError *err = NULL;
	cache->mapped = g_mapped_file_new(cache->path, FALSE, &err);
	if (!cache->mapped) {
		cache->ignored = g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT)
		                 ? "no cache file" : "cache file unreadable";
		g_error_free(err);
		return;
	}
	GBytes *bytes = g_mapped_file_get_bytes(cache->mapped);
	GVariant *root = g_variant_ref_sink(
		g_variant_new_from_bytes(G_VARIANT_TYPE(FILE_TYPE), bytes, FALSE));
	g_bytes_unref(bytes);
	/* One check of the whole file marks it trusted (what we write is in
	 * normal form), so that reading a notice does not check each string
	 * again; a damaged file fails it and is ignored. */
	if (!g_variant_is_normal_form(root))
		cache->ignored = "cache file is damaged";
	else
		use_root(cache, root);
	g_variant_unref(root);
	if (cache->ignored)
		g_clear_pointer(&cache->mapped, g_mapped_file_unref);
}

sm_cache *sm_cache_open(const char *path, const sm_cache_stamp *stamp)
{
	sm_cache *cache = g_new0(sm_cache, 1);
	cache->path = g_strdup(path);
	cache->recogniser = g_strdup(stamp->recogniser);
	cache->trees = stamp->trees;
	cache->uuid = g_strdup(stamp->uuid);
	cache->index = g_hash_table_new(g_str_hash, g_str_equal);
	cache->fresh = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                     (GDestroyNotify)g_variant_unref);
	load_file(cache);
	return cache;
}

void sm_cache_free(sm_cache *cache)
{
	if (!cache)
		return;
	drop_root(cache);
	g_hash_table_unref(cache->index);
	g_hash_table_unref(cache->fresh);
	g_free(cache->path);
	g_free(cache->recogniser);
	g_free(cache->uuid);
	g_free(cache);
}

const char *sm_cache_ignored(const sm_cache *cache)
{
	return cache->ignored;
}

unsigned long sm_cache_revision(const sm_cache *cache)
{
	return cache->revision;
}

guint sm_cache_size(const sm_cache *cache)
{
	guint n = g_hash_table_size(cache->fresh);
	GHashTableIter iter;
	gpointer id;
	g_hash_table_iter_init(&iter, cache->index);
	while (g_hash_table_iter_next(&iter, &id, NULL))
		if (!g_hash_table_contains(cache->fresh, id))
			n++;
	return n;
}

/* The entry for ID, a new reference, or NULL. */
static GVariant *lookup(const sm_cache *cache, const char *id)
{
	GVariant *entry = g_hash_table_lookup(cache->fresh, id);
	if (entry)
		return g_variant_ref(entry);
	gsize i = GPOINTER_TO_SIZE(g_hash_table_lookup(cache->index, id));
	return i ? g_variant_get_child_value(cache->entries, i - 1) : NULL;
}

gboolean sm_cache_contains(const sm_cache *cache, const char *message_id)
{
	return g_hash_table_contains(cache->fresh, message_id) ||
	       g_hash_table_contains(cache->index, message_id);
}

static char **strv_or_null(char **strv)
{
	if (strv && !strv[0]) {
		g_strfreev(strv);
		return NULL;
	}
	return strv;
}

sm_notice *sm_cache_get(const sm_cache *cache, const char *message_id)
{
	GVariant *entry = lookup(cache, message_id);
	if (!entry)
		return NULL;
	const char *in_reply_to, *filename, *from, *subject, *upstream;
	const char *patch_subject, *author, *base, *release, *warning, *evidence;
	char **references, **trees;
	gint64 date, deadline;
	guint8 kind, signal, answers;
	gint32 series_pos, series_total;
	gboolean all_trees;
	g_variant_get(entry, ENTRY_GET,
	              &in_reply_to, &references, &filename, &date, &from, &subject,
	              &kind, &trees, &upstream, &patch_subject, &author,
	              &series_pos, &series_total, &base, &release, &deadline,
	              &signal, &answers, &warning, &evidence, &all_trees);

	sm_notice *notice = NULL;
	/* A value no recogniser writes means a damaged file: parse again. */
	if (kind < SM_KIND_COUNT && answers < SM_KIND_COUNT && signal < SM_SIGNAL_COUNT &&
	    strlen(upstream) <= SM_SHA_LEN) {
		notice = sm_notice_new();
		notice->message_id = g_strdup(message_id);
		notice->in_reply_to = g_strdup(in_reply_to);
		notice->references = strv_or_null(references);
		references = NULL;
		notice->filename = g_strdup(filename);
		notice->date = date;
		notice->from = g_strdup(from);
		notice->subject = g_strdup(subject);
		notice->kind = (sm_kind)kind;
		g_strfreev(notice->trees);
		notice->trees = trees;
		trees = NULL;
		g_strlcpy(notice->upstream, upstream, sizeof notice->upstream);
		notice->patch_subject = g_strdup(patch_subject);
		notice->author = g_strdup(author);
		notice->series_pos = series_pos;
		notice->series_total = series_total;
		notice->base = g_strdup(base);
		notice->release = g_strdup(release);
		notice->deadline = deadline;
		notice->signal = (sm_signal)signal;
		notice->answers = (sm_kind)answers;
		notice->warning = g_strdup(warning);
		notice->evidence = g_strdup(evidence);
		notice->all_trees = all_trees;
	}
	g_strfreev(references);
	g_strfreev(trees);
	g_variant_unref(entry);
	return notice;
}

void sm_cache_put(sm_cache *cache, const sm_notice *notice)
{
	static const char *const none[] = { NULL };
	const char *const *references = (const char *const *)notice->references;
	const char *const *trees = (const char *const *)notice->trees;
	GVariant *entry = g_variant_new(ENTRY_NEW,
		notice->in_reply_to, references ? references : none,
		notice->filename ? notice->filename : "", notice->date,
		notice->from ? notice->from : "",
		notice->subject ? notice->subject : "",
		(guint8)notice->kind, trees ? trees : none, notice->upstream,
		notice->patch_subject, notice->author,
		(gint32)notice->series_pos, (gint32)notice->series_total,
		notice->base, notice->release, notice->deadline,
		(guint8)notice->signal, (guint8)notice->answers, notice->warning,
		notice->evidence, notice->all_trees);
	g_variant_ref_sink(entry);
	/* Serialise now: a GVariant built from values is a tree of one
	 * instance per field, ten times the size of its serialised form. */
	g_variant_get_data(entry);
	g_hash_table_replace(cache->fresh, g_strdup(notice->message_id), entry);
	cache->dirty = TRUE;
}

/* Entries of the file that KEEP no longer wants. */
static guint count_pruned(const sm_cache *cache, GHashTable *keep)
{
	guint n = 0;
	GHashTableIter iter;
	gpointer id;
	if (!keep)
		return 0;
	g_hash_table_iter_init(&iter, cache->index);
	while (g_hash_table_iter_next(&iter, &id, NULL))
		if (!g_hash_table_contains(keep, id))
			n++;
	return n;
}

gboolean sm_cache_save(sm_cache *cache, GHashTable *keep, unsigned long revision,
                       GError **error)
{
	if (!cache->dirty && count_pruned(cache, keep) == 0)
		return TRUE;

	GVariantBuilder ids, entries;
	g_variant_builder_init(&ids, G_VARIANT_TYPE("as"));
	g_variant_builder_init(&entries, G_VARIANT_TYPE("a" ENTRY_TYPE));
	GHashTableIter iter;
	gpointer id, value;
	g_hash_table_iter_init(&iter, cache->fresh);
	while (g_hash_table_iter_next(&iter, &id, &value))
		if (!keep || g_hash_table_contains(keep, id)) {
			g_variant_builder_add(&ids, "s", id);
			g_variant_builder_add_value(&entries, value);
		}
	g_hash_table_iter_init(&iter, cache->index);
	while (g_hash_table_iter_next(&iter, &id, &value)) {
		if (g_hash_table_contains(cache->fresh, id))
			continue;
		if (keep && !g_hash_table_contains(keep, id)) {
			g_hash_table_iter_remove(&iter);
			continue;
		}
		GVariant *entry = g_variant_get_child_value(cache->entries,
		                                            GPOINTER_TO_SIZE(value) - 1);
		g_variant_builder_add(&ids, "s", id);
		g_variant_builder_add_value(&entries, entry);
		g_variant_unref(entry);
	}
	GVariant *root = g_variant_ref_sink(g_variant_new("(ssust@as@a" ENTRY_TYPE ")",
		CACHE_MAGIC, cache->recogniser, cache->trees, cache->uuid,
		(guint64)revision, g_variant_builder_end(&ids),
		g_variant_builder_end(&entries)));

	char *dir = g_path_get_dirname(cache->path);
	gboolean ok = g_mkdir_with_parents(dir, 0700) == 0;
	if (!ok)
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(errno),
		            "cannot create %s: %s", dir, g_strerror(errno));
	/* Subjects and addresses are the user's mail: keep them private. */
	ok = ok && g_file_set_contents_full(cache->path, g_variant_get_data(root),
	                                    (gssize)g_variant_get_size(root),
	                                    G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
	g_free(dir);
	if (ok) {
		/* Hold what was written, in one block, instead of the old file
		 * and a GVariant per new notice. */
		drop_root(cache);
		g_hash_table_remove_all(cache->fresh);
		cache->ignored = NULL;
		use_root(cache, root);
		cache->dirty = FALSE;
	}
	g_variant_unref(root);
	return ok;
}
