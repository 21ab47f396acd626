/* text.c - control characters out of text from mail (text.h). */
#include <string.h>
#include "text.h"

gboolean sm_text_is_control(gunichar c)
{
	return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029;
}

glong sm_text_cells(const char *text)
{
	glong n = 0;
	for (const char *p = text; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		n += g_unichar_iszerowidth(c) ? 0 : g_unichar_iswide(c) ? 2 : 1;
	}
	return n;
}

char *sm_text_clean_controls(const char *text, gssize len, const char *keep)
{
	if (!text)
		text = "";
	if (len < 0)
		len = (gssize)strlen(text);
	GString *out = g_string_sized_new((gsize)len);
	const char *p = text, *end = text + len;
	while (p < end) {
		guchar b = (guchar)*p;
		if (b < 0x80) {
			/* ASCII, the common case, a byte at a time. */
			gboolean kept = b && keep && strchr(keep, b);
			g_string_append_c(out, (b < 0x20 || b == 0x7f) && !kept ? ' ' : (char)b);
			p++;
			continue;
		}
		gunichar c = g_utf8_get_char_validated(p, end - p);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			g_string_append_unichar(out, 0xfffd);
			p++;
			continue;
		}
		p = g_utf8_next_char(p);
		if (sm_text_is_control(c))
			g_string_append_c(out, ' ');
		else
			g_string_append_unichar(out, c);
	}
	return g_string_free(out, FALSE);
}
