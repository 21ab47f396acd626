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
	guint n_warnings;
	guint n_lists, n_notices, n_patches, n_trees, n_reviews, n_ids, n_order;
};

/* FNV-1a: stable across builds and machines, unlike g_str_hash's promise. */
guint32 sm_index_hash(const char *text)
{
	guint32 h = 2166136261u;
	for (const guchar *p = (const guchar *)text; *p; p++)
		h = (h ^ *p) * 16777619u;
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

const char *sm_index_string(const sm_index *index, guint32 ref, gboolean *ok)
{
	if (ref == 0)
		return NULL;
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
	if (first > index->n_lists || n > index->n_lists - first)
		return NULL;
	return index->lists + first;
}

static const char *open_checks(sm_index *index, const sm_index_stamp *stamp)
{
	if (index->size < sizeof(sm_index_header) || (gsize)index->data % 8)
		return "index file is short";
	const sm_index_header *h = index->header = (const sm_index_header *)index->data;
	if (memcmp(h->magic, SM_INDEX_MAGIC, sizeof h->magic) != 0)
		return "not a stablemate index file";
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
	if (!index->strings || !index->lists || !index->notices || !index->patches ||
	    !index->trees || !index->reviews || !index->ids || !index->order || !index->warnings ||
	    n_strings == 0 || index->strings[n_strings - 1] != '\0' ||
	    index->n_ids == 0 || (index->n_ids & (index->n_ids - 1)) != 0 ||
	    index->n_ids < index->n_notices || h->held > index->n_notices ||
	    index->n_order < index->n_patches || index->n_order - index->n_patches > index->n_patches)
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

sm_index *sm_index_open_bytes(GBytes *bytes, const sm_index_stamp *stamp, const char **why)
{
	sm_index *index = g_new0(sm_index, 1);
	index->refs = 1;
	index->bytes = g_bytes_ref(bytes);
	index->data = g_bytes_get_data(bytes, &index->size);
	const char *reason = open_checks(index, stamp);
	if (reason) {
		*why = reason;
		sm_index_unref(index);
		return NULL;
	}
	return index;
}

sm_index *sm_index_open(const char *path, const sm_index_stamp *stamp, const char **why)
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
	sm_index *index = sm_index_open_bytes(bytes, stamp, why);
	g_bytes_unref(bytes);
	if (index)
		index->mapped = TRUE;
	return index;
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
	g_free(index);
}

void sm_index_forget_pages(const sm_index *index)
{
	/* Only a mapping of the file: on a buffer this would zero it. */
	if (index->mapped && index->size)
		madvise((void *)index->data, index->size, MADV_DONTNEED);
}

guint64 sm_index_revision(const sm_index *index)
{
	return index->header->revision;
}

guint sm_index_messages(const sm_index *index)
{
	return index->n_notices;
}

guint sm_index_held(const sm_index *index)
{
	return index->header->held;
}

const sm_index_patch_rec *sm_index_patch_at(const sm_index *index, guint row)
{
	return row < index->n_patches ? &index->patches[row] : NULL;
}

guint sm_index_patch_count(const sm_index *index)
{
	return index->n_patches;
}

const sm_index_tree_rec *sm_index_trees_at(const sm_index *index, guint32 first, guint32 n)
{
	if (first > index->n_trees || n > index->n_trees - first)
		return NULL;
	return index->trees + first;
}

const sm_index_review_rec *sm_index_reviews(const sm_index *index, guint *n)
{
	*n = index->n_reviews;
	return index->reviews;
}

const char *sm_index_message_id(const sm_index *index, guint number, gboolean *skipped)
{
	if (number >= index->n_notices)
		return NULL;
	const sm_index_notice_rec *rec = &index->notices[number];
	gboolean ok = TRUE;
	const char *id = sm_index_string(index, rec->message_id, &ok);
	if (skipped)
		*skipped = rec->skipped != 0;
	return ok ? id : NULL;
}

gboolean sm_index_lookup(const sm_index *index, const char *message_id, guint *number)
{
	guint mask = index->n_ids - 1;
	guint slot = sm_index_hash(message_id) & mask;
	for (guint probes = 0; probes < index->n_ids; probes++, slot = (slot + 1) & mask) {
		guint32 value = index->ids[slot];
		if (value == 0)
			return FALSE;
		const char *id = sm_index_message_id(index, value - 1, NULL);
		if (id && strcmp(id, message_id) == 0) {
			*number = value - 1;
			return TRUE;
		}
	}
	return FALSE;
}

GPtrArray *sm_index_warned(const sm_index *index)
{
	GPtrArray *out = g_ptr_array_new();
	for (guint i = 0; i < index->n_warnings; i++)
		if (index->warnings[i] < index->n_notices)
			g_ptr_array_add(out, GUINT_TO_POINTER(index->warnings[i]));
	return out;
}

const char *sm_index_record_warning(const sm_index *index, guint number)
{
	if (number >= index->n_notices)
		return NULL;
	gboolean ok = TRUE;
	const char *warning = sm_index_string(index, index->notices[number].warning, &ok);
	return ok ? warning : NULL;
}

guint sm_index_notice_patch(const sm_index *index, guint number)
{
	return number < index->n_notices ? index->notices[number].patch : SM_INDEX_NONE;
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
	if (number >= index->n_notices)
		return NULL;
	const sm_index_notice_rec *r = &index->notices[number];
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

GArray *sm_index_head(const sm_index *index, gint64 now, guint n)
{
	GArray *out = g_array_new(FALSE, FALSE, sizeof(guint32));
	/* The first run holds the rows with a deadline, by deadline (see
	 * index-format.h); find where the open ones start, by bisection. */
	const guint32 *due = index->order, *all = index->order + index->n_order - index->n_patches;
	guint n_due = index->n_order - index->n_patches;
	guint open = 0, hi = n_due;
	while (open < hi) {
		guint mid = open + (hi - open) / 2;
		const sm_index_patch_rec *r = sm_index_patch_at(index, due[mid]);
		if (r && r->deadline <= now)
			open = mid + 1;
		else
			hi = mid;
	}
	for (guint i = open; i < n_due && out->len < n; i++)
		g_array_append_val(out, due[i]);
	/* Then every other row in the second run's order (those waiting for
	 * a decision, then the rest). */
	for (guint i = 0; i < index->n_patches && out->len < n; i++) {
		const sm_index_patch_rec *r = sm_index_patch_at(index, all[i]);
		if (!r || r->deadline <= now)
			g_array_append_val(out, all[i]);
	}
	return out;
}
