/* fuzz-recognise.c - mail reading and recognition on arbitrary bytes.
 *
 * Checks more than "no crash": what mail.h and notice.h promise of every
 * result.  Text is valid UTF-8; subjects hold no CR, LF or other control
 * character (they reach the screen and reply headers); a notice always has
 * a tree list; a commit id is empty or 40 hex digits.  Each input is read
 * twice from one parse, the second time with a tiny body cap that cuts
 * through multi-byte characters.
 */
#include <string.h>
#include <gmime/gmime.h>
#include "fuzz.h"
#include "mail/mail.h"
#include "mail/private.h"
#include "recognise/recognise.h"

const char *const sm_fuzz_seeds[] = {
	"fuzz-regressions/recognise", "corpus", "synthetic", NULL
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
	/* Parsed once (GMime's parse is most of the cost), read twice. */
	static const gsize limits[] = { SM_MAIL_RECOGNISE_LIMIT, 37 };
	sm_mail *mails[G_N_ELEMENTS(limits)];
	sm_mail_parse_limits((const char *)data, size, limits, G_N_ELEMENTS(limits), mails);
	for (gsize i = 0; i < G_N_ELEMENTS(limits); i++)
		one(mails[i], limits[i], trees);
	return 0;
}
