/* printer.c - JSON and text renderings of one structured output. */
#include <string.h>
#include "printer.h"
#include "mail/mail.h"

typedef struct frame {
	gboolean list;    /* a list (else a map) */
	gboolean record;  /* text: a map inside a list, printed as a line */
	int count;        /* elements written so far */
	gboolean inline_; /* JSON: a list of scalars, kept on one line */
	gboolean skipped; /* text: under a skipped key */
} frame;

typedef struct printer {
	sm_printer ops;
	FILE *out;
	GArray *stack;        /* frame */
	GString *line;        /* text: the record line being built */
	gboolean pending_key; /* JSON: a key was written, its value is next */
	char *key;            /* text: the key the next value belongs to */
	gboolean skip_next;   /* text: the next value is under a skipped key */
	char **skip;          /* text: keys to leave out */
	int sections;         /* text: top-level sections begun */
	gboolean wrote;       /* text: something written since the section began */
	GNode *tree;          /* blocks: the value being built (node data: field*) */
	GNode *at;            /* blocks: where the next value goes */
	int version;          /* sm_printer_set_version(), or 0 */
} printer;

static frame *top(printer *pr)
{
	return pr->stack->len ? &g_array_index(pr->stack, frame, pr->stack->len - 1) : NULL;
}

static void push(printer *pr, gboolean list)
{
	frame f = { .list = list };
	g_array_append_val(pr->stack, f);
}

/* ---- JSON ---- */

static void json_indent(printer *pr, guint depth)
{
	fputc('\n', pr->out);
	for (guint i = 0; i < depth; i++)
		fputs("  ", pr->out);
}

/* Called before every value and key: commas, newlines and indentation. */
static void json_before(printer *pr, gboolean scalar)
{
	frame *f = top(pr);
	if (pr->pending_key) {
		pr->pending_key = FALSE;
		return;
	}
	if (!f)
		return;
	if (f->list && f->count == 0)
		f->inline_ = scalar;
	if (f->count)
		fputc(',', pr->out);
	if (f->list && f->inline_)
		fputs(f->count ? " " : "", pr->out);
	else
		json_indent(pr, pr->stack->len);
	f->count++;
}

static void json_string_raw(FILE *out, const char *s)
{
	char *valid = g_utf8_make_valid(s, -1);
	fputc('"', out);
	for (const unsigned char *c = (const unsigned char *)valid; *c; c++) {
		if (*c >= 0x80) {
			/* C1 controls and U+2028/2029 escaped too (text.h): the
			 * JSON may be read on a terminal, or by a JavaScript parser
			 * older than ES2019. */
			gunichar u = g_utf8_get_char((const char *)c);
			const unsigned char *next = (const unsigned char *)g_utf8_next_char(c);
			if (sm_text_is_control(u))
				fprintf(out, "\\u%04x", (unsigned)u);
			else
				fwrite(c, 1, next - c, out);
			c = next - 1;
			continue;
		}
		switch (*c) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*c < 0x20 || *c == 0x7f)
				fprintf(out, "\\u%04x", *c);
			else
				fputc(*c, out);
		}
	}
	fputc('"', out);
	g_free(valid);
}

static void json_begin(printer *pr, gboolean list)
{
	json_before(pr, FALSE);
	fputc(list ? '[' : '{', pr->out);
	push(pr, list);
}

static void json_begin_map(sm_printer *p) { json_begin((printer *)p, FALSE); }
static void json_begin_list(sm_printer *p) { json_begin((printer *)p, TRUE); }

static void json_end(sm_printer *p)
{
	printer *pr = (printer *)p;
	frame f = *top(pr);
	g_array_set_size(pr->stack, pr->stack->len - 1);
	if (f.count && !(f.list && f.inline_))
		json_indent(pr, pr->stack->len);
	fputc(f.list ? ']' : '}', pr->out);
}

static void json_key(sm_printer *p, const char *key)
{
	printer *pr = (printer *)p;
	json_before(pr, FALSE);
	json_string_raw(pr->out, key);
	fputs(": ", pr->out);
	pr->pending_key = TRUE;
}

static void json_string(sm_printer *p, const char *s)
{
	printer *pr = (printer *)p;
	json_before(pr, TRUE);
	if (s)
		json_string_raw(pr->out, s);
	else
		fputs("null", pr->out);
}

static void json_integer(sm_printer *p, gint64 n)
{
	printer *pr = (printer *)p;
	json_before(pr, TRUE);
	fprintf(pr->out, "%" G_GINT64_FORMAT, n);
}

static void json_boolean(sm_printer *p, gboolean b)
{
	printer *pr = (printer *)p;
	json_before(pr, TRUE);
	fputs(b ? "true" : "false", pr->out);
}

static void json_null(sm_printer *p)
{
	json_string(p, NULL);
}

static void json_time(sm_printer *p, gint64 t)
{
	if (t)
		json_integer(p, t);
	else
		json_null(p);
}

static void json_date(sm_printer *p, gint64 t)
{
	json_integer(p, t);
}

static void json_finish(sm_printer *p)
{
	printer *pr = (printer *)p;
	fputc('\n', pr->out);
	fflush(pr->out);
}

/* ---- text ---- */

static gboolean text_skipping(printer *pr)
{
	frame *f = top(pr);
	return f && f->skipped;
}

/* Depth of records above the current point: 0 for top-level records. */
static int record_depth(printer *pr)
{
	int depth = 0;
	for (guint i = 0; i < pr->stack->len; i++)
		depth += g_array_index(pr->stack, frame, i).record;
	return depth;
}

/* Write one line, after a blank one when it opens a new section. */
static void text_emit(printer *pr, const char *line)
{
	if (!pr->wrote && pr->sections > 1)
		fputc('\n', pr->out);
	pr->wrote = TRUE;
	fputs(line, pr->out);
	fputc('\n', pr->out);
}

static void text_flush_line(printer *pr)
{
	if (pr->line->len) {
		text_emit(pr, pr->line->str);
		g_string_truncate(pr->line, 0);
	}
}

/* Where a scalar goes inside the record line being built. */
static void text_scalar(printer *pr, const char *s)
{
	frame *f = top(pr);
	if (text_skipping(pr) || pr->skip_next) {
		pr->skip_next = FALSE;
		g_clear_pointer(&pr->key, g_free);
		return;
	}
	if (!f || record_depth(pr) == 0) {
		/* A scalar outside any record: print it on its own line. */
		text_emit(pr, s);
	} else if (f->record) {
		if (pr->line->len && pr->line->str[pr->line->len - 1] != ' ')
			g_string_append(pr->line, "  ");
		g_string_append(pr->line, s);
	} else if (f->list) {
		g_string_append(pr->line, f->count ? "," : (pr->line->len ? "  " : ""));
		g_string_append(pr->line, s);
	} else {
		/* A map nested in a record: key:value words. */
		g_string_append(pr->line, f->count ? " " : (pr->line->len ? "  " : ""));
		g_string_append_printf(pr->line, "%s:%s", pr->key ? pr->key : "", s);
	}
	if (f)
		f->count++;
	g_clear_pointer(&pr->key, g_free);
}

static void text_begin(printer *pr, gboolean list)
{
	frame *parent = top(pr);
	gboolean skipped = text_skipping(pr) || pr->skip_next;
	pr->skip_next = FALSE;
	if (parent && !parent->list && pr->stack->len == 1 && !skipped) {
		pr->sections++;
		pr->wrote = FALSE;
	}
	/* push() may move the stack: read the parent before. */
	gboolean in_list = parent && parent->list;
	push(pr, list);
	frame *f = top(pr);
	f->skipped = skipped;
	f->record = !list && in_list && !skipped;
	if (f->record) {
		/* A nested record starts below its parent's line, indented. */
		text_flush_line(pr);
		for (int i = 1; i < record_depth(pr); i++)
			g_string_append(pr->line, "  ");
	}
	g_clear_pointer(&pr->key, g_free);
}

static void text_begin_map(sm_printer *p) { text_begin((printer *)p, FALSE); }
static void text_begin_list(sm_printer *p) { text_begin((printer *)p, TRUE); }

static void text_end(sm_printer *p)
{
	printer *pr = (printer *)p;
	frame f = *top(pr);
	g_array_set_size(pr->stack, pr->stack->len - 1);
	if (f.record)
		text_flush_line(pr);
	else if (top(pr) && !f.skipped && f.count)
		top(pr)->count++;
}

static void text_key(sm_printer *p, const char *key)
{
	printer *pr = (printer *)p;
	g_free(pr->key);
	pr->key = g_strdup(key);
	pr->skip_next = pr->skip && g_strv_contains((const char *const *)pr->skip, key);
}

static void text_string(sm_printer *p, const char *s)
{
	printer *pr = (printer *)p;
	if (!s) {
		text_scalar(pr, "-");
		return;
	}
	/* One record per line: nothing from mail may break the line or
	 * drive the terminal. */
	char *valid = sm_text_clean_controls(s, -1, NULL);
	text_scalar(pr, valid);
	g_free(valid);
}

static void text_integer(sm_printer *p, gint64 n)
{
	char buf[32];
	g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, n);
	text_scalar((printer *)p, buf);
}

static void text_boolean(sm_printer *p, gboolean b)
{
	text_scalar((printer *)p, b ? "yes" : "no");
}

static void text_null(sm_printer *p)
{
	text_scalar((printer *)p, "-");
}

/* T as "2026-12-07T13:58Z", or "-" for 0 (or out of range). */
static char *utc_date(gint64 t)
{
	GDateTime *dt = t ? g_date_time_new_from_unix_utc(t) : NULL;
	char *s = dt ? g_date_time_format(dt, "%Y-%m-%dT%H:%MZ") : g_strdup("-");
	if (dt)
		g_date_time_unref(dt);
	return s;
}

static void text_time(sm_printer *p, gint64 t)
{
	char *s = utc_date(t);
	text_scalar((printer *)p, s);
	g_free(s);
}

static void text_finish(sm_printer *p)
{
	printer *pr = (printer *)p;
	text_flush_line(pr);
	fflush(pr->out);
}

/* ---- blocks ---- */

/* The blocks printer holds each top-level value until it ends: only then
 * is it known whether a map holds scalars only (one line) or deeper values
 * (a block beneath its key). */
typedef struct field {
	char *key;      /* the key in its map, or NULL in a list */
	char *text;     /* a scalar, cleaned; NULL for a map or a list */
	gboolean list;
	gboolean skip;  /* under a key named in the skip list */
	gboolean null;  /* no value: a map leaves the field out */
} field;

static gboolean field_free(GNode *node, gpointer data)
{
	(void)data;
	field *f = node->data;
	g_free(f->key);
	g_free(f->text);
	g_free(f);
	return FALSE;
}

static GNode *blocks_add(printer *pr, char *text, gboolean list)
{
	field *f = g_new0(field, 1);
	f->key = g_steal_pointer(&pr->key);
	f->text = text;
	f->list = list;
	f->skip = pr->skip_next || (pr->at && ((field *)pr->at->data)->skip);
	pr->skip_next = FALSE;
	GNode *node = g_node_new(f);
	if (pr->at)
		g_node_append(pr->at, node);
	else
		pr->tree = node;
	return node;
}

static gboolean is_scalar(const GNode *node)
{
	return ((const field *)node->data)->text != NULL;
}

/* A scalar, a list of scalars, or a map of one-word scalars (key:value
 * words) fits on its key's line. */
static gboolean is_flat(const GNode *node)
{
	gboolean map = !is_scalar(node) && !((const field *)node->data)->list;
	for (const GNode *c = node->children; c; c = c->next)
		if (!is_scalar(c) || (map && strchr(((const field *)c->data)->text, ' ')))
			return FALSE;
	return TRUE;
}

static void blocks_indent(GString *out, int depth)
{
	for (int i = 0; i < depth; i++)
		g_string_append(out, "  ");
}

/* A scalar as it is; a flat list as "a, b"; a flat map as "k:v k:v". */
static void blocks_value(GString *out, const GNode *node)
{
	const field *f = node->data;
	if (f->text) {
		g_string_append(out, f->text);
		return;
	}
	if (!node->children)
		g_string_append(out, "-");
	for (const GNode *c = node->children; c; c = c->next) {
		const field *cf = c->data;
		if (c != node->children)
			g_string_append(out, f->list ? ", " : " ");
		if (!f->list)
			g_string_append_printf(out, "%s:", cf->key ? cf->key : "");
		g_string_append(out, cf->text);
	}
}

static void blocks_render(GString *out, const GNode *node, int depth);

/* The fields of a map, one a line, their values in one column; a deeper
 * value beneath its key. */
static void blocks_map(GString *out, const GNode *map, int depth)
{
	int width = 0;
	for (const GNode *c = map->children; c; c = c->next) {
		const field *f = c->data;
		if (!f->skip && !f->null && is_flat(c))
			width = MAX(width, (int)strlen(f->key ? f->key : ""));
	}
	for (const GNode *c = map->children; c; c = c->next) {
		const field *f = c->data;
		if (f->skip || f->null)
			continue;
		blocks_indent(out, depth);
		if (is_flat(c)) {
			g_string_append_printf(out, "%-*s  ", width, f->key ? f->key : "");
			blocks_value(out, c);
			g_string_append_c(out, '\n');
		} else {
			g_string_append_printf(out, "%s\n", f->key ? f->key : "");
			blocks_render(out, c, depth + 1);
		}
	}
}

/* A list of records: one block each, a blank line between them. */
static void blocks_render(GString *out, const GNode *node, int depth)
{
	const field *f = node->data;
	if (!f->list) {
		blocks_map(out, node, depth);
		return;
	}
	for (const GNode *c = node->children; c; c = c->next) {
		if (c != node->children && !is_scalar(c))
			g_string_append_c(out, '\n');
		if (is_scalar(c)) {
			blocks_indent(out, depth);
			g_string_append_printf(out, "%s\n", ((const field *)c->data)->text);
		} else {
			blocks_render(out, c, depth);
		}
	}
}

/* A top-level map is a document of sections ("patches", "reviews"):
 * each non-empty one is printed without its key, a blank line between. */
static void blocks_emit(printer *pr)
{
	GString *out = g_string_new(NULL);
	const field *root = pr->tree->data;
	if (root->text || root->list) {
		blocks_render(out, pr->tree, 0);
	} else {
		for (const GNode *c = pr->tree->children; c; c = c->next) {
			const field *f = c->data;
			if (f->skip || (!f->text && !c->children))
				continue;
			if (out->len)
				g_string_append_c(out, '\n');
			if (f->list && !is_flat(c)) {
				blocks_render(out, c, 0);
			} else {
				g_string_append_printf(out, "%s  ", f->key ? f->key : "");
				blocks_value(out, c);
				g_string_append_c(out, '\n');
			}
		}
	}
	fputs(out->str, pr->out);
	g_string_free(out, TRUE);
	g_node_traverse(pr->tree, G_IN_ORDER, G_TRAVERSE_ALL, -1, field_free, NULL);
	g_node_destroy(pr->tree);
	pr->tree = pr->at = NULL;
}

static void blocks_begin(printer *pr, gboolean list)
{
	pr->at = blocks_add(pr, NULL, list);
}

static void blocks_begin_map(sm_printer *p) { blocks_begin((printer *)p, FALSE); }
static void blocks_begin_list(sm_printer *p) { blocks_begin((printer *)p, TRUE); }

static void blocks_end(sm_printer *p)
{
	printer *pr = (printer *)p;
	pr->at = pr->at->parent;
	if (!pr->at)
		blocks_emit(pr);
}

static void blocks_scalar(printer *pr, char *text)
{
	blocks_add(pr, text, FALSE);
	if (!pr->at)
		blocks_emit(pr);
}

static void blocks_null(sm_printer *p)
{
	printer *pr = (printer *)p;
	((field *)blocks_add(pr, g_strdup("-"), FALSE)->data)->null = TRUE;
	if (!pr->at)
		blocks_emit(pr);
}

static void blocks_string(sm_printer *p, const char *s)
{
	if (s)
		blocks_scalar((printer *)p, sm_text_clean_controls(s, -1, NULL));
	else
		blocks_null(p);
}

static void blocks_integer(sm_printer *p, gint64 n)
{
	blocks_scalar((printer *)p, g_strdup_printf("%" G_GINT64_FORMAT, n));
}

static void blocks_boolean(sm_printer *p, gboolean b)
{
	blocks_scalar((printer *)p, g_strdup(b ? "yes" : "no"));
}

static void blocks_time(sm_printer *p, gint64 t)
{
	if (t)
		blocks_scalar((printer *)p, utc_date(t));
	else
		blocks_null(p);
}

static void blocks_finish(sm_printer *p)
{
	fflush(((printer *)p)->out);
}

/* ---- common ---- */

static void destroy(sm_printer *p)
{
	printer *pr = (printer *)p;
	g_array_unref(pr->stack);
	g_string_free(pr->line, TRUE);
	g_free(pr->key);
	g_strfreev(pr->skip);
	if (pr->tree) {
		g_node_traverse(pr->tree, G_IN_ORDER, G_TRAVERSE_ALL, -1, field_free, NULL);
		g_node_destroy(pr->tree);
	}
	g_free(pr);
}

static printer *printer_new(FILE *out)
{
	printer *pr = g_new0(printer, 1);
	pr->out = out;
	pr->stack = g_array_new(FALSE, TRUE, sizeof(frame));
	pr->line = g_string_new(NULL);
	pr->ops.destroy = destroy;
	return pr;
}

static sm_printer *sm_printer_json_new(FILE *out)
{
	printer *pr = printer_new(out);
	pr->ops = (sm_printer){ json_begin_map, json_begin_list, json_end, json_key,
		json_string, json_integer, json_boolean, json_time, json_date, json_null,
		json_finish, destroy };
	return &pr->ops;
}

static sm_printer *sm_printer_text_new(FILE *out)
{
	printer *pr = printer_new(out);
	pr->ops = (sm_printer){ text_begin_map, text_begin_list, text_end, text_key,
		text_string, text_integer, text_boolean, text_time, text_time, text_null,
		text_finish, destroy };
	return &pr->ops;
}

sm_printer *sm_printer_blocks_new(FILE *out)
{
	printer *pr = printer_new(out);
	pr->ops = (sm_printer){ blocks_begin_map, blocks_begin_list, blocks_end, text_key,
		blocks_string, blocks_integer, blocks_boolean, blocks_time, blocks_time,
		blocks_null, blocks_finish, destroy };
	return &pr->ops;
}

sm_printer *sm_printer_new(const char *format, FILE *out)
{
	if (strcmp(format, "json") == 0)
		return sm_printer_json_new(out);
	if (strcmp(format, "text") == 0)
		return sm_printer_text_new(out);
	return NULL;
}

void sm_printer_text_skip(sm_printer *p, const char *const *keys)
{
	printer *pr = (printer *)p;
	g_strfreev(pr->skip);
	pr->skip = g_strdupv((char **)keys);
}

gboolean sm_printer_skips(const sm_printer *p, const char *key)
{
	const printer *pr = (const printer *)p;
	return p->begin_map != json_begin_map && pr->skip &&
	       g_strv_contains((const char *const *)pr->skip, key);
}

void sm_printer_set_version(sm_printer *p, int version)
{
	((printer *)p)->version = version;
}

int sm_printer_version(const sm_printer *p)
{
	return ((const printer *)p)->version;
}

void sm_printer_free(sm_printer *p)
{
	if (p)
		p->destroy(p);
}
