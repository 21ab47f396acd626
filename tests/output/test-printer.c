/* test-printer.c - the JSON and text printers render one description. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "output/output.h"

/* The same description for every format: two records, one nested list of
 * records, a nested map, a scalar list, null, a time and hostile text. */
static void describe(sm_printer *p)
{
	p->begin_map(p);
	p->key(p, "patches");
	p->begin_list(p);
	for (int i = 0; i < 2; i++) {
		p->begin_map(p);
		p->key(p, "upstream");
		p->string(p, i ? NULL : "abc123");
		p->key(p, "subject");
		p->string(p, i ? "quote \" back\\slash\nnew line\ttab" : "plain");
		p->key(p, "trees");
		p->begin_map(p);
		p->key(p, "6.6");
		p->string(p, "autosel");
		p->key(p, "6.1");
		p->string(p, "failed");
		p->end(p);
		p->key(p, "deadline");
		p->time(p, i ? 0 : 1709759726);
		p->key(p, "notices");
		p->begin_list(p);
		p->begin_map(p);
		p->key(p, "kind");
		p->string(p, "autosel");
		p->key(p, "trees");
		p->begin_list(p);
		p->string(p, "6.6");
		p->string(p, "6.1");
		p->end(p);
		p->key(p, "date");
		p->integer(p, 42);
		p->end(p);
		p->end(p);
		p->end(p);
	}
	p->end(p);
	p->key(p, "empty");
	p->begin_list(p);
	p->end(p);
	p->end(p);
	p->finish(p);
}

static char *render(const char *format, const char *const *skip)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	sm_printer *p = sm_printer_new(format, out);
	assert_non_null(p);
	if (skip)
		sm_printer_text_skip(p, skip);
	describe(p);
	sm_printer_free(p);
	fclose(out);
	return buf;
}

static void expect_text(const char *expected, char *actual)
{
	if (strcmp(expected, actual) != 0)
		print_error("expected:\n%s\n---- actual:\n%s\n", expected, actual);
	assert_string_equal(expected, actual);
	free(actual);
}

static void test_json(void **state)
{
	(void)state;
	expect_text(
		"{\n"
		"  \"patches\": [\n"
		"    {\n"
		"      \"upstream\": \"abc123\",\n"
		"      \"subject\": \"plain\",\n"
		"      \"trees\": {\n"
		"        \"6.6\": \"autosel\",\n"
		"        \"6.1\": \"failed\"\n"
		"      },\n"
		"      \"deadline\": 1709759726,\n"
		"      \"notices\": [\n"
		"        {\n"
		"          \"kind\": \"autosel\",\n"
		"          \"trees\": [\"6.6\", \"6.1\"],\n"
		"          \"date\": 42\n"
		"        }\n"
		"      ]\n"
		"    },\n"
		"    {\n"
		"      \"upstream\": null,\n"
		"      \"subject\": \"quote \\\" back\\\\slash\\nnew line\\ttab\",\n"
		"      \"trees\": {\n"
		"        \"6.6\": \"autosel\",\n"
		"        \"6.1\": \"failed\"\n"
		"      },\n"
		"      \"deadline\": null,\n"
		"      \"notices\": [\n"
		"        {\n"
		"          \"kind\": \"autosel\",\n"
		"          \"trees\": [\"6.6\", \"6.1\"],\n"
		"          \"date\": 42\n"
		"        }\n"
		"      ]\n"
		"    }\n"
		"  ],\n"
		"  \"empty\": []\n"
		"}\n",
		render("json", NULL));
}

static void test_text(void **state)
{
	(void)state;
	expect_text(
		"abc123  plain  6.6:autosel 6.1:failed  2024-03-06T21:15Z\n"
		"  autosel  6.6,6.1  42\n"
		"-  quote \" back\\slash new line tab  6.6:autosel 6.1:failed  -\n"
		"  autosel  6.6,6.1  42\n",
		render("text", NULL));
}

static void test_text_skip(void **state)
{
	(void)state;
	static const char *const skip[] = { "notices", "subject", NULL };
	expect_text(
		"abc123  6.6:autosel 6.1:failed  2024-03-06T21:15Z\n"
		"-  6.6:autosel 6.1:failed  -\n",
		render("text", skip));
}

static void test_unknown_format(void **state)
{
	(void)state;
	assert_null(sm_printer_new("yaml", stdout));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_skip),
		cmocka_unit_test(test_unknown_format),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
