/* test-recognise.c - recognition against real and synthetic mail.
 *
 * Every row of tests/corpus/labels.tsv (real stable-list mail, labelled by
 * hand) is one test: kind, trees, upstream, patch subject, message-id and
 * in-reply-to must match exactly.  What a message cannot tell on its own
 * is listed in corpus_exceptions[] with the reason; the grouping tests
 * check those fields through the parent message.
 *
 * tests/synthetic/labels.tsv covers what the corpus lacks (modern review
 * covers, releases, Sasha's added notes, range AUTOSELs across ends of
 * life, encodings, hostile and broken mail), with more columns.  A "*"
 * cell there is not checked; an empty one must be empty.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <setjmp.h>
#include <cmocka.h>
#include <gmime/gmime.h>
#include "recognise/recognise.h"
#include "mail/private.h"
#include "recognise/private.h"
#include "testlib.h"

static sm_trees *trees;

static const struct {
	const char *file, *field, *reason;
} corpus_exceptions[] = {
	{ "080.eml", "upstream",
	  "the backport names no upstream commit anywhere; only the FAILED notice it "
	  "answers (081, its In-Reply-To) does" },
};

static const char *exception_for(const char *file, const char *field)
{
	for (gsize i = 0; i < G_N_ELEMENTS(corpus_exceptions); i++)
		if (!strcmp(corpus_exceptions[i].file, file) && !strcmp(corpus_exceptions[i].field, field))
			return corpus_exceptions[i].reason;
	return NULL;
}

static const char *str_or_empty(const char *s)
{
	return s ? s : "";
}

/* Compare one field; an excepted field must still be wrong, or its
 * exception has become a lie. */
static void expect_field(GString *errors, const char *file, const char *field,
                         const char *want, const char *got, gboolean excepted)
{
	gboolean same = strcmp(want, got) == 0;
	if (excepted && same)
		g_string_append_printf(errors, "%s: %s: listed as an exception but now recognised "
		                       "(\"%s\"): remove the exception\n", file, field, got);
	else if (!excepted && !same)
		g_string_append_printf(errors, "%s: %s: expected \"%s\", got \"%s\"\n",
		                       file, field, want, got);
}

static sm_notice *recognise_file(const char *dir, const char *file)
{
	char *rel = g_build_filename(dir, file, NULL);
	sm_mail *mail = sm_test_mail(rel);
	sm_notice *notice = sm_recognise(mail, trees);
	notice->filename = rel;
	sm_mail_free(mail);
	return notice;
}

static void check_corpus_row(void **state)
{
	GHashTable *row = *state;
	const char *file = sm_test_label(row, "file");
	sm_notice *n = recognise_file("corpus", file);
	GString *errors = g_string_new(NULL);

	const char *label_kind = sm_test_label(row, "kind");
	if (!sm_test_kind_matches(label_kind, n->subject, n->kind))
		g_string_append_printf(errors, "%s: kind: labelled %s, got %s\n", file, label_kind,
		                       sm_kind_name(n->kind));
	char *want_trees = sm_test_tree_set(sm_test_label(row, "stable_versions"), NULL);
	char *got_trees = sm_test_tree_set(NULL, n->trees);
	char *want_id = sm_test_bare_id(sm_test_label(row, "message_id"));
	char *want_irt = sm_test_bare_id(sm_test_label(row, "in_reply_to"));
	struct { const char *field, *want, *got; } fields[] = {
		{ "trees", want_trees, got_trees },
		{ "upstream", sm_test_label(row, "upstream_sha"), n->upstream },
		{ "patch_subject", sm_test_label(row, "patch_subject"), str_or_empty(n->patch_subject) },
		{ "message_id", want_id, str_or_empty(n->message_id) },
		{ "in_reply_to", want_irt, str_or_empty(n->in_reply_to) },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(fields); i++)
		expect_field(errors, file, fields[i].field, fields[i].want, fields[i].got,
		             exception_for(file, fields[i].field) != NULL);
	g_free(want_trees);
	g_free(got_trees);
	g_free(want_id);
	g_free(want_irt);
	sm_notice_free(n);
	if (errors->len)
		fail_msg("%s", errors->str);
	g_string_free(errors, TRUE);
}

/* "2024-03-06T21:15:26Z", or "" for 0. */
static char *format_utc(gint64 t)
{
	if (!t)
		return g_strdup("");
	GDateTime *dt = g_date_time_new_from_unix_utc(t);
	char *s = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
	g_date_time_unref(dt);
	return s;
}

static const char *signal_name(sm_signal s)
{
	return str_or_empty(sm_signal_name(s));
}

/* A row of tests/synthetic/labels.tsv or tests/human/labels.tsv (real
 * mail of the human classes of issue 11, each row naming its archive and
 * Message-ID in "source").  A "*" cell, or a column the table does not
 * have, is not checked; an empty cell must be empty. */
static void check_labelled_row(GHashTable *row, const char *dir)
{
	const char *file = sm_test_label(row, "file");
	sm_notice *n = recognise_file(dir, file);
	GString *errors = g_string_new(NULL);

	char *got_trees = sm_test_tree_set(NULL, n->trees);
	char *want_trees = sm_test_tree_set(sm_test_label(row, "trees"), NULL);
	char *series = n->series_total ? g_strdup_printf("%d/%d", n->series_pos, n->series_total)
	                               : g_strdup("");
	char *deadline = format_utc(n->deadline);
	struct { const char *field, *got; } fields[] = {
		{ "kind", sm_kind_name(n->kind) },
		{ "trees", got_trees },
		{ "upstream", n->upstream },
		{ "patch_subject", str_or_empty(n->patch_subject) },
		{ "message_id", str_or_empty(n->message_id) },
		{ "in_reply_to", str_or_empty(n->in_reply_to) },
		{ "release", str_or_empty(n->release) },
		{ "deadline", deadline },
		{ "author", str_or_empty(n->author) },
		{ "base", str_or_empty(n->base) },
		{ "signal", signal_name(n->signal) },
		{ "series", series },
		{ "subject", n->subject },
		{ "evidence", str_or_empty(n->evidence) },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(fields); i++) {
		const char *want = g_hash_table_lookup(row, fields[i].field);
		if (!want || !strcmp(want, "*"))
			continue;
		if (!strcmp(fields[i].field, "trees"))
			want = want_trees;
		expect_field(errors, file, fields[i].field, want, fields[i].got, FALSE);
	}
	/* The warning column names a part of the expected warning. */
	const char *warning = g_hash_table_lookup(row, "warning");
	if (warning && strcmp(warning, "*") != 0) {
		if (!*warning && n->warning)
			g_string_append_printf(errors, "%s: warning: expected none, got \"%s\"\n", file,
			                       n->warning);
		else if (*warning && (!n->warning || !strstr(n->warning, warning)))
			g_string_append_printf(errors, "%s: warning: expected \"%s\", got \"%s\"\n", file,
			                       warning, str_or_empty(n->warning));
	}
	/* Real mail names its source: it must be this message. */
	const char *source = g_hash_table_lookup(row, "source");
	char *id = g_strdup_printf("<%s>", str_or_empty(n->message_id));
	if (source && !strstr(source, id))
		g_string_append_printf(errors, "%s: source does not name %s\n", file, id);
	g_free(id);
	if (strchr(n->subject, '\n') || strchr(n->subject, '\r'))
		g_string_append_printf(errors, "%s: subject keeps a line break\n", file);
	const char *texts[] = { n->subject, n->patch_subject, n->author, n->from };
	for (gsize i = 0; i < G_N_ELEMENTS(texts); i++)
		if (texts[i] && !g_utf8_validate(texts[i], -1, NULL))
			g_string_append_printf(errors, "%s: invalid UTF-8 in \"%s\"\n", file, texts[i]);
	g_free(got_trees);
	g_free(want_trees);
	g_free(series);
	g_free(deadline);
	sm_notice_free(n);
	if (errors->len)
		fail_msg("%s", errors->str);
	g_string_free(errors, TRUE);
}

static void check_synthetic_row(void **state)
{
	check_labelled_row(*state, "synthetic");
}

static void check_human_row(void **state)
{
	check_labelled_row(*state, "human");
}

/* What labels.tsv has no column for, read off the corpus notes: reply
 * signals, covers' releases and deadlines, AUTOSEL bases, authors. */
static void corpus_details(void **state)
{
	(void)state;
	static const struct { const char *file, *field, *want; } details[] = {
		{ "038.eml", "signal", "dropped" },  /* "Ack, thanks!" to a drop request */
		{ "044.eml", "signal", "dropped" },  /* "so I'll drop them" */
		{ "055.eml", "signal", "queued" },   /* "queued for 4.14" */
		{ "066.eml", "signal", "dropped" },  /* "I'll drop it then, thanks!" */
		{ "071.eml", "signal", "dropped" },  /* "Dropped, thanks!" */
		{ "083.eml", "signal", "queued" },   /* "Now queued up, thanks." */
		{ "101.eml", "signal", "dropped" },  /* "I'll drop it, thanks!" */
		{ "111.eml", "signal", "dropped" },  /* "Now dropped, thanks." */
		{ "112.eml", "signal", "dropped" },
		{ "121.eml", "signal", "queued" },   /* "All now queued up, thanks." */
		{ "021.eml", "signal", "approval" }, /* Tested-by */
		{ "035.eml", "signal", "" },         /* "you have even said you have dropped" */
		{ "064.eml", "signal", "drop-request" }, /* "Please drop from all AUTOSEL trees." */
		{ "100.eml", "signal", "drop-request" }, /* "I wouldn't backport this" */
		{ "029.eml", "signal", "" },
		{ "023.eml", "release", "3.16.73" },
		{ "023.eml", "deadline", "2019-08-19T20:00:00Z" },
		{ "024.eml", "release", "5.4.131" },
		{ "024.eml", "deadline", "2021-07-11T13:14:09Z" },
		{ "095.eml", "release", "4.14.134" },
		{ "095.eml", "deadline", "2019-07-20T02:59:27Z" },
		{ "072.eml", "release", "5.13.1" },
		{ "006.eml", "base", "Linux 5.15.189" },
		{ "007.eml", "base", "Linux 6.16" },
		{ "006.eml", "series", "12/44" },
		{ "130.eml", "series", "49/51" },
		{ "006.eml", "author", "Lifeng Zheng <zhenglifeng1@huawei.com>" },
		{ "043.eml", "author", "Thomas Hellstr\u00f6m <thomas.hellstrom@linux.intel.com>" },
		{ "054.eml", "author", "Maor Gottlieb <maorg@nvidia.com>" },
		{ "080.eml", "author", "Gao Xiang <hsiangkao@linux.alibaba.com>" }, /* no in-body From */
		{ "029.eml", "author", "Jens Axboe <axboe@kernel.dk>" },
		{ "121.eml", "author", "" }, /* the quoted From: is the other patch's */
	};
	GString *errors = g_string_new(NULL);
	for (gsize i = 0; i < G_N_ELEMENTS(details); i++) {
		sm_notice *n = recognise_file("corpus", details[i].file);
		const char *field = details[i].field;
		char *got = !strcmp(field, "signal") ? g_strdup(signal_name(n->signal))
		            : !strcmp(field, "release") ? g_strdup(str_or_empty(n->release))
		            : !strcmp(field, "deadline") ? format_utc(n->deadline)
		            : !strcmp(field, "base") ? g_strdup(str_or_empty(n->base))
		            : !strcmp(field, "author") ? g_strdup(str_or_empty(n->author))
		            : g_strdup_printf("%d/%d", n->series_pos, n->series_total);
		expect_field(errors, details[i].file, field, details[i].want, got, FALSE);
		g_free(got);
		sm_notice_free(n);
	}
	if (errors->len)
		fail_msg("%s", errors->str);
	g_string_free(errors, TRUE);
}

/* ---- the exceptions table itself ---- */

static void exceptions_name_real_rows(void **state)
{
	(void)state;
	sm_test_labels *labels = sm_test_labels_read("corpus/labels.tsv");
	for (gsize i = 0; i < G_N_ELEMENTS(corpus_exceptions); i++) {
		gboolean found = FALSE;
		for (guint r = 0; r < labels->rows->len; r++)
			if (!strcmp(sm_test_label(g_ptr_array_index(labels->rows, r), "file"),
			            corpus_exceptions[i].file))
				found = TRUE;
		if (!found)
			fail_msg("exception for %s: no such corpus row", corpus_exceptions[i].file);
		assert_true(strlen(corpus_exceptions[i].reason) > 20);
	}
	sm_test_labels_free(labels);
}

/* ---- units ---- */

/* Reply prefixes as mail clients write them, in every language the lists
 * see (issue 11, class 3): stripped however many, however spaced. */
static void reply_prefixes(void **state)
{
	(void)state;
	static const struct { const char *in, *rest; gboolean reply; } cases[] = {
		{ "Re: [PATCH 6.1 023/150] x", "[PATCH 6.1 023/150] x", TRUE },
		{ "RE: [PATCH 6.1 023/150] x", "[PATCH 6.1 023/150] x", TRUE },
		{ "Re:Patch \"x\" has been added", "Patch \"x\" has been added", TRUE },
		{ "Re: Re: re: FAILED: patch", "FAILED: patch", TRUE },
		{ "AW: [PATCH 5.5 110/176] x", "[PATCH 5.5 110/176] x", TRUE },
		{ "Antw: [PATCH] x", "[PATCH] x", TRUE },
		{ "SV: Re[2]: [PATCH] x", "[PATCH] x", TRUE },
		{ "Re(3): x", "x", TRUE },
		{ "Fwd: Odp: x", "x", TRUE },
		{ "Regression in 6.1", "Regression in 6.1", FALSE },
		{ "Review: x", "Review: x", FALSE },
		{ "Re[2 x", "Re[2 x", FALSE },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		gboolean reply = FALSE;
		const char *rest = sm_skip_reply_prefix(cases[i].in, &reply);
		if (strcmp(rest, cases[i].rest) != 0 || reply != cases[i].reply)
			fail_msg("%s: got \"%s\" (reply %d), expected \"%s\" (reply %d)", cases[i].in,
			         rest, reply, cases[i].rest, cases[i].reply);
	}
}

static void subject_key_normalises(void **state)
{
	(void)state;
	struct { const char *a, *b; } same[] = {
		{ "drm/ttm: Don't leak a resource", "drm/ttm: Dont leak a resource" },
		{ "Revert \"foo: bar\"", "revert foo: bar" },
		{ "  x86:   Fix\tthis ", "x86: fix this" },
		{ "mm: don\u2019t crash", "MM: DONT CRASH" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(same); i++) {
		char *a = sm_subject_key(same[i].a), *b = sm_subject_key(same[i].b);
		assert_string_equal(a, b);
		g_free(a);
		g_free(b);
	}
	char *k = sm_subject_key("  x86:   Fix\tthis ");
	assert_string_equal(k, "x86: fix this");
	g_free(k);
	k = sm_subject_key("foo: bar");
	char *other = sm_subject_key("foo: baz");
	assert_string_not_equal(k, other);
	g_free(k);
	g_free(other);
	k = sm_subject_key(NULL);
	assert_string_equal(k, "");
	g_free(k);
	/* ASCII takes a way of its own (no Unicode tables): control
	 * characters are spaces, quotes go, as for any other text. */
	k = sm_subject_key("A\x01" "B\x7f`C'D\"E\vF\t\r\n");
	assert_string_equal(k, "a b cde f");
	g_free(k);
	k = sm_subject_key("\xc3\x89T\x01\xc3\xa9");
	assert_string_equal(k, "\xc3\xa9t \xc3\xa9");
	g_free(k);
}

static void version_compare(void **state)
{
	(void)state;
	assert_true(sm_version_cmp("6.12", "6.6") > 0);
	assert_true(sm_version_cmp("6.6", "6.12") < 0);
	assert_true(sm_version_cmp("3.0", "2.6.39") > 0);
	assert_true(sm_version_cmp("4.19", "4.19") == 0);
	assert_true(sm_version_cmp("5.10", "4.19") > 0);
	assert_true(sm_version_cmp("2.6.32", "2.6.9") > 0);
}

static gint64 utc(int y, int m, int d)
{
	GDateTime *dt = g_date_time_new_utc(y, m, d, 12, 0, 0);
	gint64 t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t;
}

static char *expand(const char *high, const char *low, gint64 date)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	sm_trees_expand(trees, high, low, date, out);
	g_ptr_array_add(out, NULL);
	char *joined = g_strjoinv(",", (char **)out->pdata);
	g_ptr_array_unref(out);
	return joined;
}

static void tree_expansion(void **state)
{
	(void)state;
	struct { const char *high, *low; gint64 date; const char *want; } cases[] = {
		/* 060.eml: 6.16 ended on 2025-10-12, two weeks earlier. */
		{ "6.17", "6.1", utc(2025, 10, 26), "6.17,6.12,6.6,6.1" },
		{ "6.17", "6.1", utc(2025, 10, 5), "6.17,6.16,6.12,6.6,6.1" },
		/* Written low to high, it means the same. */
		{ "6.1", "6.17", utc(2025, 10, 26), "6.17,6.12,6.6,6.1" },
		/* June 2024: 6.8 and 6.7 had just ended, 4.19 was still there. */
		{ "6.9", "4.19", utc(2024, 6, 20), "6.9,6.6,6.1,5.15,5.10,5.4,4.19" },
		/* The ends are the sender's: always kept, even unknown ones. */
		{ "7.9", "6.12", utc(2026, 1, 10), "7.9,6.18,6.12" },
		{ "6.18", "6.18", utc(2025, 12, 1), "6.18" },
		{ "3.2", "2.6.32", utc(2014, 1, 1), "3.2,2.6.34,2.6.32" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *got = expand(cases[i].high, cases[i].low, cases[i].date);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("expand %s-%s: expected %s, got %s", cases[i].high, cases[i].low,
			         cases[i].want, got);
		g_free(got);
	}
	/* Appending keeps what is there and adds nothing twice. */
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	g_ptr_array_add(out, g_strdup("6.6"));
	sm_trees_expand(trees, "6.6", "6.1", utc(2025, 1, 1), out);
	assert_int_equal(out->len, 2);
	assert_string_equal(g_ptr_array_index(out, 1), "6.1");
	g_ptr_array_unref(out);
}

static const sm_tree_info *tree_info(const sm_trees *t, const char *name)
{
	for (guint i = 0; i < t->list->len; i++) {
		const sm_tree_info *info = g_ptr_array_index(t->list, i);
		if (!strcmp(info->name, name))
			return info;
	}
	return NULL;
}

static void tree_table(void **state)
{
	(void)state;
	const char *maintained[] = { "6.18", "6.12", "6.6", "6.1", "5.15", "5.10" };
	const char *ended[] = { "6.17", "6.16", "5.4", "4.19", "4.14", "4.9", "3.16", "2.6.32" };
	for (gsize i = 0; i < G_N_ELEMENTS(maintained); i++) {
		const sm_tree_info *info = tree_info(trees, maintained[i]);
		assert_non_null(info);
		assert_int_equal(info->eol, 0);
	}
	for (gsize i = 0; i < G_N_ELEMENTS(ended); i++) {
		const sm_tree_info *info = tree_info(trees, ended[i]);
		assert_non_null(info);
		assert_true(info->eol > info->released);
	}
	/* Newest first, and every tree of 3.x to 6.x is there. */
	for (guint i = 1; i < trees->list->len; i++)
		assert_true(sm_version_cmp(((sm_tree_info *)g_ptr_array_index(trees->list, i - 1))->name,
		                           ((sm_tree_info *)g_ptr_array_index(trees->list, i))->name) > 0);
	assert_non_null(tree_info(trees, "3.19"));
	assert_non_null(tree_info(trees, "4.20"));
	assert_non_null(tree_info(trees, "5.19"));
	assert_null(tree_info(trees, "6.19"));
}

static void tree_table_hash(void **state)
{
	(void)state;
	sm_trees *t = sm_trees_new_default();
	guint32 before = sm_trees_hash(t);
	assert_int_equal(before, sm_trees_hash(trees));
	sm_trees_set(t, "6.19", utc(2026, 2, 8), 0);
	guint32 added = sm_trees_hash(t);
	assert_int_not_equal(before, added);
	assert_string_equal(((sm_tree_info *)g_ptr_array_index(t->list, 0))->name, "6.19");
	sm_trees_set(t, "6.6", utc(2023, 10, 30), utc(2026, 12, 1));
	assert_int_not_equal(added, sm_trees_hash(t));
	assert_true(tree_info(t, "6.6")->eol > 0);
	sm_trees_free(t);
}

static void recogniser_version(void **state)
{
	(void)state;
	/* The version is the checksum of the sources that decide what a
	 * notice is (RECOGNISER_INPUTS in Makefile.am), as cksum(1) sums them:
	 * change one and every cached notice is recognised again. */
	char **inputs = g_strsplit_set(SM_RECOGNISER_INPUTS, " \t", -1);
	GPtrArray *argv = g_ptr_array_new();
	g_ptr_array_add(argv, "sh");
	g_ptr_array_add(argv, "-c");
	g_ptr_array_add(argv, "cat \"$@\" | cksum | cut -d' ' -f1");
	g_ptr_array_add(argv, "sh");
	for (char **p = inputs; *p; p++)
		if (**p)
			g_ptr_array_add(argv, *p);
	assert_true(argv->len > 4);
	g_ptr_array_add(argv, NULL);
	char *out = NULL;
	int status = 0;
	assert_true(g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
	                         &out, NULL, &status, NULL));
	assert_int_equal(status, 0);
	g_strchomp(out);
	assert_string_equal(sm_recogniser_version(), out);
	g_free(out);
	g_ptr_array_unref(argv);
	g_strfreev(inputs);
}

/* ---- mail that must not stop the program ---- */

static sm_mail *parse_text(const char *text, gsize limit)
{
	return sm_mail_parse(text, strlen(text), limit);
}

/* A Date: that is missing, garbage, before 1970 or days ahead is not
 * trusted (issue 17, fault 6): the newest Received: date is used, with a
 * warning; without one the date stays 0, with a warning.  A range posting
 * then expands over the trees alive at the Received: date, not over every
 * tree ever. */
static void mail_bad_dates(void **state)
{
	(void)state;
	static const char received[] =
		"Received: from mx.kernel.org by mail.example.org; Mon, 29 Sep 2025 10:00:00 +0000\n"
		"Received: from smtp.example.com by mx.kernel.org; Mon, 29 Sep 2025 09:59:00 +0000\n";
	static const struct { const char *date; const char *why; } cases[] = {
		{ NULL, "no Date: header" },
		{ "Date: yesterday-ish\n", "an unreadable Date: header" },
		/* GMime reads no date before 1970; the epoch itself is 0. */
		{ "Date: Thu, 01 Jan 1960 00:00:00 +0000\n", "an unreadable Date: header" },
		{ "Date: Thu, 01 Jan 1970 00:00:00 +0000\n", "a Date: at 1970 or before" },
		{ "Date: Fri, 01 Jan 2100 00:00:00 +0000\n", "a Date: in the future" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *text = g_strdup_printf("%s%sFrom: Sasha Levin <sashal@kernel.org>\n"
		                             "Subject: [PATCH AUTOSEL 6.17-6.1] foo: bar\n"
		                             "Message-ID: <d%zu@kernel.org>\n\n"
		                             "[ Upstream commit 0123456789abcdef0123456789abcdef01234567 ]\n",
		                             received, cases[i].date ? cases[i].date : "", i);
		sm_mail *mail = parse_text(text, 0);
		assert_int_equal(mail->date, 1759140000); /* the top Received: date */
		char *warning = g_strdup_printf("%s; the Received: date is used", cases[i].why);
		assert_non_null(mail->warning);
		assert_string_equal(mail->warning, warning);
		sm_notice *n = sm_recognise(mail, trees);
		char *list = g_strjoinv(",", n->trees);
		/* 6.17 down to 6.1 as they stood in September 2025. */
		assert_string_equal(list, "6.17,6.16,6.12,6.6,6.1");
		g_free(list);
		sm_notice_free(n);
		sm_mail_free(mail);
		g_free(warning);
		/* No Received: header either: 0, and said so. */
		char *bare = g_strdup(text + strlen(received));
		mail = parse_text(bare, 0);
		assert_int_equal(mail->date, 0);
		char *none = g_strdup_printf("%s; no Received: date either", cases[i].why);
		assert_string_equal(mail->warning, none);
		sm_mail_free(mail);
		g_free(none);
		g_free(bare);
		g_free(text);
	}
}

static void mail_huge_body(void **state)
{
	(void)state;
	GString *m = g_string_new("From: a@b.c\nDate: Mon, 29 Sep 2025 10:00:00 +0000\nSubject: [PATCH 6.1.y] big: one\n\n"
	                          "commit 0123456789abcdef0123456789abcdef01234567 upstream.\n\n");
	while (m->len < 3 * 1024 * 1024)
		g_string_append(m, "+\tpadding line of a very large patch, \xc3\xa9t\xc3\xa9\n");
	sm_mail *mail = sm_mail_parse(m->str, m->len, SM_MAIL_RECOGNISE_LIMIT);
	assert_true(mail->body_len <= SM_MAIL_RECOGNISE_LIMIT);
	assert_true(mail->body_len > SM_MAIL_RECOGNISE_LIMIT - 100);
	assert_true(g_utf8_validate(mail->body, (gssize)mail->body_len, NULL));
	assert_non_null(mail->warning);
	assert_non_null(strstr(mail->warning, "body cut"));
	sm_notice *n = sm_recognise(mail, trees);
	assert_int_equal(n->kind, SM_KIND_BACKPORT);
	assert_string_equal(n->upstream, "0123456789abcdef0123456789abcdef01234567");
	sm_notice_free(n);
	sm_mail_free(mail);
	/* No cap: everything. */
	mail = sm_mail_parse(m->str, m->len, 0);
	assert_true(mail->body_len > 3 * 1024 * 1024 - 200);
	assert_null(mail->warning);
	sm_mail_free(mail);
	g_string_free(m, TRUE);
}

static void mail_many_recipients(void **state)
{
	(void)state;
	GString *m = g_string_new("From: Greg KH <gregkh@linuxfoundation.org>\nTo: ");
	for (int i = 0; i < 10000; i++)
		g_string_append_printf(m, "%sUser %d <user%d@example.org>", i ? ",\n " : "", i, i);
	g_string_append(m, "\nSubject: Linux 6.6.22\n\nI'm announcing the release of the 6.6.22 kernel.\n");
	sm_mail *mail = sm_mail_parse(m->str, m->len, SM_MAIL_RECOGNISE_LIMIT);
	assert_non_null(mail->warning);
	assert_non_null(strstr(mail->warning, "10000 recipients"));
	assert_non_null(strstr(mail->to, "user999@example.org"));
	assert_null(strstr(mail->to, "user1000@example.org"));
	sm_notice *n = sm_recognise(mail, trees);
	assert_int_equal(n->kind, SM_KIND_RELEASE);
	assert_string_equal(n->release, "6.6.22");
	sm_notice_free(n);
	sm_mail_free(mail);
	g_string_free(m, TRUE);
}

static void mail_deep_nesting(void **state)
{
	(void)state;
	GString *m = g_string_new("From: a@b.c\nSubject: [PATCH 5.15.y] deep: nesting\nMIME-Version: 1.0\n");
	int depth = 200;
	for (int i = 0; i < depth; i++)
		g_string_append_printf(m, "Content-Type: multipart/mixed; boundary=\"b%d\"\n\n--b%d\n", i, i);
	g_string_append(m, "Content-Type: text/plain\n\nburied text\n");
	for (int i = depth - 1; i >= 0; i--)
		g_string_append_printf(m, "--b%d--\n", i);
	sm_mail *mail = sm_mail_parse(m->str, m->len, SM_MAIL_RECOGNISE_LIMIT);
	assert_non_null(mail->warning);
	assert_non_null(strstr(mail->warning, "nested too deeply"));
	assert_string_equal(mail->subject, "[PATCH 5.15.y] deep: nesting");
	sm_notice *n = sm_recognise(mail, trees);
	assert_int_equal(n->kind, SM_KIND_BACKPORT);
	sm_notice_free(n);
	sm_mail_free(mail);
	g_string_free(m, TRUE);
}

static void mail_binary_parts_skipped(void **state)
{
	(void)state;
	sm_mail *mail = parse_text(
		"From: a@b.c\nDate: Mon, 29 Sep 2025 10:00:00 +0000\nSubject: x\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=\"zz\"\n\n"
		"--zz\nContent-Type: text/plain; charset=utf-8\n\nthe text\n"
		"--zz\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n"
		"AAECAwQFBgcICQ==\n"
		"--zz\nContent-Type: text/plain\nContent-Disposition: attachment; filename=dmesg.txt\n\n"
		"a log nobody asked for\n"
		"--zz\nContent-Type: text/x-patch\nContent-Disposition: attachment; filename=0001-fix.patch\n\n"
		"the patch\n--zz--\n", 0);
	assert_non_null(strstr(mail->body, "the text"));
	assert_non_null(strstr(mail->body, "the patch"));
	assert_null(strstr(mail->body, "log nobody"));
	assert_null(memchr(mail->body, '\x01', mail->body_len));
	assert_null(mail->warning);
	sm_mail_free(mail);
}

/* Parts that decode to nothing: an empty text part, empty base64. */
static void mail_empty_parts(void **state)
{
	(void)state;
	sm_mail *mail = parse_text(
		"From: a@b.c\nDate: Mon, 29 Sep 2025 10:00:00 +0000\nSubject: x\nMIME-Version: 1.0\n"
		"Content-Type: multipart/mixed; boundary=\"zz\"\n\n"
		"--zz\nContent-Type: text/plain; charset=iso-8859-1\n"
		"Content-Transfer-Encoding: base64\n\n"
		"--zz\nContent-Type: text/plain\n\n"
		"--zz\nContent-Type: text/plain\n\nlast\n--zz--\n", 0);
	assert_string_equal(mail->body, "last");
	assert_int_equal(mail->body_len, 4);
	assert_null(mail->warning);
	sm_mail_free(mail);
}

static void mail_unreadable_files(void **state)
{
	(void)state;
	GError *error = NULL;
	sm_mail *mail = sm_mail_read("/nonexistent/stablemate/mail", 0, &error);
	assert_null(mail);
	assert_non_null(error);
	assert_non_null(strstr(error->message, "/nonexistent/stablemate/mail"));
	g_clear_error(&error);
	char *dir = sm_test_path("synthetic");
	mail = sm_mail_read(dir, 0, &error);
	assert_null(mail);
	assert_non_null(error);
	g_clear_error(&error);
	g_free(dir);
	/* Empty and headerless input is a warning, not a failure. */
	mail = sm_mail_parse("", 0, 0);
	assert_non_null(mail);
	assert_string_equal(mail->subject, "");
	assert_non_null(mail->warning);
	sm_notice *n = sm_recognise(mail, trees);
	assert_int_equal(n->kind, SM_KIND_OTHER);
	assert_non_null(n->trees);
	assert_null(n->trees[0]);
	sm_notice_free(n);
	sm_mail_free(mail);
}

static void mail_charsets_decoded(void **state)
{
	(void)state;
	struct { const char *file, *text; } cases[] = {
		{ "synthetic/s08-latin1-drop.eml", "J\u00f6rg R\u00f6del wrote:" },
		{ "synthetic/s08-latin1-drop.eml", "Gr\u00fc\u00dfe" },
		{ "synthetic/s07-base64-backport.eml", "na\u00efve reference counting" },
		{ "synthetic/s06-rfc2047-qp-review.eml", "off by one \u2014 fix them." },
		{ "corpus/042.eml", "\u00fat 10. 12. 2024 v 22:04 odes\u00edlatel" },
		{ "corpus/130.eml", "get_user_page_fast() implementation" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		sm_mail *mail = sm_test_mail(cases[i].file);
		if (!strstr(mail->body, cases[i].text))
			fail_msg("%s: body lacks \"%s\"", cases[i].file, cases[i].text);
		sm_mail_free(mail);
	}
	sm_mail *mail = sm_test_mail("synthetic/s14-signed-alternative.eml");
	assert_null(strstr(mail->body, "<html>"));
	assert_null(strstr(mail->body, "PGP SIGNATURE"));
	sm_mail_free(mail);
	mail = sm_test_mail("synthetic/s08-latin1-drop.eml");
	assert_string_equal(mail->to, "J\u00f6rg R\u00f6del <joro@example.org>");
	assert_string_equal(mail->subject, "Re: Patch \"iommu/vt-d: Fix the frobnication of the widget\" "
	                                   "has been added to the 6.9-stable tree");
	sm_mail_free(mail);
}

/* Processor time of this thread, in microseconds: what the scan costs,
 * whatever else the machine is doing. */
static gint64 cpu_usec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (gint64)ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Processor time to parse and recognise a message of SUBJECT repeated 200
 * times and BODY repeated up to SIZE bytes. */
static gint64 recognise_cost(const char *subject, const char *body, gsize size)
{
	GString *m = g_string_new("From: a@b.c\nSubject: ");
	for (int k = 0; k < 200; k++)
		g_string_append(m, subject);
	g_string_append(m, "\n\n");
	while (m->len < size)
		g_string_append(m, body);
	gint64 start = cpu_usec();
	sm_mail *mail = sm_mail_parse(m->str, m->len, SM_MAIL_RECOGNISE_LIMIT);
	sm_notice *n = sm_recognise(mail, trees);
	gint64 took = cpu_usec() - start;
	sm_notice_free(n);
	sm_mail_free(mail);
	g_string_free(m, TRUE);
	return took;
}

/* Input built to make a careless scanner quadratic or recursive.  Not a
 * timed test: four times the input must cost less than ten times the
 * processor time (linear is four, quadratic sixteen), so neither a loaded
 * machine nor the sanitizers decide it.  The small constant absorbs the
 * noise of runs that take about a millisecond. */
static void pathological_text(void **state)
{
	(void)state;
	const char *shapes[][2] = {
		{ "Re: [PATCH 6.1 000/200] 6.1.80-rc1 review", "Bad (\"" },
		{ "Re: [PATCH 6.1 000/200] 6.1.80-rc1 review", "> A B <a@b>\n>    x\n" },
		{ "[PATCH 6.1/6.1/6.1/6.1/6.1/6.1/6.1/6.1/6.1/6.1] x", "Subject: x\n  y\n" },
		{ "Re: Re: Re: Re: Re: Re: Re: Re: [PATCH 6.1 1/2] x", "commit commit commit " },
		{ "FAILED: patch \"\" failed to apply to \" failed to apply to 6.1-stable tree",
		  "\" failed to apply to " },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(shapes); i++) {
		gint64 quarter = recognise_cost(shapes[i][0], shapes[i][1], SM_MAIL_RECOGNISE_LIMIT / 4);
		gint64 whole = recognise_cost(shapes[i][0], shapes[i][1], SM_MAIL_RECOGNISE_LIMIT);
		if (g_getenv("SM_TEST_COSTS"))
			g_printerr("shape %zu: %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT " us\n", i, quarter, whole);
		if (whole > 10 * quarter + 2000)
			fail_msg("shape %zu: %.3f s for the whole input, %.3f s for a quarter: not linear",
			         i, whole / 1e6, quarter / 1e6);
	}
}

/* Random bytes and random cuts of real mail: any crash is a failure. */
static void mail_garbage_survives(void **state)
{
	(void)state;
	GRand *rand = g_rand_new_with_seed(20261123);
	char *path = sm_test_path("corpus/035.eml");
	char *real = NULL;
	gsize real_len = 0;
	assert_true(g_file_get_contents(path, &real, &real_len, NULL));
	g_free(path);
	for (int round = 0; round < 300; round++) {
		gsize len = (gsize)g_rand_int_range(rand, 0, (gint32)real_len);
		char *buf = g_malloc(real_len);
		memcpy(buf, real, real_len);
		int flips = round % 3 == 0 ? 0 : g_rand_int_range(rand, 1, 64);
		for (int f = 0; f < flips; f++)
			buf[g_rand_int_range(rand, 0, (gint32)real_len)] = (char)g_rand_int_range(rand, 0, 256);
		sm_mail *mail = sm_mail_parse(buf, len, 4096);
		assert_non_null(mail);
		assert_true(g_utf8_validate(mail->body, (gssize)mail->body_len, NULL));
		assert_true(g_utf8_validate(mail->subject, -1, NULL));
		sm_notice *n = sm_recognise(mail, trees);
		assert_non_null(n->trees);
		sm_notice_free(n);
		sm_mail_free(mail);
		g_free(buf);
	}
	g_free(real);
	g_rand_free(rand);
}

/* ---- what replies say ---- */

static sm_notice *reply_saying(const char *body)
{
	char *text = g_strdup_printf(
		"From: Greg KH <gregkh@linuxfoundation.org>\n"
		"Subject: Re: [PATCH 6.1 012/200] foo: fix bar\n"
		"In-Reply-To: <20240101000000.000000001@linuxfoundation.org>\n\n%s", body);
	sm_mail *mail = parse_text(text, 0);
	sm_notice *n = sm_recognise(mail, trees);
	sm_mail_free(mail);
	g_free(text);
	return n;
}

static void reply_signals(void **state)
{
	(void)state;
	struct { const char *body; sm_signal want; } cases[] = {
		{ "On Mon, Jan 1, X wrote:\n> This breaks my box.\n\nNow dropped, thanks.\n", SM_SIGNAL_DROPPED },
		{ "> Please drop this one.\n\nI'll drop it, thanks!\n", SM_SIGNAL_DROPPED },
		{ "> It should not be backported.\n\nAck, thanks!\n", SM_SIGNAL_DROPPED },
		{ "Now queued up, thanks.\n\ngreg k-h\n", SM_SIGNAL_QUEUED },
		{ "Fixed it up and queued for 6.1.\n", SM_SIGNAL_QUEUED },
		/* Requests are not news, and quotes are not the replier's. */
		{ "Please drop this patch, it breaks my box.\n", SM_SIGNAL_DROP_ASK },
		{ "> Now dropped, thanks.\n\nWhy was it dropped from 6.1?\n", SM_SIGNAL_NONE },
		{ "> Now queued up, thanks.\n\nThis breaks the build.\n", SM_SIGNAL_DROP_ASK },
		{ "Please queue this up for 6.1 as well.\n", SM_SIGNAL_NONE },
		{ "Ok, dropped.\n", SM_SIGNAL_DROPPED },
		{ "Thanks, queued up!\n", SM_SIGNAL_QUEUED },
		{ "I took it for 6.1 and 6.6, thanks!\n", SM_SIGNAL_QUEUED },
		{ "> Drop the lock before the call.\n\nAcked-by: Some One <one@example.org>\n",
		  SM_SIGNAL_APPROVED },
		{ "Dropped packets are still counted wrong with this.\n", SM_SIGNAL_NONE },
		{ "[ Sasha's backport helper bot ]\n\nHi,\n\nDropped, thanks!\n", SM_SIGNAL_NONE },
		{ "Ack, looks good to me.\n", SM_SIGNAL_APPROVED },
		/* Class 6 of issue 11: the state words, negation and questions. */
		{ "Now reverted, thanks.\n", SM_SIGNAL_REVERTED },
		{ "I've reverted it in 6.1.y, sorry about that.\n", SM_SIGNAL_REVERTED },
		{ "Now deleted from the queue.\n", SM_SIGNAL_DROPPED },
		{ "I removed it from the 6.6 and 6.1 queues.\n", SM_SIGNAL_DROPPED },
		{ "Added, thanks.\n", SM_SIGNAL_QUEUED },
		{ "Should this be dropped?\n", SM_SIGNAL_NONE },
		{ "Should we revert this in 6.1 too?\n", SM_SIGNAL_NONE },
		{ "It was not reverted in 6.1, only in 6.6.\n", SM_SIGNAL_NONE },
		{ "I haven't queued it yet.\n", SM_SIGNAL_NONE },
		{ "Not yet, the fix for it is still under review.\n", SM_SIGNAL_HOLD },
		{ "Please hold off on this one until the fix lands.\n", SM_SIGNAL_HOLD },
		{ "Can you wait for the follow-up fix?\n", SM_SIGNAL_NONE },
		{ "This is not stable material.\n", SM_SIGNAL_DROP_ASK },
		{ "This breaks suspend on my arm64 board.\n", SM_SIGNAL_DROP_ASK },
		{ "Can you please drop it from 6.1?\n", SM_SIGNAL_DROP_ASK },
		{ "Tested-by: Some One <one@example.org>\n", SM_SIGNAL_APPROVED },
		{ "This breaks arm64.  Now dropped, thanks.\n", SM_SIGNAL_DROPPED },
		/* Class 7: a subsystem tree's decision is not a stable one. */
		{ "Applied to net-next, thanks.\n", SM_SIGNAL_NONE },
		{ "Now added to my usb git tree.\n", SM_SIGNAL_NONE },
		{ "You said you have dropped it, but it is still there.\n", SM_SIGNAL_NONE },
		/* A signature or a forwarded message is not the reply. */
		{ "Thanks.\n\n-- \nNow dropped, thanks.\n", SM_SIGNAL_NONE },
		{ "See below.\n\nDate: Mon, 1 Jan 2024\nFrom: Sasha <s@k.org>\n\nDropped, thanks!\n",
		  SM_SIGNAL_NONE },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		sm_notice *n = reply_saying(cases[i].body);
		assert_int_equal(n->kind, SM_KIND_REPLY);
		if (n->signal != cases[i].want)
			fail_msg("signal of \"%s\": expected %s, got %s", cases[i].body,
			         signal_name(cases[i].want), signal_name(n->signal));
		sm_notice_free(n);
	}
}

/* Whose decision counts: the same words from the stable team and from
 * anyone else, in a notice's thread and in a report of its own. */
static void decisions_by_whom(void **state)
{
	(void)state;
	static const char *const report =
		"Subject: Re: [Regression 6.1.y] From \"foo: fix bar\"\n"
		"In-Reply-To: <report@example.org>\n\n> It breaks my box.\n\n%s\n";
	static const char *const reply =
		"Subject: Re: [PATCH 6.1 012/200] foo: fix bar\n"
		"In-Reply-To: <20240101000000.000000001@linuxfoundation.org>\n\n%s\n";
	/* A thread of its own that names a commit and no patch. */
	static const char *const own =
		"Subject: Re: foo corrupts the file\n"
		"In-Reply-To: <report@example.org>\n\n> It breaks my box.\n\n%s\n";
	struct {
		const char *from, *shape, *words;
		sm_kind kind;
		sm_signal signal;
	} cases[] = {
		{ "A User <user@example.org>", own,
		  "I've applied this on top of v4.19.82; commit 0123abcd4567 may fix it.", SM_KIND_OTHER,
		  SM_SIGNAL_NONE },
		{ "A User <user@example.org>", own, "I have reverted commit 0123abcd4567 in my stable kernel.",
		  SM_KIND_REPLY, SM_SIGNAL_DROP_ASK },
		{ "Greg KH <gregkh@linuxfoundation.org>", own,
		  "Now reverted commit 0123abcd4567 from the stable queue.", SM_KIND_REMOVED,
		  SM_SIGNAL_REVERTED },
		{ "Greg KH <gregkh@linuxfoundation.org>", report, "Now reverted, thanks.", SM_KIND_REMOVED,
		  SM_SIGNAL_REVERTED },
		{ "Sasha Levin <SashaL@kernel.org>", report, "Now queued up, thanks.", SM_KIND_ADDED,
		  SM_SIGNAL_QUEUED },
		{ "A User <user@example.org>", report, "Now reverted, thanks.", SM_KIND_REPLY,
		  SM_SIGNAL_DROP_ASK },
		{ "A Distro <distro@example.org>", report, "Now queued up, thanks.", SM_KIND_REPLY,
		  SM_SIGNAL_NONE },
		{ "Greg KH <gregkh@linuxfoundation.org>", reply, "Now dropped, thanks.", SM_KIND_REPLY,
		  SM_SIGNAL_DROPPED },
		{ "A User <user@example.org>", reply, "I dropped it, it breaks my box.", SM_KIND_REPLY,
		  SM_SIGNAL_DROP_ASK },
		{ "A User <user@example.org>", reply, "Please drop this one.", SM_KIND_REPLY,
		  SM_SIGNAL_DROP_ASK },
		{ "A User <user@example.org>", reply, "Tested-by: A User <user@example.org>",
		  SM_KIND_REPLY, SM_SIGNAL_APPROVED },
		{ "stable@vger.kernel.org", reply, "Now queued up, thanks.", SM_KIND_REPLY,
		  SM_SIGNAL_QUEUED },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *shape = g_strdup_printf(cases[i].shape, cases[i].words);
		char *text = g_strdup_printf("From: %s\n%s", cases[i].from, shape);
		sm_mail *mail = parse_text(text, 0);
		sm_notice *n = sm_recognise(mail, trees);
		if (n->kind != cases[i].kind || n->signal != cases[i].signal)
			fail_msg("\"%s\" from %s: expected %s %s, got %s %s", cases[i].words, cases[i].from,
			         sm_kind_name(cases[i].kind), signal_name(cases[i].signal),
			         sm_kind_name(n->kind), signal_name(n->signal));
		sm_notice_free(n);
		sm_mail_free(mail);
		g_free(text);
		g_free(shape);
	}
	/* An empty team: everyone's decisions count; a team of one. */
	sm_trees *open_table = sm_trees_new_default();
	const char *const none[] = { NULL };
	sm_trees_set_team(open_table, none);
	assert_true(sm_trees_is_team(open_table, "A User <user@example.org>"));
	const char *const one[] = { " Some Maintainer <Maint@Example.ORG>", NULL };
	sm_trees_set_team(open_table, one);
	assert_true(sm_trees_is_team(open_table, "maint@example.org"));
	assert_false(sm_trees_is_team(open_table, "Greg KH <gregkh@linuxfoundation.org>"));
	assert_false(sm_trees_is_team(open_table, NULL));
	assert_int_not_equal(sm_trees_hash(open_table), sm_trees_hash(trees));
	sm_trees_free(open_table);
}

/* The commit a reply or a decision names without an upstream line: a
 * stable commit, perhaps, for grouping to ask git about. */
static void stable_commit_named(void **state)
{
	(void)state;
	struct { const char *body; const char *want; } cases[] = {
		{ "> commit 0123abcd4567 in 6.6.y breaks suspend.\n\nNow reverted, thanks.\n", "0123abcd4567" },
		{ "> Fixes: 89abCDEF0123 (\"foo: fix bar\")\n\nNow dropped, thanks.\n", "89abcdef0123" },
		{ "> This reverts commit 0123456789abcdef0123456789abcdef01234567.\n\nNow queued, thanks.\n",
		  "0123456789abcdef0123456789abcdef01234567" },
		{ "> 0123abcd4567 (\"foo: fix bar\") breaks it\n\nDropped.\n", "0123abcd4567" },
		/* Its own upstream line says it is mainline's; too short;
		 * not named as a commit. */
		{ "> commit 0123456789abcdef0123456789abcdef01234567 upstream.\n\nDropped.\n", "" },
		{ "> commit 0123abc in 6.6.y breaks it.\n\nDropped.\n", "" },
		{ "> The build id deadbeef00 changed.\n\nDropped.\n", "" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *text = g_strdup_printf("From: Greg KH <gregkh@linuxfoundation.org>\n"
		                             "Subject: Re: [REGRESSION 6.6.1] foo: bar breaks\n"
		                             "In-Reply-To: <report@example.org>\n\n%s", cases[i].body);
		sm_mail *mail = parse_text(text, 0);
		sm_notice *n = sm_recognise(mail, trees);
		if (strcmp(str_or_empty(n->stable_commit), cases[i].want) != 0)
			fail_msg("\"%s\": expected stable commit \"%s\", got \"%s\"", cases[i].body,
			         cases[i].want, str_or_empty(n->stable_commit));
		sm_notice_free(n);
		sm_mail_free(mail);
		g_free(text);
	}
}

static void reply_trees_from_own_words(void **state)
{
	(void)state;
	struct { const char *body; const char *want; } cases[] = {
		{ "This failed for 5.15 and 5.10 as well, so I'll drop it from there.\n", "6.1,5.15,5.10" },
		{ "This one should only go into 6.6-stable, not anything earlier.\n", "6.1" },
		{ "> It was fixed in 6.6.30.\n\nNow dropped, thanks.\n", "6.1" },
		{ "Applied to for-6.14-fixes, and queued for 6.12.\n", "6.12,6.1" },
		{ "We don't have the offending commit in v5.4.y or linux-4.19.y.\n", "6.1,5.4,4.19" },
		{ "> Kernel version: 6.8.9\n> It crashes on boot.\n\nThanks for the report.\n", "6.1" },
		/* Class 5 of issue 11: trees in prose. */
		{ "I removed it from the 6.6 and 6.1 queues.\n", "6.6,6.1" },
		{ "I suppose 5.10 has the same problem.  Now queued for 5.15.\n", "6.1,5.15" },
		{ "Now queued for all the trees, thanks.\n", "6.1 all" },
		/* Undated: which trees were maintained then is unknown
		 * (tests/human/c5-* has the dated case). */
		{ "Please also take it for 4.19 and older.\n", "6.1,4.19" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		sm_notice *n = reply_saying(cases[i].body);
		char *set = sm_test_tree_set(NULL, n->trees);
		char *got = g_strconcat(set, n->all_trees ? " all" : "", NULL);
		g_free(set);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("trees of \"%s\": expected %s, got %s", cases[i].body, cases[i].want, got);
		g_free(got);
		sm_notice_free(n);
	}
}

/* A reply's author is the quoted patch's, not a quoted mail's sender. */
static void reply_author(void **state)
{
	(void)state;
	sm_notice *n = reply_saying(
		"> From: Greg KH <greg@example.org>\n> Sent: Monday, January 1, 2024\n> To: x@example.org\n"
		">\n> > From: Real Author <real@example.org>\n> >\n"
		"> > [ Upstream commit 0123456789abcdef0123456789abcdef01234567 ]\n\nNAK, sorry.\n");
	assert_string_equal(n->author, "Real Author <real@example.org>");
	assert_string_equal(n->upstream, "0123456789abcdef0123456789abcdef01234567");
	assert_int_equal(n->signal, SM_SIGNAL_NONE);
	sm_notice_free(n);
}

typedef struct {
	const char *subject, *body;
	sm_kind kind;
	const char *trees, *patch_subject;
} subject_case;

/* Recognise each case, from someone with the header line TO, and compare. */
static void check_subject_cases(const subject_case *cases, gsize n, const char *to)
{
	for (gsize i = 0; i < n; i++) {
		char *text = g_strdup_printf("From: Someone <someone@example.org>\n%sSubject: %s\n\n%s",
		                             to, cases[i].subject, cases[i].body);
		sm_mail *mail = parse_text(text, 0);
		sm_notice *nt = sm_recognise(mail, trees);
		char *got = sm_test_tree_set(NULL, nt->trees);
		if (nt->kind != cases[i].kind || strcmp(got, cases[i].trees) ||
		    strcmp(str_or_empty(nt->patch_subject), cases[i].patch_subject))
			fail_msg("\"%s\": expected %s [%s] \"%s\", got %s [%s] \"%s\"", cases[i].subject,
			         sm_kind_name(cases[i].kind), cases[i].trees, cases[i].patch_subject,
			         sm_kind_name(nt->kind), got, str_or_empty(nt->patch_subject));
		g_free(got);
		sm_notice_free(nt);
		sm_mail_free(mail);
		g_free(text);
	}
}

/* Forms the corpus has not got: old and new subject shapes, sent to the
 * stable list as every real one is. */
static void subject_forms(void **state)
{
	(void)state;
	static const subject_case cases[] = {
		{ "[PATCH AUTOSEL 6.6 10/23] foo: bar", "", SM_KIND_AUTOSEL, "6.6", "foo: bar" },
		{ "[PATCH MANUALSEL 6.1 1/2] foo: bar", "", SM_KIND_AUTOSEL, "6.1", "foo: bar" },
		{ "[PATCH 5.15.y v2 1/3] foo: bar", "", SM_KIND_BACKPORT, "5.15", "foo: bar" },
		{ "[PATCH v2 6.1] foo: bar", "", SM_KIND_BACKPORT, "6.1", "foo: bar" },
		{ "[PATCH stable 5.10] foo: bar", "", SM_KIND_BACKPORT, "5.10", "foo: bar" },
		{ "[PATCH 6.6.y 6.1.y] foo: bar", "", SM_KIND_BACKPORT, "6.6,6.1", "foo: bar" },
		{ "[PATCH 4.19-stable] foo: bar", "", SM_KIND_BACKPORT, "4.19", "foo: bar" },
		{ "[PATCH for-5.10] foo: bar", "", SM_KIND_BACKPORT, "5.10", "foo: bar" },
		{ "[PATCH for-stable-4.19] foo: bar", "", SM_KIND_BACKPORT, "4.19", "foo: bar" },
		{ "[added to the 4.1 stable tree] foo: bar", "", SM_KIND_ADDED, "4.1", "foo: bar" },
		{ "[PATCH 5.15/6.1] foo: bar", "", SM_KIND_BACKPORT, "6.1,5.15", "foo: bar" },
		{ "Re: FAILED: patch \"[PATCH] foo: bar\" failed to apply to 5.15-stable tree",
		  "On Mon, greg wrote:\n> The patch below does not apply.\n\nHere it is:\n\n"
		  "commit 0123456789abcdef0123456789abcdef01234567 upstream.\n\n---\n"
		  "diff --git a/x b/x\n", SM_KIND_BACKPORT, "5.15", "foo: bar" },
		{ "Re: FAILED: patch \"[PATCH] foo: bar\" failed to apply to 5.15-stable tree",
		  "> diff --git a/x b/x\n\nI'll send a backport.\n", SM_KIND_REPLY, "5.15", "foo: bar" },
		{ "[PATCH 6.1 023/150] foo: bar", "6.1-stable review patch.  If anyone has any objections, please let me know.\n",
		  SM_KIND_REVIEW_PATCH, "6.1", "foo: bar" },
		{ "[PATCH 5.10 000/200] 5.10.100-rc2 review", "", SM_KIND_REVIEW_COVER, "5.10", "" },
		{ "Linux 2.6.32.71", "", SM_KIND_RELEASE, "2.6.32", "" },
		{ "[ANNOUNCE] Linux 4.9.337", "", SM_KIND_RELEASE, "4.9", "" },
		{ "Linux 6.6", "", SM_KIND_OTHER, "", "Linux 6.6" },
		{ "FAILED: patch \"[PATCH] Revert \"foo: bar\"\" failed to apply to 6.1-stable tree", "",
		  SM_KIND_FAILED, "6.1", "Revert \"foo: bar\"" },
		{ "Patch \"foo: bar\" has been removed from the 6.6-stable tree", "", SM_KIND_REMOVED, "6.6",
		  "foo: bar" },
		{ "[PATCH v3 2/7] foo: bar", "", SM_KIND_OTHER, "", "foo: bar" },
		/* A backport whose subject forgot the tree, and a subsystem
		 * tree's cherry-pick that is no backport. */
		{ "[PATCH] foo: bar", "commit 0123456789abcdef0123456789abcdef01234567 upstream.\n\n"
		  "Fix it.\n\nCc: stable@vger.kernel.org # 4.19.x\n---\nThis is for 5.10-stable only.\n",
		  SM_KIND_BACKPORT, "5.10", "foo: bar" },
		{ "[PATCH] drm/i915: fix bar", "Fix it.\n\nCc: stable@vger.kernel.org # v6.8+\n"
		  "(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)\n",
		  SM_KIND_OTHER, "", "drm/i915: fix bar" },
		{ "[PATCH 5.10 101/130] foo: bar", "", SM_KIND_REVIEW_PATCH, "5.10", "foo: bar" },
		/* Notes whose subject a list or a client mangled. */
		{ "[stable] a note", "\nThe patch below does not apply to the 5.4-stable tree.\n\n"
		  "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n"
		  "Subject: [PATCH] foo: the\n real subject\n\nbody\n",
		  SM_KIND_FAILED, "5.4", "foo: the real subject" },
		{ "a note", "This is a note to let you know that I've just added the patch titled\n\n"
		  "    foo: bar baz\n\nto the 6.12-stable tree which can be found at:\n",
		  SM_KIND_ADDED, "6.12", "foo: bar baz" },
		{ "[PATCH 5.10 11/13] foo: bar", "", SM_KIND_BACKPORT, "5.10", "foo: bar" },
		{ "[PATCH net] foo: drop it for 6.1", "", SM_KIND_OTHER, "", "foo: drop it for 6.1" },
		/* A tag that names no tree, a title that says the stable one:
		 * the word "stable" and a version, both. */
		{ "[PATCH 0/2] foo: fix bar on 5.10 stable kernel", "", SM_KIND_BACKPORT, "5.10",
		  "foo: fix bar on 5.10 stable kernel" },
		{ "[PATCH v6] foo: fix bar for kernel stable rc 4.9", "", SM_KIND_BACKPORT, "4.9",
		  "foo: fix bar for kernel stable rc 4.9" },
		{ "[PATCH 0/3] foo: fixes for 6.1-stable", "", SM_KIND_BACKPORT, "6.1", "foo: fixes for 6.1-stable" },
		{ "[PATCH 0/2] foo: unstable bar on 6.1", "", SM_KIND_OTHER, "", "foo: unstable bar on 6.1" },
		{ "[PATCH] docs: stable-kernel-rules: 6.1 example", "", SM_KIND_OTHER, "",
		  "docs: stable-kernel-rules: 6.1 example" },
		{ "[PATCH] foo: keep the link stable", "", SM_KIND_OTHER, "", "foo: keep the link stable" },
		{ "[PATCH 0/4] backport foo fixes to 4.19", "", SM_KIND_BACKPORT, "4.19", "backport foo fixes to 4.19" },
		{ "[PATCH 0/5] Backport to 4.9- foo: bar", "", SM_KIND_BACKPORT, "4.9", "Backport to 4.9- foo: bar" },
		{ "[PATCH 0/3] Backport foo fixes from v6.9", "", SM_KIND_OTHER, "", "Backport foo fixes from v6.9" },
		{ "[PATCH 0/3] backportable foo for 6.1", "", SM_KIND_OTHER, "", "backportable foo for 6.1" },
		/* Brace lists, spelt out as a shell would. */
		{ "[PATCH][for stable 5.{15, 10} 2/4] foo: bar", "", SM_KIND_BACKPORT, "5.15,5.10", "foo: bar" },
		{ "[PATCH][stable-4.{14,19}.y 1/3] foo: bar", "", SM_KIND_BACKPORT, "4.19,4.14", "foo: bar" },
		{ "[PATCH 5.{4,10}.y] foo: bar", "", SM_KIND_BACKPORT, "5.10,5.4", "foo: bar" },
		{ "[PATCH {6.1,6.6}] foo: bar", "", SM_KIND_BACKPORT, "6.6,6.1", "foo: bar" },
		{ "[PATCH 5.{10] foo: bar", "", SM_KIND_OTHER, "", "foo: bar" },
		{ "[PATCH] foo: event{1,2} in 6.{1,6}", "", SM_KIND_OTHER, "", "foo: event{1,2} in 6.{1,6}" },
		/* A version in a tag with no word of a patch's names the kernel
		 * of a report, whoever ships it; a branch name, a series
		 * position or a patch word makes it a patch's tag. */
		{ "[Android 6.1] KASAN: use-after-free in foo", "", SM_KIND_OTHER, "",
		  "KASAN: use-after-free in foo" },
		{ "[openEuler 5.10] WARNING in bar", "", SM_KIND_OTHER, "", "WARNING in bar" },
		{ "[v5.15] general protection fault in baz", "", SM_KIND_OTHER, "",
		  "general protection fault in baz" },
		{ "[6.1 - 6.6] it hangs", "", SM_KIND_OTHER, "", "it hangs" },
		{ "[linux-5.15.y] foo: bar", "", SM_KIND_BACKPORT, "5.15", "foo: bar" },
		{ "[5.10 2/3] foo: bar", "", SM_KIND_BACKPORT, "5.10", "foo: bar" },
		{ "[BACKPORT 4.14.y 01/18] foo: bar", "", SM_KIND_BACKPORT, "4.14", "foo: bar" },
		{ "[PATCHv2 6.6] foo: bar", "", SM_KIND_BACKPORT, "6.6", "foo: bar" },
		{ "[RFC 6.6] foo: bar", "", SM_KIND_BACKPORT, "6.6", "foo: bar" },
		{ "[stable 5.4] foo: bar", "", SM_KIND_BACKPORT, "5.4", "foo: bar" },
		/* A review cover's reply that names a patch in prose (class 4):
		 * quoted, or up to a link or the verb of what it did. */
		{ "Re: [PATCH 6.1 000/102] 6.1.98-rc1 review",
		  "The patch \"usb: core: fix the hub\" breaks my laptop.\n", SM_KIND_REPLY, "6.1",
		  "usb: core: fix the hub" },
		{ "Re: [PATCH 6.1 000/102] 6.1.98-rc1 review",
		  "Commit 0123abcd usb: core: fix the\nhub https://x.org/1 causes a hang.\n", SM_KIND_REPLY,
		  "6.1", "usb: core: fix the hub" },
		{ "Re: [PATCH 6.1 000/102] 6.1.98-rc1 review",
		  "The patch series is fine: no regressions.\n", SM_KIND_REPLY, "6.1", "" },
	};
	check_subject_cases(cases, G_N_ELEMENTS(cases), "Cc: stable@vger.kernel.org\n");
}

/* Class 7: a bare version in the tag of mail that is not sent to stable
 * and names no upstream commit is a series for that kernel, not for its
 * stable tree ("[PATCH 6.1 00/15] genetlink: ...");  the branch's name,
 * a "stable" word or a "commit X upstream." line makes it a backport. */
static void lookalike_series(void **state)
{
	(void)state;
	static const subject_case cases[] = {
		{ "[PATCH 6.1 03/15] foo: bar", "", SM_KIND_OTHER, "", "foo: bar" },
		{ "[PATCH 6.1 00/15] foo: bar", "", SM_KIND_OTHER, "", "foo: bar" },
		{ "Re: [PATCH 6.1 03/15] foo: bar", "> diff --git a/x b/x\n\nWhy?\n", SM_KIND_OTHER, "",
		  "foo: bar" },
		{ "[PATCH 6.1.y 03/15] foo: bar", "", SM_KIND_BACKPORT, "6.1", "foo: bar" },
		{ "[PATCH 6.6 & 5.10] foo: bar", "The fix is hard to backport to LTS 6.6 and 5.10.\n",
		  SM_KIND_BACKPORT, "6.6,5.10", "foo: bar" },
		{ "[PATCH stable 6.1] foo: bar", "", SM_KIND_BACKPORT, "6.1", "foo: bar" },
		{ "[PATCH 6.1 03/15] foo: bar", "commit 0123456789abcdef0123456789abcdef01234567 upstream.\n",
		  SM_KIND_BACKPORT, "6.1", "foo: bar" },
		{ "Re: [PATCH 6.1 03/15] foo: bar",
		  "> commit 0123456789abcdef0123456789abcdef01234567 upstream.\n\nWhy?\n", SM_KIND_REPLY,
		  "6.1", "foo: bar" },
	};
	check_subject_cases(cases, G_N_ELEMENTS(cases), "To: Maintainer <m@example.org>\n");
}

/* Review deadlines in every form seen since 2017, and the test robots'
 * header when the text has none. */
static void review_deadlines(void **state)
{
	(void)state;
	struct { const char *line, *header, *want; } cases[] = {
		{ "Responses should be made by Wed, 06 Mar 2024 21:15:26 +0000.", NULL, "2024-03-06T21:15:26Z" },
		{ "Responses should be made by Sat 20 Jul 2019 02:59:27 AM UTC.", NULL, "2019-07-20T02:59:27Z" },
		{ "Responses should be made by Sat 20 Jul 2019 02:59:27 PM UTC.", NULL, "2019-07-20T14:59:27Z" },
		{ "Responses should be made by Mon Aug 19 20:00:00 UTC 2019.", NULL, "2019-08-19T20:00:00Z" },
		{ "Responses should be made by Thu, 01 Feb 2024 08:00:00 -0800.", NULL, "2024-02-01T16:00:00Z" },
		{ "Responses should be made by soon.", "2024-03-06T21:15+00:00", "2024-03-06T21:15:00Z" },
		{ "No deadline here.", NULL, "" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *text = g_strdup_printf(
			"From: Greg Kroah-Hartman <gregkh@linuxfoundation.org>\n%s%s%s"
			"Subject: [PATCH 6.6 000/143] 6.6.21-rc1 review\n\n"
			"This is the start of the stable review cycle for the 6.6.21 release.\n\n%s\n",
			cases[i].header ? "X-KernelTest-Deadline: " : "",
			cases[i].header ? cases[i].header : "", cases[i].header ? "\n" : "", cases[i].line);
		sm_mail *mail = parse_text(text, 0);
		sm_notice *n = sm_recognise(mail, trees);
		assert_int_equal(n->kind, SM_KIND_REVIEW_COVER);
		char *got = format_utc(n->deadline);
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("\"%s\": expected %s, got %s", cases[i].line, cases[i].want, got);
		g_free(got);
		sm_notice_free(n);
		sm_mail_free(mail);
		g_free(text);
	}
}

/* ---- the tables drive the tests ---- */

static int setup(void **state)
{
	(void)state;
	trees = sm_trees_new_default();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	sm_trees_free(trees);
	return 0;
}

static void add_rows(GArray *tests, sm_test_labels *labels, const char *prefix,
                     CMUnitTestFunction fn)
{
	for (guint i = 0; i < labels->rows->len; i++) {
		GHashTable *row = g_ptr_array_index(labels->rows, i);
		struct CMUnitTest t = {
			.name = g_strdup_printf("%s/%s", prefix, sm_test_label(row, "file")),
			.test_func = fn,
			.initial_state = row,
		};
		g_array_append_val(tests, t);
	}
}

int main(void)
{
	g_mime_init();
	const struct CMUnitTest units[] = {
		cmocka_unit_test(mail_bad_dates),
		cmocka_unit_test(exceptions_name_real_rows),
		cmocka_unit_test(corpus_details),
		cmocka_unit_test(reply_prefixes),
		cmocka_unit_test(subject_key_normalises),
		cmocka_unit_test(version_compare),
		cmocka_unit_test(tree_expansion),
		cmocka_unit_test(tree_table),
		cmocka_unit_test(tree_table_hash),
		cmocka_unit_test(recogniser_version),
		cmocka_unit_test(mail_huge_body),
		cmocka_unit_test(mail_many_recipients),
		cmocka_unit_test(mail_deep_nesting),
		cmocka_unit_test(mail_binary_parts_skipped),
		cmocka_unit_test(mail_charsets_decoded),
		cmocka_unit_test(mail_empty_parts),
		cmocka_unit_test(mail_unreadable_files),
		cmocka_unit_test(mail_garbage_survives),
		cmocka_unit_test(pathological_text),
		cmocka_unit_test(reply_signals),
		cmocka_unit_test(decisions_by_whom),
		cmocka_unit_test(stable_commit_named),
		cmocka_unit_test(reply_trees_from_own_words),
		cmocka_unit_test(reply_author),
		cmocka_unit_test(subject_forms),
		cmocka_unit_test(lookalike_series),
		cmocka_unit_test(review_deadlines),
	};
	GArray *tests = g_array_new(FALSE, FALSE, sizeof(struct CMUnitTest));
	g_array_append_vals(tests, units, G_N_ELEMENTS(units));
	sm_test_labels *corpus = sm_test_labels_read("corpus/labels.tsv");
	sm_test_labels *synthetic = sm_test_labels_read("synthetic/labels.tsv");
	sm_test_labels *human = sm_test_labels_read("human/labels.tsv");
	add_rows(tests, corpus, "corpus", check_corpus_row);
	add_rows(tests, synthetic, "synthetic", check_synthetic_row);
	add_rows(tests, human, "human", check_human_row);
	int failed = _cmocka_run_group_tests("recognise", (struct CMUnitTest *)tests->data,
	                                     tests->len, setup, teardown);
	for (guint i = G_N_ELEMENTS(units); i < tests->len; i++)
		g_free((char *)g_array_index(tests, struct CMUnitTest, i).name);
	g_array_unref(tests);
	sm_test_labels_free(corpus);
	sm_test_labels_free(synthetic);
	sm_test_labels_free(human);
	g_mime_shutdown();
	return failed;
}
