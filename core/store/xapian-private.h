/* xapian-private.h - what notmuch's Xapian database says of itself in its
 * version file, read without opening the database (core/store's and
 * the tests' only).
 *
 * Xapian's glass backend replaces its version file (xapian/iamglass, a
 * few hundred bytes) at every commit, with a rename.  The file holds the
 * backend's own revision, which moves at every commit, and the document
 * count and the highest document id ever given.  notmuch 0.37 moves no
 * revision of its own when a message is only removed, so this is the
 * cheap way to see such a commit (the TUI's check), and the counts tell
 * whether any document went: documents are only ever added with a new id
 * (notmuch turns a ghost into its message in place), so when the count
 * grew by exactly as much as the highest id, none was deleted, and a
 * refresh need not count the messages to find a deletion.
 *
 * The layout read is glass's (format 2016-03-14, Xapian 1.4): magic and
 * format, uuid, revision, one root record per table, then the counts,
 * integers in Xapian's 7-bit little-endian packing.  Any other file (a
 * chert or honey database, a newer format, a short or damaged file)
 * reads as not known, and the caller counts as before.
 */
#ifndef SM_STORE_XAPIAN_PRIVATE_H
#define SM_STORE_XAPIAN_PRIVATE_H

#include <glib.h>

typedef struct sm_xapian_version {
	gboolean known;     /* FALSE: the file could not be read as glass's */
	guint8 uuid[16];    /* Xapian's (not notmuch's) */
	guint64 revision;   /* Xapian's: moves at every commit */
	guint64 documents;  /* messages, ghosts and folders */
	guint64 last_id;    /* the highest document id given */
} sm_xapian_version;

/* Parse the LEN bytes of a version file at DATA into *VERSION.  FALSE,
 * and VERSION->known FALSE, when they are not a glass version file. */
gboolean sm_xapian_version_parse(const guchar *data, gsize len, sm_xapian_version *version);

/* Read the version file of the notmuch database at DB_PATH (its
 * .notmuch/xapian, or its xapian folder when the database lies apart
 * from the mail).  FALSE, and VERSION->known FALSE, when there is none
 * that parses. */
gboolean sm_xapian_version_read(const char *db_path, sm_xapian_version *version);

/* VERSION as SM_XAPIAN_VERSION_BYTES bytes at OUT (all zero when not
 * known), to keep in the patch index beside the revision it was read
 * for, and back: IN all zero, or not of this layout, is not known. */
#define SM_XAPIAN_VERSION_BYTES 40
void sm_xapian_version_pack(const sm_xapian_version *version, guint8 *out);
void sm_xapian_version_unpack(const guint8 *in, sm_xapian_version *version);

/* Is every commit between BEFORE and AFTER (read in that order) known
 * to have deleted no document?  FALSE when either is not known, or they
 * are of two databases. */
gboolean sm_xapian_version_none_deleted(const sm_xapian_version *before,
                                        const sm_xapian_version *after);

/* Were BEFORE and AFTER read at the same commit (both known)? */
gboolean sm_xapian_version_same(const sm_xapian_version *before,
                                const sm_xapian_version *after);

#endif
