/* test-filter.c - the limit language: parsing, matching and its errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "patch/patch.h"
#include "patch/private.h"

#define NOW 1700000000
#define HOUR 3600
#define DAY 86400

/* A hand-made patch, as grouping would build it (the kinds and sender of
 * its notices in the row): its notices and trees are owned by the fixture,
 * not by a group. */
typedef struct fixture {
	sm_patch patch;
	GPtrArray *notices;  /* sm_notice*, owned */
	GPtrArray *trees;    /* sm_tree_status*, owned */
} fixture;

static void fixture_free(fixture *f)
{
	for (guint i = 0; i < f->trees->len; i++) {
		sm_tree_status *ts = f->trees->pdata[i];
		g_free(ts->tree);
		g_free(ts);
	}
	g_ptr_array_unref(f->trees);
	g_ptr_array_unref(f->notices);
	g_free(f->patch.subject);
	g_free(f->patch.author);
	g_free(f);
}

static fixture *mk_patch(const char *subject, const char *author, const char *upstream)
{
	fixture *f = g_new0(fixture, 1);
	f->notices = g_ptr_array_new_with_free_func((GDestroyNotify)sm_notice_free);
	f->trees = g_ptr_array_new();
	f->patch.subject = g_strdup(subject);
	f->patch.author = g_strdup(author);
	g_strlcpy(f->patch.upstream, upstream ? upstream : "", sizeof f->patch.upstream);
	f->patch.notices = f->notices;
	f->patch.trees = f->trees;
	f->patch.date = f->patch.news = NOW - HOUR;
	return f;
}

static void add_notice(fixture *f, sm_kind kind, const char *message_id)
{
	sm_notice *n = sm_notice_new();
	n->kind = kind;
	n->message_id = g_strdup(message_id);
	n->from = g_strdup("Sasha Levin <sashal@kernel.org>");
	if (!f->notices->len)
		f->patch.sender = n->from;
	f->patch.kinds |= 1u << kind;
	g_ptr_array_add(f->notices, n);
}

static void add_tree(fixture *f, const char *tree, sm_status status)
{
	sm_tree_status *ts = g_new0(sm_tree_status, 1);
	ts->tree = g_strdup(tree);
	ts->status = status;
	g_ptr_array_add(f->trees, ts);
}

static fixture *devfreq, *tcpm, *untagged;
static GHashTable *mine;

static int setup(void **state)
{
	(void)state;
	devfreq = mk_patch("PM / devfreq: governor: Replace sscanf() with kstrtoul()",
	                   "Lifeng Zheng <zhenglifeng1@huawei.com>",
	                   "914cc799b28f17d369d5b4db3b941957d18157e8");
	add_notice(devfreq, SM_KIND_AUTOSEL, "autosel-1@kernel.org");
	add_notice(devfreq, SM_KIND_REVIEW_PATCH, "review-1@linuxfoundation.org");
	add_tree(devfreq, "6.12", SM_STATUS_REVIEW);
	add_tree(devfreq, "6.1", SM_STATUS_AUTOSEL);
	devfreq->patch.deadline = NOW + 20 * HOUR;
	devfreq->patch.files = "drivers/devfreq/governor_userspace.c";

	tcpm = mk_patch("usb: typec: tcpm: enforce ready state", "RD Babiera <rdbabiera@google.com>",
	                "cdc9946ea6377e8e214b135ccc308c5e514ba25f");
	add_notice(tcpm, SM_KIND_FAILED, "failed-1@linuxfoundation.org");
	add_notice(tcpm, SM_KIND_ADDED, "added-1@linuxfoundation.org");
	add_tree(tcpm, "6.12", SM_STATUS_FAILED);
	add_tree(tcpm, "6.6", SM_STATUS_QUEUED);
	tcpm->patch.state = SM_TRIAGE_RESOLVING;
	tcpm->patch.deadline = NOW - HOUR;
	tcpm->patch.date = tcpm->patch.news = NOW - 5 * DAY;
	tcpm->patch.unread = TRUE;
	tcpm->patch.files = "drivers/usb/typec/tcpm/tcpm.c\ninclude/linux/usb/tcpm.h";

	/* UTF-8 in the author, no upstream id, no deadline. */
	untagged = mk_patch("Revert \"fork: defer linking file vma\"", "Jörg Rödel <joro@8bytes.org>",
	                    NULL);
	add_notice(untagged, SM_KIND_BACKPORT, "backport-1@example.org");
	add_tree(untagged, "6.1", SM_STATUS_BACKPORT);
	untagged->patch.state = SM_TRIAGE_APPROVED;

	/* The patch of failed-1@linuxfoundation.org, as the group finds it. */
	mine = g_hash_table_new(g_direct_hash, g_direct_equal);
	g_hash_table_add(mine, &tcpm->patch);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_free(devfreq);
	fixture_free(tcpm);
	fixture_free(untagged);
	g_hash_table_unref(mine);
	return 0;
}

/* Which of the three patches TEXT matches, as a string like "dt-" (d:
 * devfreq, t: tcpm, u: untagged, '-' for a miss). */
static char *matches(const char *text)
{
	GError *error = NULL;
	sm_filter *filter = sm_filter_parse(text, &error);
	if (!filter)
		fail_msg("'%s' did not parse: %s", text, error->message);
	sm_filter_ctx ctx = { .now = NOW, .mine = mine };
	char *s = g_strdup_printf("%c%c%c",
	                          sm_filter_match(filter, &devfreq->patch, &ctx) ? 'd' : '-',
	                          sm_filter_match(filter, &tcpm->patch, &ctx) ? 't' : '-',
	                          sm_filter_match(filter, &untagged->patch, &ctx) ? 'u' : '-');
	sm_filter_free(filter);
	return s;
}

#define assert_matches(text, expected) do {          \
		char *got_ = matches(text);          \
		assert_string_equal(got_, expected); \
		g_free(got_);                        \
	} while (0)

/* The error message for TEXT, which must not parse. */
static char *error_of(const char *text)
{
	GError *error = NULL;
	sm_filter *filter = sm_filter_parse(text, &error);
	if (filter)
		fail_msg("'%s' parsed, but should not", text);
	assert_true(error->domain == SM_FILTER_ERROR);
	char *message = g_strdup(error->message);
	g_error_free(error);
	return message;
}

#define assert_error(text, expected) do {            \
		char *got_ = error_of(text);         \
		assert_string_equal(got_, expected); \
		g_free(got_);                        \
	} while (0)

static void test_empty(void **state)
{
	(void)state;
	assert_matches("", "dtu");
	assert_matches("   ", "dtu");
}

static void test_tree(void **state)
{
	(void)state;
	assert_matches("tree:6.1", "d-u");
	assert_matches("tree:6.12", "dt-");
	assert_matches("tree:6.6", "-t-");
	/* 6.1 is not a prefix of 6.12: trees match whole. */
	assert_matches("tree:6", "---");
}

static void test_kind_and_status(void **state)
{
	(void)state;
	assert_matches("kind:failed", "-t-");
	assert_matches("kind:autosel", "d--");
	assert_matches("kind:review", "d--");       /* alias of review-patch */
	assert_matches("kind:queued", "-t-");       /* alias of added */
	assert_matches("kind:backp", "--u");        /* a unique prefix */
	assert_matches("status:failed", "-t-");
	assert_matches("status:queued", "-t-");
	assert_matches("status:review", "d--");
}

static void test_state(void **state)
{
	(void)state;
	assert_matches("state:untriaged", "d--");
	assert_matches("state:untr", "d--");
	assert_matches("state:resolving", "-t-");
	assert_matches("state:APPROVED", "--u");
}

/* file: takes git's pathspec patterns over the files of the patch's
 * diffs; a patch with no diff (untagged) has no files. */
static void test_file(void **state)
{
	(void)state;
	assert_matches("file:drivers/usb/**", "-t-");
	assert_matches("file:drivers/usb", "-t-");
	assert_matches("file:drivers", "dt-");
	assert_matches("file:**/tcpm.h", "-t-");
	assert_matches("file:include/*/*/*.h", "-t-");
	assert_matches("file:include/*.h", "---");
	assert_matches("file:drivers/devfreq/governor_userspace.c", "d--");
	assert_matches("file:Drivers/devfreq/governor_userspace.c", "---");
	assert_matches("-file:drivers/usb/**", "d-u");
	assert_matches("file:drivers/usb/** or file:drivers/devfreq/**", "dt-");
	GError *error = NULL;
	assert_null(sm_filter_parse("file:", &error));
	assert_string_equal(error->message, "file: needs a path or a pattern, like file:drivers/usb/**");
	g_error_free(error);
}

static void test_deadline_and_age(void **state)
{
	(void)state;
	assert_matches("deadline:<24h", "dt-");     /* a late one is under 24 h too */
	assert_matches("deadline:<10h", "-t-");
	assert_matches("deadline:>10h", "d--");
	assert_matches("deadline:late", "-t-");
	assert_matches("deadline:any", "dt-");
	assert_matches("deadline:none", "--u");
	assert_matches("deadline:<=20h", "dt-");
	assert_matches("deadline:<1d", "dt-");
	assert_matches("age:<2d", "d-u");
	assert_matches("age:>2d", "-t-");
	assert_matches("age:>=1w", "---");
}

/* The user's own reply an hour ago is no news: tcpm's news is still five
 * days old, and its age too. */
static void test_age_of_news(void **state)
{
	(void)state;
	tcpm->patch.date = NOW - HOUR;
	assert_matches("age:<2d", "d-u");
	assert_matches("age:>2d", "-t-");
	tcpm->patch.date = NOW - 5 * DAY;
	/* Only the user's own mail: no news, no age. */
	untagged->patch.news = 0;
	assert_matches("age:<2d", "d--");
	assert_matches("age:>2d", "-t-");
	untagged->patch.news = NOW - HOUR;
}

static void test_text(void **state)
{
	(void)state;
	assert_matches("devfreq", "d--");
	assert_matches("DEVFREQ", "d--");
	assert_matches("sscanf()", "d--");
	assert_matches("babiera", "-t-");           /* the author */
	assert_matches("JÖRG", "--u");              /* case folding beyond ASCII */
	assert_matches("author:zheng", "d--");
	assert_matches("subject:zheng", "---");
	assert_matches("\"enforce ready\"", "-t-");
	assert_matches("subject:\"fork: defer\"", "--u");
	assert_matches("net:", "---");              /* unknown prefixes are text */
	assert_matches("typec:", "-t-");
	assert_matches("upstream:914CC", "d--");
	assert_matches("commit:cdc9", "-t-");
}

static void test_mine_and_unread(void **state)
{
	(void)state;
	assert_matches("mine", "-t-");
	assert_matches("unread", "-t-");
	sm_filter *filter = sm_filter_parse("devfreq or mine", NULL);
	assert_true(sm_filter_needs_mine(filter));
	sm_filter_ctx ctx = { .now = NOW, .mine = NULL };
	assert_false(sm_filter_match(filter, &tcpm->patch, &ctx));
	sm_filter_free(filter);
	filter = sm_filter_parse("\"mine\"", NULL);
	assert_false(sm_filter_needs_mine(filter));
	sm_filter_free(filter);
}

static void test_operators(void **state)
{
	(void)state;
	assert_matches("tree:6.12 kind:failed", "-t-");
	assert_matches("tree:6.12 and kind:failed", "-t-");
	assert_matches("kind:failed or kind:backport", "-tu");
	assert_matches("not tree:6.1", "-t-");
	assert_matches("-tree:6.1", "-t-");
	assert_matches("NOT -tree:6.1", "d-u");
	assert_matches("tree:6.1 (devfreq or fork)", "d-u");
	assert_matches("(kind:failed or kind:autosel) -unread", "d--");
	assert_matches("((tree:6.6))", "-t-");
	/* "and" binds tighter than "or". */
	assert_matches("devfreq or tree:6.6 and unread", "dt-");
	assert_matches("\"and\"", "---");           /* quoted: text, not an operator */
}

static void test_errors(void **state)
{
	(void)state;
	assert_error("kind:bogus", "unknown kind 'bogus' (one of: autosel, review-patch, "
	             "review-cover, added, failed, backport, removed, reply, release)");
	assert_error("state:d", "ambiguous state 'd' (one of: untriaged, approved, hold, "
	             "revert, drop, resolving, done)");
	assert_error("status:x", "unknown status 'x' (one of: autosel, failed, backport, "
	             "queued, review, released, dropped)");
	assert_error("deadline:24h", "bad deadline '24h': expected <DURATION or >DURATION, "
	             "like <24h or >2d, or late, any, none");
	assert_error("deadline:<24", "bad deadline '<24': expected <DURATION or >DURATION, "
	             "like <24h or >2d, or late, any, none");
	assert_error("age:late", "bad age 'late': expected <DURATION or >DURATION, like <24h or >2d");
	assert_error("tree:", "tree: needs a tree, like tree:6.6");
	assert_error("upstream:xyz", "bad upstream 'xyz': expected a commit id prefix");
	assert_error("\"open", "unclosed quote in \"open");
	assert_error("(tree:6.1", "missing ')'");
	assert_error("tree:6.1 )", "unmatched ')'");
	assert_error("()", "empty parentheses");
	assert_error("or devfreq", "'or' needs a term before it");
	assert_error("devfreq or", "a term is missing at the end");
	assert_error("not", "a term is missing at the end");
}

static void test_durations(void **state)
{
	(void)state;
	gint64 s = 0;
	assert_true(sm_filter_parse_duration("90m", &s));
	assert_int_equal(s, 90 * 60);
	assert_true(sm_filter_parse_duration("24h", &s));
	assert_int_equal(s, DAY);
	assert_true(sm_filter_parse_duration("2d", &s));
	assert_int_equal(s, 2 * DAY);
	assert_true(sm_filter_parse_duration("1w", &s));
	assert_int_equal(s, 7 * DAY);
	assert_false(sm_filter_parse_duration("", &s));
	assert_false(sm_filter_parse_duration("h", &s));
	assert_false(sm_filter_parse_duration("-1h", &s));
	assert_false(sm_filter_parse_duration("2x", &s));
	assert_false(sm_filter_parse_duration("99999999999999999999w", &s));
}

static void test_mine_query(void **state)
{
	(void)state;
	const char *const none[] = { NULL };
	const char *const one[] = { "maint@example.org", NULL };
	const char *const two[] = { "a@x.org", "", "odd\"name@y.org", NULL };
	assert_null(sm_filter_mine_query(none));
	assert_null(sm_filter_mine_query(NULL));
	char *q = sm_filter_mine_query(one);
	assert_string_equal(q, "to:\"maint@example.org\"");
	g_free(q);
	q = sm_filter_mine_query(two);
	assert_string_equal(q, "to:\"a@x.org\" or to:\"odd\"\"name@y.org\"");
	g_free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_kind_and_status),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_deadline_and_age),
		cmocka_unit_test(test_age_of_news),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_mine_and_unread),
		cmocka_unit_test(test_operators),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_mine_query),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
