/* fuzz-keymap.c - the key-file parser on arbitrary bytes.
 *
 * Parses with `source` off (the input is not a file tree), then uses the
 * result the way the help view and the key loop do: every binding in
 * force can be described and formatted, and looking its keys up in its
 * view finds something.  Every error names the file and a line.
 */
#include <string.h>
#include "fuzz.h"
#include "tui/keymap.h"

const char *const sm_fuzz_seeds[] = { "fuzz-regressions/keymap", "../keymaps", NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sm_keymap *keymap = sm_keymap_new();
	GPtrArray *errors = g_ptr_array_new_with_free_func(g_free);
	guint n = sm_keymap_parse(keymap, (const char *)data, size, "fuzz.keys", FALSE, errors);
	SM_FUZZ_CHECK(n == errors->len);
	for (guint i = 0; i < errors->len; i++)
		SM_FUZZ_CHECK(g_str_has_prefix(errors->pdata[i], "fuzz.keys:"));

	GString *text = g_string_new(NULL);
	const GPtrArray *bindings = sm_keymap_bindings(keymap);
	for (guint i = 0; i < bindings->len; i++) {
		const sm_binding *b = bindings->pdata[i];
		SM_FUZZ_CHECK(b->nkeys >= 1 && b->nkeys <= SM_KEY_SEQ_MAX);
		SM_FUZZ_CHECK(b->view < SM_KEYMAP_COUNT);
		sm_keys_format(text, b->keys, b->nkeys);
		sm_action action;
		sm_keymap_result r = sm_keymap_lookup(keymap, b->view, b->keys, b->nkeys, &action);
		SM_FUZZ_CHECK(r != SM_KEYMAP_NO_MATCH || b->action == SM_ACTION_NONE);
		sm_keymap_describe_action(keymap, b->view, b->action, text);
		g_string_truncate(text, 0);
	}
	g_string_free(text, TRUE);
	g_ptr_array_unref(errors);
	sm_keymap_free(keymap);
	return 0;
}
