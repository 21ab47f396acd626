/* fuzz-index.c - the patch index reader (core/patch/index.h) on hostile
 * files.
 *
 * Each input is an index file's bytes, given to sm_index_open_bytes()
 * with any stamp accepted, maybe followed by the segments of its journal
 * (each from its magic on, 8-byte aligned), given to
 * sm_index_journal_bytes() one over the other.  A file the reader takes
 * must then be safe to use the way a load uses it: every record's
 * message-id, notice, warning and patch row, the lookup of each id, the
 * group built from its patch rows (each patch's notices read on demand),
 * and the group of every notice regrouped; with a journal, also the
 * base's rows kept under each segment in turn as refreshes keep them
 * (sm_group_use_journal).  Invariants: a record's id looks itself up to
 * a record with the same id; every warned record exists.  A file refused is
 * fine: it must say why.  The reader promises strings within the file and
 * ended, not UTF-8 (a damaged file may hold any bytes, as an id from
 * notmuch may): text is cleaned where it is shown (mail/text.h), so the
 * first finding, an id of invalid UTF-8, is kept as a regression, to be
 * looked up and grouped without harm.  A file refused at its header
 * (another format version: the seeds and regressions are older than the
 * reader) tells the replay so, which fails on it.
 */
#include <string.h>
#include "fuzz.h"
#include "patch/patch.h"
#include "patch/private.h"

const char *const sm_fuzz_seeds[] = {
	"fuzz-regressions/index", "fuzz-seeds/index", NULL
};

/* The reader's reasons for a file it does not read past the header
 * (core/patch/index.c, open_checks). */
static const char *const header_refusals[] = {
	"not a stablemate index file", "not a stablemate journal file",
	"index file is short", "written by another format version", NULL
};

static void check_refusal(const char *why)
{
	SM_FUZZ_CHECK(why && *why);
	for (const char *const *r = header_refusals; *r; r++)
		if (strcmp(why, *r) == 0)
			sm_fuzz_refused(*r, "write the seeds again (make index-seeds), "
			                "then run tests/index-regressions.py");
}

static void use_records(sm_index *index)
{
	guint messages = sm_index_records(index);
	SM_FUZZ_CHECK(sm_index_held(index) <= sm_index_messages(index));
	SM_FUZZ_CHECK(sm_index_messages(index) <= messages);
	for (guint i = 0; i < messages; i++) {
		gboolean skipped = FALSE;
		const char *id = sm_index_message_id(index, i, &skipped);
		if (id) {
			guint found = G_MAXUINT;
			if (sm_index_lookup(index, id, &found)) {
				SM_FUZZ_CHECK(found < messages);
				const char *again = sm_index_message_id(index, found, NULL);
				SM_FUZZ_CHECK(again && strcmp(again, id) == 0);
			}
		}
		sm_notice *notice = sm_index_notice(index, i);
		if (notice)
			sm_notice_free(notice);
		const char *warning = sm_index_record_warning(index, i);
		SM_FUZZ_CHECK(!warning || strlen(warning) < G_MAXINT);
		sm_index_notice_patch(index, i);
	}
	GPtrArray *warned = sm_index_warned(index);
	for (guint i = 0; warned && i < warned->len; i++)
		SM_FUZZ_CHECK(GPOINTER_TO_UINT(warned->pdata[i]) < messages);
	if (warned)
		g_ptr_array_unref(warned);
	guint none = 0;
	sm_index_lookup(index, "", &none);
	sm_index_lookup(index, "no-such-message@example.org", &none);
}

/* Read every patch of GROUP, as a view and a limit do, and RELEASE
 * each again or keep it read. */
static void read_patches(sm_group *group, gboolean release)
{
	GPtrArray *patches = sm_group_patches(group);
	for (guint i = 0; i < patches->len; i++) {
		sm_patch *patch = patches->pdata[i];
		GPtrArray *notices = sm_group_patch_notices(group, patch);
		for (guint n = 0; n < notices->len; n++)
			SM_FUZZ_CHECK(notices->pdata[n] != NULL);
		if (release)
			sm_group_patch_release(group, patch);
	}
}

static void use_group(sm_index *index)
{
	sm_group *group = sm_group_new();
	if (sm_group_use_index(group, index)) {
		read_patches(group, TRUE);
		sm_group_reviews(group);
		/* What a load that must regroup does with the same file. */
		sm_group_load_all(group);
		sm_group_build(group);
	}
	sm_group_free(group);
}

/* What refreshes do with the journal's segments, each written over the
 * view the ones before it leave: the base's rows, some read, then each
 * segment's view over them in turn (sm_group_use_journal).  PARTS are the
 * segments' bytes.  Returns the last view that opened (INDEX when none
 * did), INDEX's reference passed on. */
static sm_index *use_segments(sm_index *index, GPtrArray *parts)
{
	sm_group *group = sm_group_new();
	gboolean held = sm_group_use_index(group, index);
	if (held)
		read_patches(group, FALSE);
	for (guint i = 0; i < parts->len; i++) {
		const char *why = NULL;
		sm_index *view = sm_index_journal_bytes(index, parts->pdata[i], NULL, &why);
		if (!view) {
			check_refusal(why);
			break;
		}
		if (held) {
			held = sm_group_use_journal(group, view);
			if (held) {
				read_patches(group, FALSE);
				sm_group_reviews(group);
			} else {
				SM_FUZZ_CHECK(sm_group_patches(group)->len == 0);
			}
		}
		sm_index_unref(index);
		index = view;
	}
	sm_group_free(group);
	return index;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An index file, maybe followed by the segments of its journal, each
	 * from its magic on at an 8-byte boundary: the view refreshes leave.
	 * Up to one segment more than a reader follows, so that its refusal
	 * runs too. */
	GArray *starts = g_array_new(FALSE, FALSE, sizeof(size_t));
	for (size_t at = 8; at + 8 <= size && starts->len <= SM_INDEX_MAX_SEGMENTS; at += 8)
		if (memcmp(data + at, SM_INDEX_JOURNAL_MAGIC, 8) == 0)
			g_array_append_val(starts, at);
	GPtrArray *parts = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
	for (guint i = 0; i < starts->len; i++) {
		size_t from = g_array_index(starts, size_t, i);
		size_t to = i + 1 < starts->len ? g_array_index(starts, size_t, i + 1) : size;
		g_ptr_array_add(parts, g_bytes_new(data + from, to - from));
	}
	GBytes *bytes = g_bytes_new(data, starts->len ? g_array_index(starts, size_t, 0) : size);
	g_array_unref(starts);
	const char *why = NULL;
	sm_index *index = sm_index_open_bytes(bytes, NULL, &why);
	g_bytes_unref(bytes);
	if (!index)
		check_refusal(why);
	else if (parts->len)
		index = use_segments(index, parts);
	g_ptr_array_unref(parts);
	if (!index)
		return 0;
	sm_index_revision(index);
	use_records(index);
	use_group(index);
	sm_index_unref(index);
	return 0;
}
