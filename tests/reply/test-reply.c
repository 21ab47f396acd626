/* test-reply.c - replies to real corpus notices: headers, addresses,
 * encoding, quoting, the edit form, and hostile parents. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include "reply/reply.h"
#include "reply/private.h"

static const char *const own[] = { "ada@example.org", "ada@kernel.org", NULL };
static const sm_identity ada = { "Ada Maintainer", "ada@example.org", own };
#define NOW 1755600000 /* Tue, 19 Aug 2025 10:40:00 +0000 */

/* On a mismatch, show a unified diff: long messages are unreadable as two
 * strings side by side. */
static void expect_text(const char *actual, const char *expected)
{
	if (strcmp(actual, expected) == 0)
		return;
	char *dir = g_dir_make_tmp("test-reply-XXXXXX", NULL);
	char *a = g_build_filename(dir, "expected", NULL), *b = g_build_filename(dir, "actual", NULL);
	g_file_set_contents(a, expected, -1, NULL);
	g_file_set_contents(b, actual, -1, NULL);
	char *argv[] = { "diff", "-u", a, b, NULL };
	char *out = NULL;
	g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL, NULL, NULL);
	print_error("%s", out ? out : "(no diff)\n");
	g_unlink(a);
	g_unlink(b);
	g_rmdir(dir);
	fail_msg("text differs");
}

static GMimeMessage *corpus(const char *name)
{
	char *path = g_build_filename(SM_TEST_DATA, "corpus", name, NULL);
	GError *error = NULL;
	GMimeMessage *message = sm_reply_read_parent(path, &error);
	if (!message)
		fail_msg("%s", error->message);
	g_free(path);
	return message;
}

/* The reply to PARENT with its quote as the body, as it would be sent. */
static char *reply_to(GMimeMessage *parent)
{
	GError *error = NULL;
	sm_reply *reply = sm_reply_new(parent, &ada, NOW, "test.1@example.org", &error);
	if (!reply)
		fail_msg("%s", error->message);
	char *quote = sm_reply_quote(parent, 8);
	sm_reply_set_body(reply, quote);
	char *text = sm_reply_format(reply);
	g_free(quote);
	sm_reply_free(reply);
	g_object_unref(parent);
	return text;
}

static char *reply_to_raw(const char *raw)
{
	GMimeMessage *parent = sm_reply_parse_parent(raw, strlen(raw));
	assert_non_null(parent);
	return reply_to(parent);
}

/* The header block of MESSAGE, unfolded into one line per header. */
static char *headers_of(const char *message)
{
	const char *end = strstr(message, "\n\n");
	char *block = g_strndup(message, end ? (gsize)(end - message) : strlen(message));
	GRegex *fold = g_regex_new("\n[ \t]+", 0, 0, NULL);
	char *unfolded = g_regex_replace_literal(fold, block, -1, 0, " ", 0, NULL);
	g_regex_unref(fold);
	g_free(block);
	return unfolded;
}

static void test_review_patch(void **state)
{
	(void)state;
	char *text = reply_to(corpus("008.eml"));
	expect_text(text,
		"From: Ada Maintainer <ada@example.org>\n"
		"To: Greg Kroah-Hartman <gregkh@linuxfoundation.org>, stable@vger.kernel.org\n"
		"Cc: patches@lists.linux.dev, Lifeng Zheng <zhenglifeng1@huawei.com>,\n"
		"\tChanwoo Choi <cw00.choi@samsung.com>, Sasha Levin <sashal@kernel.org>\n"
		"Subject: Re: [PATCH 6.12 113/444] PM / devfreq: governor: Replace sscanf()\n"
		" with kstrtoul() in set_freq_store()\n"
		"Date: Tue, 19 Aug 2025 10:40:00 +0000\n"
		"Message-Id: <test.1@example.org>\n"
		"In-Reply-To: <20250818124453.167067654@linuxfoundation.org>\n"
		"References: <20250818124448.879659024@linuxfoundation.org>\n"
		"\t<20250818124453.167067654@linuxfoundation.org>\n"
		"User-Agent: stablemate/" PACKAGE_VERSION "\n"
		"MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=utf-8\n"
		"Content-Transfer-Encoding: 7bit\n"
		"\n"
		"On Mon, 18 Aug 2025 14:42:19 +0200, Greg Kroah-Hartman wrote:\n"
		"> 6.12-stable review patch.  If anyone has any objections, please let me know.\n"
		">\n"
		"> ------------------\n"
		">\n"
		"> From: Lifeng Zheng <zhenglifeng1@huawei.com>\n"
		">\n"
		"> [ Upstream commit 914cc799b28f17d369d5b4db3b941957d18157e8 ]\n"
		"> [...]\n");
	g_free(text);
}

static void test_autosel(void **state)
{
	(void)state;
	char *text = reply_to(corpus("006.eml"));
	char *headers = headers_of(text);
	expect_text(headers,
		"From: Ada Maintainer <ada@example.org>\n"
		"To: Sasha Levin <sashal@kernel.org>, patches@lists.linux.dev, stable@vger.kernel.org\n"
		"Cc: Lifeng Zheng <zhenglifeng1@huawei.com>, Chanwoo Choi <cw00.choi@samsung.com>,"
		" myungjoo.ham@samsung.com, kyungmin.park@samsung.com, linux-pm@vger.kernel.org\n"
		"Subject: Re: [PATCH AUTOSEL 5.15 12/44] PM / devfreq: governor: Replace"
		" sscanf() with kstrtoul() in set_freq_store()\n"
		"Date: Tue, 19 Aug 2025 10:40:00 +0000\n"
		"Message-Id: <test.1@example.org>\n"
		"In-Reply-To: <20250804003849.3627024-12-sashal@kernel.org>\n"
		"References: <20250804003849.3627024-1-sashal@kernel.org>"
		" <20250804003849.3627024-12-sashal@kernel.org>\n"
		"User-Agent: stablemate/" PACKAGE_VERSION "\n"
		"MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=utf-8\n"
		"Content-Transfer-Encoding: 7bit");
	assert_non_null(strstr(text, "\n\nOn Sun, 3 Aug 2025 20:38:17 -0400, Sasha Levin wrote:\n"
	                             "> From: Lifeng Zheng <zhenglifeng1@huawei.com>\n>\n"
	                             "> [ Upstream commit 914cc799b28f17d369d5b4db3b941957d18157e8 ]\n"));
	g_free(headers);
	g_free(text);
}

/* Greg's added notes come from a bare address and go to the patch's
 * people, with stable-commits and stable in Cc. */
static void test_added_note(void **state)
{
	(void)state;
	char *text = reply_to(corpus("043.eml"));
	char *headers = headers_of(text);
	assert_non_null(strstr(headers,
		"\nTo: gregkh@linuxfoundation.org, andi.shyti@linux.intel.com,"
		" christian.koenig@amd.com, ckoenig.leichtzumerken@gmail.com,"
		" dri-devel@lists.freedesktop.org, nirmoy.das@intel.com,"
		" thomas.hellstrom@linux.intel.com\n"
		"Cc: stable-commits@vger.kernel.org, stable@vger.kernel.org\n"
		"Subject: Re: Patch \"drm/ttm: Don't leak a resource on swapout move error\""
		" has been added to the 6.1-stable tree\n"));
	assert_non_null(strstr(headers, "\nIn-Reply-To: <2023072131-barricade-backwash-96aa@gregkh>\n"
	                                "References: <2023072131-barricade-backwash-96aa@gregkh>\n"));
	assert_non_null(strstr(text, "\n\nOn Fri, 21 Jul 2023 09:40:32 +0200,"
	                             " gregkh@linuxfoundation.org wrote:\n"
	                             "> This is a note to let you know that I've just added the patch titled\n"));
	g_free(headers);
	g_free(text);
}

#define PARENT(headers) \
	headers "Subject: [PATCH AUTOSEL 6.6 1/2] x\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n" \
	"Message-ID: <p@x>\n\nhi\n"

static void expect_recipients(const char *raw, const char *expected)
{
	char *text = reply_to_raw(raw);
	char *headers = headers_of(text);
	char **lines = g_strsplit(headers, "\n", -1);
	GString *got = g_string_new(NULL);
	for (char **l = lines; *l; l++)
		if (g_str_has_prefix(*l, "To:") || g_str_has_prefix(*l, "Cc:"))
			g_string_append_printf(got, "%s\n", *l);
	expect_text(got->str, expected);
	g_string_free(got, TRUE);
	g_strfreev(lines);
	g_free(headers);
	g_free(text);
}

static void test_reply_all_sets(void **state)
{
	(void)state;
	/* Reply-To replaces From; the user's addresses go, in any case. */
	expect_recipients(PARENT("From: Sasha <sashal@kernel.org>\nReply-To: Bot <bot@x.org>\n"
	                         "To: stable@vger.kernel.org, Ada <ADA@Kernel.org>, lkml@x.org\n"
	                         "Cc: Ada <ada@example.org>, LKML@X.org, Sasha <sashal@kernel.org>\n"),
	                  "To: Bot <bot@x.org>, stable@vger.kernel.org, lkml@x.org\n"
	                  "Cc: Sasha <sashal@kernel.org>\n");
	/* A list's Reply-To that repeats a recipient is ignored (notmuch). */
	expect_recipients(PARENT("From: Sasha <sashal@kernel.org>\nReply-To: stable@vger.kernel.org\n"
	                         "To: stable@vger.kernel.org\n"),
	                  "To: Sasha <sashal@kernel.org>, stable@vger.kernel.org\n");
	/* stable is always kept, even when the parent did not have it. */
	expect_recipients(PARENT("From: Greg <greg@kroah.com>\nTo: dev@x.org\n"),
	                  "To: Greg <greg@kroah.com>, dev@x.org\nCc: stable@vger.kernel.org\n");
	/* Replying to one's own mail: the remaining Cc moves up to To. */
	expect_recipients(PARENT("From: Ada <ada@example.org>\nTo: ada@kernel.org\n"
	                         "Cc: stable@vger.kernel.org, lkml@x.org\n"),
	                  "To: stable@vger.kernel.org\nCc: lkml@x.org\n");
	/* Groups are flattened; an empty one adds nothing. */
	expect_recipients(PARENT("From: greg@kroah.com\nTo: undisclosed-recipients:;\n"
	                         "Cc: team: a@x.org, b@x.org;\n"),
	                  "To: greg@kroah.com\nCc: a@x.org, b@x.org, stable@vger.kernel.org\n");
}

/* Non-ASCII names and subjects leave as RFC 2047 UTF-8 words, the body as
 * 8-bit UTF-8; read back, they are what was written. */
static void test_encoding(void **state)
{
	(void)state;
	char *text = reply_to_raw(
		"From: =?iso-8859-1?q?J=F6rg_B=E4r?= <joerg@x.org>\n"
		"To: stable@vger.kernel.org\n"
		"Subject: =?utf-8?b?W1BBVENIIDYuNl0gZml4IGTDqWrDoCB2dQ==?=\n"
		"Date: Mon, 1 Jan 2024 00:00:00 +0000\nMessage-ID: <p@x>\n"
		"MIME-Version: 1.0\nContent-Type: text/plain; charset=iso-8859-1\n"
		"Content-Transfer-Encoding: 8bit\n\nGr\xfc\xdf" "e\n");
	char *headers = headers_of(text);
	assert_non_null(strstr(headers, "\nTo: =?UTF-8?b?SsO2cmcgQsOkcg==?= <joerg@x.org>,"
	                                " stable@vger.kernel.org\n"));
	assert_non_null(strstr(headers, "\nSubject: Re: [PATCH 6.6] fix =?UTF-8?B?ZMOpasOg?= vu\n"));
	assert_non_null(strstr(headers, "\nContent-Type: text/plain; charset=utf-8\n"
	                                "Content-Transfer-Encoding: 8bit"));
	assert_non_null(strstr(text, "\n\nOn Mon, 1 Jan 2024 00:00:00 +0000, J\xc3\xb6rg B\xc3\xa4r"
	                             " wrote:\n> Gr\xc3\xbc\xc3\x9f" "e\n"));

	GMimeMessage *back = sm_reply_parse_parent(text, strlen(text));
	assert_string_equal(g_mime_message_get_subject(back), "Re: [PATCH 6.6] fix d\xc3\xa9j\xc3\xa0 vu");
	InternetAddress *to = internet_address_list_get_address(g_mime_message_get_to(back), 0);
	assert_string_equal(internet_address_get_name(to), "J\xc3\xb6rg B\xc3\xa4r");
	g_object_unref(back);
	g_free(headers);
	g_free(text);
}

/* Encoded CR/LF in names and subjects, bad ids and addresses: nothing may
 * become a header of its own. */
static void test_injection(void **state)
{
	(void)state;
	char *text = reply_to_raw(
		"From: =?utf-8?q?Mallory=0D=0ABcc=3A_victim=40example.com?= <mallory@example.com>\n"
		"To: stable@vger.kernel.org, =?utf-8?q?x=0ATo=3A_a=40b?= <x@example.com>\n"
		"Cc: \"bad address\" <a b@c>, <c@d>\n"
		"Subject: =?utf-8?q?[PATCH]_x=0D=0ABcc:_victim@example.com=0AX-Evil:_1=1B[2J?=\n"
		"Date: Mon, 1 Jan 2024 00:00:00 +0000\r\nX-Injected: no\n"
		"Message-ID: <hostile@example.com>\n"
		"References: <ok@x> <bad\x01id@x> <a>b@x>\n\nbody \x1b[31mred\n");
	char *headers = headers_of(text);
	char **lines = g_strsplit(headers, "\n", -1);
	static const char *const allowed[] = {
		"From", "To", "Cc", "Subject", "Date", "Message-Id", "In-Reply-To", "References",
		"User-Agent", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", NULL
	};
	for (char **l = lines; *l; l++) {
		char *name = g_strndup(*l, strcspn(*l, ":"));
		if (!g_strv_contains(allowed, name))
			fail_msg("unexpected header line: %s", *l);
		g_free(name);
	}
	assert_int_equal(g_strv_length(lines), 12);

	GMimeMessage *back = sm_reply_parse_parent(text, strlen(text));
	assert_string_equal(g_mime_message_get_subject(back),
	                    "Re: [PATCH] x Bcc: victim@example.com X-Evil: 1 [2J");
	char *to = internet_address_list_to_string(g_mime_message_get_to(back), NULL, FALSE);
	assert_string_equal(to, "\"Mallory Bcc: victim@example.com\" <mallory@example.com>, "
	                        "stable@vger.kernel.org, \"x To: a@b\" <x@example.com>");
	char *cc = internet_address_list_to_string(g_mime_message_get_cc(back), NULL, FALSE);
	assert_string_equal(cc, "c@d");
	assert_null(g_mime_message_get_bcc(back) ? internet_address_list_get_address(
		g_mime_message_get_bcc(back), 0) : NULL);
	assert_string_equal(g_mime_object_get_header(GMIME_OBJECT(back), "References"),
	                    "<ok@x> <hostile@example.com>");
	/* Terminal escapes from the body do not reach the quote either. */
	assert_non_null(strstr(text, "\n> body  [31mred\n"));
	g_free(to);
	g_free(cc);
	g_object_unref(back);
	g_strfreev(lines);
	g_free(headers);
	g_free(text);
}

/* "Re: " once, whatever prefixes the parent's client wrote (mutt's
 * reply_regexp); a forward's "Fwd:" and words that only begin like a
 * prefix stay. */
static void test_subject(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "[PATCH 6.6 1/2] x", "Re: [PATCH 6.6 1/2] x" },
		{ "Re: [PATCH 6.6 1/2] x", "Re: [PATCH 6.6 1/2] x" },
		{ "RE: [PATCH 6.6 1/2] x", "Re: [PATCH 6.6 1/2] x" },
		{ "re:[PATCH 6.6 1/2] x", "Re: [PATCH 6.6 1/2] x" },
		{ "Re: Re: RE: x", "Re: x" },
		{ "Re[2]: x", "Re: x" },
		{ "Re(3): Re: x", "Re: x" },
		{ "AW: Re: [PATCH 5.4] x", "Re: [PATCH 5.4] x" },
		{ "SV: Antw: Odp: x", "Re: x" },
		{ "Fwd: Re: x", "Re: Fwd: Re: x" },
		{ "Re: Fwd: x", "Re: Fwd: x" },
		{ "Regression in 6.6.2", "Re: Regression in 6.6.2" },
		{ "Re[x]: y", "Re: Re[x]: y" },
		{ "Re:", "Re:" },
		{ "", "Re:" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *raw = g_strdup_printf("From: a@b.org\nTo: stable@vger.kernel.org\nSubject: %s\n"
		                            "Message-ID: <s%zu@b.org>\n\nx\n", cases[i][0], i);
		GMimeMessage *parent = sm_reply_parse_parent(raw, strlen(raw));
		sm_reply *reply = sm_reply_new(parent, &ada, NOW, "test.1@example.org", NULL);
		assert_non_null(reply);
		if (strcmp(reply->subject, cases[i][1]) != 0)
			fail_msg("\"%s\": \"%s\", not \"%s\"", cases[i][0], reply->subject, cases[i][1]);
		sm_reply_free(reply);
		g_object_unref(parent);
		g_free(raw);
	}
}

static void test_no_message_id(void **state)
{
	(void)state;
	const char *raw = "From: a@b\nTo: stable@vger.kernel.org\nSubject: x\nMessage-ID: <a b>\n\nx\n";
	GMimeMessage *parent = sm_reply_parse_parent(raw, strlen(raw));
	GError *error = NULL;
	assert_null(sm_reply_new(parent, &ada, NOW, NULL, &error));
	assert_string_equal(error->message, "the message has no usable Message-ID to reply to");
	g_error_free(error);
	g_object_unref(parent);
}

/* Every line of MESSAGE's header block within RFC 5322's 998 characters. */
static void expect_short_lines(const char *message)
{
	const char *end = strstr(message, "\n\n");
	for (const char *line = message; line < end;) {
		const char *nl = strchr(line, '\n');
		assert_in_range(nl - line, 0, 998);
		line = nl + 1;
	}
}

/* A parent with 20,000 references: the reply keeps the first (the thread's
 * root) and the newest ones, the parent last, within a header that a
 * mail server takes. */
static void test_many_references(void **state)
{
	(void)state;
	GString *raw = g_string_new("From: a@b.org\nTo: stable@vger.kernel.org\nSubject: x\n"
	                            "Message-ID: <parent@b.org>\nReferences:");
	for (int i = 0; i < 20000; i++)
		g_string_append_printf(raw, " <ref.%d.abcdefghijkl@example.com>", i);
	g_string_append(raw, "\n\nx\n");
	char *text = reply_to_raw(raw->str);
	char *headers = headers_of(text);
	char *refs = strstr(headers, "\nReferences: ");
	assert_non_null(refs);
	refs += strlen("\nReferences: ");
	char *refs_end = strchr(refs, '\n');
	assert_in_range(refs_end - refs, 500, 2000);
	assert_true(g_str_has_prefix(refs, "<ref.0.abcdefghijkl@example.com> <ref."));
	char *line = g_strndup(refs, refs_end - refs);
	assert_true(g_str_has_suffix(line, " <ref.19999.abcdefghijkl@example.com> <parent@b.org>"));
	expect_short_lines(text);
	g_free(line);
	g_free(headers);
	g_free(text);
	g_string_free(raw, TRUE);
}

/* A Message-ID that no header line can hold: no reply to it (threading
 * would break either way); an overlong reference is left out. */
static void test_overlong_ids(void **state)
{
	(void)state;
	char *huge = g_strnfill(5000, 'x');
	char *raw = g_strdup_printf("From: a@b.org\nTo: stable@vger.kernel.org\nSubject: x\n"
	                            "Message-ID: <%s@b.org>\n\nx\n", huge);
	GMimeMessage *parent = sm_reply_parse_parent(raw, strlen(raw));
	GError *error = NULL;
	assert_null(sm_reply_new(parent, &ada, NOW, NULL, &error));
	assert_string_equal(error->message, "the message's Message-ID is 5006 characters long,"
	                    " too long for a header line (at most 900): it cannot be answered");
	g_error_free(error);
	g_object_unref(parent);
	g_free(raw);
	raw = g_strdup_printf("From: a@b.org\nTo: stable@vger.kernel.org\nSubject: x\n"
	                      "Message-ID: <p@b.org>\nReferences: <root@b.org> <%s@b.org> <q@b.org>\n\nx\n",
	                      huge);
	char *text = reply_to_raw(raw);
	char *headers = headers_of(text);
	assert_non_null(strstr(headers, "\nReferences: <root@b.org> <q@b.org> <p@b.org>\n"));
	expect_short_lines(text);
	g_free(headers);
	g_free(text);
	g_free(raw);
	g_free(huge);
}

static void test_new_message_id(void **state)
{
	(void)state;
	GMimeMessage *parent = corpus("008.eml");
	sm_reply *a = sm_reply_new(parent, &ada, NOW, NULL, NULL);
	sm_reply *b = sm_reply_new(parent, &ada, NOW, NULL, NULL);
	assert_true(g_str_has_suffix(a->message_id, "@example.org"));
	assert_string_not_equal(a->message_id, b->message_id);
	sm_reply_free(a);
	sm_reply_free(b);
	g_object_unref(parent);
}

static void test_quote(void **state)
{
	(void)state;
	const char *raw = PARENT("From: Sasha Levin <sashal@kernel.org>\nTo: stable@vger.kernel.org\n");
	GMimeMessage *parent = sm_reply_parse_parent(raw, strlen(raw));
	char *quote = sm_reply_quote(parent, 8);
	expect_text(quote, "On Mon, 1 Jan 2024 00:00:00 +0000, Sasha Levin wrote:\n> hi\n");
	g_free(quote);
	g_object_unref(parent);

	/* The date as RFC 5322 writes it, in the sender's offset; no date
	 * from a header that is none. */
	static const char *const dates[][2] = {
		{ "Sun,  3 Aug 2025 20:38:17 -0400 (EDT)", "On Sun, 3 Aug 2025 20:38:17 -0400, x@y wrote:\n" },
		{ "18 Aug 2025 14:42:19 GMT", "On Mon, 18 Aug 2025 14:42:19 +0000, x@y wrote:\n" },
		{ "Tue, 31 Dec 2024 23:59:59 +0530", "On Tue, 31 Dec 2024 23:59:59 +0530, x@y wrote:\n" },
		{ "next Tuesday, I think", "x@y wrote:\n" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(dates); i++) {
		char *dated = g_strdup_printf("From: x@y\nDate: %s\nMessage-ID: <d@x>\n\n", dates[i][0]);
		parent = sm_reply_parse_parent(dated, strlen(dated));
		quote = sm_reply_quote(parent, 8);
		expect_text(quote, dates[i][1]);
		g_free(quote);
		g_object_unref(parent);
		g_free(dated);
	}

	const char *patch = "From: x@y\nMessage-ID: <p@x>\n\n\n\nline 1\n\nline 2\n---\n diff\n";
	parent = sm_reply_parse_parent(patch, strlen(patch));
	quote = sm_reply_quote(parent, 8);
	expect_text(quote, "x@y wrote:\n> line 1\n>\n> line 2\n> [...]\n");
	g_free(quote);
	quote = sm_reply_quote(parent, 1);
	expect_text(quote, "x@y wrote:\n> line 1\n> [...]\n");
	g_free(quote);
	g_object_unref(parent);
}

static sm_reply *edit_fixture(void)
{
	GMimeMessage *parent = corpus("008.eml");
	sm_reply *reply = sm_reply_new(parent, &ada, NOW, "test.1@example.org", NULL);
	sm_reply_set_body(reply, "Acked-by: Ada Maintainer <ada@example.org>");
	g_object_unref(parent);
	return reply;
}

static void test_edit_text(void **state)
{
	(void)state;
	sm_reply *reply = edit_fixture();
	char *text = sm_reply_edit_text(reply);
	expect_text(text,
		"From: Ada Maintainer <ada@example.org>\n"
		"To: Greg Kroah-Hartman <gregkh@linuxfoundation.org>,\n"
		"    stable@vger.kernel.org\n"
		"Cc: patches@lists.linux.dev,\n"
		"    Lifeng Zheng <zhenglifeng1@huawei.com>,\n"
		"    Chanwoo Choi <cw00.choi@samsung.com>,\n"
		"    Sasha Levin <sashal@kernel.org>\n"
		"Subject: Re: [PATCH 6.12 113/444] PM / devfreq: governor: Replace sscanf()"
		" with kstrtoul() in set_freq_store()\n"
		"\n"
		"Acked-by: Ada Maintainer <ada@example.org>\n");
	/* What the user writes comes back; threading is kept. */
	GError *error = NULL;
	assert_true(sm_reply_parse_edit_text(reply,
		"from: Ada <ada@example.org>\nTo: Zoë <zoe@x.org>,\n  stable@vger.kernel.org, ZOE@x.org\n"
		"Cc: Stable <stable@VGER.kernel.org>\nSubject: Re: shorter\r\n\r\nNAK.\n", &error));
	char *message = sm_reply_format(reply);
	char *headers = headers_of(message);
	assert_non_null(strstr(headers, "From: Ada <ada@example.org>\n"
	                                "To: =?UTF-8?b?Wm/Dqw==?= <zoe@x.org>, stable@vger.kernel.org\n"
	                                "Subject: Re: shorter\n"));
	assert_non_null(strstr(headers, "\nIn-Reply-To: <20250818124453.167067654@linuxfoundation.org>\n"));
	assert_true(g_str_has_suffix(message, "\n\nNAK.\n"));
	g_free(headers);
	g_free(message);
	g_free(text);
	sm_reply_free(reply);
}

/* Deleting the Cc line in the editor means no Cc, not an error. */
static void test_edit_no_cc_line(void **state)
{
	(void)state;
	sm_reply *reply = edit_fixture();
	GError *error = NULL;
	assert_true(sm_reply_parse_edit_text(reply, "From: Ada <ada@example.org>\n"
	                                     "To: Greg <greg@kroah.com>\nSubject: Re: x\n\nNAK.\n",
	                                     &error));
	assert_int_equal(internet_address_list_length(reply->cc), 0);
	char *message = sm_reply_format(reply);
	char *headers = headers_of(message);
	assert_non_null(strstr(headers, "\nTo: Greg <greg@kroah.com>\nSubject: Re: x\n"));
	assert_null(strstr(headers, "\nCc:"));
	g_free(headers);
	g_free(message);
	sm_reply_free(reply);
}

static void expect_edit_error(const char *text, const char *message)
{
	sm_reply *reply = edit_fixture();
	char *before = sm_reply_format(reply);
	GError *error = NULL;
	assert_false(sm_reply_parse_edit_text(reply, text, &error));
	assert_string_equal(error->message, message);
	char *after = sm_reply_format(reply);
	assert_string_equal(after, before);
	g_free(before);
	g_free(after);
	g_error_free(error);
	sm_reply_free(reply);
}

static void test_edit_errors(void **state)
{
	(void)state;
	expect_edit_error("From: a@b\nTo: c@d\nCc:\nSubject: x\n",
	                  "no blank line between the headers and the text");
	expect_edit_error("From: a@b\nTo: c@d\nCc:\nSubject: x\nbody\n",
	                  "line 5: \"body\" is not a header line"
	                  " (a blank line must separate the headers from the text)");
	expect_edit_error("From: a@b\nBcc: c@d\nTo: c@d\nCc:\nSubject: x\n\nbody\n",
	                  "line 2: unknown header \"Bcc\" (only From, To, Cc and Subject can be edited)");
	expect_edit_error("From: a@b\nTo: c@d\nTo: e@f\nCc:\nSubject: x\n\nbody\n",
	                  "line 3: the To header appears twice");
	expect_edit_error("From: a@b\nTo:\nCc:\nSubject: x\n\nbody\n",
	                  "there is no recipient (To and Cc are empty)");
	expect_edit_error("From: a@b\nTo: c@d\nCc:\nSubject: x\n\n \n\n",
	                  "the message text is empty");
	expect_edit_error("From: a@b\nTo: c@d\nCc:\n\nbody\n", "the Subject header is missing");
	expect_edit_error("From: a@b, c@d\nTo: c@d\nCc:\nSubject: x\n\nbody\n",
	                  "line 1: From must name exactly one address");
	expect_edit_error("From: a@b\nTo: c@d\nCc: nobody\nSubject: x\n\nbody\n",
	                  "line 3: not a mail address: \"nobody\"");
	expect_edit_error(" x\nFrom: a@b\n\nbody\n", "line 1: continuation line before any header");
}

static void test_one_line(void **state)
{
	(void)state;
	char *s = sm_one_line("  a\r\n\tb\x1b[0m \xe2\x80\xa8 c\xff  ");
	assert_string_equal(s, "a b [0m c\xef\xbf\xbd");
	g_free(s);
	s = sm_one_line(NULL);
	assert_string_equal(s, "");
	g_free(s);
}

int main(void)
{
	g_setenv("TZ", "UTC", TRUE);
	g_mime_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_review_patch),
		cmocka_unit_test(test_autosel),
		cmocka_unit_test(test_added_note),
		cmocka_unit_test(test_reply_all_sets),
		cmocka_unit_test(test_encoding),
		cmocka_unit_test(test_injection),
		cmocka_unit_test(test_subject),
		cmocka_unit_test(test_no_message_id),
		cmocka_unit_test(test_new_message_id),
		cmocka_unit_test(test_many_references),
		cmocka_unit_test(test_overlong_ids),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_edit_text),
		cmocka_unit_test(test_edit_no_cc_line),
		cmocka_unit_test(test_edit_errors),
		cmocka_unit_test(test_one_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
