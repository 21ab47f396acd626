/* fuzz-index.c - the patch index reader (core/patch/index.h) on hostile
 * files.
 *
 * Each input is an index file's bytes, given to sm_index_open_bytes()
 * with any stamp accepted, maybe followed by a journal of it (from its
 * magic on, 8-byte aligned), given to sm_index_journal_bytes().  A file the reader takes must then be safe to
 * use the way a load uses it: every record's message-id, notice, warning
 * and patch row, the lookup of each id, the group built from its patch
 * rows (each patch's notices read on demand), and the group of every
 * notice regrouped; with a journal, also the base's rows kept under it
 * as a refresh keeps them (sm_group_use_journal).  Invariants: a record's id looks itself up to a
 * record with the same id; every warned record exists.  A file refused is
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
			sm_fuzz_refused(*r, "write the seeds again (tests/fuzz-seeds/README), "
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

/* What a refresh does with a journal written over BASE: the base's rows,
 * some read, then the journal's view over them. */
static void use_journal(sm_index *base, sm_index *view)
{
	sm_group *group = sm_group_new();
	if (sm_group_use_index(group, base)) {
		read_patches(group, FALSE);
		if (sm_group_use_journal(group, view)) {
			read_patches(group, FALSE);
			sm_group_reviews(group);
		} else {
			SM_FUZZ_CHECK(sm_group_patches(group)->len == 0);
		}
	}
	sm_group_free(group);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An index file, or one followed by its journal (at an 8-byte
	 * boundary, from its magic on): the view a refresh leaves. */
	size_t split = size;
	for (size_t at = 8; at + 8 <= size; at += 8)
		if (memcmp(data + at, "SMJOURN\n", 8) == 0) {
			split = at;
			break;
		}
	GBytes *bytes = g_bytes_new(data, split);
	const char *why = NULL;
	sm_index *index = sm_index_open_bytes(bytes, NULL, &why);
	g_bytes_unref(bytes);
	if (!index) {
		check_refusal(why);
		return 0;
	}
	if (split < size) {
		GBytes *journal = g_bytes_new(data + split, size - split);
		sm_index *view = sm_index_journal_bytes(index, journal, NULL, &why);
		g_bytes_unref(journal);
		if (!view)
			check_refusal(why);
		if (view) {
			use_journal(index, view);
			sm_index_unref(index);
			index = view;
		}
	}
	sm_index_revision(index);
	use_records(index);
	use_group(index);
	sm_index_unref(index);
	return 0;
}
