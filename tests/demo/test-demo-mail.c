/* test-demo-mail.c - the demo's template language (demo/mail/README):
 * each expansion, exactly, at a fixed now; the order, folders, names and
 * tags of what is written; and a one-line error naming the file and line
 * for each kind of mistake.  It links demo-mail.c alone, with a repository
 * of one made-up commit: none of the demo's own mail or commits. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include "demo-private.h"

/* Mon 2026-12-07 12:00:00 UTC. */
#define NOW G_GINT64_CONSTANT(1796644800)

static char *top, *templates, *mail;
static sm_demo_repo repo;
static sm_demo_commit fix = { .id = "0123456789abcdef0123456789abcdef01234567" };

static void run(const char *argv0, const char *a, const char *b)
{
	const char *argv[] = { argv0, a, b, NULL };
	g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
	             NULL, NULL);
}

static int setup(void **state)
{
	(void)state;
	top = g_dir_make_tmp("test-demo-mail-XXXXXX", NULL);
	templates = g_build_filename(top, "templates", NULL);
	mail = g_build_filename(top, "mail", NULL);
	g_mkdir(templates, 0700);
	g_mkdir(mail, 0700);
	char *cur = g_build_filename(mail, "cur", NULL), *new = g_build_filename(mail, "new", NULL);
	g_mkdir(cur, 0700);
	g_mkdir(new, 0700);
	g_free(cur);
	g_free(new);
	repo.commits = g_hash_table_new(g_str_hash, g_str_equal);
	g_hash_table_insert(repo.commits, "fix", &fix);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	run("rm", "-rf", top);
	g_hash_table_unref(repo.commits);
	g_free(templates);
	g_free(mail);
	g_free(top);
	return 0;
}

static void template(const char *name, const char *text)
{
	char *path = g_build_filename(templates, name, NULL);
	assert_true(g_file_set_contents(path, text, -1, NULL));
	g_free(path);
}

static char *contents(const char *path)
{
	char *text = NULL;
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	return text;
}

static void test_expansions_and_files(void **state)
{
	(void)state;
	template("01-first.eml",
	         "% at -6d5h+40s\n"
	         "% seen\n"
	         "% tag stablemate/approved\n"
	         "From: A <a@example.org>\n"
	         "Date: {{date -6d5h+40s -0500}}\n"
	         "Message-ID: <{{stamp %Y%m%d%H%M%S -6d5h+40s}}.1-2-a@example.org>\n"
	         "\n"
	         "Upstream commit {{commit fix}} ({{commit fix short}}).\n"
	         "Responses should be made by {{date +18h +0000}}.\n");
	template("02-reply.eml",
	         "% at -1d\n"
	         "Message-ID: <reply@example.org>\n"
	         "In-Reply-To: <{{id 01-first}}>\n"
	         "\n"
	         "On {{on -6d5h+40s -0500}}, A wrote:\n"
	         "{{date +0s +0930}} {{on -12h +0000}}\n");
	template("README", "not a template\n");
	GError *error = NULL;
	GPtrArray *out = sm_demo_mail_write(mail, templates, &repo, NOW, &error);
	assert_null(error);
	assert_non_null(out);
	assert_int_equal(out->len, 2);
	const sm_demo_message *first = out->pdata[0], *reply = out->pdata[1];

	char *want = g_strdup_printf("%s/cur/1796108440.M1P4201.stablemate-demo:2,S", mail);
	assert_string_equal(first->path, want);
	g_free(want);
	assert_string_equal(first->message_id, "20261201070040.1-2-a@example.org");
	char *tags = g_strjoinv(" ", first->tags);
	assert_string_equal(tags, "inbox stablemate/approved");
	g_free(tags);
	char *text = contents(first->path);
	assert_string_equal(text,
	                    "From: A <a@example.org>\n"
	                    "Date: Tue, 1 Dec 2026 02:00:40 -0500\n"
	                    "Message-ID: <20261201070040.1-2-a@example.org>\n"
	                    "\n"
	                    "Upstream commit 0123456789abcdef0123456789abcdef01234567 (0123456789ab).\n"
	                    "Responses should be made by Tue, 8 Dec 2026 06:00:00 +0000.\n");
	g_free(text);

	want = g_strdup_printf("%s/new/1796558400.M2P4202.stablemate-demo", mail);
	assert_string_equal(reply->path, want);
	g_free(want);
	tags = g_strjoinv(" ", reply->tags);
	assert_string_equal(tags, "inbox unread");
	g_free(tags);
	text = contents(reply->path);
	assert_string_equal(text,
	                    "Message-ID: <reply@example.org>\n"
	                    "In-Reply-To: <20261201070040.1-2-a@example.org>\n"
	                    "\n"
	                    "On Tue, Dec 01, 2026 at 02:00:40AM -0500, A wrote:\n"
	                    "Mon, 7 Dec 2026 21:30:00 +0930 Mon, Dec 07, 2026 at 12:00:00AM +0000\n");
	g_free(text);
	g_ptr_array_set_free_func(out, (GDestroyNotify)sm_demo_message_free);
	g_ptr_array_unref(out);
}

/* TEXT as the only template 01-t.eml: the error it gives. */
static void expect_error(const char *text, const char *message)
{
	template("01-t.eml", text);
	GError *error = NULL;
	GPtrArray *out = sm_demo_mail_write(mail, templates, &repo, NOW, &error);
	assert_null(out);
	assert_non_null(error);
	assert_string_equal(error->message, message);
	g_error_free(error);
}

/* A template with its "% at" line and a Message-ID header, then REST. */
static void expect_error_after_id(const char *rest, const char *message)
{
	char *text = g_strconcat("% at -1d\nMessage-ID: <x@example.org>\n\n", rest, NULL);
	expect_error(text, message);
	g_free(text);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("Message-ID: <x@example.org>\n", "demo mail 01-t.eml:1: no \"% at OFFSET\" line");
	expect_error("% at -1d\n% sent\n", "demo mail 01-t.eml:2: \"% sent\" is none of % at, % seen, % tag");
	expect_error("% at yesterday\n", "demo mail 01-t.eml:1: \"yesterday\" is not an offset such as -6d5h+40s");
	expect_error("% at -1w\n", "demo mail 01-t.eml:1: \"-1w\" is not an offset such as -6d5h+40s");
	expect_error_after_id("Date: {{date -1d +01}}\n",
	                      "demo mail 01-t.eml:4: \"+01\" is not a time zone such as +0100");
	expect_error_after_id("\n\n{{when -1d}}\n",
	                      "demo mail 01-t.eml:6: {{when}} is none of date, on, stamp, id, commit");
	expect_error_after_id("{{stamp %a -1d}}\n",
	                      "demo mail 01-t.eml:4: \"%a\" is not a stamp of %Y %m %d %H %M %S");
	expect_error_after_id("In-Reply-To: <{{id 00-gone}}>\n",
	                      "demo mail 01-t.eml:4: no earlier template 00-gone");
	expect_error_after_id("{{commit leak}}\n",
	                      "demo mail 01-t.eml:4: no commit leak in the demo repository");
	expect_error_after_id("{{date -1d\n+0100}}\n", "demo mail 01-t.eml:4: {{ without }} on its line");
	expect_error("% at -1d\nFrom: a@example.org\n\nMessage-ID: <in-the-body@x>\n",
	             "demo mail 01-t.eml:1: no Message-ID header");
}

static void test_no_templates(void **state)
{
	(void)state;
	GError *error = NULL;
	assert_null(sm_demo_mail_write(mail, templates, &repo, NOW, &error));
	char *want = g_strdup_printf("the demo's mail: no .eml template in %s", templates);
	assert_string_equal(error->message, want);
	g_free(want);
	g_clear_error(&error);
	char *gone = g_build_filename(top, "gone", NULL);
	assert_null(sm_demo_mail_write(mail, gone, &repo, NOW, &error));
	want = g_strdup_printf("the demo's mail: Error opening directory \xe2\x80\x9c%s\xe2\x80\x9d: No such file or directory", gone);
	assert_string_equal(error->message, want);
	g_free(want);
	g_free(gone);
	g_clear_error(&error);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_expansions_and_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_templates, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
