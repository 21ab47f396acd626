/* test-run.c - the one process runner (core/run/run.h), on real children:
 * an argv runs as it is; a user's command line is split into words and
 * runs without a shell unless it needs one and the caller allows it; what
 * follows it (text from mail) is never read by a shell; the environment,
 * the directory and the standard input are the child's; and every failure
 * is said in the one wording run.h gives. */
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <glib/gstdio.h>
#include "run/run.h"

/* CHILD run with its output kept: what it printed (caller frees), or NULL
 * when it failed, the error then in *ERROR. */
static char *output_of(sm_child *child, GError **error)
{
	child->keep_output = TRUE;
	if (!sm_run(child, error)) {
		g_free(child->output);
		return NULL;
	}
	return child->output;
}

static void expect_output(sm_child *child, const char *want)
{
	GError *error = NULL;
	char *out = output_of(child, &error);
	if (!out)
		fail_msg("%s", error->message);
	assert_string_equal(out, want);
	g_free(out);
}

/* CHILD fails with error CODE and exactly the message WANT. */
static void expect_error(sm_child *child, int code, const char *want)
{
	GError *error = NULL;
	char *out = output_of(child, &error);
	assert_null(out);
	assert_non_null(error);
	assert_true(g_error_matches(error, SM_RUN_ERROR, code));
	assert_string_equal(error->message, want);
	g_error_free(error);
}

/* CHILD does not start: one line that begins with PREFIX (the rest is
 * GLib's reason), and no wait status. */
static void expect_not_started(sm_child *child, const char *prefix)
{
	GError *error = NULL;
	assert_false(sm_run(child, &error));
	assert_true(g_error_matches(error, SM_RUN_ERROR, SM_RUN_ERROR_START));
	assert_true(g_str_has_prefix(error->message, prefix));
	assert_null(strchr(error->message, '\n'));
	assert_int_equal(child->status, -1);
	g_error_free(error);
}

static void test_argv_as_it_is(void **state)
{
	(void)state;
	/* No word of an argv is split or expanded. */
	const char *argv[] = { "printf", "[%s]\\n", "a b", "$HOME", "*", NULL };
	sm_child child = SM_CHILD_INIT;
	child.argv = argv;
	expect_output(&child, "[a b]\n[$HOME]\n[*]\n");
	assert_int_equal(child.status, 0);
}

static void test_command_split_without_shell(void **state)
{
	(void)state;
	/* Quotes and backslashes as a shell reads them, no shell run. */
	sm_child child = SM_CHILD_INIT;
	child.command = "echo 'a  b' c\\  d \"e\"";
	child.use_shell = TRUE;
	expect_output(&child, "a  b c  d e\n");
	/* A "$" needs a shell, which this caller does not allow: it stays. */
	sm_child plain = SM_CHILD_INIT;
	plain.command = "echo $SM_TEST_RUN_NEVER_SET";
	expect_output(&plain, "$SM_TEST_RUN_NEVER_SET\n");
}

static void test_shell_when_needed_args_untouched(void **state)
{
	(void)state;
	g_setenv("SM_TEST_RUN_WORD", "expanded", TRUE);
	/* The user's command needs a shell ($, |); the arguments after it go
	 * as "$@", so a shell never reads them. */
	const char *args[] = { "$(echo no)", "`echo no`; echo no", NULL };
	sm_child child = SM_CHILD_INIT;
	child.command = "printf '%s|' $SM_TEST_RUN_WORD | tr '|' '\\n'; printf '[%s]\\n'";
	child.args = args;
	child.use_shell = TRUE;
	expect_output(&child, "expanded\n[$(echo no)]\n[`echo no`; echo no]\n");
	g_unsetenv("SM_TEST_RUN_WORD");
}

static void test_environment_directory_input(void **state)
{
	(void)state;
	g_setenv("SM_TEST_RUN_GONE", "here", TRUE);
	const char *env[] = { "SM_TEST_RUN_SET=set", "SM_TEST_RUN_GONE", NULL };
	const char *argv[] = { "sh", "-c", "echo \"$SM_TEST_RUN_SET ${SM_TEST_RUN_GONE-unset}\"; pwd; cat",
	                       NULL };
	char *dir = g_dir_make_tmp("test-run-XXXXXX", NULL);
	char *real = realpath(dir, NULL);
	char *input = g_build_filename(dir, "input", NULL);
	assert_true(g_file_set_contents(input, "from the file\n", -1, NULL));
	int fd = g_open(input, O_RDONLY, 0);
	assert_true(fd >= 0);
	sm_child child = SM_CHILD_INIT;
	child.argv = argv;
	child.env = env;
	child.dir = dir;
	child.in = fd;
	char *want = g_strdup_printf("set unset\n%s\nfrom the file\n", real);
	expect_output(&child, want);
	/* The caller's own environment is as it was. */
	assert_string_equal(g_getenv("SM_TEST_RUN_GONE"), "here");
	close(fd);
	g_unlink(input);
	g_rmdir(dir);
	g_unsetenv("SM_TEST_RUN_GONE");
	g_free(want);
	g_free(input);
	free(real);
	g_free(dir);
}

/* on_output: every piece, in order. */
static void collect(const char *text, gsize len, void *data)
{
	g_string_append_len(data, text, (gssize)len);
}

static void test_output_as_it_comes(void **state)
{
	(void)state;
	const char *argv[] = { "sh", "-c", "i=0; while [ $i -lt 2000 ]; do echo line $i; i=$((i+1)); done",
	                       NULL };
	GString *seen = g_string_new(NULL);
	sm_child child = SM_CHILD_INIT;
	child.argv = argv;
	child.on_output = collect;
	child.on_output_data = seen;
	GError *error = NULL;
	char *out = output_of(&child, &error);
	assert_non_null(out);
	assert_string_equal(seen->str, out);
	assert_true(g_str_has_suffix(out, "line 1999\n"));
	g_free(out);
	g_string_free(seen, TRUE);
}

static void test_failures_in_one_wording(void **state)
{
	(void)state;
	const char *fails[] = { "sh", "-c", "echo first; echo 'the reason  '; echo; exit 3", NULL };
	sm_child child = SM_CHILD_INIT;
	child.argv = fails;
	child.name = "the thing";
	expect_error(&child, SM_RUN_ERROR_FAILED, "the thing failed (exit status 3): the reason");
	assert_true(WIFEXITED(child.status) && WEXITSTATUS(child.status) == 3);

	const char *quiet[] = { "false", NULL };
	sm_child silent = SM_CHILD_INIT;
	silent.argv = quiet;
	expect_error(&silent, SM_RUN_ERROR_FAILED, "false failed (exit status 1)");

	const char *killed[] = { "sh", "-c", "kill -9 $$", NULL };
	sm_child dead = SM_CHILD_INIT;
	dead.argv = killed;
	expect_error(&dead, SM_RUN_ERROR_FAILED, "sh failed (killed by signal 9 (Killed))");

	/* Named by its command line, in double quotes, when it has no name. */
	sm_child unsplit = SM_CHILD_INIT;
	unsplit.command = "echo 'unclosed";
	expect_not_started(&unsplit, "cannot run \"echo 'unclosed\": ");

	const char *missing[] = { "/nonexistent/stablemate-test-run", NULL };
	sm_child absent = SM_CHILD_INIT;
	absent.argv = missing;
	expect_not_started(&absent, "cannot run /nonexistent/stablemate-test-run: ");
}

static void test_describe_status(void **state)
{
	(void)state;
	static const struct { int status; const char *text; } cases[] = {
		{ 0, "exit status 0" },
		{ 3 << 8, "exit status 3" },
		{ -1, "exit status -1" },
		{ SIGKILL, "killed by signal 9 (Killed)" },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *text = sm_run_describe_status(cases[i].status);
		assert_string_equal(text, cases[i].text);
		g_free(text);
	}
}

static volatile sig_atomic_t delivered;

static void note_signal(int sig)
{
	delivered = sig;
}

static void test_signals_held_during_a_send(void **state)
{
	(void)state;
	/* What was in force before the run gets the held signal afterwards. */
	struct sigaction sa = { .sa_handler = note_signal }, old;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, &old);
	/* The child signals us while it runs, and then finishes its work. */
	const char *argv[] = { "sh", "-c", "kill -TERM $PPID; echo finished", NULL };
	sm_child child = SM_CHILD_INIT;
	child.argv = argv;
	child.hold_signals = TRUE;
	expect_output(&child, "finished\n");
	assert_int_equal(delivered, 0);
	assert_int_equal(sm_run_held_signal(), SIGTERM);
	sm_run_deliver_held_signal();
	assert_int_equal(delivered, SIGTERM);
	assert_int_equal(sm_run_held_signal(), 0);
	sigaction(SIGTERM, &old, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv_as_it_is),
		cmocka_unit_test(test_command_split_without_shell),
		cmocka_unit_test(test_shell_when_needed_args_untouched),
		cmocka_unit_test(test_environment_directory_input),
		cmocka_unit_test(test_output_as_it_comes),
		cmocka_unit_test(test_failures_in_one_wording),
		cmocka_unit_test(test_describe_status),
		cmocka_unit_test(test_signals_held_during_a_send),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
