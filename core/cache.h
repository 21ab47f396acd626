/* cache.h - the notice cache file (private to store.c).
 *
 * Reading and recognising a message file is the expensive part of a load;
 * what recognition found depends only on the file and on the recogniser,
 * so it is kept here, keyed by message-id, one file per notmuch database
 * under sm_cache_dir() ("notices-<hash of the database path>.gv").
 *
 * The file is one serialised GVariant, mapped with g_mapped_file: loading
 * it costs a map and one index of the message-ids (no per-notice parsing);
 * a notice is materialised only when asked for.  It is stamped with a magic
 * string, the recogniser version, the tree table hash and the database
 * uuid; a file with any other stamp, or one that cannot be read, is
 * ignored (the cache then starts empty and the next save replaces it).
 * It is written atomically (g_file_set_contents: temp file + rename), so a
 * reader never sees half a file and notmuch's lock is never involved.
 *
 * Every field of sm_notice is kept except triage and unread, which come
 * from the notmuch tags on every load.
 *
 * Ownership: sm_cache_free() releases the mapping and every entry.
 */
#ifndef SM_CACHE_H
#define SM_CACHE_H

#include <glib.h>
#include "notice.h"

typedef struct sm_cache sm_cache;

/* What a cache file must match to be used. */
typedef struct sm_cache_stamp {
	const char *recogniser; /* sm_recogniser_version() */
	guint32 trees;          /* sm_trees_hash() */
	const char *uuid;       /* the database uuid */
} sm_cache_stamp;

/* The cache file for the database at DB_PATH (newly allocated). */
char *sm_cache_path(const char *db_path);

/* Open the cache at PATH for STAMP (copied).  Never fails: a missing,
 * unreadable, corrupt or differently stamped file gives an empty cache,
 * and sm_cache_ignored() says why. */
sm_cache *sm_cache_open(const char *path, const sm_cache_stamp *stamp);
void sm_cache_free(sm_cache *cache);

/* Why the file was not used ("missing", "stamp differs", ...), or NULL
 * when it was. */
const char *sm_cache_ignored(const sm_cache *cache);

/* Notices held (from the file and added since). */
guint sm_cache_size(const sm_cache *cache);
/* The database revision the file was saved at (0 when none). */
unsigned long sm_cache_revision(const sm_cache *cache);

/* A new notice for MESSAGE_ID (caller frees), or NULL when not cached.
 * triage and unread are left at zero. */
sm_notice *sm_cache_get(const sm_cache *cache, const char *message_id);
gboolean sm_cache_contains(const sm_cache *cache, const char *message_id);

/* Remember NOTICE (copied now, keyed by its message_id). */
void sm_cache_put(sm_cache *cache, const sm_notice *notice);

/* Write the cache to its file with REVISION.  When KEEP (a set of
 * message-ids) is not NULL, only those are written: the rest belong to
 * messages gone from the database.  Does nothing when nothing changed.
 * Returns FALSE and sets ERROR (a GFileError) when the file cannot be
 * written. */
gboolean sm_cache_save(sm_cache *cache, GHashTable *keep, unsigned long revision,
                       GError **error);

#endif
