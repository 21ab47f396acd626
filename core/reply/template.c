/* template.c - reply templates: the shipped defaults, the config's,
 * ${variable} expansion and wrapping at 72 columns. */
#include <string.h>
#include "private.h"
#include "mail/mail.h"

G_DEFINE_QUARK(sm-template-error-quark, sm_template_error)

const char *const sm_template_variables[] = {
	"quote", "commit", "id", "sha", "subject", "trees", "reason", "action",
	"name", "email", "sender", "commits", NULL
};

static const struct {
	const char *name;
	const char *text;
} defaults[] = {
	{ "approve", "${quote}\n\nAcked-by: ${name} <${email}>\n" },
	{ "approve-review", "${quote}\n\nThese are fine for ${trees}:\n\n${commits}\n\n"
	                    "Acked-by: ${name} <${email}>\n" },
	{ "hold", "${quote}\n\nPlease hold off on ${commit} for ${trees} for now:\n\n"
	          "${reason}\n\nThanks,\n${name}\n" },
	{ "revert", "${quote}\n\nPlease revert ${commit} from ${trees}:\n\n"
	            "${reason}\n\nThanks,\n${name}\n" },
	{ "drop", "${quote}\n\nPlease drop ${commit} from ${trees}:\n\n"
	          "${reason}\n\nThanks,\n${name}\n" },
	/* A plain reply: the mail quoted, and room to write below it. */
	{ "reply", "${quote}\n\n" },
};

const char *sm_template_default(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(defaults); i++)
		if (strcmp(defaults[i].name, name) == 0)
			return defaults[i].text;
	return NULL;
}

char *sm_template_load(const sm_config *config, const char *name, GError **error)
{
	char *key = g_strconcat(name, "-path", NULL);
	char *path = sm_config_string(config, "templates", key, NULL);
	g_free(key);
	if (path) {
		char *text = NULL;
		GError *err = NULL;
		if (!g_file_get_contents(path, &text, NULL, &err)) {
			g_set_error(error, SM_TEMPLATE_ERROR, SM_TEMPLATE_ERROR_READ,
			            "[templates] %s-path: %s", name, err->message);
			g_error_free(err);
		}
		g_free(path);
		return text;
	}
	/* Not sm_config_string(): it strips, and a template may end in a newline. */
	char *text = g_key_file_get_string(config->keyfile, "templates", name, NULL);
	return text ? text : g_strdup(sm_template_default(name));
}

char *sm_template_expand(const char *name, const char *text, GHashTable *vars,
                         GError **error)
{
	GString *out = g_string_sized_new(strlen(text) + 256);
	gboolean failed = FALSE;
	for (const char *p = text; *p && !failed; p++) {
		if (p[0] != '$' || (p[1] != '$' && p[1] != '{')) {
			g_string_append_c(out, *p);
			continue;
		}
		if (p[1] == '$') {
			g_string_append_c(out, '$');
			p++;
			continue;
		}
		const char *end = strchr(p + 2, '}');
		if (!end) {
			g_set_error(error, SM_TEMPLATE_ERROR, SM_TEMPLATE_ERROR_SYNTAX,
			            "template %s: \"${\" without a closing \"}\"", name);
			failed = TRUE;
			continue;
		}
		char *var = g_strndup(p + 2, end - p - 2);
		const char *value = g_hash_table_lookup(vars, var);
		if (!value) {
			g_set_error(error, SM_TEMPLATE_ERROR, SM_TEMPLATE_ERROR_VARIABLE,
			            "template %s: unknown variable ${%s}", name, var);
			g_free(var);
			failed = TRUE;
			continue;
		}
		/* A value on lines of its own (a list between blank lines) takes
		 * the spaces beside it in the template: "take ${dependencies}
		 * first." must not leave "take " and " first." (an indented line). */
		if (*value == '\n')
			while (out->len && out->str[out->len - 1] == ' ')
				g_string_truncate(out, out->len - 1);
		g_string_append(out, value);
		g_free(var);
		p = end;
		if (*value && value[strlen(value) - 1] == '\n')
			while (p[1] == ' ')
				p++;
	}
	if (failed) {
		g_string_free(out, TRUE);
		return NULL;
	}
	/* Wrapped after expansion: a long subject or reason makes the long line. */
	char *wrapped = sm_template_wrap(out->str, SM_TEMPLATE_WIDTH);
	g_string_free(out, TRUE);
	return wrapped;
}

/* Lines that are never wrapped: quoted, indented, a trailer (Acked-by:,
 * Fixes:, Link:, Cc:), a quote's "... wrote:" line, or one that starts
 * with a commit id. */
static GRegex *keep_regex(void)
{
	return g_regex_new("^(>|\\s|([A-Za-z]+-)+by: |(Fixes|Link|Closes|Cc|Bug|Message-ID): "
		                   "|[0-9a-f]{12,40}\\b)|wrote:$", 0, 0, NULL);
}

/* One word of a line and the spaces before it, kept as written ("end.  Next"
 * keeps its two spaces) unless the line breaks there. */
typedef struct word {
	char *space;
	char *text;
} word;

static void word_free(gpointer data)
{
	word *w = data;
	if (!w)
		return; /* taken into the result */
	g_free(w->space);
	g_free(w->text);
	g_free(w);
}

/* The words of LINE, where a commit reference 1a2b3c4d5e6f ("subject")
 * is one word: a reference is never cut, nor is a URL (any word). */
static GPtrArray *words(const char *line, const GRegex *hex)
{
	GPtrArray *split = g_ptr_array_new_with_free_func(word_free);
	for (const char *p = line; *p;) {
		word *w = g_new0(word, 1);
		gsize space = strspn(p, " "), len = strcspn(p + space, " ");
		w->space = g_strndup(p, space);
		w->text = g_strndup(p + space, len);
		p += space + len;
		if (len)
			g_ptr_array_add(split, w);
		else
			word_free(w);
	}
	GPtrArray *out = g_ptr_array_new_with_free_func(word_free);
	for (guint i = 0; i < split->len; i++) {
		word *w = g_steal_pointer(&split->pdata[i]);
		const word *next = i + 1 < split->len ? split->pdata[i + 1] : NULL;
		if (next && g_regex_match(hex, w->text, 0, NULL) && g_str_has_prefix(next->text, "(\"")) {
			/* Up to the word that closes the subject, when one does. */
			guint close = i + 1;
			while (close < split->len && !strstr(((word *)split->pdata[close])->text, "\")"))
				close++;
			GString *joined = g_string_new(w->text);
			for (; close < split->len && i < close; i++) {
				const word *more = split->pdata[i + 1];
				g_string_append_printf(joined, "%s%s", more->space, more->text);
			}
			g_free(w->text);
			w->text = g_string_free(joined, FALSE);
		}
		g_ptr_array_add(out, w);
	}
	g_ptr_array_unref(split);
	return out;
}

char *sm_template_wrap(const char *text, int width)
{
	GString *out = g_string_sized_new(strlen(text) + 16);
	char **lines = g_strsplit(text, "\n", -1);
	GRegex *keep = keep_regex();
	GRegex *hex = g_regex_new("^[0-9a-f]{12,40}$", 0, 0, NULL);
	for (guint l = 0; lines[l]; l++) {
		const char *line = lines[l];
		if (l)
			g_string_append_c(out, '\n');
		if (sm_text_cells(line) <= width || g_regex_match(keep, line, 0, NULL)) {
			g_string_append(out, line);
			continue;
		}
		GPtrArray *ws = words(line, hex);
		glong used = 0;
		for (guint i = 0; i < ws->len; i++) {
			const word *w = ws->pdata[i];
			glong n = sm_text_cells(w->text), space = used ? sm_text_cells(w->space) : 0;
			if (used && used + space + n > width) {
				g_string_append_c(out, '\n');
				used = space = 0;
			} else if (used) {
				g_string_append(out, w->space);
			}
			g_string_append(out, w->text);
			used += space + n;
		}
		g_ptr_array_unref(ws);
	}
	g_strfreev(lines);
	g_regex_unref(keep);
	g_regex_unref(hex);
	return g_string_free(out, FALSE);
}

char *sm_template_join(const char *const *items)
{
	GString *out = g_string_new(NULL);
	guint n = items ? g_strv_length((char **)items) : 0;
	for (guint i = 0; i < n; i++) {
		if (i)
			g_string_append(out, i + 1 == n ? " and " : ", ");
		g_string_append(out, items[i]);
	}
	return g_string_free(out, FALSE);
}
