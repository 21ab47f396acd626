/* index.c - the patch index file: written in one go, read in place.
 *
 * The reader maps the file and checks the header and the section bounds
 * once, then every reference as it is followed.  The writer is
 * index-write.c: it reads the group, and the group reads this.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "index.h"
#include "index-format.h"
#include "private.h"

struct sm_index {
	gint refs;
	gboolean mapped;      /* BYTES is a file mapping, not a buffer */
	GBytes *bytes;        /* the mapping (or a buffer) */
	const guint8 *data;
	gsize size;
	const sm_index_header *header;
	const char *strings;
	gsize n_strings;      /* bytes */
	const guint32 *lists;
	const sm_index_notice_rec *notices;
	const sm_index_patch_rec *patches;
	const sm_index_tree_rec *trees;
	const sm_index_review_rec *reviews;
	const guint32 *ids;
	const guint32 *order;
	const guint32 *warnings;
	const sm_index_name_rec *names;
	const sm_index_dangling_rec *dangling;
	const guint32 *released;
	const guint32 *superseded;
	const guint32 *dead;
	guint n_warnings, n_names, n_dangling, n_released, n_superseded, n_dead;
	guint n_lists, n_notices, n_patches, n_trees, n_reviews, n_ids, n_order;
	/* A journal's segment: the view it continues (the base, or the base
	 * with the segments before it), its place in the chain (0: a base),
	 * and where its numbers start (the view's ends). */
	sm_index *base;
	guint depth;
	guint off_strings, off_lists, off_notices, off_patches, off_trees;
	guint live;           /* rows in use through this file (live_rows) */
};

/* FNV-1a: stable across builds and machines, unlike g_str_hash's promise. */
guint32 sm_index_hash(const char *text)
{
	guint32 h = 2166136261u;
	for (const guchar *p = (const guchar *)text; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

guint64 sm_index_name_hash(char prefix, const char *text)
{
	guint64 h = 14695981039346656037u;
	h = (h ^ (guchar)prefix) * 1099511628211u;
	for (const guchar *p = (const guchar *)text; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return h;
}

guint64 sm_index_config_hash(const char *query, GPtrArray *exclude_tags,
                             const char *const *addresses)
{
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
	g_checksum_update(sum, (const guchar *)(query ? query : ""), -1);
	for (guint i = 0; exclude_tags && i < exclude_tags->len; i++) {
		g_checksum_update(sum, (const guchar *)"\n", 1);
		g_checksum_update(sum, exclude_tags->pdata[i], -1);
	}
	/* The user's addresses decide which replies are news. */
	for (const char *const *a = addresses; a && *a; a++) {
		g_checksum_update(sum, (const guchar *)"\t", 1);
		g_checksum_update(sum, (const guchar *)*a, -1);
	}
	guint8 digest[32];
	gsize len = sizeof digest;
	g_checksum_get_digest(sum, digest, &len);
	g_checksum_free(sum);
	guint64 h = 0;
	for (int i = 0; i < 8; i++)
		h = h << 8 | digest[i];
	return h;
}

/* ---- reading ---- */

/* Section S as COUNT items of SIZE bytes, or NULL when it leaves the file
 * or is misaligned. */
static const void *section(const sm_index *index, int s, gsize size, guint *count)
{
	const sm_index_section *sec = &index->header->sections[s];
	if (sec->offset % 8 || sec->offset > index->size ||
	    sec->count > (index->size - sec->offset) / size || sec->count > G_MAXUINT32)
		return NULL;
	*count = (guint)sec->count;
	return index->data + sec->offset;
}

/* A journal's references past its base's are its own. */
const char *sm_index_string(const sm_index *index, guint32 ref, gboolean *ok)
{
	if (ref == 0)
		return NULL;
	if (index->base && ref - 1 < index->off_strings)
		return sm_index_string(index->base, ref, ok);
	ref -= index->off_strings;
	/* The table ends in a NUL (checked at open): any start inside it is a
	 * terminated string. */
	if (ref - 1 >= index->n_strings) {
		*ok = FALSE;
		return NULL;
	}
	return index->strings + ref - 1;
}

const guint32 *sm_index_list(const sm_index *index, guint32 first, guint32 n)
{
	if (index->base && first < index->off_lists)
		return sm_index_list(index->base, first, n);
	first -= index->off_lists;
	if (first > index->n_lists || n > index->n_lists - first)
		return NULL;
	return index->lists + first;
}

static gboolean in_sorted(const guint32 *items, guint n, guint32 value)
{
	guint lo = 0, hi = n;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		if (items[mid] == value)
			return TRUE;
		if (items[mid] < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	return FALSE;
}

guint sm_index_live_rows(const sm_index *index)
{
	return index->live;
}

/* Does FILE's order hold every row of its view (a base's, the first
 * segment's), or its own rows only (a later segment's: index-format.h)?
 * And how many rows its second run holds. */
static gboolean whole_order(const sm_index *file)
{
	return file->depth <= 1;
}

static guint order_rows(const sm_index *file)
{
	return whole_order(file) ? file->live : file->n_patches;
}

guint64 sm_index_end(const sm_index *index, int section)
{
	switch (section) {
	case SM_INDEX_STRINGS: return (guint64)index->off_strings + index->n_strings;
	case SM_INDEX_LISTS: return (guint64)index->off_lists + index->n_lists;
	case SM_INDEX_NOTICES: return (guint64)index->off_notices + index->n_notices;
	case SM_INDEX_PATCHES: return (guint64)index->off_patches + index->n_patches;
	case SM_INDEX_TREES: return (guint64)index->off_trees + index->n_trees;
	default: return index->header->sections[section].count;
	}
}

/* Is ITEMS (N) strictly increasing, each below LIMIT? */
static gboolean sorted_below(const guint32 *items, guint n, guint limit)
{
	for (guint i = 0; i < n; i++)
		if (items[i] >= limit || (i && items[i] <= items[i - 1]))
			return FALSE;
	return TRUE;
}

guint64 sm_index_identity(const sm_index *index)
{
	const sm_index_header *h = index->header;
	if (!index->base)
		return h->generation;
	/* A segment's: what its child must name as its generation.  Made of
	 * what tells two segments over one view apart (the revision they
	 * reach, how much each section holds), so that a segment left from
	 * an older chain is not taken for a child of a newer one. */
	guint64 x = h->generation ^ 0x9e3779b97f4a7c15u;
	guint64 parts[2 + SM_INDEX_SECTIONS];
	parts[0] = h->revision;
	parts[1] = (guint64)h->messages << 32 | h->held;
	for (int s = 0; s < SM_INDEX_SECTIONS; s++)
		parts[2 + s] = h->sections[s].count;
	for (gsize i = 0; i < G_N_ELEMENTS(parts); i++) {
		x ^= parts[i] + 0x9e3779b97f4a7c15u + (x << 6) + (x >> 2);
		x *= 0xff51afd7ed558ccdu;
		x ^= x >> 33;
	}
	return x;
}

static const char *open_checks(sm_index *index, const sm_index_stamp *stamp)
{
	const char *magic = index->base ? SM_INDEX_JOURNAL_MAGIC : SM_INDEX_MAGIC;
	/* Something else altogether is named so, whatever its size. */
	if (index->size >= 8 && memcmp(index->data, magic, 8) != 0)
		return index->base ? "not a stablemate journal file" : "not a stablemate index file";
	if (index->size < sizeof(sm_index_header) || (gsize)index->data % 8)
		return "index file is short";
	const sm_index_header *h = index->header = (const sm_index_header *)index->data;
	if (h->version != SM_INDEX_VERSION || h->byte_order != SM_INDEX_BYTE_ORDER)
		return "written by another format version";
	guint n_strings = 0;
	index->strings = section(index, SM_INDEX_STRINGS, 1, &n_strings);
	index->n_strings = n_strings;
	index->lists = section(index, SM_INDEX_LISTS, sizeof(guint32), &index->n_lists);
	index->notices = section(index, SM_INDEX_NOTICES, sizeof(sm_index_notice_rec),
	                         &index->n_notices);
	index->patches = section(index, SM_INDEX_PATCHES, sizeof(sm_index_patch_rec),
	                         &index->n_patches);
	index->trees = section(index, SM_INDEX_TREES, sizeof(sm_index_tree_rec), &index->n_trees);
	index->reviews = section(index, SM_INDEX_REVIEWS, sizeof(sm_index_review_rec),
	                         &index->n_reviews);
	index->ids = section(index, SM_INDEX_IDS, sizeof(guint32), &index->n_ids);
	index->order = section(index, SM_INDEX_ORDER, sizeof(guint32), &index->n_order);
	index->warnings = section(index, SM_INDEX_WARNINGS, sizeof(guint32), &index->n_warnings);
	index->names = section(index, SM_INDEX_NAMES, sizeof(sm_index_name_rec), &index->n_names);
	index->dangling = section(index, SM_INDEX_DANGLING, sizeof(sm_index_dangling_rec),
	                          &index->n_dangling);
	index->released = section(index, SM_INDEX_RELEASED, sizeof(guint32), &index->n_released);
	index->superseded = section(index, SM_INDEX_SUPERSEDED, sizeof(guint32),
	                            &index->n_superseded);
	index->dead = section(index, SM_INDEX_DEAD, sizeof(guint32), &index->n_dead);
	if (!index->strings || !index->lists || !index->notices || !index->patches ||
	    !index->trees || !index->reviews || !index->ids || !index->order || !index->warnings ||
	    !index->names || !index->dangling || !index->released || !index->superseded ||
	    !index->dead ||
	    n_strings == 0 || index->strings[n_strings - 1] != '\0' ||
	    index->n_ids == 0 || (index->n_ids & (index->n_ids - 1)) != 0 ||
	    index->n_ids < index->n_notices)
		return "index file is corrupt";
	if (index->base) {
		const sm_index *b = index->base;
		/* The numbers continue the view's, which must be the one the
		 * segment was written over. */
		guint64 ends[] = { b->off_strings + b->n_strings, (guint64)b->off_lists + b->n_lists,
		                   (guint64)b->off_notices + b->n_notices,
		                   (guint64)b->off_patches + b->n_patches,
		                   (guint64)b->off_trees + b->n_trees };
		if (h->generation != sm_index_identity(b) ||
		    h->base_counts[SM_INDEX_STRINGS] != ends[0] ||
		    h->base_counts[SM_INDEX_LISTS] != ends[1] ||
		    h->base_counts[SM_INDEX_NOTICES] != ends[2] ||
		    h->base_counts[SM_INDEX_PATCHES] != ends[3] ||
		    h->base_counts[SM_INDEX_TREES] != ends[4])
			return "written over another index file";
		for (gsize i = 0; i < G_N_ELEMENTS(ends); i++)
			if (ends[i] > G_MAXUINT32 / 2)
				return "index file is corrupt";
		index->off_strings = (guint)ends[0];
		index->off_lists = (guint)ends[1];
		index->off_notices = (guint)ends[2];
		index->off_patches = (guint)ends[3];
		index->off_trees = (guint)ends[4];
		index->depth = b->depth + 1;
		/* What it replaces or drops is the view's, each once, in use
		 * there. */
		if (!sorted_below(index->superseded, index->n_superseded, index->off_patches) ||
		    !sorted_below(index->dead, index->n_dead, index->off_notices))
			return "index file is corrupt";
		for (guint i = 0; i < index->n_superseded; i++)
			if (!sm_index_row_live(b, index->superseded[i]))
				return "index file is corrupt";
		index->live = b->live - index->n_superseded + index->n_patches;
	} else if (index->n_order < index->n_patches ||
	           index->n_order - index->n_patches > index->n_patches ||
	           index->n_superseded || index->n_dead) {
		return "index file is corrupt";
	} else {
		index->live = index->n_patches;
	}
	/* The order's second run holds every live row, the first no more. */
	if (h->held > h->messages || h->messages > sm_index_records(index) ||
	    index->n_superseded > sm_index_patch_count(index) ||
	    index->n_order < order_rows(index) ||
	    index->n_order - order_rows(index) > order_rows(index))
		return "index file is corrupt";
	/* A segment's own order names its own rows only. */
	for (guint i = 0; !whole_order(index) && i < index->n_order; i++)
		if (index->order[i] < index->off_patches ||
		    index->order[i] - index->off_patches >= index->n_patches)
			return "index file is corrupt";
	gboolean ok = TRUE;
	const char *recogniser = sm_index_string(index, h->recogniser, &ok);
	const char *uuid = sm_index_string(index, h->uuid, &ok);
	if (!ok || !recogniser || !uuid)
		return "index file is corrupt";
	if (!stamp)
		return NULL;
	if (strcmp(recogniser, stamp->recogniser) != 0)
		return "written by another recogniser version";
	if (h->trees != stamp->trees)
		return "written with another tree table";
	if (strcmp(uuid, stamp->uuid) != 0)
		return "written for another database";
	if (h->config != stamp->config)
		return "written for another query or config";
	return NULL;
}

static sm_index *open_with(GBytes *bytes, sm_index *base, const sm_index_stamp *stamp,
                           const char **why)
{
	sm_index *index = g_new0(sm_index, 1);
	index->refs = 1;
	index->bytes = g_bytes_ref(bytes);
	index->data = g_bytes_get_data(bytes, &index->size);
	index->base = base ? sm_index_ref(base) : NULL;
	const char *reason = open_checks(index, stamp);
	if (reason) {
		*why = reason;
		sm_index_unref(index);
		return NULL;
	}
	return index;
}

sm_index *sm_index_open_bytes(GBytes *bytes, const sm_index_stamp *stamp, const char **why)
{
	return open_with(bytes, NULL, stamp, why);
}

sm_index *sm_index_journal_bytes(sm_index *base, GBytes *bytes, const sm_index_stamp *stamp,
                                 const char **why)
{
	if (base->depth >= SM_INDEX_MAX_SEGMENTS) {
		*why = "too many journal segments";
		return NULL;
	}
	return open_with(bytes, base, stamp, why);
}

static GBytes *map_file(const char *path, const char **why)
{
	GError *err = NULL;
	GMappedFile *mapped = g_mapped_file_new(path, FALSE, &err);
	if (!mapped) {
		*why = g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
		       g_error_matches(err, G_FILE_ERROR, G_FILE_ERROR_NOTDIR)
		       ? "no index file" : "index file unreadable";
		g_error_free(err);
		return NULL;
	}
	GBytes *bytes = g_mapped_file_get_bytes(mapped);
	g_mapped_file_unref(mapped);
	return bytes;
}

char *sm_index_segment_path(const char *path, guint segment)
{
	if (segment <= 1)
		return g_strconcat(path, ".journal", NULL);
	return g_strdup_printf("%s.journal.%u", path, segment);
}

sm_index *sm_index_open(const char *path, const sm_index_stamp *stamp, const char **why)
{
	GBytes *bytes = map_file(path, why);
	if (!bytes)
		return NULL;
	sm_index *index = sm_index_open_bytes(bytes, stamp, why);
	g_bytes_unref(bytes);
	if (!index)
		return NULL;
	index->mapped = TRUE;
	/* The journal's segments, each over the view before it, as far as
	 * they go: one missing, or of another view (the base or a segment
	 * was written again since), ends the chain there: older, but whole. */
	for (;;) {
		const char *jwhy = NULL;
		sm_index *merged = sm_index_open_journal(index, path, stamp, &jwhy);
		if (!merged)
			return index;
		sm_index_unref(index);
		index = merged;
	}
}

sm_index *sm_index_open_journal(sm_index *view, const char *path, const sm_index_stamp *stamp,
                                const char **why)
{
	if (view->depth >= SM_INDEX_MAX_SEGMENTS) {
		*why = "too many journal segments";
		return NULL;
	}
	char *jpath = sm_index_segment_path(path, view->depth + 1);
	GBytes *bytes = map_file(jpath, why);
	g_free(jpath);
	if (!bytes)
		return NULL;
	sm_index *merged = sm_index_journal_bytes(view, bytes, stamp, why);
	g_bytes_unref(bytes);
	if (merged)
		merged->mapped = TRUE;
	return merged;
}

sm_index *sm_index_ref(sm_index *index)
{
	g_atomic_int_inc(&index->refs);
	return index;
}

void sm_index_unref(sm_index *index)
{
	if (!index || !g_atomic_int_dec_and_test(&index->refs))
		return;
	g_bytes_unref(index->bytes);
	sm_index_unref(index->base);
	g_free(index);
}

void sm_index_forget_pages(const sm_index *index)
{
	/* Only a mapping of the file: on a buffer this would zero it. */
	if (index->mapped && index->size)
		madvise((void *)index->data, index->size, MADV_DONTNEED);
	if (index->base)
		sm_index_forget_pages(index->base);
}

const sm_index_header *sm_index_header_of(const sm_index *index)
{
	return index->header;
}

const sm_index *sm_index_base(const sm_index *index)
{
	while (index->base)
		index = index->base;
	return index;
}

const sm_index *sm_index_below(const sm_index *index)
{
	return index->base;
}

guint sm_index_depth(const sm_index *index)
{
	return index->depth;
}

guint64 sm_index_revision(const sm_index *index)
{
	return index->header->revision;
}

guint sm_index_present(const sm_index *index)
{
	return index->header->present;
}

const guint8 *sm_index_database(const sm_index *index)
{
	return index->header->database;
}

guint sm_index_messages(const sm_index *index)
{
	return index->header->messages;
}

guint sm_index_records(const sm_index *index)
{
	return index->off_notices + index->n_notices;
}

guint sm_index_held(const sm_index *index)
{
	return index->header->held;
}

const sm_index_patch_rec *sm_index_patch_at(const sm_index *index, guint row)
{
	if (index->base && row < index->off_patches)
		return sm_index_patch_at(index->base, row);
	row -= index->off_patches;
	return row < index->n_patches ? &index->patches[row] : NULL;
}

guint sm_index_patch_count(const sm_index *index)
{
	return index->off_patches + index->n_patches;
}

gboolean sm_index_row_live(const sm_index *index, guint row)
{
	for (; index; index = index->base) {
		if (row >= index->off_patches)
			return TRUE;
		if (in_sorted(index->superseded, index->n_superseded, row))
			return FALSE;
	}
	return TRUE;
}

const guint32 *sm_index_superseded(const sm_index *index, guint *n)
{
	*n = index->n_superseded;
	return index->superseded;
}

const guint32 *sm_index_dead(const sm_index *index, guint *n)
{
	*n = index->n_dead;
	return index->dead;
}

const guint32 *sm_index_order(const sm_index *index, guint *n)
{
	*n = index->n_order;
	return index->order;
}

const sm_index_tree_rec *sm_index_trees_at(const sm_index *index, guint32 first, guint32 n)
{
	if (index->base && first < index->off_trees)
		return sm_index_trees_at(index->base, first, n);
	first -= index->off_trees;
	if (first > index->n_trees || n > index->n_trees - first)
		return NULL;
	return index->trees + first;
}

const sm_index_review_rec *sm_index_reviews(const sm_index *index, guint *n)
{
	*n = index->n_reviews;
	return index->reviews;
}

/* Record NUMBER, or NULL when there is none or a journal dropped it. */
static const sm_index_notice_rec *notice_rec(const sm_index *index, guint number)
{
	if (index->base && number < index->off_notices)
		return in_sorted(index->dead, index->n_dead, number)
		       ? NULL : notice_rec(index->base, number);
	number -= index->off_notices;
	return number < index->n_notices ? &index->notices[number] : NULL;
}

const char *sm_index_message_id(const sm_index *index, guint number, gboolean *skipped)
{
	const sm_index_notice_rec *rec = notice_rec(index, number);
	if (!rec)
		return NULL;
	gboolean ok = TRUE;
	const char *id = sm_index_string(index, rec->message_id, &ok);
	if (skipped)
		*skipped = rec->skipped != 0;
	return ok ? id : NULL;
}

/* Look MESSAGE_ID up in INDEX's own id table (numbers of the merged
 * view's records). */
static gboolean lookup_own(const sm_index *index, const sm_index *view, const char *message_id,
                           guint *number)
{
	guint mask = index->n_ids - 1;
	guint slot = sm_index_hash(message_id) & mask;
	for (guint probes = 0; probes < index->n_ids; probes++, slot = (slot + 1) & mask) {
		guint32 value = index->ids[slot];
		if (value == 0)
			return FALSE;
		guint n = value - 1 + index->off_notices;
		if (value - 1 >= index->n_notices)
			continue;
		const char *id = sm_index_message_id(view, n, NULL);
		if (id && strcmp(id, message_id) == 0) {
			*number = n;
			return TRUE;
		}
	}
	return FALSE;
}

gboolean sm_index_lookup(const sm_index *index, const char *message_id, guint *number)
{
	/* The newest record of the id first; those a segment dropped are
	 * not found (their ids read as NULL through the view). */
	for (const sm_index *file = index; file; file = file->base)
		if (lookup_own(file, index, message_id, number))
			return TRUE;
	return FALSE;
}

GPtrArray *sm_index_warned(const sm_index *index)
{
	GPtrArray *out = g_ptr_array_new();
	for (guint i = 0; i < index->n_warnings; i++)
		if (notice_rec(index, index->warnings[i]))
			g_ptr_array_add(out, GUINT_TO_POINTER(index->warnings[i]));
	return out;
}

const char *sm_index_record_warning(const sm_index *index, guint number)
{
	const sm_index_notice_rec *rec = notice_rec(index, number);
	if (!rec)
		return NULL;
	gboolean ok = TRUE;
	const char *warning = sm_index_string(index, rec->warning, &ok);
	return ok ? warning : NULL;
}

guint sm_index_notice_patch(const sm_index *index, guint number)
{
	const sm_index_notice_rec *rec = notice_rec(index, number);
	return rec ? rec->patch : SM_INDEX_NONE;
}

/* The record of HASH in INDEX's own names; *CLASH when two share it. */
static const sm_index_name_rec *name_own(const sm_index *index, guint64 hash, gboolean *clash)
{
	guint lo = 0, hi = index->n_names;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		if (index->names[mid].hash < hash)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= index->n_names || index->names[lo].hash != hash)
		return NULL;
	if (lo + 1 < index->n_names && index->names[lo + 1].hash == hash)
		*clash = TRUE;
	return &index->names[lo];
}

const sm_index_name_rec *sm_index_name(const sm_index *index, guint64 hash, gboolean *clash)
{
	for (; index; index = index->base) {
		const sm_index_name_rec *rec = name_own(index, hash, clash);
		if (rec)
			return rec;
	}
	return NULL;
}

const sm_index_name_rec *sm_index_name_in(const sm_index *file, guint64 hash, gboolean *clash)
{
	return name_own(file, hash, clash);
}

/* INDEX's own records of HASH (live in VIEW) into OUT. */
static void dangling_own(const sm_index *index, const sm_index *view, guint64 hash, GArray *out)
{
	guint lo = 0, hi = index->n_dangling;
	while (lo < hi) {
		guint mid = lo + (hi - lo) / 2;
		if (index->dangling[mid].hash < hash)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < index->n_dangling && index->dangling[lo].hash == hash; lo++) {
		guint32 number = index->dangling[lo].number;
		if (notice_rec(view, number))
			g_array_append_val(out, number);
	}
}

GArray *sm_index_dangling(const sm_index *index, guint64 hash)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(guint32));
	for (const sm_index *file = index; file; file = file->base)
		dangling_own(file, index, hash, out);
	return out;
}

GPtrArray *sm_index_released(const sm_index *index)
{
	const sm_index *base = sm_index_base(index);
	GPtrArray *out = g_ptr_array_new();
	for (guint i = 0; i < base->n_released; i++) {
		gboolean ok = TRUE;
		const char *release = sm_index_string(base, base->released[i], &ok);
		if (release)
			g_ptr_array_add(out, (char *)release);
	}
	return out;
}

/* A NULL-terminated copy of the string list FIRST, N; NULL when damaged. */
static char **strv_of(const sm_index *index, guint32 first, guint32 n, gboolean *ok)
{
	const guint32 *refs = sm_index_list(index, first, n);
	if (!refs) {
		*ok = FALSE;
		return NULL;
	}
	char **strv = g_new0(char *, n + 1);
	for (guint32 i = 0; i < n; i++) {
		const char *s = sm_index_string(index, refs[i], ok);
		strv[i] = g_strdup(s ? s : "");
	}
	return strv;
}

sm_notice *sm_index_notice(const sm_index *index, guint number)
{
	const sm_index_notice_rec *r = notice_rec(index, number);
	if (!r)
		return NULL;
	gboolean ok = TRUE;
#define STR(field) g_strdup(sm_index_string(index, r->field, &ok))
	if (r->skipped || r->kind >= SM_KIND_COUNT || r->answers >= SM_KIND_COUNT ||
	    r->signal >= SM_SIGNAL_COUNT || r->triage >= SM_TRIAGE_COUNT ||
	    r->attach >= SM_ATTACH_COUNT)
		return NULL;
	const char *upstream = sm_index_string(index, r->upstream, &ok);
	if (!ok || !sm_index_string(index, r->message_id, &ok) ||
	    (upstream && strlen(upstream) > SM_SHA_LEN))
		return NULL;
	sm_notice *notice = sm_notice_new();
	notice->message_id = STR(message_id);
	notice->in_reply_to = STR(in_reply_to);
	notice->filename = STR(filename);
	notice->from = STR(from);
	notice->subject = STR(subject);
	notice->patch_subject = STR(patch_subject);
	notice->author = STR(author);
	notice->base = STR(base);
	notice->release = STR(release);
	notice->warning = STR(warning);
	notice->evidence = STR(evidence);
	notice->files = STR(files);
	notice->stable_commit = STR(stable_commit);
#undef STR
	notice->change = r->change;
	g_strlcpy(notice->upstream, upstream ? upstream : "", sizeof notice->upstream);
	if (r->n_references)
		notice->references = strv_of(index, r->references, r->n_references, &ok);
	char **trees = strv_of(index, r->trees, r->n_trees, &ok);
	if (trees) {
		g_strfreev(notice->trees);
		notice->trees = trees;
	}
	notice->date = r->date;
	notice->deadline = r->deadline;
	notice->kind = (sm_kind)r->kind;
	notice->signal = (sm_signal)r->signal;
	notice->answers = (sm_kind)r->answers;
	notice->attach = (sm_attach)r->attach;
	notice->all_trees = r->all_trees != 0;
	notice->series_pos = r->series_pos;
	notice->series_total = r->series_total;
	notice->triage = (sm_triage)r->triage;
	notice->unread = r->unread != 0;
	if (!ok) {
		sm_notice_free(notice);
		return NULL;
	}
	return notice;
}

/* The list's default order on records, as index-write.c's on patches:
 * the key of a row for ties, whether it waits for a decision
 * (sm_patch_needs_decision), newest news first. */
static const char *rec_key(const sm_index *index, const sm_index_patch_rec *r)
{
	gboolean ok = TRUE;
	const char *upstream = sm_index_string(index, r->upstream, &ok);
	if (upstream && *upstream)
		return upstream;
	const char *first_id = sm_index_string(index, r->first_id, &ok);
	const char *key = sm_index_string(index, r->key, &ok);
	return first_id ? first_id : key ? key : "";
}

static gboolean rec_needs_decision(const sm_index *index, const sm_index_patch_rec *r)
{
	if (r->state == SM_TRIAGE_RESOLVING)
		return TRUE;
	const sm_index_tree_rec *trees = sm_index_trees_at(index, r->trees, r->n_trees);
	if (r->state != SM_TRIAGE_UNTRIAGED || !trees)
		return FALSE;
	for (guint i = 0; i < r->n_trees; i++)
		if (trees[i].status == SM_STATUS_AUTOSEL || trees[i].status == SM_STATUS_FAILED)
			return TRUE;
	return FALSE;
}

static int rec_news_cmp(const sm_index *index, const sm_index_patch_rec *x,
                        const sm_index_patch_rec *y)
{
	if (x->news != y->news)
		return x->news > y->news ? -1 : 1;
	return strcmp(rec_key(index, x), rec_key(index, y));
}

static int rec_cmp(const sm_index *index, gboolean due, const sm_index_patch_rec *x,
                   const sm_index_patch_rec *y)
{
	if (due && x->deadline != y->deadline)
		return x->deadline < y->deadline ? -1 : 1;
	if (!due) {
		gboolean nx = rec_needs_decision(index, x), ny = rec_needs_decision(index, y);
		if (nx != ny)
			return nx ? -1 : 1;
	}
	return rec_news_cmp(index, x, y);
}

/* One run of one file's order, from AT. */
typedef struct order_run {
	const guint32 *rows;
	guint at, n;
} order_run;

/* Append to OUT (up to N) the rows of RUNS (K, each in the order's
 * sort), merged, those no segment above replaced; in the second run
 * (DUE FALSE) only those with no deadline still open at NOW. */
static void merge_runs(const sm_index *index, order_run *runs, guint k, gboolean due,
                       gint64 now, guint n, GArray *out)
{
	while (out->len < n) {
		guint best = k;
		const sm_index_patch_rec *best_rec = NULL;
		for (guint i = 0; i < k; i++) {
			order_run *run = &runs[i];
			const sm_index_patch_rec *r = NULL;
			/* (A row a damaged file names but does not hold comes out
			 * as it is; sm_group_use_index_rows refuses it.) */
			for (; run->at < run->n; run->at++) {
				guint32 row = run->rows[run->at];
				if (!sm_index_row_live(index, row))
					continue;
				r = sm_index_patch_at(index, row);
				if (due || !r || r->deadline <= now)
					break;
			}
			if (run->at == run->n)
				continue;
			if (best == k || (r && best_rec && rec_cmp(index, due, r, best_rec) < 0)) {
				best = i;
				best_rec = r;
			}
		}
		if (best == k)
			return;
		g_array_append_val(out, runs[best].rows[runs[best].at]);
		runs[best].at++;
	}
}

GArray *sm_index_head(const sm_index *index, gint64 now, guint n)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(guint32));
	/* The orders that make the view's: the newest whole one (a base's,
	 * the first segment's) and the own rows' of each segment above it
	 * (index-format.h), each in two runs: the rows with a deadline, by
	 * deadline, where the open ones start (found by bisection), then
	 * every row (those waiting for a decision first). */
	order_run due[SM_INDEX_MAX_SEGMENTS + 1], all[SM_INDEX_MAX_SEGMENTS + 1];
	guint k = 0;
	for (const sm_index *file = index; file; file = file->base) {
		guint n_all = order_rows(file), n_due = file->n_order - n_all;
		guint open = 0, hi = n_due;
		while (open < hi) {
			guint mid = open + (hi - open) / 2;
			const sm_index_patch_rec *r = sm_index_patch_at(index, file->order[mid]);
			if (r && r->deadline <= now)
				open = mid + 1;
			else
				hi = mid;
		}
		due[k] = (order_run){ file->order, open, n_due };
		all[k++] = (order_run){ file->order + n_due, 0, n_all };
		if (whole_order(file))
			break;
	}
	merge_runs(index, due, k, TRUE, now, n, out);
	merge_runs(index, all, k, FALSE, now, n, out);
	return out;
}
