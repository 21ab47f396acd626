/* draw.c - measuring and drawing text in cells (see draw.h). */
#include <string.h>
#include <wchar.h>
#include "draw.h"
#include "mail/mail.h"

static gboolean utf8_terminal = TRUE;

void sm_draw_init(void)
{
	utf8_terminal = g_get_charset(NULL);
}

/* Width of C as the terminal will draw it, or -1 when it cannot. */
static int raw_width(gunichar c)
{
	if (c < 0x80)
		return c >= 0x20 && c != 0x7f ? 1 : -1;
	if (!utf8_terminal)
		return -1;
	return wcwidth((wchar_t)c);
}

int sm_char_width(gunichar c)
{
	int w = raw_width(c);
	return w < 0 ? 1 : w;
}

/* Printable ASCII, the usual case, is one cell a byte. */
static gboolean plain_ascii(const char *text, gsize len)
{
	for (gsize i = 0; i < len; i++)
		if ((guchar)text[i] < 0x20 || (guchar)text[i] >= 0x7f)
			return FALSE;
	return TRUE;
}

int sm_text_width(const char *text, gssize len)
{
	const char *end = len < 0 ? text + strlen(text) : text + len;
	if (plain_ascii(text, end - text))
		return (int)(end - text);
	int cells = 0;
	for (const char *p = text; p < end; p = g_utf8_next_char(p))
		cells += sm_char_width(g_utf8_get_char(p));
	return cells;
}

gsize sm_text_fit(const char *text, gssize len, int max, int *cells)
{
	const char *end = len < 0 ? text + strlen(text) : text + len;
	const char *p = text;
	int used = 0;
	while (p < end) {
		int w = sm_char_width(g_utf8_get_char(p));
		if (used + w > max)
			break;
		used += w;
		p = g_utf8_next_char(p);
	}
	if (cells)
		*cells = used;
	return p - text;
}

static gboolean is_blank(char c)
{
	return c == ' ' || c == '\t';
}

void sm_text_wrap(const char *text, gsize len, int first, int rest, GArray *rows)
{
	gsize pos = 0;
	do {
		int room = MAX(pos ? rest : first, 1);
		gsize bytes = sm_text_fit(text + pos, len - pos, room, NULL);
		if (pos + bytes < len && !is_blank(text[pos + bytes])) {
			gsize indent = 0, brk = bytes;
			while (indent < bytes && is_blank(text[pos + indent]))
				indent++;
			while (brk > indent && !is_blank(text[pos + brk - 1]))
				brk--;
			if (brk > indent)
				bytes = brk;
		}
		if (bytes == 0 && pos < len) /* wider than the row: take it anyway */
			bytes = g_utf8_next_char(text + pos) - (text + pos);
		sm_wrap_row row = { pos, pos + bytes };
		g_array_append_val(rows, row);
		pos += bytes;
		/* A word that fitted exactly: the blanks after it start no row. */
		while (pos < len && is_blank(text[pos]))
			pos++;
	} while (pos < len);
}

char *sm_text_clean(const char *text, gssize len, gboolean expand_tabs)
{
	if (len < 0)
		len = strlen(text);
	if (plain_ascii(text, len))
		return g_strndup(text, len);
	GString *out = g_string_sized_new(len + 8);
	const char *p = text, *end = text + len;
	int column = 0;
	while (p < end) {
		gunichar c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			/* One invalid byte at a time: the rest may be fine. */
			c = 0xfffd;
			p++;
		} else {
			p = g_utf8_next_char(p);
		}
		if (c == '\t') {
			int spaces = expand_tabs ? 8 - column % 8 : 1;
			for (int i = 0; i < spaces; i++)
				g_string_append_c(out, ' ');
			column += spaces;
			continue;
		}
		if (sm_text_is_control(c)) {
			g_string_append_c(out, ' ');
			column++;
			continue;
		}
		if (raw_width(c) < 0)
			c = utf8_terminal ? 0xfffd : '?';
		g_string_append_unichar(out, c);
		column += sm_char_width(c);
	}
	return g_string_free(out, FALSE);
}

/* Draw what fits of TEXT; *BYTES gets how much of it that was. */
static int draw_fit(const char *text, gssize len, int max, attr_t attr, gsize *bytes)
{
	int cells = 0;
	*bytes = max > 0 ? sm_text_fit(text, len, max, &cells) : 0;
	sm_draw_measured(text, *bytes, attr);
	return cells;
}

int sm_draw_text(const char *text, gssize len, int max, attr_t attr)
{
	gsize bytes;
	return draw_fit(text, len, max, attr, &bytes);
}

void sm_draw_measured(const char *text, gsize bytes, attr_t attr)
{
	if (bytes == 0)
		return;
	attr_t old_attr;
	short old_pair;
	attr_get(&old_attr, &old_pair, NULL);
	attrset(attr);
	addnstr(text, (int)bytes);
	attr_set(old_attr, old_pair, NULL);
}

void sm_fit_update(sm_fit *fit, const char *text, int width, int room)
{
	if (fit->room == room)
		return;
	fit->room = room;
	if (width <= room) {
		fit->bytes = strlen(text);
		fit->cells = width;
	} else {
		fit->bytes = sm_text_fit(text, -1, MAX(room, 0), &fit->cells);
	}
}

void sm_draw_blank(int cells, attr_t attr)
{
	if (cells <= 0)
		return;
	attr_t old_attr;
	short old_pair;
	attr_get(&old_attr, &old_pair, NULL);
	attrset(attr);
	for (int i = 0; i < cells; i++)
		addch(' ');
	attr_set(old_attr, old_pair, NULL);
}

sm_line *sm_line_new(const char *text, sm_color color)
{
	sm_line *line = g_new0(sm_line, 1);
	line->text = sm_text_clean(text ? text : "", -1, TRUE);
	line->color = color;
	return line;
}

void sm_line_append(sm_line *line, const char *text, sm_color color)
{
	char *clean = sm_text_clean(text ? text : "", -1, FALSE);
	guint start = strlen(line->text);
	char *joined = g_strconcat(line->text, clean, NULL);
	g_free(line->text);
	line->text = joined;
	if (color != line->color && *clean) {
		sm_span span = { start, start + strlen(clean), color };
		if (!line->spans)
			line->spans = g_array_new(FALSE, FALSE, sizeof(sm_span));
		g_array_append_val(line->spans, span);
	}
	g_free(clean);
}

void sm_line_free(sm_line *line)
{
	if (!line)
		return;
	g_free(line->text);
	if (line->spans)
		g_array_unref(line->spans);
	g_free(line);
}

/* The colour at byte POS of LINE, and where it next may change. */
static sm_color color_at(const sm_line *line, gsize pos, gsize *next)
{
	for (guint i = 0; line->spans && i < line->spans->len; i++) {
		const sm_span *s = &g_array_index(line->spans, sm_span, i);
		if (pos < s->start) {
			*next = MIN(*next, s->start);
			break;
		}
		if (pos < s->end) {
			*next = MIN(*next, s->end);
			return s->color;
		}
	}
	return line->color;
}

void sm_draw_line(const sm_line *line, gsize start, gsize end, int width,
                  attr_t extra, const GRegex *highlight)
{
	GMatchInfo *match = NULL;
	gint match_start = -1, match_end = -1;
	gsize pos = start;

	if (highlight && g_regex_match_full(highlight, line->text, end, start, 0, &match, NULL))
		g_match_info_fetch_pos(match, 0, &match_start, &match_end);
	while (pos < end && width > 0) {
		gsize next = end;
		sm_color color = color_at(line, pos, &next);
		if (match_start >= 0 && pos >= (gsize)match_start && pos < (gsize)match_end) {
			color = SM_COLOR_SEARCH_MATCH;
			next = MIN(end, (gsize)match_end);
		} else if (match_start >= 0 && (gsize)match_start > pos) {
			next = MIN(next, (gsize)match_start);
		}
		gsize bytes;
		width -= draw_fit(line->text + pos, next - pos, width, sm_color_attr(color) | extra,
		                  &bytes);
		if (bytes < next - pos)
			break; /* the rest does not fit */
		pos = next;
		if (match_start >= 0 && pos >= (gsize)match_end) {
			match_start = match_end = -1;
			/* An empty match would not move: stop highlighting. */
			if (g_match_info_next(match, NULL) && pos < end) {
				g_match_info_fetch_pos(match, 0, &match_start, &match_end);
				if (match_end <= match_start)
					match_start = match_end = -1;
			}
		}
	}
	if (match)
		g_match_info_free(match);
	sm_draw_blank(width, sm_color_attr(line->color) | extra);
}

void sm_format_countdown(GString *out, gint64 deadline, gint64 now)
{
	gint64 left = deadline - now;
	if (left <= 0) {
		g_string_append(out, "late");
		return;
	}
	gint64 days = left / 86400, hours = left % 86400 / 3600, minutes = left % 3600 / 60;
	if (days > 0)
		g_string_append_printf(out, "%" G_GINT64_FORMAT "d %" G_GINT64_FORMAT "h", days, hours);
	else if (hours > 0)
		g_string_append_printf(out, "%" G_GINT64_FORMAT "h %" G_GINT64_FORMAT "m", hours, minutes);
	else
		g_string_append_printf(out, "%" G_GINT64_FORMAT "m", MAX(minutes, 1));
}

void sm_format_age(GString *out, gint64 date, gint64 now)
{
	gint64 age = MAX(now - date, 0);
	static const struct { gint64 below, unit; const char *suffix; } steps[] = {
		{ 3600, 60, "m" },
		{ 86400, 3600, "h" },
		{ 14 * 86400, 86400, "d" },
		{ 61 * 86400, 7 * 86400, "w" },
		{ 365 * 86400, 30 * 86400, "mo" },
	};
	for (size_t i = 0; i < G_N_ELEMENTS(steps); i++)
		if (age < steps[i].below) {
			g_string_append_printf(out, "%" G_GINT64_FORMAT "%s", age / steps[i].unit,
			                       steps[i].suffix);
			return;
		}
	g_string_append_printf(out, "%" G_GINT64_FORMAT "y", age / (365 * 86400));
}

char *sm_display_name(const char *address)
{
	if (!address)
		return g_strdup("");
	const char *lt = strchr(address, '<');
	if (lt && lt > address) {
		char *name = g_strstrip(g_strndup(address, lt - address));
		/* "Name" in quotes, as some mailers write it. */
		gsize len = strlen(name);
		if (len >= 2 && name[0] == '"' && name[len - 1] == '"') {
			char *unquoted = g_strndup(name + 1, len - 2);
			g_free(name);
			name = unquoted;
		}
		if (*name)
			return name;
		g_free(name);
	}
	if (lt) {
		const char *gt = strchr(lt, '>');
		return g_strndup(lt + 1, gt ? gt - lt - 1 : (gssize)strlen(lt + 1));
	}
	return g_strdup(address);
}
