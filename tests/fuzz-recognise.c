/* fuzz-recognise.c - mail reading and recognition on arbitrary bytes.
 *
 * Checks more than "no crash": what mail.h and notice.h promise of every
 * result.  Text is valid UTF-8; subjects hold no CR, LF or other control
 * character (they reach the screen and reply headers); a notice always has
 * a tree list; a commit id is empty or 40 hex digits.  Each input is read
 * twice from one parse, the second time with a tiny body cap that cuts
 * through multi-byte characters, and each read is the same to the byte as
 * GMime's parser alone gives (mail.c's fast path reads most mail itself).
 */
#include <string.h>
#include <gmime/gmime.h>
#include "fuzz.h"
#include "mail/mail.h"
#include "mail/private.h"
#include "recognise/recognise.h"

const char *const sm_fuzz_seeds[] = {
	"fuzz-regressions/recognise", "corpus", "synthetic", "mail/shapes", NULL
};

static void check_text(const char *s)
{
	if (s)
		SM_FUZZ_CHECK(g_utf8_validate(s, -1, NULL));
}

static void check_line(const char *s)
{
	check_text(s);
	for (const char *c = s; c && *c; c++)
		SM_FUZZ_CHECK((unsigned char)*c >= 0x20 && *c != 0x7f);
}

static void check_mail(const sm_mail *mail, gsize limit)
{
	SM_FUZZ_CHECK(mail->subject && mail->from && mail->to && mail->cc);
	check_line(mail->subject);
	check_text(mail->from);
	check_text(mail->to);
	check_text(mail->cc);
	check_text(mail->warning);
	if (mail->body) {
		SM_FUZZ_CHECK(g_utf8_validate(mail->body, (gssize)mail->body_len, NULL));
		SM_FUZZ_CHECK(strlen(mail->body) == mail->body_len);
		SM_FUZZ_CHECK(limit == 0 || mail->body_len <= limit);
	}
}

static void check_notice(const sm_notice *n)
{
	SM_FUZZ_CHECK(n->kind >= SM_KIND_OTHER && n->kind < SM_KIND_COUNT);
	SM_FUZZ_CHECK(n->trees != NULL);
	for (char **t = n->trees; *t; t++)
		check_line(*t);
	gsize len = strlen(n->upstream);
	SM_FUZZ_CHECK(len == 0 || len == SM_SHA_LEN);
	for (gsize i = 0; i < len; i++)
		SM_FUZZ_CHECK(g_ascii_isxdigit(n->upstream[i]));
	check_line(n->subject);
	check_line(n->patch_subject);
	check_text(n->author);
	check_text(n->warning);
	SM_FUZZ_CHECK(n->series_pos >= 0 && n->series_total >= 0);
	if (n->patch_subject) {
		char *key = sm_subject_key(n->patch_subject);
		check_text(key);
		g_free(key);
	}
}

static gboolean same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* Every field of A is B's: the fast path's mail against GMime's. */
static void check_same(const sm_mail *a, const sm_mail *b)
{
	SM_FUZZ_CHECK(same_text(a->message_id, b->message_id));
	SM_FUZZ_CHECK(same_text(a->in_reply_to, b->in_reply_to));
	SM_FUZZ_CHECK(!a->references == !b->references);
	for (guint i = 0; a->references && (a->references[i] || b->references[i]); i++)
		SM_FUZZ_CHECK(same_text(a->references[i], b->references[i]));
	SM_FUZZ_CHECK(same_text(a->subject, b->subject) && same_text(a->from, b->from));
	SM_FUZZ_CHECK(same_text(a->to, b->to) && same_text(a->cc, b->cc));
	SM_FUZZ_CHECK(same_text(a->reply_to, b->reply_to));
	SM_FUZZ_CHECK(a->date == b->date && same_text(a->date_header, b->date_header));
	SM_FUZZ_CHECK(g_hash_table_size(a->extra) == g_hash_table_size(b->extra));
	GHashTableIter iter;
	gpointer key, value;
	g_hash_table_iter_init(&iter, a->extra);
	while (g_hash_table_iter_next(&iter, &key, &value))
		SM_FUZZ_CHECK(same_text(value, g_hash_table_lookup(b->extra, key)));
	SM_FUZZ_CHECK(a->body_len == b->body_len);
	SM_FUZZ_CHECK(a->body_len == 0 || memcmp(a->body, b->body, a->body_len) == 0);
	SM_FUZZ_CHECK(same_text(a->warning, b->warning));
}

static void one(sm_mail *mail, gsize limit, const sm_trees *trees)
{
	SM_FUZZ_CHECK(mail != NULL);
	check_mail(mail, limit);
	sm_notice *notice = sm_recognise(mail, trees);
	SM_FUZZ_CHECK(notice != NULL);
	check_notice(notice);
	sm_notice_free(notice);
	sm_mail_free(mail);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static sm_trees *trees;
	if (!trees) {
		g_mime_init();
		trees = sm_trees_new_default();
	}
	/* Parsed once (the parse is most of the cost), read twice. */
	static const gsize limits[] = { SM_MAIL_RECOGNISE_LIMIT, 37 };
	sm_mail *mails[G_N_ELEMENTS(limits)];
	sm_mail *reference[G_N_ELEMENTS(limits)];
	sm_mail_parse_limits((const char *)data, size, limits, G_N_ELEMENTS(limits), mails);
	sm_mail_parse_limits_gmime((const char *)data, size, limits, G_N_ELEMENTS(limits),
	                           reference);
	for (gsize i = 0; i < G_N_ELEMENTS(limits); i++) {
		check_same(mails[i], reference[i]);
		sm_mail_free(reference[i]);
		one(mails[i], limits[i], trees);
	}
	return 0;
}
