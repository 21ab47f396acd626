/* store/store.h - core/store's door: the notmuch database, the config,
 * the cache, the history.
 * Every file outside core/store includes this header and no other of the
 * room's (the sub-headers refuse it).
 *
 * What the room offers:
 *   store.h (below) the database opened, a group loaded and refreshed
 *                   (with the patch index), tags written
 *   config.h        the config file, and where a cache lies
 *                   (sm_cache_path)
 *   history.h       the record of actions, for undo
 * private.h is what only the tests reach.
 *
 * Conventions: errors are GErrors with one line fit to show the user
 * (SM_STORE_ERROR for the database; the config's and the history's name
 * the file, and the config's the line); the notmuch write lock is held for
 * one short batch only; ownership is documented per function.
 *
 * store.h - the maintainer's notmuch database, and the notice cache.
 *
 * The database is opened the way notmuch opens it
 * (notmuch_database_open_with_config: NOTMUCH_CONFIG, the XDG locations,
 * ~/.notmuch-config, or an explicit file), read-only.  Writes (tags,
 * indexing a sent reply) open it read-write for one short batch and close
 * it again, so that `notmuch new` is never kept waiting.
 *
 * Recognition reads message files, which is the expensive part, and
 * asking notmuch for every matching message is the next.  What a load
 * found (notices, patches, reviews) is kept in a patch index of our own
 * under sm_cache_dir(), one file per query (index.h), stamped with the
 * recogniser version, the tree table hash, the database uuid and a hash of
 * the query and exclude tags; a mismatch throws it away.  The index also
 * records the database revision it reflects: a load at that revision asks
 * notmuch for no message at all, and a load or refresh after it asks only
 * for messages changed since (lastmod: queries).  The index is written
 * atomically (temp file + rename) and never touches notmuch's lock.
 *
 * Errors are GErrors in the SM_STORE_ERROR domain; the message is one line
 * fit to show the user.  Ownership is documented per function.
 */
#ifndef SM_STORE_H
#define SM_STORE_H
#define SM_INSIDE_STORE_H

#include <glib.h>
#include "config.h"
#include "patch/patch.h"

#define SM_STORE_ERROR (sm_store_error_quark())
GQuark sm_store_error_quark(void);
typedef enum {
	SM_STORE_ERROR_OPEN,   /* database missing, unreadable or too old */
	SM_STORE_ERROR_QUERY,  /* bad query */
	SM_STORE_ERROR_LOCKED, /* another writer held the lock through every retry */
	SM_STORE_ERROR_WRITE,  /* tagging or indexing failed */
	SM_STORE_ERROR_NO_CONFIG, /* no notmuch config was found at all */
} sm_store_error;

typedef struct sm_store sm_store;

/* Called now and then during a load: DONE of TOTAL messages handled. */
typedef void (*sm_progress_fn)(guint done, guint total, void *data);

/* One named step of a load or refresh and what it cost (wall and this
 * thread's processor time, in seconds), for the benchmark. */
typedef struct sm_store_step {
	const char *name; /* static */
	double wall, cpu;
} sm_store_step;
#define SM_STORE_STEPS 16

/* What the last load or refresh did, for --verbose and the tests. */
typedef struct sm_store_stats {
	guint messages;  /* messages matching the query */
	guint read;      /* messages notmuch listed to us (0: none enumerated) */
	guint parsed;    /* message files read and recognised */
	guint own;       /* of those, replies the user sent (user.primary_email,
	                    other_email): read back, they are no news */
	guint cached;    /* notices taken from the index */
	guint skipped;   /* unreadable messages, each warned about */
	guint dropped;   /* notices that left the query (deleted, retagged) */
	const char *ignored; /* why an index file present was not used, or NULL */
	gboolean incremental; /* the refresh used a lastmod: query */
	const char *in_full; /* why what changed was regrouped with every
	                        patch, not as a journal (a release, a deletion,
	                        ...), or NULL (static) */
	/* Where the time went, in the order the steps first ran (a step run
	 * twice is summed); steps past SM_STORE_STEPS go uncounted. */
	sm_store_step steps[SM_STORE_STEPS];
	guint n_steps;
} sm_store_stats;

/* Open the database.  NOTMUCH_CONFIG_PATH is the --notmuch-config file, or
 * NULL for notmuch's own search.  CONFIG is borrowed and must outlive the
 * store.  Returns NULL and sets ERROR when the database cannot be opened. */
sm_store *sm_store_open(const char *notmuch_config_path, const sm_config *config,
                        GError **error);
void sm_store_free(sm_store *store);

/* Load every notice matching the config's query, narrowed by QUERY (NULL or
 * "" for none), into GROUP, replacing what GROUP held.  search.exclude_tags
 * is honoured.  Unreadable messages are skipped, each with a one-line
 * warning naming the file (sm_store_warnings).  Builds GROUP. */
gboolean sm_store_load(sm_store *store, const char *query, sm_group *group,
                       sm_progress_fn progress, void *progress_data,
                       GError **error);

/* Is there an index for QUERY that sm_store_load() can use (at the
 * database's revision or before)?  Cheap: maps it and checks its stamp. */
gboolean sm_store_has_index(sm_store *store, const char *query);

/* Load into GROUP (a new group) a first screen, shown while
 * sm_store_load() (which follows) makes the whole list.  With an index of
 * the query (at the database's revision or before), the first rows of its
 * stored order, which is the list's default one: the screen the whole
 * list will show, read from the index alone (no message, no notmuch
 * query).  Without one, the newest matching messages, newest first,
 * until they make about a hundred patches (at most a thousand messages):
 * never empty however old the newest mail is, and as quick when the
 * history is years long; the list's order puts what needs the user first
 * among them.  PROGRESS is not called (the whole load reports it).  No
 * index is written and the store's query stays as it was. */
gboolean sm_store_load_preview(sm_store *store, const char *query, sm_group *group,
                               sm_progress_fn progress, void *progress_data,
                               GError **error);

/* The next sm_store_load_preview() of QUERY (NULL: none) that reads
 * messages (the query has no index) also writes the notices it read
 * beside the query's index, for the whole load of the same query that
 * runs beside it in another process (the TUI's index process):
 * sm_store_load() without an index looks for that file as it goes and,
 * once it is there, takes those notices from it instead of reading their
 * messages again, and removes it.  The store that wrote it removes it at
 * its next load, or when it is freed, too (whichever comes first).  Call
 * it before that load starts: one left by a run that was stopped goes
 * now. */
void sm_store_hand_over(sm_store *store, const char *query);

/* Bring GROUP up to date with the database after sm_store_load() with the
 * same store.  Sets *CHANGED.  Rebuilds GROUP only when something changed. */
gboolean sm_store_refresh(sm_store *store, sm_group *group, gboolean *changed,
                          GError **error);

/* How many of the notices the last load or refresh read from their files
 * are news: not replies the user sent (a reply stablemate sent, read back
 * by the next refresh, is the commonest new message of all). */
guint sm_store_news_read(const sm_store *store);

/* Has the database changed since the last load or refresh?  Cheap:
 * Xapian's version file (core/store/xapian-private.h) says whether a
 * commit came at all, and only then is the revision read; a removal
 * alone (which moves no revision in notmuch 0.37) is seen by the version
 * file's counts.  When that file cannot be read (another backend), the
 * revision only: sm_store_refresh() finds a removal alone then by a count
 * of every message. */
gboolean sm_store_changed(sm_store *store);

/* The stats as the one line --verbose prints, newly allocated:
 *   "76 messages: 0 read, 0 parsed, 76 from cache, 0 skipped"
 * after a load ("read": messages notmuch listed, 0 when the index was at
 * the database's revision), and after a refresh (messages = those changed
 * since)
 *   "1 changed message: 1 read, 1 parsed, 0 from cache, 0 skipped".
 * "from cache" counts notices not read from their file: taken from the
 * index, or already held by the group.  ", N dropped" follows when
 * notices left the query, and " (index ignored: WHY)" when an index file
 * was there but could not be used. */
char *sm_store_stats_line(const sm_store *store);
/* Warnings of the last load or refresh (char*, owned by STORE). */
GPtrArray *sm_store_warnings(const sm_store *store);

/* Message-ids (no brackets) of messages matching QUERY within the loaded
 * query, as a set (a GHashTable of char* -> NULL; caller unrefs). */
GHashTable *sm_store_query_ids(sm_store *store, const char *query, GError **error);

/* Replace the triage tags on the messages MESSAGE_IDS (char*) with the one
 * for STATE (none for untriaged), in one short write batch.  Updates the
 * notices' triage field in GROUP when GROUP is not NULL (patch states follow
 * at the next sm_group_build()).  A writer holding the lock through a few
 * retries (about 1.5 s) gives SM_STORE_ERROR_LOCKED; nothing is written. */
gboolean sm_store_set_triage(sm_store *store, GPtrArray *message_ids,
                             sm_triage state, sm_group *group, GError **error);

/* Remove (UNREAD false) or add the "unread" tag on MESSAGE_IDS (char*), in
 * one short write batch, as notmuch clients do when a message is read;
 * with maildir.synchronize_flags the files' S flag follows (they are
 * renamed, and the notices' filename in GROUP with them).  Sets the
 * notices' unread field in GROUP when GROUP is not NULL (patches follow at
 * the next sm_group_build()).  Errors as sm_store_set_triage(): nothing is
 * written, and GROUP is unchanged. */
gboolean sm_store_set_unread(sm_store *store, GPtrArray *message_ids, gboolean unread,
                             sm_group *group, GError **error);

/* Index the message file PATH (e.g. a sent reply) and add TAGS
 * (NULL-terminated, may be NULL). */
gboolean sm_store_index_file(sm_store *store, const char *path,
                             const char *const *tags, GError **error);

/* The file of the message MESSAGE_ID (no brackets) in the database,
 * whatever the query, or NULL when there is none.  Caller frees. */
char *sm_store_message_file(sm_store *store, const char *message_id);

/* From the notmuch config: user.name, user.primary_email, and every user
 * address (primary and other_email), lower-case.  Owned by STORE. */
const char *sm_store_user_name(const sm_store *store);
const char *sm_store_user_email(const sm_store *store);
const char *const *sm_store_user_addresses(const sm_store *store);
/* database.mail_root: where maildir folders (drafts, sent) live. */
const char *sm_store_mail_root(const sm_store *store);


/* The rest of the door, for the files outside the room: the room's own
 * include what they use (a sub-header that includes this one may be
 * only half read here). */
#ifndef SM_STORE_COMPILATION
#include "history.h"
#endif

#undef SM_INSIDE_STORE_H
#endif
