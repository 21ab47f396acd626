/* test-template.c - ${variable} expansion, the config's templates, the
 * shipped defaults. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include "reply/reply.h"
#include "reply/private.h"

static GHashTable *vars(void)
{
	GHashTable *v = g_hash_table_new(g_str_hash, g_str_equal);
	for (const char *const *name = sm_template_variables; *name; name++)
		g_hash_table_insert(v, (char *)*name, (char *)*name);
	g_hash_table_insert(v, "commit", "914cc799b28f (\"PM / devfreq: fix\")");
	g_hash_table_insert(v, "trees", "6.6 and 6.1");
	g_hash_table_insert(v, "reason", "it breaks ${quote} users");
	return v;
}

static void expect_expansion(const char *text, const char *expected)
{
	GHashTable *v = vars();
	GError *error = NULL;
	char *out = sm_template_expand("hold", text, v, &error);
	if (!out)
		fail_msg("%s", error->message);
	assert_string_equal(out, expected);
	g_free(out);
	g_hash_table_unref(v);
}

static void expect_failure(const char *text, const char *message)
{
	GHashTable *v = vars();
	GError *error = NULL;
	assert_null(sm_template_expand("hold", text, v, &error));
	assert_string_equal(error->message, message);
	g_error_free(error);
	g_hash_table_unref(v);
}

static void test_expand(void **state)
{
	(void)state;
	expect_expansion("Please hold ${commit} for ${trees}.",
	                 "Please hold 914cc799b28f (\"PM / devfreq: fix\") for 6.6 and 6.1.");
	/* Values are not expanded again: a reason may contain "${". */
	expect_expansion("${reason}", "it breaks ${quote} users");
	expect_expansion("$$5 and $5 and $ and $}", "$5 and $5 and $ and $}");
	expect_expansion("", "");
	expect_expansion("${name}${email}", "nameemail");
	/* A list on lines of its own takes the spaces beside it: no "take "
	 * line end, no " first." line (which would read as indented). */
	GHashTable *v = vars();
	g_hash_table_insert(v, "dependencies", "\n\n  1adedf6271a6 (\"net: foo: a table\")\n"
	                    "  0123456789ab (\"net: bar: another\")\n\n");
	char *deps = sm_template_expand("ask-for-dependencies",
	                                "Please also take ${dependencies} first.\n", v, NULL);
	assert_string_equal(deps, "Please also take\n\n  1adedf6271a6 (\"net: foo: a table\")\n"
	                          "  0123456789ab (\"net: bar: another\")\n\nfirst.\n");
	g_free(deps);
	g_hash_table_unref(v);
	expect_failure("Hi ${nmae},", "template hold: unknown variable ${nmae}");
	expect_failure("Hi ${name", "template hold: \"${\" without a closing \"}\"");
}

static void test_defaults(void **state)
{
	(void)state;
	GHashTable *v = vars();
	g_hash_table_insert(v, "quote", "On Mon, Greg wrote:\n> patch");
	g_hash_table_insert(v, "name", "Ada Maintainer");
	g_hash_table_insert(v, "email", "ada@example.org");
	g_hash_table_insert(v, "reason", "It breaks suspend on Thinkpads.");
	g_hash_table_insert(v, "commits", "  7be74942f184 (\"KVM: SVM: Periodically schedule when "
	                    "unregistering regions on destroy\")\n  3de218ff39b9 (\"xen/events: fix\")");
	static const char *const expected[][2] = {
		{ "approve", "On Mon, Greg wrote:\n> patch\n\n"
		             "Acked-by: Ada Maintainer <ada@example.org>\n" },
		{ "hold", "On Mon, Greg wrote:\n> patch\n\n"
		          "Please hold off on 914cc799b28f (\"PM / devfreq: fix\") for 6.6 and 6.1\n"
		          "for now:\n\nIt breaks suspend on Thinkpads.\n\nThanks,\nAda Maintainer\n" },
		{ "revert", "On Mon, Greg wrote:\n> patch\n\n"
		            "Please revert 914cc799b28f (\"PM / devfreq: fix\") from 6.6 and 6.1:\n\n"
		            "It breaks suspend on Thinkpads.\n\nThanks,\nAda Maintainer\n" },
		{ "drop", "On Mon, Greg wrote:\n> patch\n\n"
		          "Please drop 914cc799b28f (\"PM / devfreq: fix\") from 6.6 and 6.1:\n\n"
		          "It breaks suspend on Thinkpads.\n\nThanks,\nAda Maintainer\n" },
		{ "approve-review", "On Mon, Greg wrote:\n> patch\n\nThese are fine for 6.6 and 6.1:\n\n"
		                    "  7be74942f184 (\"KVM: SVM: Periodically schedule when unregistering "
		                    "regions on destroy\")\n  3de218ff39b9 (\"xen/events: fix\")\n\n"
		                    "Acked-by: Ada Maintainer <ada@example.org>\n" },
		{ "reply", "On Mon, Greg wrote:\n> patch\n\n" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
		char *out = sm_template_expand(expected[i][0], sm_template_default(expected[i][0]),
		                               v, NULL);
		assert_string_equal(out, expected[i][1]);
		g_free(out);
	}
	assert_null(sm_template_default("nonsense"));
	g_hash_table_unref(v);
}

static sm_config *config_with(const char *dir, const char *text)
{
	char *path = g_build_filename(dir, "config", NULL);
	g_file_set_contents(path, text, -1, NULL);
	GError *error = NULL;
	sm_config *config = sm_config_load(path, &error);
	if (!config)
		fail_msg("%s", error->message);
	g_free(path);
	return config;
}

/* Replies are wrapped at 72 columns: the hold template with a long
 * subject made a 100-column line.  Quotes, trailers, URLs, commit
 * references and commit-id lines are never cut. */
static void test_wrap(void **state)
{
	(void)state;
	GHashTable *v = vars();
	g_hash_table_insert(v, "quote", "On Mon, 29 Dec 2025 11:41:00 +0100, Greg Kroah-Hartman "
	                    "<gregkh@linuxfoundation.org> wrote:\n"
	                    "> a quoted line that is much longer than seventy-two columns stays as it was");
	g_hash_table_insert(v, "commit", "1adedf6271a6 (\"net: foo: store setup values in a table so "
	                    "that probe never fails\")");
	g_hash_table_insert(v, "trees", "6.12, 6.6 and 6.1");
	g_hash_table_insert(v, "name", "Ada Maintainer");
	g_hash_table_insert(v, "reason", "It breaks suspend on ThinkPad X1 Carbon laptops when docked, "
	                    "see https://bugzilla.kernel.org/show_bug.cgi?id=219999&comment=12345678901234 "
	                    "for the logs.");
	char *expanded = sm_template_expand("hold", sm_template_default("hold"), v, NULL);
	char *out = sm_template_wrap(expanded, SM_TEMPLATE_WIDTH);
	g_free(expanded);
	assert_string_equal(out,
	    "On Mon, 29 Dec 2025 11:41:00 +0100, Greg Kroah-Hartman <gregkh@linuxfoundation.org> wrote:\n"
	    "> a quoted line that is much longer than seventy-two columns stays as it was\n"
	    "\n"
	    "Please hold off on\n"
	    "1adedf6271a6 (\"net: foo: store setup values in a table so that probe never fails\")\n"
	    "for 6.12, 6.6 and 6.1 for now:\n"
	    "\n"
	    "It breaks suspend on ThinkPad X1 Carbon laptops when docked, see\n"
	    "https://bugzilla.kernel.org/show_bug.cgi?id=219999&comment=12345678901234\n"
	    "for the logs.\n"
	    "\n"
	    "Thanks,\n"
	    "Ada Maintainer\n");
	g_free(out);
	g_hash_table_unref(v);

	const char *kept =
	    "Acked-by: A Very Long Name Indeed Of Somebody Reviewing <somebody.reviewing@example.org>\n"
	    "Fixes: 1adedf6271a6 (\"net: foo: store setup values in a table so that probe never fails\")\n"
	    "1adedf6271a6 (\"net: foo: store setup values in a table so that probe never fails\")\n"
	    "    an indented line, as code is, that is longer than seventy-two columns wide\n";
	char *same = sm_template_wrap(kept, 72);
	assert_string_equal(same, kept);
	g_free(same);
	char *short_ref = sm_template_wrap("Please take 1adedf6271a6 (\"net: foo: a table\") and "
	                                   "0123456789ab (\"net: bar: another\") for 6.1, 6.6 and 6.12.", 72);
	assert_string_equal(short_ref, "Please take 1adedf6271a6 (\"net: foo: a table\") and\n"
	                               "0123456789ab (\"net: bar: another\") for 6.1, 6.6 and 6.12.");
	g_free(short_ref);
	/* Two spaces after a full stop stay where the line does not break. */
	char *spaced = sm_template_wrap("It breaks suspend.  It also breaks resume on the ThinkPad "
	                                "X1 Carbon when it is docked.  Really.", 72);
	assert_string_equal(spaced, "It breaks suspend.  It also breaks resume on the ThinkPad X1 Carbon when\n"
	                            "it is docked.  Really.");
	g_free(spaced);
	/* Widths are display cells: 65 characters, 77 cells. */
	char *wide = sm_template_wrap("Tested by \u5c71\u7530\u592a\u90ce\u3055\u3093 and "
	                              "\u9234\u6728\u4e00\u90ce\u3055\u3093 in the lab: both boards "
	                              "fail to boot.", 72);
	assert_string_equal(wide, "Tested by \u5c71\u7530\u592a\u90ce\u3055\u3093 and "
	                          "\u9234\u6728\u4e00\u90ce\u3055\u3093 in the lab: both boards fail to\n"
	                          "boot.");
	g_free(wide);
}

static void test_config(void **state)
{
	(void)state;
	char *dir = g_dir_make_tmp("test-template-XXXXXX", NULL);
	char *file = g_build_filename(dir, "drop.txt", NULL);
	g_file_set_contents(file, "Drop it:\n${reason}\n", -1, NULL);
	char *text = g_strdup_printf("[templates]\nhold = Hold it.\\n\\n${reason}\\n\n"
	                             "drop-path = %s\nrevert-path = %s/missing\n", file, dir);
	sm_config *config = config_with(dir, text);
	GError *error = NULL;

	char *hold = sm_template_load(config, "hold", &error);
	assert_string_equal(hold, "Hold it.\n\n${reason}\n");
	char *drop = sm_template_load(config, "drop", &error);
	assert_string_equal(drop, "Drop it:\n${reason}\n");
	char *approve = sm_template_load(config, "approve", &error);
	assert_string_equal(approve, sm_template_default("approve"));
	assert_null(sm_template_load(config, "revert", &error));
	/* The middle is GLib's wording, which follows the locale. */
	assert_true(g_str_has_prefix(error->message, "[templates] revert-path: "));
	assert_true(g_str_has_suffix(error->message, "/missing”: No such file or directory") ||
	            g_str_has_suffix(error->message, "/missing\": No such file or directory"));

	g_error_free(error);
	g_free(hold);
	g_free(drop);
	g_free(approve);
	sm_config_free(config);
	g_free(text);
	g_unlink(file);
	g_free(file);
	file = g_build_filename(dir, "config", NULL);
	g_unlink(file);
	g_free(file);
	g_rmdir(dir);
	g_free(dir);
}

static void test_join(void **state)
{
	(void)state;
	const char *const none[] = { NULL }, *const one[] = { "6.6", NULL },
	                  *const two[] = { "6.6", "6.1", NULL },
	                  *const three[] = { "6.12", "6.6", "6.1", NULL };
	const char *const *cases[] = { none, one, two, three };
	const char *expected[] = { "", "6.6", "6.6 and 6.1", "6.12, 6.6 and 6.1" };
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *s = sm_template_join(cases[i]);
		assert_string_equal(s, expected[i]);
		g_free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_join),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
