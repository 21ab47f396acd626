/* keymap.c - key names, bindings and the key-file parser (see keymap.h). */
#include <string.h>
#include "keymap.h"

struct sm_keymap {
	GPtrArray *bindings; /* sm_binding*, file order */
	GPtrArray *files;    /* paths read */
	char *data_dir;      /* for `source NAME` of a shipped file */
	int depth;           /* `source` nesting, against loops */
};

static const char *const view_names[SM_KEYMAP_COUNT] = {
	[SM_KEYMAP_GENERIC] = "generic",
	[SM_KEYMAP_LIST] = "list",
	[SM_KEYMAP_PATCH] = "patch",
	[SM_KEYMAP_PAGER] = "pager",
	[SM_KEYMAP_HELP] = "help",
};

/* The first name of a key is the one the help view shows. */
static const struct {
	const char *name;
	sm_key key;
} key_names[] = {
	{ "Enter", SM_KEY_ENTER },
	{ "Return", SM_KEY_ENTER },
	{ "Space", ' ' },
	{ "Tab", SM_KEY_TAB },
	{ "BackTab", SM_KEY_FN + KEY_BTAB },
	{ "Backspace", SM_KEY_BACKSPACE },
	{ "BS", SM_KEY_BACKSPACE },
	{ "Escape", SM_KEY_ESCAPE },
	{ "Esc", SM_KEY_ESCAPE },
	{ "Up", SM_KEY_UP },
	{ "Down", SM_KEY_DOWN },
	{ "Left", SM_KEY_LEFT },
	{ "Right", SM_KEY_RIGHT },
	{ "PageUp", SM_KEY_FN + KEY_PPAGE },
	{ "PgUp", SM_KEY_FN + KEY_PPAGE },
	{ "PageDown", SM_KEY_FN + KEY_NPAGE },
	{ "PgDown", SM_KEY_FN + KEY_NPAGE },
	{ "PgDn", SM_KEY_FN + KEY_NPAGE },
	{ "Home", SM_KEY_HOME },
	{ "End", SM_KEY_END },
	{ "Insert", SM_KEY_FN + KEY_IC },
	{ "Ins", SM_KEY_FN + KEY_IC },
	{ "Delete", SM_KEY_DELETE },
	{ "Del", SM_KEY_DELETE },
	{ "Hash", '#' },
	{ "LessThan", '<' },
};

const char *sm_keymap_view_name(sm_keymap_view view)
{
	return view < SM_KEYMAP_COUNT ? view_names[view] : "generic";
}

sm_keymap *sm_keymap_new(void)
{
	sm_keymap *keymap = g_new0(sm_keymap, 1);
	keymap->bindings = g_ptr_array_new_with_free_func(g_free);
	keymap->files = g_ptr_array_new_with_free_func(g_free);
	return keymap;
}

void sm_keymap_free(sm_keymap *keymap)
{
	if (!keymap)
		return;
	g_ptr_array_unref(keymap->bindings);
	g_ptr_array_unref(keymap->files);
	g_free(keymap->data_dir);
	g_free(keymap);
}

void sm_keymap_set_data_dir(sm_keymap *keymap, const char *dir)
{
	g_free(keymap->data_dir);
	keymap->data_dir = g_strdup(dir);
}

static gboolean same_keys(const sm_binding *b, const sm_key *keys, int nkeys)
{
	return b->nkeys == nkeys && memcmp(b->keys, keys, nkeys * sizeof(*keys)) == 0;
}

void sm_keymap_bind(sm_keymap *keymap, sm_keymap_view view, const sm_key *keys,
                    int nkeys, sm_action action)
{
	g_return_if_fail(nkeys > 0 && nkeys <= SM_KEY_SEQ_MAX);
	for (guint i = 0; i < keymap->bindings->len; i++) {
		sm_binding *b = keymap->bindings->pdata[i];
		if (b->view == view && same_keys(b, keys, nkeys)) {
			b->action = action;
			return;
		}
	}
	sm_binding *b = g_new0(sm_binding, 1);
	b->view = view;
	memcpy(b->keys, keys, nkeys * sizeof(*keys));
	b->nkeys = nkeys;
	b->action = action;
	g_ptr_array_add(keymap->bindings, b);
}

const GPtrArray *sm_keymap_bindings(const sm_keymap *keymap)
{
	return keymap->bindings;
}

const GPtrArray *sm_keymap_files(const sm_keymap *keymap)
{
	return keymap->files;
}

/* Look in one keymap only. */
static sm_keymap_result lookup_view(const sm_keymap *keymap, sm_keymap_view view,
                                    const sm_key *keys, int nkeys, sm_action *action)
{
	sm_keymap_result result = SM_KEYMAP_NO_MATCH;
	gboolean unbound = FALSE;
	for (guint i = 0; i < keymap->bindings->len; i++) {
		const sm_binding *b = keymap->bindings->pdata[i];
		if (b->view != view || b->nkeys < nkeys ||
		    memcmp(b->keys, keys, nkeys * sizeof(*keys)) != 0)
			continue;
		/* A key unbound (bound to none) is no binding of its own: the
		 * sequences it begins still work (vi.keys unbinds g for g g). */
		if (b->nkeys == nkeys && b->action == SM_ACTION_NONE) {
			unbound = TRUE;
		} else if (b->nkeys == nkeys) {
			*action = b->action;
			return SM_KEYMAP_MATCH;
		} else if (b->action != SM_ACTION_NONE) {
			result = SM_KEYMAP_PREFIX;
		}
	}
	if (unbound && result == SM_KEYMAP_NO_MATCH) {
		*action = SM_ACTION_NONE;
		return SM_KEYMAP_MATCH;
	}
	return result;
}

sm_keymap_result sm_keymap_lookup(const sm_keymap *keymap, sm_keymap_view view,
                                  const sm_key *keys, int nkeys, sm_action *action)
{
	sm_keymap_result result = SM_KEYMAP_NO_MATCH;
	if (view != SM_KEYMAP_GENERIC)
		result = lookup_view(keymap, view, keys, nkeys, action);
	if (result == SM_KEYMAP_NO_MATCH)
		result = lookup_view(keymap, SM_KEYMAP_GENERIC, keys, nkeys, action);
	return result;
}

void sm_keymap_describe_action(const sm_keymap *keymap, sm_keymap_view view,
                               sm_action action, GString *out)
{
	gsize start = out->len;
	for (int pass = 0; pass < 2; pass++) {
		sm_keymap_view in = pass == 0 ? view : SM_KEYMAP_GENERIC;
		if (pass == 1 && view == SM_KEYMAP_GENERIC)
			break;
		for (guint i = 0; i < keymap->bindings->len; i++) {
			const sm_binding *b = keymap->bindings->pdata[i];
			sm_action found;
			if (b->view != in || b->action != action)
				continue;
			/* A generic binding the view overrides does not run ACTION here. */
			if (pass == 1 && (sm_keymap_lookup(keymap, view, b->keys, b->nkeys, &found) !=
			                  SM_KEYMAP_MATCH || found != action))
				continue;
			if (out->len > start)
				g_string_append(out, ", ");
			sm_keys_format(out, b->keys, b->nkeys);
		}
	}
}

/* "x" (one printable character), or a control character's letter. */
static sm_key single_char(const char *s)
{
	if (!*s || !g_utf8_validate(s, -1, NULL) || g_utf8_strlen(s, -1) != 1)
		return 0;
	gunichar c = g_utf8_get_char(s);
	return g_unichar_isprint(c) ? (sm_key)c : 0;
}

#define KEY_NUL_SENTINEL (-1)

static sm_key ctrl_of(const char *s)
{
	if (g_ascii_strcasecmp(s, "Space") == 0 || strcmp(s, "@") == 0)
		return KEY_NUL_SENTINEL;
	if (strlen(s) != 1)
		return 0;
	char c = s[0];
	if (g_ascii_isalpha(c))
		return SM_KEY_CTRL(g_ascii_tolower(c));
	if (strchr("[\\]^_", c))
		return SM_KEY_CTRL(c);
	return 0;
}

static sm_key named_key(const char *s)
{
	for (size_t i = 0; i < G_N_ELEMENTS(key_names); i++)
		if (g_ascii_strcasecmp(s, key_names[i].name) == 0)
			return key_names[i].key;
	if ((s[0] == 'F' || s[0] == 'f') && g_ascii_isdigit(s[1])) {
		char *end;
		guint64 n = g_ascii_strtoull(s + 1, &end, 10);
		if (!*end && n >= 1 && n <= 12)
			return SM_KEY_FN + KEY_F((int)n);
	}
	return 0;
}

/* One key without a meta prefix; 0 when unknown, KEY_NUL_SENTINEL for
 * C-Space (NUL), since 0 already means unknown. */
static sm_key one_key(const char *s)
{
	sm_key key;
	if ((key = single_char(s)))
		return key;
	if (s[0] == '^' && s[1])
		key = ctrl_of(s + 1);
	else if (g_ascii_strncasecmp(s, "C-", 2) == 0)
		key = ctrl_of(s + 2);
	else if (g_ascii_strncasecmp(s, "Ctrl-", 5) == 0)
		key = ctrl_of(s + 5);
	else
		return named_key(s);
	return key;
}

int sm_key_parse(const char *token, sm_key *keys)
{
	char *inner = NULL;
	int n = 0;
	size_t len = strlen(token);
	if (len > 2 && token[0] == '<' && token[len - 1] == '>')
		token = inner = g_strndup(token + 1, len - 2);
	const char *rest = NULL;
	if (g_ascii_strncasecmp(token, "M-", 2) == 0 && token[2])
		rest = token + 2;
	else if (g_ascii_strncasecmp(token, "Alt-", 4) == 0 && token[4])
		rest = token + 4;
	if (rest) {
		sm_key key = one_key(rest);
		if (key) {
			keys[n++] = SM_KEY_ESCAPE;
			keys[n++] = key == KEY_NUL_SENTINEL ? 0 : key;
		}
	} else {
		sm_key key = one_key(token);
		if (key)
			keys[n++] = key == KEY_NUL_SENTINEL ? 0 : key;
	}
	g_free(inner);
	return n;
}

void sm_key_format(GString *out, sm_key key)
{
	for (size_t i = 0; i < G_N_ELEMENTS(key_names); i++)
		if (key_names[i].key == key && key != '#' && key != '<') {
			g_string_append(out, key_names[i].name);
			return;
		}
	if (key >= SM_KEY_FN + KEY_F(1) && key <= SM_KEY_FN + KEY_F(12)) {
		g_string_append_printf(out, "F%d", key - SM_KEY_FN - KEY_F0);
	} else if (key == 0) {
		g_string_append(out, "C-Space");
	} else if (key < 0x20) {
		g_string_append_printf(out, "C-%c", key < 27 ? key + 'a' - 1 : key + '@');
	} else if (key >= SM_KEY_FN) {
		g_string_append_printf(out, "<key %d>", key - SM_KEY_FN);
	} else {
		g_string_append_unichar(out, (gunichar)key);
	}
}

void sm_keys_format(GString *out, const sm_key *keys, int nkeys)
{
	for (int i = 0; i < nkeys; i++) {
		if (i > 0)
			g_string_append_c(out, ' ');
		sm_key_format(out, keys[i]);
	}
}

/* Split LINE into words: blanks separate, quotes keep blanks and '#',
 * an unquoted '#' at the start of a word begins a comment.  Returns FALSE
 * (and sets *PROBLEM) on an unclosed quote. */
static gboolean split_words(const char *line, GPtrArray *words, const char **problem)
{
	const char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p || *p == '#')
			return TRUE;
		GString *word = g_string_new(NULL);
		while (*p && *p != ' ' && *p != '\t' && *p != '\r') {
			if (*p == '"' || *p == '\'') {
				const char *end = strchr(p + 1, *p);
				if (!end) {
					g_string_free(word, TRUE);
					*problem = "unclosed quote";
					return FALSE;
				}
				g_string_append_len(word, p + 1, end - p - 1);
				p = end + 1;
			} else {
				g_string_append_c(word, *p++);
			}
		}
		g_ptr_array_add(words, g_string_free(word, FALSE));
	}
}

static void add_error(GPtrArray *errors, const char *filename, guint line,
                      const char *format, ...) G_GNUC_PRINTF(4, 5);
static void add_error(GPtrArray *errors, const char *filename, guint line,
                      const char *format, ...)
{
	va_list args;
	va_start(args, format);
	char *message = g_strdup_vprintf(format, args);
	va_end(args);
	g_ptr_array_add(errors, g_strdup_printf("%s:%u: %s", filename, line, message));
	g_free(message);
}

static gboolean view_from_name(const char *name, sm_keymap_view *view)
{
	for (int v = 0; v < SM_KEYMAP_COUNT; v++)
		if (strcmp(view_names[v], name) == 0) {
			*view = (sm_keymap_view)v;
			return TRUE;
		}
	return FALSE;
}

/* Parse the keys of words[FIRST..LAST) into KEYS; errors name the key. */
static int parse_keys(GPtrArray *words, guint first, guint last, sm_key *keys,
                      const char *filename, guint line, GPtrArray *errors)
{
	int nkeys = 0;
	for (guint i = first; i < last; i++) {
		sm_key parsed[2];
		int n = sm_key_parse(words->pdata[i], parsed);
		if (n == 0) {
			add_error(errors, filename, line, "unknown key name '%s'",
			          (char *)words->pdata[i]);
			return 0;
		}
		if (nkeys + n > SM_KEY_SEQ_MAX) {
			add_error(errors, filename, line, "key sequence too long (at most %d keys)",
			          SM_KEY_SEQ_MAX);
			return 0;
		}
		memcpy(keys + nkeys, parsed, n * sizeof(*parsed));
		nkeys += n;
	}
	return nkeys;
}

static void parse_source(sm_keymap *keymap, const char *name, const char *filename,
                         guint line, GPtrArray *errors)
{
	char *path;
	if (g_path_is_absolute(name)) {
		path = g_strdup(name);
	} else {
		char *dir = g_path_get_dirname(filename);
		path = g_build_filename(dir, name, NULL);
		g_free(dir);
		if (!g_file_test(path, G_FILE_TEST_EXISTS) && keymap->data_dir) {
			g_free(path);
			path = g_build_filename(keymap->data_dir, name, NULL);
		}
	}
	if (keymap->depth >= 8)
		add_error(errors, filename, line, "source nested too deeply: %s", name);
	else if (!g_file_test(path, G_FILE_TEST_IS_REGULAR))
		add_error(errors, filename, line, "cannot source '%s': no such file", name);
	else
		sm_keymap_load(keymap, path, errors);
	g_free(path);
}

static void parse_line(sm_keymap *keymap, GPtrArray *words, const char *filename,
                       guint line, gboolean allow_source, GPtrArray *errors)
{
	const char *command = words->pdata[0];
	gboolean bind = strcmp(command, "bind") == 0;
	sm_keymap_view view;
	sm_action action = SM_ACTION_NONE;
	sm_key keys[SM_KEY_SEQ_MAX];

	if (strcmp(command, "source") == 0) {
		if (words->len != 2)
			add_error(errors, filename, line, "source needs one file name");
		else if (!allow_source)
			add_error(errors, filename, line, "source is not allowed here");
		else
			parse_source(keymap, words->pdata[1], filename, line, errors);
		return;
	}
	if (!bind && strcmp(command, "unbind") != 0) {
		add_error(errors, filename, line, "unknown command '%s' (bind, unbind, source)",
		          command);
		return;
	}
	if (words->len < (bind ? 4u : 3u)) {
		add_error(errors, filename, line, bind ? "bind needs a view, a key and an action"
		                                       : "unbind needs a view and a key");
		return;
	}
	if (!view_from_name(words->pdata[1], &view)) {
		add_error(errors, filename, line,
		          "unknown view '%s' (generic, list, patch, pager, help)",
		          (char *)words->pdata[1]);
		return;
	}
	guint last = bind ? words->len - 1 : words->len;
	if (bind && !sm_action_from_name(words->pdata[last], &action)) {
		add_error(errors, filename, line, "unknown action '%s'", (char *)words->pdata[last]);
		return;
	}
	int nkeys = parse_keys(words, 2, last, keys, filename, line, errors);
	if (nkeys > 0)
		sm_keymap_bind(keymap, view, keys, nkeys, action);
}

guint sm_keymap_parse(sm_keymap *keymap, const char *text, gsize len,
                      const char *filename, gboolean allow_source, GPtrArray *errors)
{
	guint before = errors->len;
	guint line = 0;
	const char *end = text + len;
	for (const char *p = text; p < end; line++) {
		const char *nl = memchr(p, '\n', end - p);
		const char *stop = nl ? nl : end;
		char *copy = g_strndup(p, stop - p);
		GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
		const char *problem = NULL;
		if (!split_words(copy, words, &problem))
			add_error(errors, filename, line + 1, "%s", problem);
		else if (words->len > 0)
			parse_line(keymap, words, filename, line + 1, allow_source, errors);
		g_ptr_array_unref(words);
		g_free(copy);
		p = nl ? nl + 1 : end;
	}
	return errors->len - before;
}

guint sm_keymap_load(sm_keymap *keymap, const char *path, GPtrArray *errors)
{
	char *text = NULL;
	gsize len = 0;
	GError *error = NULL;
	if (!g_file_get_contents(path, &text, &len, &error)) {
		g_ptr_array_add(errors, g_strdup_printf("%s: %s", path, error->message));
		g_error_free(error);
		return 1;
	}
	g_ptr_array_add(keymap->files, g_strdup(path));
	keymap->depth++;
	guint n = sm_keymap_parse(keymap, text, len, path, TRUE, errors);
	keymap->depth--;
	g_free(text);
	return n;
}
