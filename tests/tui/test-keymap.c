/* test-keymap.c - key names, bindings and the key-file parser. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <glib/gstdio.h>
#include <cmocka.h>
#include "tui/keymap.h"

/* Parse TEXT as file "test.keys"; returns the errors joined by newlines. */
static char *parse(sm_keymap *keymap, const char *text)
{
	GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
	guint n = sm_keymap_parse(keymap, text, strlen(text), "test.keys", FALSE, errors);
	assert_int_equal(n, errors->len);
	g_ptr_array_add(errors, NULL);
	char *joined = g_strjoinv("\n", (char **)errors->pdata);
	g_ptr_array_unref(errors);
	return joined;
}

/* What KEYS (a key-file key list, such as "g g") do in VIEW: the action
 * name, "prefix", or "-" when nothing. */
static const char *lookup(const sm_keymap *keymap, sm_keymap_view view, const char *keys)
{
	sm_key seq[SM_KEY_SEQ_MAX * 2];
	int n = 0;
	char **tokens = g_strsplit(keys, " ", -1);
	for (char **t = tokens; *t; t++) {
		int got = sm_key_parse(*t, seq + n);
		assert_true(got > 0);
		n += got;
	}
	g_strfreev(tokens);
	sm_action action;
	switch (sm_keymap_lookup(keymap, view, seq, n, &action)) {
	case SM_KEYMAP_MATCH: return sm_action_name(action);
	case SM_KEYMAP_PREFIX: return "prefix";
	default: return "-";
	}
}

static char *format(const char *token)
{
	sm_key keys[2];
	int n = sm_key_parse(token, keys);
	if (n == 0)
		return g_strdup("?");
	GString *s = g_string_new(NULL);
	sm_keys_format(s, keys, n);
	return g_string_free(s, FALSE);
}

#define assert_format(token, expected) do {          \
		char *got_ = format(token);          \
		assert_string_equal(got_, expected); \
		g_free(got_);                        \
	} while (0)

static void test_key_names(void **state)
{
	sm_key keys[2];
	(void)state;
	assert_int_equal(sm_key_parse("a", keys), 1);
	assert_int_equal(keys[0], 'a');
	assert_int_equal(sm_key_parse("C-d", keys), 1);
	assert_int_equal(keys[0], 4);
	assert_int_equal(sm_key_parse("^D", keys), 1);
	assert_int_equal(keys[0], 4);
	assert_int_equal(sm_key_parse("Ctrl-d", keys), 1);
	assert_int_equal(keys[0], 4);
	assert_int_equal(sm_key_parse("<C-d>", keys), 1);
	assert_int_equal(keys[0], 4);
	assert_int_equal(sm_key_parse("C-Space", keys), 1);
	assert_int_equal(keys[0], 0);
	assert_int_equal(sm_key_parse("enter", keys), 1);
	assert_int_equal(keys[0], SM_KEY_ENTER);
	assert_int_equal(sm_key_parse("<Enter>", keys), 1);
	assert_int_equal(keys[0], SM_KEY_ENTER);
	assert_int_equal(sm_key_parse("PgDn", keys), 1);
	assert_int_equal(keys[0], SM_KEY_FN + KEY_NPAGE);
	assert_int_equal(sm_key_parse("F12", keys), 1);
	assert_int_equal(keys[0], SM_KEY_FN + KEY_F(12));
	assert_int_equal(sm_key_parse("M-x", keys), 2);
	assert_int_equal(keys[0], SM_KEY_ESCAPE);
	assert_int_equal(keys[1], 'x');
	assert_int_equal(sm_key_parse("é", keys), 1);
	assert_int_equal(keys[0], 0xe9);
	assert_int_equal(sm_key_parse("<", keys), 1);
	assert_int_equal(keys[0], '<');
	/* Unknown names, and things that are not one key. */
	assert_int_equal(sm_key_parse("gg", keys), 0);
	assert_int_equal(sm_key_parse("F13", keys), 0);
	assert_int_equal(sm_key_parse("C-", keys), 0);
	assert_int_equal(sm_key_parse("C-1", keys), 0);
	assert_int_equal(sm_key_parse("Hyper-x", keys), 0);
	assert_int_equal(sm_key_parse("", keys), 0);
	assert_int_equal(sm_key_parse("\xff", keys), 0);
}

static void test_key_format(void **state)
{
	(void)state;
	assert_format("a", "a");
	assert_format("^d", "C-d");
	assert_format("Return", "Enter");
	assert_format("space", "Space");
	assert_format("PgDown", "PageDown");
	assert_format("F1", "F1");
	assert_format("Hash", "#");
	assert_format("M-x", "Escape x");
	assert_format("C-[", "Escape");
	assert_format("C-_", "C-_");
	assert_format("é", "é");
}

static void test_bind_and_lookup(void **state)
{
	(void)state;
	sm_keymap *keymap = sm_keymap_new();
	char *errors = parse(keymap,
		"# a comment\n"
		"\n"
		"bind generic j move-down   # trailing comment\n"
		"bind generic g g move-first\n"
		"bind list    Enter enter\n"
		"bind pager   j scroll-line-down\n"
		"bind generic '#' help\n"
		"bind generic \" \" move-page-down\n");
	assert_string_equal(errors, "");
	g_free(errors);
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "j"), "move-down");
	assert_string_equal(lookup(keymap, SM_KEYMAP_PAGER, "j"), "scroll-line-down");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "g"), "prefix");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "g g"), "move-first");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "g j"), "-");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "Enter"), "enter");
	assert_string_equal(lookup(keymap, SM_KEYMAP_PATCH, "Enter"), "-");
	assert_string_equal(lookup(keymap, SM_KEYMAP_HELP, "Hash"), "help");
	assert_string_equal(lookup(keymap, SM_KEYMAP_HELP, "Space"), "move-page-down");
	sm_keymap_free(keymap);
}

static void test_override(void **state)
{
	(void)state;
	sm_keymap *keymap = sm_keymap_new();
	char *errors = parse(keymap,
		"bind generic a approve\n"
		"bind generic q back\n"
		"bind generic d ask-for-dependencies\n"
		"bind generic a hold\n"          /* a later file line wins */
		"bind pager q none\n"            /* none hides the generic binding */
		"unbind generic d\n");
	assert_string_equal(errors, "");
	g_free(errors);
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "a"), "hold");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "q"), "back");
	assert_string_equal(lookup(keymap, SM_KEYMAP_PAGER, "q"), "none");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "d"), "none");
	/* The override replaced the binding: no duplicate is left. */
	guint count = 0;
	const GPtrArray *bindings = sm_keymap_bindings(keymap);
	for (guint i = 0; i < bindings->len; i++)
		count += ((sm_binding *)bindings->pdata[i])->keys[0] == 'a';
	assert_int_equal(count, 1);
	sm_keymap_free(keymap);
}

static void test_describe(void **state)
{
	(void)state;
	sm_keymap *keymap = sm_keymap_new();
	char *errors = parse(keymap,
		"bind generic Down move-down\n"
		"bind generic j move-down\n"
		"bind generic g g move-first\n"
		"bind pager j scroll-line-down\n"
		"bind pager C-n move-down\n");
	assert_string_equal(errors, "");
	g_free(errors);
	GString *s = g_string_new(NULL);
	sm_keymap_describe_action(keymap, SM_KEYMAP_LIST, SM_ACTION_MOVE_DOWN, s);
	assert_string_equal(s->str, "Down, j");
	g_string_truncate(s, 0);
	/* In the pager j does something else: it is not listed for move-down. */
	sm_keymap_describe_action(keymap, SM_KEYMAP_PAGER, SM_ACTION_MOVE_DOWN, s);
	assert_string_equal(s->str, "C-n, Down");
	g_string_truncate(s, 0);
	sm_keymap_describe_action(keymap, SM_KEYMAP_GENERIC, SM_ACTION_MOVE_FIRST, s);
	assert_string_equal(s->str, "g g");
	g_string_truncate(s, 0);
	sm_keymap_describe_action(keymap, SM_KEYMAP_LIST, SM_ACTION_APPROVE, s);
	assert_string_equal(s->str, "");
	g_string_free(s, TRUE);
	sm_keymap_free(keymap);
}

static void test_errors(void **state)
{
	(void)state;
	sm_keymap *keymap = sm_keymap_new();
	char *errors = parse(keymap,
		"bind generic a aprove\n"
		"bind generic Foo approve\n"
		"bind main a approve\n"
		"bind generic a\n"
		"bnid generic a approve\n"
		"bind generic a b c d e approve\n"
		"bind generic 'a approve\n"
		"source other.keys\n"
		"unbind generic\n"
		"bind generic M-a M-b M-c approve\n"
		"bind generic x done\n");
	assert_string_equal(errors,
		"test.keys:1: unknown action 'aprove'\n"
		"test.keys:2: unknown key name 'Foo'\n"
		"test.keys:3: unknown view 'main' (generic, list, patch, pager, help)\n"
		"test.keys:4: bind needs a view, a key and an action\n"
		"test.keys:5: unknown command 'bnid' (bind, unbind, source)\n"
		"test.keys:6: key sequence too long (at most 4 keys)\n"
		"test.keys:7: unclosed quote\n"
		"test.keys:8: source is not allowed here\n"
		"test.keys:9: unbind needs a view and a key\n"
		"test.keys:10: key sequence too long (at most 4 keys)");
	g_free(errors);
	/* The good line after the bad ones still counts; the bad ones bound nothing. */
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "x"), "done");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "a"), "-");
	assert_int_equal(sm_keymap_bindings(keymap)->len, 1);
	sm_keymap_free(keymap);
}

static void test_binary_input(void **state)
{
	(void)state;
	static const char text[] = "bind generic \0 help\nbind generic \xc3 help\nbind generic y help";
	sm_keymap *keymap = sm_keymap_new();
	GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
	guint n = sm_keymap_parse(keymap, text, sizeof text - 1, "bin.keys", FALSE, errors);
	assert_int_equal(n, 2);
	assert_string_equal(errors->pdata[0], "bin.keys:1: bind needs a view, a key and an action");
	assert_string_equal(errors->pdata[1], "bin.keys:2: unknown key name '\xc3'");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "y"), "help");
	g_ptr_array_unref(errors);
	sm_keymap_free(keymap);
}

static char *write_file(const char *dir, const char *name, const char *text)
{
	char *path = g_build_filename(dir, name, NULL);
	assert_true(g_file_set_contents(path, text, -1, NULL));
	return path;
}

static void test_load_and_source(void **state)
{
	(void)state;
	char *dir = g_dir_make_tmp("test-keymap-XXXXXX", NULL);
	char *shipped = g_dir_make_tmp("test-keymap-data-XXXXXX", NULL);
	char *main_path = write_file(dir, "keys", "source more.keys\nsource vi.keys\n"
	                                          "source missing.keys\nbind generic Q quit\n");
	char *more = write_file(dir, "more.keys", "bind generic x done\nbind generic y bogus\n");
	char *vi = write_file(shipped, "vi.keys", "bind generic g g move-first\n");
	char *loop = write_file(dir, "loop.keys", "source loop.keys\n");
	GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
	sm_keymap *keymap = sm_keymap_new();

	sm_keymap_set_data_dir(keymap, shipped);
	assert_int_equal(sm_keymap_load(keymap, main_path, errors), 2);
	char *expected0 = g_strdup_printf("%s:2: unknown action 'bogus'", more);
	char *expected1 = g_strdup_printf("%s:3: cannot source 'missing.keys': no such file",
	                                  main_path);
	assert_string_equal(errors->pdata[0], expected0);
	assert_string_equal(errors->pdata[1], expected1);
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "x"), "done");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "g g"), "move-first");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "Q"), "quit");
	assert_int_equal(sm_keymap_files(keymap)->len, 3);

	/* A file that sources itself stops, with an error. */
	g_ptr_array_set_size(errors, 0);
	assert_true(sm_keymap_load(keymap, loop, errors) >= 1);
	assert_true(g_str_has_suffix(errors->pdata[errors->len - 1],
	                             ": source nested too deeply: loop.keys"));

	/* A missing file is one error naming it. */
	g_ptr_array_set_size(errors, 0);
	char *missing = g_build_filename(dir, "nothing", NULL);
	assert_int_equal(sm_keymap_load(keymap, missing, errors), 1);
	assert_true(g_str_has_prefix(errors->pdata[0], missing));

	sm_keymap_free(keymap);
	g_ptr_array_unref(errors);
	for (char **p = (char *[]){ main_path, more, vi, loop, NULL }; *p; p++) {
		g_unlink(*p);
		g_free(*p);
	}
	g_rmdir(dir);
	g_rmdir(shipped);
	g_free(dir);
	g_free(shipped);
	g_free(missing);
	g_free(expected0);
	g_free(expected1);
}

/* Load the shipped key map NAME into KEYMAP; it must parse cleanly. */
static void load_shipped(sm_keymap *keymap, const char *name)
{
	GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
	char *path = g_build_filename(SM_TEST_DATA, "..", "keymaps", name, NULL);
	sm_keymap_load(keymap, path, errors);
	if (errors->len)
		fail_msg("%s", (char *)errors->pdata[0]);
	g_ptr_array_unref(errors);
	g_free(path);
}

/* The shipped key maps parse cleanly, and bind what the issue promises. */
static void test_shipped(void **state)
{
	(void)state;
	sm_keymap *keymap = sm_keymap_new();
	load_shipped(keymap, "default.keys");
	static const struct { const char *keys, *action; } defaults_bound[] = {
		{ "Enter", "enter" }, { "q", "back" }, { "Q", "quit" }, { "?", "help" },
		{ "F1", "help" }, { "l", "limit" }, { "t", "mark" }, { "T", "mark-all" },
		{ "R", "refresh" }, { "/", "search" }, { "n", "find-next" }, { "N", "find-prev" },
		{ "a", "approve" }, { "h", "hold" }, { "r", "reply" }, { "g", "reply" },
		{ "v", "revert" }, { "D", "drop" },
		{ "x", "done" }, { "u", "undo" }, { "c", "checkout" },
		{ "d", "ask-for-dependencies" }, { "C-d", "move-half-page-down" },
		{ "C-u", "move-half-page-up" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(defaults_bound); i++)
		assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, defaults_bound[i].keys),
		                    defaults_bound[i].action);
	assert_string_equal(lookup(keymap, SM_KEYMAP_PAGER, "z"), "toggle-fold");

	load_shipped(keymap, "vi.keys");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "g g"), "move-first");
	/* vi.keys unbinds g (reply) so that g g can begin with it. */
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "g"), "prefix");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "r"), "reply");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "G"), "move-last");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "j"), "move-down");
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "k"), "move-up");
	/* vi.keys leaves the triage keys alone. */
	assert_string_equal(lookup(keymap, SM_KEYMAP_LIST, "h"), "hold");
	sm_keymap_free(keymap);
}

/* mutt.keys over the defaults: mutt's keys, and a key for each action
 * they displaced. */
static void test_shipped_mutt(void **state)
{
	(void)state;
	sm_keymap *keymap = sm_keymap_new();
	load_shipped(keymap, "default.keys");
	load_shipped(keymap, "mutt.keys");
	static const struct { sm_keymap_view view; const char *keys, *action; } bound[] = {
		{ SM_KEYMAP_LIST, "x", "quit" }, { SM_KEYMAP_LIST, "c", "query" },
		{ SM_KEYMAP_LIST, "$", "refresh" }, { SM_KEYMAP_LIST, "R", "resume" },
		{ SM_KEYMAP_LIST, "=", "move-first" }, { SM_KEYMAP_LIST, "*", "move-last" },
		{ SM_KEYMAP_LIST, "N", "toggle-read" }, { SM_KEYMAP_PAGER, "N", "find-prev" },
		{ SM_KEYMAP_PAGER, "i", "back" }, { SM_KEYMAP_LIST, "d", "done" },
		{ SM_KEYMAP_LIST, "A", "ask-for-dependencies" }, { SM_KEYMAP_LIST, "C", "checkout" },
		{ SM_KEYMAP_LIST, "L", "reply" }, { SM_KEYMAP_PATCH, "L", "-" },
		{ SM_KEYMAP_LIST, "r", "reply" }, { SM_KEYMAP_LIST, "g", "reply" },
		{ SM_KEYMAP_LIST, "h", "hold" }, { SM_KEYMAP_LIST, "u", "undo" },
		{ SM_KEYMAP_LIST, "l", "limit" }, { SM_KEYMAP_LIST, "O", "sort-reverse" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(bound); i++)
		assert_string_equal(lookup(keymap, bound[i].view, bound[i].keys), bound[i].action);
	sm_keymap_free(keymap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_key_format),
		cmocka_unit_test(test_bind_and_lookup),
		cmocka_unit_test(test_override),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_binary_input),
		cmocka_unit_test(test_load_and_source),
		cmocka_unit_test(test_shipped),
		cmocka_unit_test(test_shipped_mutt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
