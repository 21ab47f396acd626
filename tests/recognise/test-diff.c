/* test-diff.c - the diff of a patch mail: files, hunks, change hashes and
 * path patterns (core/recognise/diff.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "recognise/recognise.h"
#include "recognise/private.h"

static char *read_corpus(const char *name)
{
	char *path = g_build_filename(SM_TEST_DATA, "corpus", name, NULL);
	char *text = NULL;
	assert_true(g_file_get_contents(path, &text, NULL, NULL));
	g_free(path);
	return text;
}

/* A real hand-made backport (corpus/085.eml, [PATCH 4.19.y] virtio) and
 * the FAILED note whose upstream patch it adapts (corpus/084.eml). */
static void real_backport(void **state)
{
	(void)state;
	char *failed = read_corpus("084.eml"), *backport = read_corpus("085.eml");
	sm_diff *up = sm_diff_parse(failed), *back = sm_diff_parse(backport);
	char *files = sm_diff_files_text(back);
	assert_string_equal(files, "drivers/virtio/virtio.c");
	g_free(files);
	assert_int_equal(up->hunks->len, 1);
	assert_int_equal(back->hunks->len, 1);
	const sm_diff_hunk *h = back->hunks->pdata[0];
	assert_string_equal(h->file, "drivers/virtio/virtio.c");
	assert_int_equal(h->old_start, 376);
	assert_int_equal(h->old_lines, 13);
	assert_int_equal(h->new_start, 376);
	assert_int_equal(h->new_lines, 19);
	assert_string_equal(h->section, "EXPORT_SYMBOL_GPL(unregister_virtio_device);");
	assert_int_equal(h->lines->len, 21); /* 11 context, 2 removed, 8 added */
	/* The backport rewrote the change: another hash. */
	assert_int_not_equal(sm_diff_change(up), sm_diff_change(back));
	/* sm_diff_scan keeps what parsing finds. */
	char *scanned;
	guint32 change;
	sm_diff_scan(backport, &scanned, &change);
	assert_string_equal(scanned, "drivers/virtio/virtio.c");
	assert_int_equal(change, sm_diff_change(back));
	g_free(scanned);
	sm_diff_free(up);
	sm_diff_free(back);
	g_free(failed);
	g_free(backport);
}

#define BEFORE "Subject: [PATCH] x\n\nSigned-off-by: A <a@x>\n---\n drivers/a.c | 2 +-\n 1 file changed\n\n"

/* The same change moved 40 lines down with other context hashes alike. */
static void context_and_offsets_ignored(void **state)
{
	(void)state;
	const char *a = BEFORE
		"diff --git a/drivers/a.c b/drivers/a.c\n"
		"index 1..2 100644\n"
		"--- a/drivers/a.c\n"
		"+++ b/drivers/a.c\n"
		"@@ -10,3 +10,3 @@ static int f(void)\n"
		" \tint x;\n"
		"-\treturn 0;\n"
		"+\treturn x;\n"
		" }\n"
		"-- \n2.43.0\n";
	const char *b = BEFORE
		"diff --git a/drivers/a.c b/drivers/a.c\n"
		"--- a/drivers/a.c\n"
		"+++ b/drivers/a.c\n"
		"@@ -50,3 +50,3 @@ static int g(void)\n"
		" \tlong y;\n"
		"-\treturn 0;\n"
		"+\treturn x;\n"
		"\n";
	const char *c = BEFORE
		"diff --git a/drivers/a.c b/drivers/a.c\n"
		"--- a/drivers/a.c\n"
		"+++ b/drivers/a.c\n"
		"@@ -50,3 +50,3 @@ static int g(void)\n"
		" \tlong y;\n"
		"-\treturn 0;\n"
		"+\treturn y;\n"
		" }\n";
	sm_diff *da = sm_diff_parse(a), *db = sm_diff_parse(b), *dc = sm_diff_parse(c);
	assert_int_equal(sm_diff_change(da), sm_diff_change(db));
	assert_int_not_equal(sm_diff_change(da), sm_diff_change(dc));
	/* The signature after the hunk is not a removed line. */
	const sm_diff_hunk *h = da->hunks->pdata[0];
	assert_int_equal(h->lines->len, 4);
	/* A blank line is a context line whose space the mailer ate. */
	h = db->hunks->pdata[0];
	assert_string_equal(h->lines->pdata[3], " ");
	sm_diff_free(da);
	sm_diff_free(db);
	sm_diff_free(dc);
}

/* Renames, new and deleted files, quilt's dated headers, a "---" that
 * ends a commit message, a quoted diff and a mail with none. */
static void files_of_every_form(void **state)
{
	(void)state;
	const char *text =
		"Subject: [PATCH] y\n\n"
		"---\n"
		"> diff --git a/quoted/x.c b/quoted/x.c\n"
		"> --- a/quoted/x.c\n"
		"> +++ b/quoted/x.c\n"
		"diff --git a/old/name.c b/new/name.c\n"
		"similarity index 100%\n"
		"rename from old/name.c\n"
		"rename to new/name.c\n"
		"diff --git a/gone.c b/gone.c\n"
		"deleted file mode 100644\n"
		"--- a/gone.c\n"
		"+++ /dev/null\n"
		"@@ -1 +0,0 @@\n"
		"-int gone;\n"
		"--- linux-6.1.orig/include/added.h\t2024-01-01 00:00:00.000000000 +0000\n"
		"+++ linux-6.1/include/added.h\t2024-01-01 00:00:00.000000000 +0000\n"
		"@@ -0,0 +1 @@\n"
		"+int added;\n"
		"diff --git a/img.png b/img.png\n"
		"Binary files a/img.png and b/img.png differ\n";
	sm_diff *d = sm_diff_parse(text);
	char *files = sm_diff_files_text(d);
	assert_string_equal(files, "gone.c\nimg.png\ninclude/added.h\nnew/name.c\nold/name.c");
	g_free(files);
	assert_int_equal(d->hunks->len, 2);
	assert_string_equal(((sm_diff_hunk *)d->hunks->pdata[0])->file, "gone.c");
	assert_string_equal(((sm_diff_hunk *)d->hunks->pdata[1])->file, "include/added.h");
	sm_diff_free(d);

	char *none;
	guint32 change;
	sm_diff_scan("Thanks, applied.\n---\nfoo\n", &none, &change);
	assert_null(none);
	assert_int_equal(change, 0);
}

static void globs(void **state)
{
	(void)state;
	static const struct { const char *glob, *path; gboolean hit; } cases[] = {
		{ "drivers/usb/**", "drivers/usb/core/hub.c", TRUE },
		{ "drivers/usb/**", "drivers/usbip/x.c", FALSE },
		{ "drivers/usb", "drivers/usb/core/hub.c", TRUE },
		{ "drivers/usb/", "drivers/usb/core/hub.c", TRUE },
		{ "drivers/usb", "drivers/usbip/x.c", FALSE },
		{ "drivers/*/host", "drivers/usb/host/xhci.c", TRUE },
		{ "drivers/usb/*.c", "drivers/usb/core/hub.c", FALSE },
		{ "drivers/usb/*/*.c", "drivers/usb/core/hub.c", TRUE },
		{ "**/Kconfig", "Kconfig", TRUE },
		{ "**/Kconfig", "drivers/usb/Kconfig", TRUE },
		{ "**/Kconfig", "drivers/usb/Kconfig.debug", FALSE },
		{ "drivers/**/hub.c", "drivers/hub.c", TRUE },
		{ "drivers/**/hub.c", "drivers/usb/core/hub.c", TRUE },
		{ "*.h", "include/x.h", FALSE },
		{ "**.h", "include/x.h", TRUE },
		{ "include/linux/usb?.h", "include/linux/usb2.h", TRUE },
		{ "include/linux/usb?.h", "include/linux/usb/.h", FALSE },
		{ "drivers/net/[ab]*", "drivers/net/bonding/bond_main.c", TRUE },
		{ "drivers/net/[!ab]*", "drivers/net/bonding/bond_main.c", FALSE },
		{ "drivers/net/[", "drivers/net/[", TRUE },
		{ "Drivers/usb", "drivers/usb/x.c", FALSE },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(cases); i++)
		if (sm_path_glob(cases[i].glob, cases[i].path) != cases[i].hit)
			fail_msg("%s against %s: expected %s", cases[i].glob, cases[i].path,
			         cases[i].hit ? "a match" : "none");
	assert_true(sm_paths_glob("include/**", "drivers/a.c\ninclude/linux/tpm.h"));
	assert_false(sm_paths_glob("include/**", "drivers/a.c\nkernel/include.c"));
	assert_false(sm_paths_glob("include/**", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(real_backport),
		cmocka_unit_test(context_and_offsets_ignored),
		cmocka_unit_test(files_of_every_form),
		cmocka_unit_test(globs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
