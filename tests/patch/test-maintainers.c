/* test-maintainers.c - the kernel's MAINTAINERS: sections parsed from a
 * real excerpt (tests/maintainers), F:/X:/N:/K: as get_maintainer.pl
 * applies them, and the user's sections by address or by name. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "patch/private.h"

static sm_maintainers *excerpt(const char *const *addresses, const char *const *names)
{
	char *path = g_build_filename(SM_TEST_DATA, "maintainers", "MAINTAINERS", NULL);
	char *text = NULL;
	gsize len = 0;
	assert_true(g_file_get_contents(path, &text, &len, NULL));
	sm_maintainers *m = sm_maintainers_parse(text, (gssize)len, addresses, names);
	g_free(text);
	g_free(path);
	return m;
}

/* The sections PATH falls in, "A, B", or "" for none. */
static char *sections_of(const sm_maintainers *m, const char *path)
{
	GArray *hits = sm_maintainers_of_path(m, path);
	GString *s = g_string_new(NULL);
	for (guint i = 0; i < hits->len; i++)
		g_string_append_printf(s, "%s%s", i ? ", " : "",
		                       sm_maintainers_name(m, g_array_index(hits, guint, i)));
	g_array_unref(hits);
	return g_string_free(s, FALSE);
}

/* F:, X: and N: as the file's header (and get_maintainer.pl) say. */
static void maintainers_sections(void **state)
{
	(void)state;
	sm_maintainers *m = excerpt(NULL, NULL);
	assert_int_equal(sm_maintainers_count(m), 8);
	static const struct { const char *path, *sections; } cases[] = {
		/* a trailing slash: everything in and below */
		{ "drivers/usb/class/cdc-acm.c", "USB SUBSYSTEM, THE REST" },
		/* "uhci*": the files of drivers/usb/host that begin so */
		{ "drivers/usb/host/uhci-hcd.c", "USB SUBSYSTEM, USB UHCI DRIVER, THE REST" },
		{ "drivers/usb/host/xhci.c", "USB SUBSYSTEM, THE REST" },
		{ "drivers/usb/typec/tcpm/qcom/qcom_pmic_typec.c",
		  "QUALCOMM TYPEC PORT MANAGER DRIVER, USB SUBSYSTEM, USB TYPEC PORT CONTROLLER DRIVERS, THE REST" },
		/* a wildcard inside a name, as many slashes as the path */
		{ "Documentation/devicetree/bindings/usb/qcom,pmic-typec.yaml",
		  "QUALCOMM TYPEC PORT MANAGER DRIVER, USB SUBSYSTEM, THE REST" },
		/* a file named whole, and one it only begins */
		{ "include/linux/usb.h", "USB SUBSYSTEM, THE REST" },
		/* X: wins over F: */
		{ "net/ipv4/tcp.c", "NETWORKING [GENERAL], THE REST" },
		{ "net/bluetooth/hci_core.c", "THE REST" },
		{ "net/wireless/core.c", "THE REST" },
		/* N: a regex anywhere in the path, not in "integrator" */
		{ "drivers/gpu/drm/tegra/dc.c", "ARM/NVIDIA TEGRA ARCHITECTURE SUPPORT, THE REST" },
		{ "drivers/clk/versatile/clk-integrator.c", "THE REST" },
		/* "F: *" is the top level's files only; "F: *\/" the rest */
		{ "Makefile", "THE REST" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
		char *got = sections_of(m, cases[i].path);
		if (strcmp(got, cases[i].sections) != 0)
			fail_msg("%s: got '%s', expected '%s'", cases[i].path, got, cases[i].sections);
		g_free(got);
	}
	sm_maintainers_free(m);
}

/* The user's sections: by M:/R: address, or named in the config. */
static void maintainers_mine(void **state)
{
	(void)state;
	const char *const greg[] = { "GregKH@LinuxFoundation.org", "nobody@example.org", NULL };
	sm_maintainers *m = excerpt(greg, NULL);
	assert_int_equal(sm_maintainers_count(m), 1);
	assert_string_equal(sm_maintainers_name(m, 0), "USB SUBSYSTEM");
	assert_true(sm_maintainers_files(m, "kernel/fork.c\ndrivers/usb/core/hub.c"));
	assert_false(sm_maintainers_files(m, "kernel/fork.c\nnet/ipv4/tcp.c"));
	/* asked again: the cache gives the same answers */
	assert_true(sm_maintainers_files(m, "kernel/fork.c\ndrivers/usb/core/hub.c"));
	assert_false(sm_maintainers_files(m, "kernel/fork.c\nnet/ipv4/tcp.c"));
	assert_false(sm_maintainers_files(m, NULL));
	sm_maintainers_free(m);

	/* An address must be whole: "kuba@kernel.org" is not "ba@kernel.org". */
	const char *const part[] = { "ba@kernel.org", NULL };
	m = excerpt(part, NULL);
	assert_int_equal(sm_maintainers_count(m), 0);
	sm_maintainers_free(m);

	const char *const names[] = { "device frequency (devfreq)", "USB UHCI DRIVER", NULL };
	m = excerpt(NULL, names);
	assert_int_equal(sm_maintainers_count(m), 2);
	/* no address and no name: nothing is the user's */
	static const char *const none[] = { NULL };
	sm_maintainers *empty = excerpt(none, NULL);
	assert_int_equal(sm_maintainers_count(empty), 0);
	sm_maintainers_free(empty);
	assert_true(sm_maintainers_files(m, "drivers/devfreq/governor_userspace.c"));
	assert_false(sm_maintainers_files(m, "drivers/usb/host/ehci-hcd.c"));
	/* K: over a patch's text */
	assert_true(sm_maintainers_keywords(m, "+\tdevfreq_add_device(dev, profile);\n"));
	assert_false(sm_maintainers_keywords(m, "+\tcpufreq_register_driver(drv);\n"));
	/* a patch: its files, or K: over its subject (the index has no diff) */
	sm_patch patch = { .subject = (char *)"PM / devfreq: Fix leak in devfreq_dev_release()" };
	assert_true(sm_maintainers_covers(m, &patch));
	patch.subject = (char *)"cpufreq: Fix a leak";
	assert_false(sm_maintainers_covers(m, &patch));
	patch.files = (char *)"drivers/devfreq/devfreq.c";
	assert_true(sm_maintainers_covers(m, &patch));
	/* told what K: says of the patch's text, the answer wins over the
	 * subject */
	patch.files = NULL;
	patch.first_id = (char *)"first@example.org";
	assert_false(sm_maintainers_keywords_answered(m, &patch));
	sm_maintainers_set_keywords_answer(m, &patch, TRUE);
	assert_true(sm_maintainers_keywords_answered(m, &patch));
	assert_true(sm_maintainers_covers(m, &patch));
	patch.subject = (char *)"PM / devfreq: Fix leak";
	sm_maintainers_set_keywords_answer(m, &patch, FALSE);
	assert_false(sm_maintainers_covers(m, &patch));
	sm_maintainers_free(m);
}

/* K: over a patch mail as get_maintainer.pl tries it: any line of the
 * subject and message (and diffstat), in the diff only '-' and '+' lines
 * after their mark; the lines naming files, hunk headers and Fixes: are
 * not tried. */
static void maintainers_keywords_in_patch(void **state)
{
	(void)state;
	const char *const names[] = { "device frequency (devfreq)", NULL };
	sm_maintainers *m = excerpt(NULL, names);
	assert_true(sm_maintainers_has_keywords(m));
	const char *intro = "The governor leaks.\n\nSigned-off-by: A <a@example.org>\n---\n"
	                    " drivers/base/x.c | 2 +-\n 1 file changed\n\n"
	                    "diff --git a/drivers/base/x.c b/drivers/base/x.c\n"
	                    "--- a/drivers/base/x.c\n+++ b/drivers/base/x.c\n@@ -1,3 +1,3 @@ int f(void)\n";
	char *body = g_strconcat(intro, " \tcontext;\n-\told();\n+\tnew();\n", NULL);
	assert_false(sm_maintainers_keywords_in_patch(m, "[PATCH] base: fix", body));
	/* the subject */
	assert_true(sm_maintainers_keywords_in_patch(m, "[PATCH] devfreq: fix", body));
	g_free(body);
	/* a line of the message */
	body = g_strconcat("Found with devfreq enabled.\n", intro, " \tcontext;\n+\tnew();\n", NULL);
	assert_true(sm_maintainers_keywords_in_patch(m, "x", body));
	g_free(body);
	/* an added or a removed line */
	body = g_strconcat(intro, " \tcontext;\n+\tdevfreq_add_device(dev);\n", NULL);
	assert_true(sm_maintainers_keywords_in_patch(m, "x", body));
	g_free(body);
	body = g_strconcat(intro, "-\tdevfreq_remove_device(dev);\n", NULL);
	assert_true(sm_maintainers_keywords_in_patch(m, "x", body));
	g_free(body);
	/* context, a hunk header, a file name, Fixes: are not tried */
	body = g_strconcat(intro, " \tdevfreq_add_device(dev);\n+\tnew();\n", NULL);
	assert_false(sm_maintainers_keywords_in_patch(m, "x", body));
	g_free(body);
	body = g_strconcat("Fixes: 123456789abc (\"PM / devfreq: x\")\n",
	                   "--- a/drivers/devfreq/x.c\n+++ b/drivers/devfreq/x.c\n",
	                   "@@ -1,3 +1,3 @@ static int devfreq_probe(void)\n+\tnew();\n", NULL);
	assert_false(sm_maintainers_keywords_in_patch(m, "x", body));
	g_free(body);
	/* the diffstat is the intro's: tried anywhere */
	assert_true(sm_maintainers_keywords_in_patch(m, "x", " drivers/devfreq/x.c | 2 +-\n"));
	sm_maintainers_free(m);
	/* sections without K: match no text, and have none */
	const char *const usb[] = { "USB UHCI DRIVER", NULL };
	m = excerpt(NULL, usb);
	assert_false(sm_maintainers_has_keywords(m));
	assert_false(sm_maintainers_keywords_in_patch(m, "devfreq", "devfreq\n"));
	sm_maintainers_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(maintainers_sections),
		cmocka_unit_test(maintainers_mine),
		cmocka_unit_test(maintainers_keywords_in_patch),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
