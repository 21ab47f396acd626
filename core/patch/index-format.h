/* index-format.h - the records of the patch index file (private to
 * index.c and group.c; see index.h for what the file is for).
 *
 * Layout: a header, then sections located by the header's offsets, each
 * aligned to 8 bytes.  Integers are in the writer's byte order, which the
 * header records (a file from another byte order is ignored).
 *   strings  NUL-terminated UTF-8, each stored once; a string reference is
 *            its offset + 1, and 0 means NULL
 *   lists    guint32 items: slices of string references (references,
 *            trees) and of notice numbers (a patch's notices, a review's
 *            replies)
 *   notices  sm_index_notice_rec, one per matching message (skipped ones
 *            included, flagged, so that counts compare with notmuch's)
 *   patches  sm_index_patch_rec in the group's order (newest first)
 *   trees    sm_index_tree_rec, each patch's slice newest tree first
 *   reviews  sm_index_review_rec, newest first
 *   ids      open-addressing table of notice number + 1 (0: empty slot),
 *            on sm_index_hash(message-id), linear probing; a power of 2
 *   order    guint32 patch rows in the list's default order, "now" left
 *            out: the rows with a review deadline by deadline, then every
 *            row, those waiting for a decision first (index-write.c's
 *            default_order; sm_index_head puts "now" in)
 *   warnings guint32 numbers of the notices with a warning, and of the
 *            skipped messages (whose warning field says why), so that an
 *            open repeats them without a walk over every notice
 *   names    sm_index_name_rec sorted by hash: for each subject key and
 *            commit id the build looked up, who owned it (what a refresh
 *            must know to regroup only what a change touches)
 *   dangling sm_index_dangling_rec sorted: the hashes of the ids the held
 *            notices refer to (In-Reply-To, References) that no held
 *            notice has, with the record that refers: a new message with
 *            one of them may change that record's placement
 *   released string references of the announced releases
 *   superseded, dead  (a journal only) guint32 base patch rows and base
 *            notice numbers, sorted, that the journal replaces or drops
 *
 * A journal is a chain of segments beside its base (index.h), each a
 * file of the same layout: PATH.journal over the base, PATH.journal.2
 * over the base and PATH.journal, and so on.  A segment holds the
 * patches one refresh regrouped, their notices, every review and the
 * whole order, and its references continue the numbering of the view
 * below it (a string reference past the view's strings is the
 * segment's, and so on for lists, notices, patches and trees), so that
 * a reader sees one file.  Its superseded and dead sections name the
 * rows and records of the view below that it replaces (its own, not
 * those of the segments under it).  Its header's generation is the
 * identity of the view below (sm_index_identity: a base's generation,
 * or a segment's mix of its generation, revision and section counts),
 * and its base_counts that view's ends, so that a segment of an older
 * chain is not read over a newer one.  So a refresh writes what it
 * regrouped and no more; the chain is folded into one segment over the
 * base when it reaches SM_INDEX_FOLD_SEGMENTS (group.c's regroup), and
 * into the base by a build in full when the journal holds an eighth of
 * the notices.
 * Every reference read from a file is checked against its section before
 * use: a file that fails a check is ignored, never trusted.
 */
#ifndef SM_INDEX_FORMAT_H
#define SM_INDEX_FORMAT_H
#if !defined(SM_INSIDE_PATCH_H) && !defined(SM_PATCH_COMPILATION)
#error "include patch/patch.h, core/patch's door, not this header"
#endif

#include <glib.h>
#include "index.h"

#define SM_INDEX_MAGIC "SMINDEX\n"
#define SM_INDEX_VERSION 10
#define SM_INDEX_JOURNAL_MAGIC "SMJOURN\n"
#define SM_INDEX_BYTE_ORDER 0x01020304u
#define SM_INDEX_NONE G_MAXUINT32
/* The most segments a reader follows (a bound on its recursion), and
 * the depth at which a refresh folds the chain into one segment. */
#define SM_INDEX_MAX_SEGMENTS 64
#define SM_INDEX_FOLD_SEGMENTS 16

enum {
	SM_INDEX_STRINGS, SM_INDEX_LISTS, SM_INDEX_NOTICES, SM_INDEX_PATCHES,
	SM_INDEX_TREES, SM_INDEX_REVIEWS, SM_INDEX_IDS, SM_INDEX_ORDER,
	SM_INDEX_WARNINGS, SM_INDEX_NAMES, SM_INDEX_DANGLING, SM_INDEX_RELEASED,
	SM_INDEX_SUPERSEDED, SM_INDEX_DEAD, SM_INDEX_SECTIONS
};

/* An owner in sm_index_name_rec besides a patch row. */
#define SM_INDEX_AMBIGUOUS (G_MAXUINT32 - 1)
/* sm_index_name_rec.flags: a notice looked the key up and found nothing. */
#define SM_INDEX_NAME_LOOKED 1u

typedef struct sm_index_section {
	guint64 offset;  /* from the start of the file */
	guint64 count;   /* items (bytes for the strings) */
} sm_index_section;

typedef struct sm_index_header {
	char magic[8];
	guint32 version;
	guint32 byte_order;
	guint32 recogniser;   /* string: sm_recogniser_version() */
	guint32 uuid;         /* string: the database uuid */
	guint32 trees;        /* sm_trees_hash() */
	guint32 held;         /* notices that are not skipped */
	guint64 config;       /* hash of the query and the config that shape the result */
	guint64 revision;     /* the database revision the file reflects */
	guint64 generation;   /* a base's: random, new each write; a journal's:
	                         its base's */
	guint32 messages;     /* records not dropped (a journal: with its base's) */
	guint32 present;      /* every message in the database at REVISION
	                         (no query, no excludes), for the next
	                         refresh's count of deletions; 0 in a file of
	                         before (was padding): unknown */
	guint8 database[SM_INDEX_DATABASE_BYTES]; /* the stamp's: what the
	                         store read of the database before it moved
	                         to REVISION (version 10) */
	/* A journal: the base's section counts its numbering continues. */
	guint64 base_counts[SM_INDEX_SECTIONS];
	sm_index_section sections[SM_INDEX_SECTIONS];
} sm_index_header;

/* What a build looked up by name: "k" + subject key, or "u" + commit id
 * (sm_index_name_hash).  OWNER: the patch row that owns the key after the
 * commit ids are placed (or the row of that commit id), SM_INDEX_AMBIGUOUS
 * or SM_INDEX_NONE; ORPHAN: the row of the id-less patch of the key, or
 * SM_INDEX_NONE.  A journal's record stands for its base's. */
typedef struct sm_index_dangling_rec {
	guint64 hash;
	guint32 number, pad;
} sm_index_dangling_rec;

typedef struct sm_index_name_rec {
	guint64 hash;
	guint32 owner, orphan, flags, pad;
} sm_index_name_rec;

typedef struct sm_index_notice_rec {
	guint32 message_id, in_reply_to, filename, from, subject;
	guint32 upstream, patch_subject, author, base, release, warning;
	guint32 evidence, files;           /* files: sm_notice.files */
	guint32 references, n_references;  /* list of strings */
	guint32 trees, n_trees;            /* list of strings */
	guint32 patch;                     /* patch row, or SM_INDEX_NONE */
	gint32 series_pos, series_total;
	gint64 date, deadline;
	guint8 kind, signal, answers, triage;
	guint8 unread, skipped, attach, all_trees;  /* attach: as the build set it */
	guint32 change, stable_commit;     /* sm_notice.change, .stable_commit */
} sm_index_notice_rec;

typedef struct sm_index_patch_rec {
	guint32 upstream, subject, key, author, sender, first_id;
	guint32 trees, n_trees;            /* slice of the trees section */
	guint32 notices, n_notices;        /* list of notice numbers, oldest first */
	gint64 deadline, date, news;
	guint32 kinds;
	guint8 state, unread, pad[2];
	guint32 files, pad2;               /* files: sm_patch.files */
} sm_index_patch_rec;

typedef struct sm_index_tree_rec {
	guint32 tree, release, failed_file;
	guint32 notice_pos;                /* in the patch's notices, or SM_INDEX_NONE */
	gint64 deadline;
	guint32 status, adapted;           /* adapted: sm_tree_status.adapted */
} sm_index_tree_rec;

typedef struct sm_index_review_rec {
	guint32 cover;                     /* notice number, or SM_INDEX_NONE when
	                                      only replies to the cover are held */
	guint32 tree, release;
	gint32 patches;
	gint64 deadline;
	guint32 replies, n_replies;        /* list of notice numbers, oldest first */
} sm_index_review_rec;

/* Checked access to a file's records, for group.c.  Each returns NULL
 * (or sets *OK to FALSE) when what is asked for lies outside the file. */
typedef struct sm_index sm_index;
/* FNV-1a of TEXT, for the ids table: the same on every build. */
guint32 sm_index_hash(const char *text);
/* String REF (0 gives NULL with *OK left TRUE). */
const char *sm_index_string(const sm_index *index, guint32 ref, gboolean *ok);
/* N list items from FIRST (N == 0 gives a valid, empty slice). */
const guint32 *sm_index_list(const sm_index *index, guint32 first, guint32 n);
const sm_index_patch_rec *sm_index_patch_at(const sm_index *index, guint row);
guint sm_index_patch_count(const sm_index *index);
const sm_index_tree_rec *sm_index_trees_at(const sm_index *index, guint32 first, guint32 n);
const sm_index_review_rec *sm_index_reviews(const sm_index *index, guint *n);

/* 64-bit FNV-1a of PREFIX then TEXT: names ('k' subject key, 'u' commit
 * id) and ids ('i') in the names and dangling sections. */
guint64 sm_index_name_hash(char prefix, const char *text);
/* The name record of HASH (a journal's before its base's), or NULL.
 * *CLASH is set when two records of one file share the hash. */
const sm_index_name_rec *sm_index_name(const sm_index *index, guint64 hash, gboolean *clash);
/* The same in FILE's own records only (a segment's, or a base's). */
const sm_index_name_rec *sm_index_name_in(const sm_index *file, guint64 hash, gboolean *clash);
/* The records (guint32, caller unrefs) that refer to the id of HASH
 * (sm_index_name_hash 'i') that no held notice had; empty for none. */
GArray *sm_index_dangling(const sm_index *index, guint64 hash);
/* The announced releases: string references (caller unrefs). */
GPtrArray *sm_index_released(const sm_index *index);
/* Is patch row ROW in use (not replaced by a journal)? */
gboolean sm_index_row_live(const sm_index *index, guint row);
/* The file under INDEX's journal, or INDEX itself when it has none. */
const sm_index *sm_index_base(const sm_index *index);
/* The view a segment continues (NULL for a base), and its place in the
 * chain (0 for a base, 1 for PATH.journal, ...). */
const sm_index *sm_index_below(const sm_index *index);
guint sm_index_depth(const sm_index *index);
/* What a segment over INDEX names as its generation (see above). */
guint64 sm_index_identity(const sm_index *index);
/* The rows in use through INDEX (those no segment above replaced). */
guint sm_index_live_rows(const sm_index *index);
/* Where a segment over INDEX starts numbering SECTION (strings, lists,
 * notices, patches, trees: the ends of the view; the others: INDEX's own
 * count, written but not read). */
guint64 sm_index_end(const sm_index *index, int section);
/* The file of segment SEGMENT (1, 2, ...) of the index file PATH. */
char *sm_index_segment_path(const char *path, guint segment);
/* The stored default order (patch rows), N of them. */
const guint32 *sm_index_order(const sm_index *index, guint *n);
/* Sorted replaced rows / dropped records of a segment, its own (n 0
 * for a base). */
const guint32 *sm_index_superseded(const sm_index *index, guint *n);
const guint32 *sm_index_dead(const sm_index *index, guint *n);

/* What a build in full looked up by name (borrowed by the group from its
 * notices and patches until the next build, add or remove): the writer
 * stores it as the names section. */
typedef struct sm_group_names {
	GHashTable *by_upstream;   /* commit id -> sm_patch* */
	GHashTable *by_key;        /* subject key -> sm_patch*, or AMBIGUOUS */
	GHashTable *by_orphan_key; /* subject key -> the id-less sm_patch* */
	GHashTable *looked;        /* subject keys looked up in vain (a set) */
	GHashTable *released;      /* announced releases (a set) */
	const void *ambiguous;     /* the by_key value of a shared key */
} sm_group_names;
struct sm_group;
const sm_group_names *sm_group_names_of(const struct sm_group *group);

/* Row ROW of a group of rows, or NULL when it is not made. */
struct sm_patch *sm_group_row(const struct sm_group *group, guint row);
/* What sm_group_regroup() gives sm_index_write_journal(): PART, a group
 * built from part of the view (owning its notices), is written in place
 * of the base rows REPLACED (guint32) and of the journal's rows so far,
 * and its notices WRITTEN in place of the records of the same ids. */
struct sm_group_change {
	struct sm_group *part;
	GPtrArray *written;   /* sm_notice* of PART */
	GArray *replaced;     /* guint32 rows of OVER */
	/* The view the segment is written over (borrowed from the group):
	 * the group's own (a segment appended), or its base (the chain
	 * folded into one segment, every record of it regrouped). */
	sm_index *over;
};

/* The pool of GROUP's strings (pool.h), whose marks the writer uses as
 * its string table while it writes GROUP. */
struct sm_pool;
struct sm_pool *sm_group_pool(struct sm_group *group);

/* Every notice of a group built in full (message-id -> sm_notice*), for
 * the writer. */
struct sm_group;
GHashTable *sm_group_all_notices(struct sm_group *group);

#endif
