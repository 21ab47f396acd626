/* index.h - the patch index: what a load found, in one file of our own,
 * read in place (the group reads its rows, the store writes and opens it).
 *
 * One file per (database, query) in the cache (store.c names it), holding the
 * notices of every matching message, the patches grouped from them, the
 * review covers, a message-id table and the default order (index-format.h
 * gives the layout).  Opening maps the file and checks its header; rows
 * are read where they lie, and a notice is decoded only when asked for.
 * So a load at the revision the file was written at reads nothing from
 * notmuch, and a TUI holds patch rows, not notices.
 *
 * Why a file of our own and not LMDB or SQLite: there is one writer (us),
 * the file is always replaced whole (temp file + rename, so a reader sees
 * the old file or the new one, never half of one, and notmuch's lock is
 * never involved), rows are used in place without a copy, and it adds no
 * dependency.  What an embedded store would give (transactions, partial
 * updates) the rename gives for a file written in one go.
 *
 * The file is stamped (recogniser version, tree table hash, database
 * uuid, a hash of the query and config) and a file with another stamp, a
 * short one, or one that fails a bounds check is ignored with a reason:
 * every offset read from it is checked before use.
 *
 * Ownership: sm_index is reference-counted; a group built from it holds a
 * reference (its rows point into the mapping).  Notices returned are new.
 */
#ifndef SM_INDEX_H
#define SM_INDEX_H
#if !defined(SM_INSIDE_PATCH_H) && !defined(SM_PATCH_COMPILATION)
#error "include patch/patch.h, core/patch's door, not this header"
#endif

#include <glib.h>
#include "group.h"

typedef struct sm_index sm_index;

/* The bytes an index keeps of the database for the store (the stamp's
 * DATABASE). */
#define SM_INDEX_DATABASE_BYTES 40

/* What a file must match to be used. */
typedef struct sm_index_stamp {
	const char *recogniser; /* sm_recogniser_version() */
	guint32 trees;          /* sm_trees_hash() */
	const char *uuid;       /* the database uuid */
	guint64 config;         /* sm_index_config_hash() */
	/* Written, not matched: every message in the database at the
	 * revision written (what sm_index_present() gives back), or 0 for
	 * unknown. */
	guint32 present;
	/* Written, not matched: what the store read of the database just
	 * before it moved to the revision written (store.c: Xapian's version
	 * file), opaque here; all zero for nothing (what
	 * sm_index_database() gives back). */
	guint8 database[SM_INDEX_DATABASE_BYTES];
} sm_index_stamp;

/* The hash of what else shapes the result: QUERY (config and user query),
 * the exclude tags (char*) and the user's ADDRESSES (news dates). */
guint64 sm_index_config_hash(const char *query, GPtrArray *exclude_tags,
                             const char *const *addresses);

/* Open the file at PATH.  NULL, with *WHY set to a static reason ("no
 * index file", "stamp differs", "index file is corrupt", ...), when it is
 * missing, unreadable, differently stamped or damaged. */
sm_index *sm_index_open(const char *path, const sm_index_stamp *stamp, const char **why);
/* The next segment of the journal of the index file PATH over VIEW (the
 * base, or the base with the segments before it: what a refresh wrote
 * its segment over, sm_group_change_over()): what the refresh opens,
 * without mapping the view again.  NULL with *WHY as sm_index_open()
 * when the segment is missing, of another view or damaged. */
sm_index *sm_index_open_journal(sm_index *view, const char *path, const sm_index_stamp *stamp,
                                const char **why);
sm_index *sm_index_ref(sm_index *index);
void sm_index_unref(sm_index *index);

/* Let the kernel take back the pages of INDEX's file read so far (they
 * are read again, from the page cache, when next used): a TUI that has
 * made its rows, or a list that has printed a thousand patches, need not
 * keep the whole file resident. */
void sm_index_forget_pages(const sm_index *index);

/* The database revision the file reflects. */
guint64 sm_index_revision(const sm_index *index);
/* Every message in the database at that revision (the stamp's PRESENT
 * when written), or 0 when the file does not know. */
guint sm_index_present(const sm_index *index);
/* The stamp's DATABASE when written (SM_INDEX_DATABASE_BYTES; all zero
 * in none).  Borrowed from INDEX. */
const guint8 *sm_index_database(const sm_index *index);
/* Matching messages (records, skipped ones included) and those held.
 * Record numbers run up to sm_index_records(). */
guint sm_index_messages(const sm_index *index);
guint sm_index_held(const sm_index *index);
/* The number record numbers run up to (a journal's continue its
 * base's); some in that range are dropped when a journal replaced them
 * (they read as NULL). */
guint sm_index_records(const sm_index *index);

/* The record number of MESSAGE_ID; FALSE when the file has none. */
gboolean sm_index_lookup(const sm_index *index, const char *message_id, guint *number);
/* Record NUMBER's message-id and whether it was skipped (unreadable);
 * NULL when the record is damaged. */
const char *sm_index_message_id(const sm_index *index, guint number, gboolean *skipped);
/* A new notice from record NUMBER (caller frees), triage and unread
 * included; NULL when the record is skipped or damaged. */
sm_notice *sm_index_notice(const sm_index *index, guint number);
/* The record numbers (as GUINT_TO_POINTER) with a warning: the notices
 * read with one and the skipped messages (caller unrefs). */
GPtrArray *sm_index_warned(const sm_index *index);
/* Record NUMBER's warning (a skipped one's: why it was skipped), or NULL. */
const char *sm_index_record_warning(const sm_index *index, guint number);
/* The patch row of record NUMBER, or G_MAXUINT32 when it has none. */
guint sm_index_notice_patch(const sm_index *index, guint number);

/* Write GROUP (built in full, not from an index) to PATH with STAMP and
 * REVISION; SKIPPED maps the message-ids (char*) that matched but could
 * not be read to the warning given (char*).  Atomic: a temp file renamed into place, mode 0600.  FALSE
 * with ERROR (a GFileError) when it cannot be written; the old file then
 * stays as it was. */
gboolean sm_index_write(const char *path, const sm_index_stamp *stamp, guint64 revision,
                        sm_group *group, GHashTable *skipped, GError **error);

/* The first N patch rows of INDEX in the list's default order at NOW
 * ("urgency": open review deadlines nearest first, then the patches
 * waiting for a decision (sm_patch_needs_decision), then the rest; within
 * the last two, newest news first), as guint32 row numbers (caller
 * unrefs): what a first screen shows before the other rows are made. */
GArray *sm_index_head(const sm_index *index, gint64 now, guint n);

/* Remove the index files beside KEEP (the file in use, never removed; its
 * folder is one database's) that are not among the MAX_FILES - 1 newest
 * others or were last written more than MAX_AGE seconds before NOW, and
 * temp files a day old: each query has a file of its own, and queries
 * typed once must not pile up.  In the other databases' folders beside
 * KEEP's, files older than MAX_AGE go too, and a folder left empty.  A
 * process that still maps a removed file keeps reading it.  Returns how
 * many were removed. */
guint sm_index_prune(const char *keep, guint max_files, gint64 max_age, gint64 now);

/* Make GROUP hold INDEX's patch rows instead of what it held (a reference
 * to INDEX is taken).  FALSE, and GROUP emptied, when a row fails a check. */
gboolean sm_group_use_index(sm_group *group, sm_index *index);
/* The same for the rows ROWS (from sm_index_head) only: a first screen's
 * group, to be replaced by a whole one. */
gboolean sm_group_use_index_rows(sm_group *group, sm_index *index, GArray *rows);
/* Make GROUP hold the rows of INDEX, a segment just opened over GROUP's
 * index or a view under it (sm_index_open_journal): the rows GROUP made
 * of that view stay as they are (where they lie, strings and all), but
 * those the segment replaces, which go; the segment's rows are made, and
 * the notices read so far are forgotten (they are read again from
 * INDEX).  A refresh then costs what the segment holds, not every row.
 * A group of another view, or of a first screen's rows, is made again
 * as sm_group_use_index() makes it.  FALSE, and GROUP emptied, when a
 * row fails a check. */
gboolean sm_group_use_journal(sm_group *group, sm_index *index);
/* Make GROUP hold every notice of its index instead of rows, with no
 * patches until the next sm_group_build(); nothing when it has no index.
 * No message file is read. */
void sm_group_load_all(sm_group *group);
/* Give the notice MESSAGE_ID of GROUP's index the tags and file notmuch
 * gives it now (kept beside the index, which is not rewritten), and its
 * patch row the state and unread that follow.  FALSE when GROUP has no
 * index or the index has no notice of that id: the change is more than
 * tags, and the caller must regroup. */
gboolean sm_group_retag(sm_group *group, const char *message_id, sm_triage triage,
                        gboolean unread, const char *filename);
/* A refresh in two steps, so that data flows one way (notices ->
 * patches -> index file): sm_group_regroup() regroups, then
 * sm_index_write_journal() writes what changed as a new segment of the
 * journal, and the caller opens it over the view it was written over
 * (sm_index_open_journal, sm_group_change_over) and gives it to the
 * group (sm_group_use_journal), which keeps the view's rows.
 *
 * What a refresh regrouped: the patches of the part of GROUP's rows a
 * change touches, their notices and the base rows they replace. */
typedef struct sm_group_change sm_group_change;
/* Regroup GROUP (the rows of an index, with sm_group_retag() given what
 * was retagged) with ADDED (new notices, sm_notice*: the change takes
 * them, and ADDED is emptied either way), only the patches the change
 * touches (group.c says which).  ADDRESSES: the user's (news dates).
 * GROUP is not changed.  NULL with *WHY (a static reason) when the change
 * needs a build in full (a release, a new message an old one refers to,
 * a journal grown large...). */
sm_group_change *sm_group_regroup(sm_group *group, GPtrArray *added,
                                  const char *const *addresses, const char **why);
void sm_group_change_free(sm_group_change *change);
/* The view CHANGE's segment goes over: GROUP's index (appended to it),
 * or, every SM_INDEX_FOLD_SEGMENTS segments, its base (the segments so
 * far regrouped into one).  Borrowed from the group. */
sm_index *sm_group_change_over(const sm_group_change *change);
/* Write CHANGE (regrouped from GROUP's rows) at REVISION as the next
 * segment of the journal of the index file PATH over the change's view
 * (STAMP as the index's), atomically; SKIPPED (message-id -> warning, or
 * NULL for one read now) the new messages that could not be read.  The
 * segment after it, left from an older chain, is removed.  FALSE with
 * ERROR when it cannot be written, or with *WHY when GROUP's rows are not
 * all made; the old segments then stay. */
gboolean sm_index_write_journal(const char *path, const sm_index_stamp *stamp, guint64 revision,
                                sm_group *group, const sm_group_change *change,
                                GHashTable *skipped, const char **why, GError **error);
/* The index GROUP's rows come from, or NULL. */
sm_index *sm_group_index(const sm_group *group);

#endif
