/* filter.c - parse and match the limit language (see filter.h).
 *
 * A recursive-descent parser builds a small tree of nodes; matching walks
 * it.  Text terms are case-folded once, at parse time, so matching folds
 * only the patch's side.
 */
#include <string.h>
#include "filter.h"
#include "recognise/recognise.h"
#include "private.h"

G_DEFINE_QUARK(sm-filter-error-quark, sm_filter_error)

typedef enum {
	N_ALL, N_AND, N_OR, N_NOT,
	N_TREE, N_KIND, N_STATUS, N_STATE, N_DEADLINE, N_AGE,
	N_AUTHOR, N_SUBJECT, N_TEXT, N_UPSTREAM, N_MINE, N_UNREAD, N_FILE, N_MAINTAINED,
} node_type;

/* How a deadline or age compares with the term's duration. */
typedef enum { CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_LATE, CMP_ANY, CMP_NONE } cmp_op;

typedef struct node node;
struct node {
	node_type type;
	node *a, *b;      /* operands of and/or/not */
	char *text;       /* tree name, folded text, lower-case id prefix */
	int value;        /* sm_kind, sm_status or sm_triage */
	cmp_op cmp;
	gint64 seconds;
};

struct sm_filter {
	node *root;
	gboolean needs_mine;
	gboolean needs_maintainers;
};

typedef enum { T_END, T_WORD, T_LPAREN, T_RPAREN } token_type;

typedef struct parser {
	const char *p;        /* next unread character */
	int depth;            /* open parentheses */
	token_type type;      /* the lookahead token */
	GString *word;        /* its text, quotes removed */
	gboolean quoted;      /* it began with a quote: never an operator */
	gboolean needs_mine;
	gboolean needs_maintainers;
	GError **error;
} parser;

static void node_free(node *n)
{
	if (!n)
		return;
	node_free(n->a);
	node_free(n->b);
	g_free(n->text);
	g_free(n);
}

static node *node_new(node_type type)
{
	node *n = g_new0(node, 1);
	n->type = type;
	return n;
}

static gboolean fail(parser *ps, int code, const char *format, ...) G_GNUC_PRINTF(3, 4);
static gboolean fail(parser *ps, int code, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	if (ps->error && !*ps->error) {
		char *message = g_strdup_vprintf(format, args);
		g_set_error_literal(ps->error, SM_FILTER_ERROR, code, message);
		g_free(message);
	}
	va_end(args);
	return FALSE;
}

/* Read the next token into the lookahead. */
static gboolean advance(parser *ps)
{
	while (g_ascii_isspace(*ps->p))
		ps->p++;
	g_string_truncate(ps->word, 0);
	ps->quoted = *ps->p == '"';
	if (!*ps->p) {
		ps->type = T_END;
		return TRUE;
	}
	if (*ps->p == '(') {
		ps->p++;
		ps->type = T_LPAREN;
		return TRUE;
	}
	if (*ps->p == ')') {
		ps->p++;
		ps->type = T_RPAREN;
		return TRUE;
	}
	ps->type = T_WORD;
	gsize quoted_end = 0; /* what a quote closed is text, whatever it holds */
	while (*ps->p && !g_ascii_isspace(*ps->p)) {
		if (*ps->p == '"') {
			const char *end = strchr(ps->p + 1, '"');
			if (!end)
				return fail(ps, SM_FILTER_ERROR_SYNTAX, "unclosed quote in %s", ps->p);
			g_string_append_len(ps->word, ps->p + 1, end - ps->p - 1);
			quoted_end = ps->word->len;
			ps->p = end + 1;
			continue;
		}
		g_string_append_c(ps->word, *ps->p++);
	}
	/* "(foo bar)": the closing parenthesis ends the group, not the word.
	 * Outside a group it is text, as in "set_freq_store()". */
	if (ps->depth > 0)
		while (ps->word->len > quoted_end && ps->word->str[ps->word->len - 1] == ')') {
			g_string_truncate(ps->word, ps->word->len - 1);
			ps->p--;
		}
	return TRUE;
}

static gboolean is_operator(const parser *ps, const char *op)
{
	return ps->type == T_WORD && !ps->quoted && g_ascii_strcasecmp(ps->word->str, op) == 0;
}

gboolean sm_filter_parse_duration(const char *text, gint64 *seconds)
{
	char *end;
	if (!g_ascii_isdigit(*text))
		return FALSE;
	guint64 n = g_ascii_strtoull(text, &end, 10);
	gint64 unit;
	if (strcmp(end, "m") == 0 || strcmp(end, "min") == 0)
		unit = 60;
	else if (strcmp(end, "h") == 0)
		unit = 3600;
	else if (strcmp(end, "d") == 0)
		unit = 86400;
	else if (strcmp(end, "w") == 0)
		unit = 7 * 86400;
	else
		return FALSE;
	if (n > (guint64)(G_MAXINT64 / unit))
		return FALSE;
	*seconds = (gint64)n * unit;
	return TRUE;
}

/* Find VALUE among NAMES (COUNT of them, NULL entries skipped): an exact
 * name, else a unique prefix.  -1 when none, -2 when ambiguous. */
static int lookup_name(const char *const *names, int count, const char *value)
{
	int found = -1;
	size_t len = strlen(value);
	for (int i = 0; i < count; i++)
		if (names[i] && g_ascii_strcasecmp(names[i], value) == 0)
			return i;
	if (len == 0)
		return -1;
	for (int i = 0; i < count; i++)
		if (names[i] && g_ascii_strncasecmp(names[i], value, len) == 0) {
			if (found >= 0)
				return -2;
			found = i;
		}
	return found;
}

static char *joined_names(const char *const *names, int count)
{
	GString *s = g_string_new(NULL);
	for (int i = 0; i < count; i++)
		if (names[i])
			g_string_append_printf(s, "%s%s", s->len ? ", " : "", names[i]);
	return g_string_free(s, FALSE);
}

static gboolean enum_value(parser *ps, const char *what, const char *const *names,
                           int count, const char *value, int *out)
{
	int i = lookup_name(names, count, value);
	if (i >= 0) {
		*out = i;
		return TRUE;
	}
	char *all = joined_names(names, count);
	fail(ps, SM_FILTER_ERROR_VALUE, "%s %s '%s' (one of: %s)",
	     i == -2 ? "ambiguous" : "unknown", what, value, all);
	g_free(all);
	return FALSE;
}

static gboolean kind_value(parser *ps, const char *value, int *out)
{
	/* The words of the status matrix work for kinds too. */
	static const struct { const char *alias; sm_kind kind; } aliases[] = {
		{ "review", SM_KIND_REVIEW_PATCH },
		{ "queued", SM_KIND_ADDED },
		{ "dropped", SM_KIND_REMOVED },
	};
	const char *names[SM_KIND_COUNT];
	for (size_t i = 0; i < G_N_ELEMENTS(aliases); i++)
		if (g_ascii_strcasecmp(value, aliases[i].alias) == 0) {
			*out = aliases[i].kind;
			return TRUE;
		}
	for (int k = 0; k < SM_KIND_COUNT; k++)
		names[k] = k == SM_KIND_OTHER ? NULL : sm_kind_name((sm_kind)k);
	return enum_value(ps, "kind", names, SM_KIND_COUNT, value, out);
}

static gboolean status_value(parser *ps, const char *value, int *out)
{
	const char *names[SM_STATUS_COUNT];
	for (int s = 0; s < SM_STATUS_COUNT; s++)
		names[s] = s == SM_STATUS_NONE ? NULL : sm_status_name((sm_status)s);
	return enum_value(ps, "status", names, SM_STATUS_COUNT, value, out);
}

static gboolean state_value(parser *ps, const char *value, int *out)
{
	const char *names[SM_TRIAGE_COUNT];
	for (int s = 0; s < SM_TRIAGE_COUNT; s++)
		names[s] = sm_triage_name((sm_triage)s);
	return enum_value(ps, "state", names, SM_TRIAGE_COUNT, value, out);
}

/* "<24h", ">=2d", "late", "any", "none" (NONE_OK: deadlines only). */
static gboolean compare_value(parser *ps, const char *what, const char *value,
                              gboolean words_ok, node *n)
{
	static const struct { const char *word; cmp_op op; } words[] = {
		{ "late", CMP_LATE }, { "any", CMP_ANY }, { "none", CMP_NONE },
	};
	static const struct { const char *prefix; cmp_op op; } ops[] = {
		{ "<=", CMP_LE }, { ">=", CMP_GE }, { "<", CMP_LT }, { ">", CMP_GT },
	};
	for (size_t i = 0; words_ok && i < G_N_ELEMENTS(words); i++)
		if (g_ascii_strcasecmp(value, words[i].word) == 0) {
			n->cmp = words[i].op;
			return TRUE;
		}
	for (size_t i = 0; i < G_N_ELEMENTS(ops); i++)
		if (g_str_has_prefix(value, ops[i].prefix) &&
		    sm_filter_parse_duration(value + strlen(ops[i].prefix), &n->seconds)) {
			n->cmp = ops[i].op;
			return TRUE;
		}
	return fail(ps, SM_FILTER_ERROR_VALUE,
	            "bad %s '%s': expected <DURATION or >DURATION, like <24h or >2d%s",
	            what, value, words_ok ? ", or late, any, none" : "");
}

static gboolean is_hex(const char *s)
{
	for (; *s; s++)
		if (!g_ascii_isxdigit(*s))
			return FALSE;
	return TRUE;
}

/* One term: prefix:value, a keyword, or free text. */
static node *parse_term(parser *ps)
{
	const char *word = ps->word->str;
	const char *colon = ps->quoted ? NULL : strchr(word, ':');
	node *n = node_new(N_TEXT);
	gboolean ok = TRUE;

	if (!ps->quoted && g_ascii_strcasecmp(word, "mine") == 0) {
		n->type = N_MINE;
		ps->needs_mine = TRUE;
	} else if (!ps->quoted && g_ascii_strcasecmp(word, "maintained") == 0) {
		n->type = N_MAINTAINED;
		ps->needs_maintainers = TRUE;
	} else if (!ps->quoted && g_ascii_strcasecmp(word, "unread") == 0) {
		n->type = N_UNREAD;
	} else if (colon) {
		char *prefix = g_ascii_strdown(word, colon - word);
		const char *value = colon + 1;
		if (strcmp(prefix, "tree") == 0) {
			n->type = N_TREE;
			n->text = g_strdup(value);
			if (!*value)
				ok = fail(ps, SM_FILTER_ERROR_VALUE, "tree: needs a tree, like tree:6.6");
		} else if (strcmp(prefix, "kind") == 0) {
			n->type = N_KIND;
			ok = kind_value(ps, value, &n->value);
		} else if (strcmp(prefix, "status") == 0) {
			n->type = N_STATUS;
			ok = status_value(ps, value, &n->value);
		} else if (strcmp(prefix, "state") == 0) {
			n->type = N_STATE;
			ok = state_value(ps, value, &n->value);
		} else if (strcmp(prefix, "deadline") == 0) {
			n->type = N_DEADLINE;
			ok = compare_value(ps, "deadline", value, TRUE, n);
		} else if (strcmp(prefix, "age") == 0) {
			n->type = N_AGE;
			ok = compare_value(ps, "age", value, FALSE, n);
		} else if (strcmp(prefix, "author") == 0 || strcmp(prefix, "from") == 0) {
			n->type = N_AUTHOR;
			n->text = g_utf8_casefold(value, -1);
		} else if (strcmp(prefix, "subject") == 0) {
			n->type = N_SUBJECT;
			n->text = g_utf8_casefold(value, -1);
		} else if (strcmp(prefix, "file") == 0) {
			n->type = N_FILE;
			n->text = g_strdup(value);
			if (!*value)
				ok = fail(ps, SM_FILTER_ERROR_VALUE,
				          "file: needs a path or a pattern, like file:drivers/usb/**");
		} else if (strcmp(prefix, "upstream") == 0 || strcmp(prefix, "commit") == 0) {
			n->type = N_UPSTREAM;
			n->text = g_ascii_strdown(value, -1);
			if (!*value || !is_hex(value))
				ok = fail(ps, SM_FILTER_ERROR_VALUE,
				          "bad upstream '%s': expected a commit id prefix", value);
		} else {
			n->text = g_utf8_casefold(word, -1);
		}
		g_free(prefix);
	} else {
		n->text = g_utf8_casefold(word, -1);
	}
	if (!ok) {
		node_free(n);
		return NULL;
	}
	return n;
}

static node *parse_or(parser *ps);

static node *parse_unary(parser *ps)
{
	node *n;
	if (is_operator(ps, "not") || (ps->type == T_WORD && !ps->quoted &&
	                              ps->word->str[0] == '-' && ps->word->len > 1)) {
		if (is_operator(ps, "not")) {
			if (!advance(ps))
				return NULL;
		} else {
			g_string_erase(ps->word, 0, 1);
		}
		node *operand = parse_unary(ps);
		if (!operand)
			return NULL;
		n = node_new(N_NOT);
		n->a = operand;
		return n;
	}
	switch (ps->type) {
	case T_LPAREN:
		ps->depth++;
		if (!advance(ps))
			return NULL;
		n = parse_or(ps);
		if (!n)
			return NULL;
		if (ps->type != T_RPAREN) {
			node_free(n);
			fail(ps, SM_FILTER_ERROR_SYNTAX, "missing ')'");
			return NULL;
		}
		ps->depth--;
		if (!advance(ps)) {
			node_free(n);
			return NULL;
		}
		return n;
	case T_WORD:
		if (is_operator(ps, "and") || is_operator(ps, "or")) {
			fail(ps, SM_FILTER_ERROR_SYNTAX, "'%s' needs a term before it", ps->word->str);
			return NULL;
		}
		n = parse_term(ps);
		if (n && !advance(ps)) {
			node_free(n);
			return NULL;
		}
		return n;
	case T_RPAREN:
		fail(ps, SM_FILTER_ERROR_SYNTAX, ps->depth ? "empty parentheses" : "unmatched ')'");
		return NULL;
	default:
		fail(ps, SM_FILTER_ERROR_SYNTAX, "a term is missing at the end");
		return NULL;
	}
}

static node *join(node_type type, node *a, node *b)
{
	node *n = node_new(type);
	n->a = a;
	n->b = b;
	return n;
}

static node *parse_and(parser *ps)
{
	node *n = parse_unary(ps);
	while (n && ps->type != T_END && ps->type != T_RPAREN && !is_operator(ps, "or")) {
		if (is_operator(ps, "and") && !advance(ps))
			break;
		node *b = parse_unary(ps);
		if (!b) {
			node_free(n);
			return NULL;
		}
		n = join(N_AND, n, b);
	}
	return n;
}

static node *parse_or(parser *ps)
{
	node *n = parse_and(ps);
	while (n && is_operator(ps, "or")) {
		node *b = NULL;
		if (advance(ps))
			b = parse_and(ps);
		if (!b) {
			node_free(n);
			return NULL;
		}
		n = join(N_OR, n, b);
	}
	return n;
}

sm_filter *sm_filter_parse(const char *text, GError **error)
{
	parser ps = { .p = text ? text : "", .word = g_string_new(NULL), .error = error };
	node *root = NULL;

	if (advance(&ps)) {
		if (ps.type == T_END) {
			root = node_new(N_ALL);
		} else {
			root = parse_or(&ps);
			if (root && ps.type != T_END) {
				fail(&ps, SM_FILTER_ERROR_SYNTAX, "unmatched ')'");
				node_free(root);
				root = NULL;
			}
		}
	}
	g_string_free(ps.word, TRUE);
	if (!root)
		return NULL;
	sm_filter *filter = g_new0(sm_filter, 1);
	filter->root = root;
	filter->needs_mine = ps.needs_mine;
	filter->needs_maintainers = ps.needs_maintainers;
	return filter;
}

void sm_filter_free(sm_filter *filter)
{
	if (!filter)
		return;
	node_free(filter->root);
	g_free(filter);
}

gboolean sm_filter_needs_mine(const sm_filter *filter)
{
	return filter->needs_mine;
}

gboolean sm_filter_needs_maintainers(const sm_filter *filter)
{
	return filter->needs_maintainers;
}

static gboolean is_ascii(const char *s)
{
	for (; *s; s++)
		if ((guchar)*s >= 0x80)
			return FALSE;
	return TRUE;
}

/* Case-insensitive: NEEDLE is already folded.  ASCII text, the usual
 * case, is compared in place, in one pass: a limit runs over every
 * patch, and folding each subject into a new string cost most of its
 * time.  Text that is not ASCII is folded (g_utf8_casefold may make
 * ASCII of it: the Kelvin sign is a k). */
static gboolean contains_folded(const char *haystack, const char *needle)
{
	if (!haystack)
		return FALSE;
	if (is_ascii(needle)) {
		gsize n = strlen(needle);
		if (n == 0)
			return TRUE;
		/* The first letter first: most places fail there, without a
		 * call (the needle is folded, so lower-case already). */
		char first = needle[0];
		const char *p = haystack;
		for (; *p && (guchar)*p < 0x80; p++) {
			char c = *p >= 'A' && *p <= 'Z' ? (char)(*p + ('a' - 'A')) : *p;
			if (c == first && g_ascii_strncasecmp(p + 1, needle + 1, n - 1) == 0)
				return TRUE;
		}
		if (!*p)
			return FALSE;
	}
	char *folded = g_utf8_casefold(haystack, -1);
	gboolean found = strstr(folded, needle) != NULL;
	g_free(folded);
	return found;
}

static const char *patch_author(const sm_patch *patch)
{
	if (patch->author)
		return patch->author;
	return patch->sender;
}

static gboolean compare(cmp_op op, gint64 value, gint64 limit)
{
	switch (op) {
	case CMP_LT: return value < limit;
	case CMP_LE: return value <= limit;
	case CMP_GT: return value > limit;
	case CMP_GE: return value >= limit;
	default: return FALSE;
	}
}

static gboolean match_deadline(const node *n, const sm_patch *patch, gint64 now)
{
	switch (n->cmp) {
	case CMP_NONE: return patch->deadline == 0;
	case CMP_ANY: return patch->deadline != 0;
	case CMP_LATE: return patch->deadline != 0 && patch->deadline <= now;
	default: return patch->deadline != 0 && compare(n->cmp, patch->deadline - now, n->seconds);
	}
}

static gboolean match(const node *n, const sm_patch *patch, const sm_filter_ctx *ctx)
{
	switch (n->type) {
	case N_ALL:
		return TRUE;
	case N_AND:
		return match(n->a, patch, ctx) && match(n->b, patch, ctx);
	case N_OR:
		return match(n->a, patch, ctx) || match(n->b, patch, ctx);
	case N_NOT:
		return !match(n->a, patch, ctx);
	case N_TREE:
		return sm_patch_tree(patch, n->text) != NULL;
	case N_KIND:
		return (patch->kinds & (1u << n->value)) != 0;
	case N_STATUS:
		for (guint i = 0; patch->trees && i < patch->trees->len; i++)
			if (((sm_tree_status *)patch->trees->pdata[i])->status == (sm_status)n->value)
				return TRUE;
		return FALSE;
	case N_STATE:
		return patch->state == (sm_triage)n->value;
	case N_DEADLINE:
		return match_deadline(n, patch, ctx->now);
	case N_AGE:
		/* The age of the news: a reply of the user's own is not news
		 * (sm_group_set_news), so it makes no patch young. */
		return patch->news != 0 && compare(n->cmp, ctx->now - patch->news, n->seconds);
	case N_AUTHOR:
		return contains_folded(patch_author(patch), n->text);
	case N_SUBJECT:
		return contains_folded(patch->subject, n->text);
	case N_TEXT:
		return contains_folded(patch->subject, n->text) ||
		       contains_folded(patch_author(patch), n->text);
	case N_UPSTREAM:
		return g_str_has_prefix(patch->upstream, n->text);
	case N_MINE:
		return ctx->mine && g_hash_table_contains(ctx->mine, patch);
	case N_UNREAD:
		return patch->unread;
	case N_FILE:
		return sm_paths_glob(n->text, patch->files);
	case N_MAINTAINED:
		return ctx->maintainers && sm_maintainers_covers(ctx->maintainers, patch);
	}
	return FALSE;
}

gboolean sm_filter_match(const sm_filter *filter, const sm_patch *patch,
                         const sm_filter_ctx *ctx)
{
	return match(filter->root, patch, ctx);
}

char *sm_filter_mine_query(const char *const *addresses)
{
	GString *query = g_string_new(NULL);
	for (; addresses && *addresses; addresses++) {
		if (!**addresses)
			continue;
		if (query->len)
			g_string_append(query, " or ");
		/* notmuch quotes by doubling the quote character. */
		g_string_append(query, "to:\"");
		for (const char *c = *addresses; *c; c++) {
			if (*c == '"')
				g_string_append_c(query, '"');
			g_string_append_c(query, *c);
		}
		g_string_append_c(query, '"');
	}
	if (query->len == 0) {
		g_string_free(query, TRUE);
		return NULL;
	}
	return g_string_free(query, FALSE);
}
