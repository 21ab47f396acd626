/* keymap.h - key bindings as data: `bind <view> <key>... <action>` files.
 *
 * The defaults ship as keymaps/default.keys (installed in pkgdatadir);
 * the user's $XDG_CONFIG_HOME/stablemate/keys and --keymap FILE are read
 * afterwards and override them.  A key file holds lines of:
 *
 *   bind VIEW KEY... ACTION   VIEW is generic, list, patch, pager or help;
 *                             several KEYs make a sequence ("g g");
 *                             ACTION none unbinds the keys in VIEW
 *   unbind VIEW KEY...        the same as binding them to none
 *   source FILE               read FILE too (relative to this file, or a
 *                             shipped name such as vi.keys)
 *   # comment
 *
 * Keys: a character (a, G, /, ?), ^X, C-x or Ctrl-x, M-x or Alt-x (Escape
 * then x), or a name: Enter, Space, Tab, BackTab, Backspace, Escape, Up,
 * Down, Left, Right, PageUp, PageDown, Home, End, Insert, Delete, F1-F12,
 * Hash (#); names ignore case and may be written <Like-This>.  A token may
 * be quoted ('#', " ").
 *
 * A view's own bindings come before the generic ones.  Every unknown view,
 * key or action is an error naming file:line; nothing is silently skipped.
 *
 * This file uses no curses functions (only its key constants), so the
 * parser can be tested and fuzzed on its own.
 *
 * Ownership: sm_keymap_free() frees the map; error arrays hold newly
 * allocated strings (free the array with g_ptr_array_unref).
 */
#ifndef SM_KEYMAP_H
#define SM_KEYMAP_H

#include <glib.h>
#include <curses.h>
#include "actions.h"

/* A key: a Unicode code point (control characters included), or a curses
 * function key code with SM_KEY_FN added. */
typedef int sm_key;
#define SM_KEY_FN 0x40000000
#define SM_KEY_ENTER '\n'
#define SM_KEY_ESCAPE 27
#define SM_KEY_TAB '\t'
#define SM_KEY_BACKSPACE (SM_KEY_FN + KEY_BACKSPACE)
#define SM_KEY_UP (SM_KEY_FN + KEY_UP)
#define SM_KEY_DOWN (SM_KEY_FN + KEY_DOWN)
#define SM_KEY_LEFT (SM_KEY_FN + KEY_LEFT)
#define SM_KEY_RIGHT (SM_KEY_FN + KEY_RIGHT)
#define SM_KEY_HOME (SM_KEY_FN + KEY_HOME)
#define SM_KEY_END (SM_KEY_FN + KEY_END)
#define SM_KEY_DELETE (SM_KEY_FN + KEY_DC)
#define SM_KEY_RESIZE (SM_KEY_FN + KEY_RESIZE)
#define SM_KEY_CTRL(c) ((c) & 0x1f)

/* The longest key sequence a binding may have. */
#define SM_KEY_SEQ_MAX 4

/* Which keymap a binding belongs to: one per view, and generic. */
typedef enum {
	SM_KEYMAP_GENERIC,
	SM_KEYMAP_LIST,
	SM_KEYMAP_PATCH,
	SM_KEYMAP_PAGER,
	SM_KEYMAP_HELP,
	SM_KEYMAP_COUNT
} sm_keymap_view;

const char *sm_keymap_view_name(sm_keymap_view view);

typedef struct sm_binding {
	sm_keymap_view view;
	sm_key keys[SM_KEY_SEQ_MAX];
	int nkeys;
	sm_action action;
} sm_binding;

typedef struct sm_keymap sm_keymap;

sm_keymap *sm_keymap_new(void);
void sm_keymap_free(sm_keymap *keymap);

/* Bind KEYS (NKEYS of them) in VIEW to ACTION, replacing an earlier
 * binding of the same keys in the same view. */
void sm_keymap_bind(sm_keymap *keymap, sm_keymap_view view, const sm_key *keys,
                    int nkeys, sm_action action);

/* Parse key-file TEXT (LEN bytes, need not be NUL-terminated), naming it
 * FILENAME in errors.  Each error is appended to ERRORS as
 * "FILENAME:LINE: message".  Lines with errors are skipped, the rest
 * applied.  `source` lines are followed only when ALLOW_SOURCE.  Returns
 * the number of errors added. */
guint sm_keymap_parse(sm_keymap *keymap, const char *text, gsize len,
                      const char *filename, gboolean allow_source, GPtrArray *errors);

/* Read and parse the key file PATH (with `source`).  An unreadable file
 * is one error.  Returns the number of errors added. */
guint sm_keymap_load(sm_keymap *keymap, const char *path, GPtrArray *errors);

/* The key files read so far, in order (char*, owned by KEYMAP). */
const GPtrArray *sm_keymap_files(const sm_keymap *keymap);

/* Where `source NAME` looks for shipped key files when NAME is not found
 * next to the sourcing file (pkgdatadir, or the source tree's keymaps/). */
void sm_keymap_set_data_dir(sm_keymap *keymap, const char *dir);

typedef enum {
	SM_KEYMAP_NO_MATCH,
	SM_KEYMAP_MATCH,   /* *ACTION is set */
	SM_KEYMAP_PREFIX,  /* the keys begin a longer binding: wait for more */
} sm_keymap_result;

/* Look up the keys typed so far in VIEW, then in generic. */
sm_keymap_result sm_keymap_lookup(const sm_keymap *keymap, sm_keymap_view view,
                                  const sm_key *keys, int nkeys, sm_action *action);

/* The bindings in force, in file order (sm_binding*, owned by KEYMAP);
 * bindings overridden in the same view are gone, and those to none stay. */
const GPtrArray *sm_keymap_bindings(const sm_keymap *keymap);

/* Append to OUT the keys that run ACTION in VIEW (its own and the generic
 * bindings it does not hide), separated by ", "; nothing when unbound. */
void sm_keymap_describe_action(const sm_keymap *keymap, sm_keymap_view view,
                               sm_action action, GString *out);

/* Parse one key token ("C-d", "<Enter>", "g"); M-x gives two keys.  KEYS
 * must have room for two.  Returns the number of keys, 0 when unknown. */
int sm_key_parse(const char *token, sm_key *keys);
/* Append the name of KEY ("C-d", "Enter", "g", "Space") to OUT. */
void sm_key_format(GString *out, sm_key key);
/* Append a sequence, keys separated by spaces. */
void sm_keys_format(GString *out, const sm_key *keys, int nkeys);

#endif
