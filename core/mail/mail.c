/* mail.c - read one message file into decoded headers and text; see mail.h.
 *
 * GMime parses; this file decides what of the message is kept.  Mail from
 * the list can be anything: an archive copy cut short, a multipart with no
 * boundary, a body in a charset nobody declared, a 50 MB log attached to a
 * bug report.  None of it may stop the program, so every problem becomes a
 * line in mail->warning and reading goes on with what is left.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <gmime/gmime.h>
#include "mail.h"
#include "private.h"

/* Exported by GMime 3.2 but declared in its header only from 3.2.14: the
 * parse that keeps what it read of a list that goes wrong later, as
 * GMime's message does (internet_address_list_parse() drops it all). */
#if !GMIME_CHECK_VERSION(3, 2, 14)
void internet_address_list_append_parse(InternetAddressList *list, GMimeParserOptions *options,
                                        const char *str);
#endif

/* Deeper nesting than this is an attack or a broken generator, not mail. */
#define MAX_MIME_DEPTH 16
/* Address lists are kept for display and replies; 10,000 recipients are
 * a mail bomb, and the first thousand say who it went to. */
#define MAX_ADDRESSES 1000

typedef struct {
	GString *warning; /* "; "-separated, each reason once */
	gsize limit;      /* body cap, 0: none */
	GString *body;
	gboolean cut;     /* body reached the cap */
} reader;

static void add_warning(reader *r, const char *text)
{
	if (r->warning->len && strstr(r->warning->str, text))
		return;
	if (r->warning->len)
		g_string_append(r->warning, "; ");
	g_string_append(r->warning, text);
}

static void on_parser_warning(gint64 offset, GMimeParserWarning code,
                              const gchar *item, gpointer data)
{
	(void)offset;
	(void)item;
	reader *r = *(reader **)data; /* the read in progress */
	/* Duplicated headers, raw 8-bit and bad encoded words are everyday
	 * list mail and are decoded fine; only structural damage is news. */
	switch (code) {
	case GMIME_WARN_TRUNCATED_MESSAGE:
		add_warning(r, "message is truncated");
		break;
	case GMIME_WARN_MALFORMED_MULTIPART:
	case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
	case GMIME_WARN_PART_WITHOUT_CONTENT:
	case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
		add_warning(r, "malformed MIME structure");
		break;
	case GMIME_WARN_MALFORMED_MESSAGE:
	case GMIME_CRIT_INVALID_HEADER_NAME:
		add_warning(r, "malformed message headers");
		break;
	case GMIME_CRIT_NESTING_OVERFLOW:
		add_warning(r, "MIME parts nested too deeply");
		break;
	default:
		break;
	}
}

/* Header text for display and matching: folding undone, and every other
 * control character a space, so that nothing from a header can start a
 * new line in a reply, a terminal or a shell-free argv. */
static char *clean_header_text(const char *value)
{
	/* Most values are one line of printable ASCII: that line, trimmed. */
	const char *p0 = value ? value : "";
	while (*p0 == ' ')
		p0++;
	const char *e0 = p0;
	while ((guchar)*e0 >= 0x20 && (guchar)*e0 < 0x7f)
		e0++;
	if (*e0 == '\0' || (e0[0] == '\n' && !e0[1]) || (e0[0] == '\r' && e0[1] == '\n' && !e0[2])) {
		while (e0 > p0 && e0[-1] == ' ')
			e0--;
		return g_strndup(p0, (gsize)(e0 - p0));
	}
	gsize len = value ? strlen(value) : 0;
	GString *out = g_string_sized_new(len);
	/* NULL reads as empty: no offset is added to a null pointer. */
	const char *p = value ? value : "", *end = p + len;
	while (p < end) {
		/* A run of plain text at a time: most headers have no control
		 * character but their line end. */
		const char *run = p;
		while (p < end && (guchar)*p >= 0x20 && *p != 0x7f)
			p++;
		g_string_append_len(out, run, p - run);
		if (p == end)
			break;
		if (*p == '\r' || *p == '\n') {
			while (*p == '\r' || *p == '\n')
				p++;
			if (*p == ' ' || *p == '\t')
				continue; /* a fold: the whitespace stays */
		} else {
			p++;
		}
		g_string_append_c(out, ' ');
	}
	char *s = g_string_free(out, FALSE);
	if (!g_utf8_validate(s, -1, NULL)) {
		char *valid = g_utf8_make_valid(s, -1);
		g_free(s);
		s = valid;
	}
	return g_strstrip(s);
}

static char *strip_angles(const char *id)
{
	char *s = g_strstrip(g_strdup(id));
	gsize len = strlen(s);
	if (len >= 2 && s[0] == '<' && s[len - 1] == '>') {
		memmove(s, s + 1, len - 2);
		s[len - 2] = '\0';
	}
	return s;
}

static char **parse_ids(const char *value, GMimeParserOptions *opts)
{
	if (!value || !*value)
		return NULL;
	GMimeReferences *refs = g_mime_references_parse(opts, value);
	int n = refs ? g_mime_references_length(refs) : 0;
	char **ids = NULL;
	if (n > 0) {
		ids = g_new0(char *, n + 1);
		for (int i = 0; i < n; i++)
			ids[i] = clean_header_text(g_mime_references_get_message_id(refs, i));
	} else {
		/* Not an RFC 5322 id list; keep the first word so threading
		 * still has a chance. */
		char **words = g_strsplit_set(value, " \t\r\n", -1);
		for (char **w = words; *w; w++)
			if (**w) {
				ids = g_new0(char *, 2);
				char *id = strip_angles(*w);
				ids[0] = clean_header_text(id);
				g_free(id);
				break;
			}
		g_strfreev(words);
	}
	if (refs)
		g_mime_references_free(refs);
	return ids;
}

/* "Name <addr>", quoted where the name needs it.  Written here rather
 * than by internet_address_to_string(), which converts every domain to
 * IDN ASCII and costs more than the rest of reading a mail. */
static void append_address(GString *out, InternetAddress *ia)
{
	const char *name = internet_address_get_name(ia);
	gboolean has_name = name && *name;
	if (has_name) {
		gboolean special = strpbrk(name, ",;:<>@\"()[]\\") != NULL;
		if (special) {
			char *quoted = g_mime_utils_quote_string(name);
			g_string_append(out, quoted);
			g_free(quoted);
		} else {
			g_string_append(out, name);
		}
	}
	if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
		const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
		if (has_name)
			g_string_append_printf(out, " <%s>", addr ? addr : "");
		else
			g_string_append(out, addr ? addr : "");
	} else if (INTERNET_ADDRESS_IS_GROUP(ia)) {
		InternetAddressList *members = internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia));
		g_string_append(out, ": ");
		int n = members ? internet_address_list_length(members) : 0;
		for (int i = 0; i < n; i++) {
			if (i)
				g_string_append(out, ", ");
			append_address(out, internet_address_list_get_address(members, i));
		}
		g_string_append_c(out, ';');
	}
}

static void warn_recipients(reader *r, int n)
{
	if (n <= MAX_ADDRESSES)
		return;
	char *w = g_strdup_printf("%d recipients in one header, only the first %d kept", n,
	                          MAX_ADDRESSES);
	add_warning(r, w);
	g_free(w);
}

static char *address_text(InternetAddressList *list, reader *r)
{
	if (!list)
		return NULL;
	int n = internet_address_list_length(list);
	if (n <= 0)
		return NULL;
	GString *out = g_string_new(NULL);
	for (int i = 0; i < n && i < MAX_ADDRESSES; i++) {
		if (out->len)
			g_string_append(out, ", ");
		append_address(out, internet_address_list_get_address(list, i));
	}
	warn_recipients(r, n);
	char *raw = g_string_free(out, FALSE);
	char *clean = clean_header_text(raw);
	g_free(raw);
	return clean;
}

char *sm_mail_format_address(const char *value)
{
	if (!value)
		return NULL;
	InternetAddressList *list = internet_address_list_parse(NULL, value);
	GString *out = g_string_new(NULL);
	int n = list ? internet_address_list_length(list) : 0;
	for (int i = 0; i < n; i++) {
		if (out->len)
			g_string_append(out, ", ");
		append_address(out, internet_address_list_get_address(list, i));
	}
	if (list)
		g_object_unref(list);
	char *raw = n ? g_string_free(out, FALSE) : (g_string_free(out, TRUE), NULL);
	if (!raw) /* not an address list: still show what it says */
		raw = g_mime_utils_header_decode_text(NULL, value);
	char *clean = clean_header_text(raw);
	g_free(raw);
	return clean;
}

typedef enum { NOT_TEXT, TEXT, PLAIN } text_kind;

/* What a part of content type CT (NULL: none given) is for the body. */
static text_kind text_type(GMimeContentType *ct)
{
	if (!ct)
		return TEXT; /* RFC 2045: text/plain by default */
	const char *type = g_mime_content_type_get_media_type(ct);
	const char *sub = g_mime_content_type_get_media_subtype(ct);
	if (!type || g_ascii_strcasecmp(type, "text") != 0)
		return NOT_TEXT;
	if (!sub)
		return TEXT;
	gboolean patch = g_ascii_strcasecmp(sub, "x-patch") == 0 ||
	                 g_ascii_strcasecmp(sub, "x-diff") == 0;
	if (patch)
		return TEXT;
	return g_ascii_strcasecmp(sub, "plain") == 0 ? PLAIN : NOT_TEXT;
}

static gboolean is_text_part(GMimeObject *obj)
{
	text_kind kind = text_type(g_mime_object_get_content_type(obj));
	if (kind != PLAIN)
		return kind == TEXT;
	/* A text/plain attachment is a log or a config unless it is a patch. */
	const char *disp = g_mime_object_get_disposition(obj);
	if (disp && g_ascii_strcasecmp(disp, "attachment") == 0) {
		const char *name = g_mime_part_get_filename(GMIME_PART(obj));
		return name && (g_str_has_suffix(name, ".patch") || g_str_has_suffix(name, ".diff"));
	}
	return TRUE;
}

static gboolean is_utf8_name(const char *charset)
{
	return !charset || !g_ascii_strcasecmp(charset, "utf-8") ||
	       !g_ascii_strcasecmp(charset, "utf8") ||
	       !g_ascii_strcasecmp(charset, "us-ascii") ||
	       !g_ascii_strcasecmp(charset, "ascii") ||
	       !g_ascii_strcasecmp(charset, "ANSI_X3.4-1968");
}

/* Bytes in CHARSET to valid UTF-8.  Mislabelled mail is common (UTF-8
 * sent as "iso-8859-1", 8-bit text sent as "us-ascii"), so bytes that are
 * already valid UTF-8 are taken as such whatever the label says. */
static char *to_utf8(const char *data, gsize len, const char *charset,
                     gsize *out_len, reader *r)
{
	if (len == 0) {
		*out_len = 0;
		return g_strdup("");
	}
	if (g_utf8_validate_len(data, len, NULL)) {
		*out_len = len;
		return g_strndup(data, len);
	}
	if (!is_utf8_name(charset)) {
		gsize written = 0;
		char *conv = g_convert(data, (gssize)len, "UTF-8",
		                       g_mime_charset_iconv_name(charset), NULL, &written, NULL);
		if (conv && g_utf8_validate_len(conv, written, NULL)) {
			*out_len = written;
			return conv;
		}
		g_free(conv);
	}
	add_warning(r, "invalid UTF-8 in the body was replaced");
	char *valid = g_utf8_make_valid(data, (gssize)len);
	*out_len = strlen(valid);
	return valid;
}

static void replace_nul(reader *r, char *text, gsize len)
{
	char *nul = len ? memchr(text, '\0', len) : NULL; /* an empty part's TEXT may be NULL */
	if (!nul)
		return;
	for (char *end = text + len; nul; nul = memchr(nul, '\0', (gsize)(end - nul)))
		*nul = ' ';
	add_warning(r, "NUL bytes in the body were replaced");
}

static void append_text(reader *r, char *text, gsize len)
{
	if (!text || len == 0)
		return;
	replace_nul(r, text, len);
	if (r->body->len && r->body->str[r->body->len - 1] != '\n')
		g_string_append_c(r->body, '\n');
	/* CRLF to LF, a run at a time. */
	const char *start = text, *end = text + len;
	for (const char *cr = memchr(text, '\r', len); cr && cr + 1 < end;
	     cr = memchr(cr + 1, '\r', (gsize)(end - cr - 1)))
		if (cr[1] == '\n') {
			g_string_append_len(r->body, start, cr - start);
			start = cr + 1;
		}
	g_string_append_len(r->body, start, end - start);
	if (r->limit && r->body->len >= r->limit) {
		/* Cut at a character boundary so the text stays valid. */
		gsize cut = r->limit;
		while (cut > 0 && ((guchar)r->body->str[cut] & 0xc0) == 0x80)
			cut--;
		g_string_truncate(r->body, cut);
		r->cut = TRUE;
	}
}

/* How much of a part's LENGTH encoded bytes to decode: no more than the
 * cap can use, as a quoted-printable byte takes at most three encoded
 * ones.  Marks R cut when that is less. */
static gint64 part_budget(reader *r, gint64 length)
{
	if (!r->limit)
		return length;
	gint64 budget = (gint64)(r->limit - r->body->len) * 3 + 4096;
	if (length <= budget)
		return length;
	r->cut = TRUE;
	return budget;
}

/* A text part's decoded BYTES (LEN, changed in place) in CHARSET, added
 * to the body. */
static void add_part_text(reader *r, char *bytes, gsize len, const char *charset)
{
	/* NUL bytes are text only in UTF-16 and UTF-32; elsewhere they are
	 * damage, and would end the text early for every later reader. */
	if (!charset || (!strstr(charset, "16") && !strstr(charset, "32")))
		replace_nul(r, bytes, len);
	gsize out = 0;
	char *text = to_utf8(bytes, len, charset, &out, r);
	append_text(r, text, out);
	g_free(text);
}

static void read_text_part(GMimePart *part, reader *r)
{
	GMimeDataWrapper *content = g_mime_part_get_content(part);
	if (!content)
		return;
	GMimeStream *raw = g_mime_data_wrapper_get_stream(content);
	if (!raw)
		return;
	GMimeContentEncoding enc = g_mime_data_wrapper_get_encoding(content);

	GMimeStream *src = raw;
	g_object_ref(src);
	gint64 length = g_mime_stream_length(raw);
	gint64 budget = part_budget(r, length);
	if (budget < length) {
		g_object_unref(src);
		src = g_mime_stream_substream(raw, raw->bound_start, raw->bound_start + budget);
	}
	g_mime_stream_reset(src);
	GMimeStream *filtered = g_mime_stream_filter_new(src);
	if (enc == GMIME_CONTENT_ENCODING_BASE64 || enc == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE ||
	    enc == GMIME_CONTENT_ENCODING_UUENCODE) {
		GMimeFilter *decoder = g_mime_filter_basic_new(enc, FALSE);
		g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered), decoder);
		g_object_unref(decoder);
	}
	GByteArray *bytes = g_byte_array_new();
	GMimeStream *mem = g_mime_stream_mem_new_with_byte_array(bytes);
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	if (g_mime_stream_write_to_stream(filtered, mem) < 0)
		add_warning(r, "a body part could not be read");
	g_object_unref(mem);
	g_object_unref(filtered);
	g_object_unref(src);

	add_part_text(r, (char *)bytes->data, bytes->len,
	              g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset"));
	g_byte_array_unref(bytes);
}

static void collect_text(GMimeObject *obj, int depth, reader *r)
{
	if (!obj || (r->limit && r->body->len >= r->limit))
		return;
	if (depth > MAX_MIME_DEPTH) {
		add_warning(r, "MIME parts nested too deeply");
		return;
	}
	if (GMIME_IS_MULTIPART_ENCRYPTED(obj))
		return;
	if (GMIME_IS_MULTIPART_SIGNED(obj)) {
		/* The signed content; the signature is not text. */
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		if (g_mime_multipart_get_count(mp) > GMIME_MULTIPART_SIGNED_CONTENT)
			collect_text(g_mime_multipart_get_part(mp, GMIME_MULTIPART_SIGNED_CONTENT),
			             depth + 1, r);
		return;
	}
	if (GMIME_IS_MULTIPART(obj)) {
		GMimeMultipart *mp = GMIME_MULTIPART(obj);
		int n = g_mime_multipart_get_count(mp);
		for (int i = 0; i < n; i++)
			collect_text(g_mime_multipart_get_part(mp, i), depth + 1, r);
		/* A multipart whose boundary never comes is all prologue:
		 * the text is still there, only the structure is broken. */
		const char *prologue = g_mime_multipart_get_prologue(mp);
		if (n == 0 && prologue && *prologue) {
			gsize len = 0;
			char *text = to_utf8(prologue, strlen(prologue), NULL, &len, r);
			append_text(r, text, len);
			g_free(text);
		}
		return;
	}
	/* Forwarded messages are someone else's words: not this mail's text. */
	if (GMIME_IS_PART(obj) && is_text_part(obj))
		read_text_part(GMIME_PART(obj), r);
}

/* Transport traces: long, many, and nothing stablemate reads.  KEY is
 * lower case. */
static gboolean trace_header(const char *key)
{
	static const struct {
		const char *prefix;
		gsize len;
	} traces[] = {
#define TRACE(s) { s, sizeof(s) - 1 }
		TRACE("received"), TRACE("dkim-"), TRACE("arc-"), TRACE("authentication-results"),
		TRACE("x-ms-"), TRACE("x-microsoft-"), TRACE("x-forefront-"), TRACE("x-google-"),
		TRACE("x-gm-"), TRACE("x-received"), TRACE("x-spam"),
#undef TRACE
	};
	for (gsize i = 0; i < G_N_ELEMENTS(traces); i++)
		if (key[0] == traces[i].prefix[0] && strncmp(key, traces[i].prefix, traces[i].len) == 0)
			return TRUE;
	return FALSE;
}

/* One header as the message has it: its name and its value as written
 * (after the colon, folds and line ends kept). */
typedef struct {
	const char *name;
	const char *raw;
} raw_header;

/* A message's headers as GMime's objects give them, whoever parsed the
 * message: GMime's parser, or fast_parse() below. */
typedef struct {
	const raw_header *headers; /* the message's, Content-* aside, in order */
	guint n;
	const char *message_id;    /* decoded as g_mime_message_get_message_id() */
	const char *subject;       /* decoded as g_mime_message_get_subject() */
	/* From, To, Cc, Reply-To: GMime's lists, or (the fast path) each
	 * header's value as written, for raw_address_text(); NULL: none. */
	InternetAddressList *lists[4];
	const char *address_raw[4];
	GDateTime *date;           /* the Date header's, or NULL */
	/* The decoded value of the first header NAME, as
	 * g_mime_object_get_header() gives it, or NULL. */
	const char *(*value)(void *data, const char *name);
	void *data;
} message_view;

static void fill_extra(sm_mail *mail, const message_view *v)
{
	char small[64];
	for (guint i = 0; i < v->n; i++) {
		const raw_header *h = &v->headers[i];
		/* Most names fit SMALL: only the ones kept are copied. */
		gsize len = strlen(h->name);
		char *key = len < sizeof(small) ? small : g_malloc(len + 1);
		for (gsize k = 0; k <= len; k++) {
			char c = h->name[k];
			key[k] = c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;
		}
		if (trace_header(key) || g_hash_table_contains(mail->extra, key)) {
			if (key != small)
				g_free(key);
			continue;
		}
		if (key == small)
			key = g_strdup(small);
		/* Decoding is only needed where there are encoded words. */
		const char *raw = h->raw ? h->raw : "";
		char *decoded = strstr(raw, "=?") ? g_mime_utils_header_decode_text(NULL, raw) : NULL;
		g_hash_table_insert(mail->extra, key, clean_header_text(decoded ? decoded : raw));
		g_free(decoded);
	}
}

/* A Date this far ahead of the clock is a sender's broken clock: it would
 * sort the mail above everything for years. */
#define FUTURE_SLACK (24 * 3600)
#define NO_RECEIVED_DATE "no Received: date either"

static gboolean plausible_date(gint64 t)
{
	return t > 0 && t <= g_get_real_time() / G_USEC_PER_SEC + FUTURE_SLACK;
}

/* The first plausible date of the Received: headers after their ';',
 * newest (topmost: the recipient's own server) first, or 0. */
static gint64 received_date(const message_view *v)
{
	for (guint i = 0; i < v->n; i++) {
		const raw_header *h = &v->headers[i];
		const char *semi = h->raw ? strrchr(h->raw, ';') : NULL;
		if (g_ascii_strcasecmp(h->name, "Received") != 0 || !semi)
			continue;
		GDateTime *dt = g_mime_utils_header_decode_date(semi + 1);
		gint64 t = dt ? g_date_time_to_unix(dt) : 0;
		if (dt)
			g_date_time_unref(dt);
		if (plausible_date(t))
			return t;
	}
	return 0;
}

/* MAIL's date from the parsed Date:, or, when that is missing or cannot
 * be true, from the Received: headers, with a warning: a date of 0 would
 * make a range posting expand to every tree ever. */
static void set_date(sm_mail *mail, const message_view *v, reader *r)
{
	gint64 t = v->date ? g_date_time_to_unix(v->date) : 0;
	if (plausible_date(t)) {
		mail->date = t;
		return;
	}
	const char *why = !mail->date_header ? "no Date: header"
	                  : !v->date ? "an unreadable Date: header"
	                  : t <= 0 ? "a Date: at 1970 or before" : "a Date: in the future";
	mail->date = received_date(v);
	char *w = g_strdup_printf("%s; %s", why, mail->date ? "the Received: date is used"
	                                                   : NO_RECEIVED_DATE);
	add_warning(r, w);
	g_free(w);
}

/* Address lists repeat from mail to mail (the stable list, a series' Cc,
 * each author), and GMime makes an object of every address: the text of
 * each value the fast path reads is kept, with its number of addresses,
 * in up to ADDRESS_CACHE_BYTES.  Threads share it. */
#define ADDRESS_CACHE_BYTES (1024 * 1024)
#define ADDRESS_CACHE_VALUE_MAX 4096
typedef struct {
	char *text; /* address_text()'s, or NULL */
	int n;      /* the addresses GMime found */
} known_addresses;
G_LOCK_DEFINE_STATIC(address_cache);
static GHashTable *address_cache;
static gsize address_cache_bytes;

static void known_addresses_free(gpointer data)
{
	known_addresses *known = data;
	g_free(known->text);
	g_free(known);
}

/* Most address lists are the plain forms: "a@b.c", "Name Words <a@b.c>",
 * "\"Last, First\" <a@b.c>".  For those address_text() of GMime's parse is
 * known without making an object of each: simple_address_text() gives it,
 * and NULL for anything else (comments, groups, encoded words, 8-bit,
 * dots in an unquoted name, an IDN domain, empty items), which GMime
 * parses. */
static gboolean local_char(guchar c)
{
	return g_ascii_isalnum(c) || (c && strchr("!#$%&'*+/=?^_`{|}~-", c));
}

static gboolean name_char(guchar c)
{
	return g_ascii_isalnum(c) || c == '-' || c == '_' || c == '\'';
}

static void skip_blanks(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\r' || **p == '\n')
		(*p)++;
}

/* A dot-atom of CHARS at *P, moved past; FALSE when there is none. */
static gboolean dot_atom(const char **p, gboolean (*chars)(guchar))
{
	const char *s = *p;
	for (;;) {
		if (!chars((guchar)*s))
			return FALSE;
		while (chars((guchar)*s))
			s++;
		if (*s != '.')
			break;
		s++;
	}
	*p = s;
	return TRUE;
}

static gboolean domain_char(guchar c)
{
	return g_ascii_isalnum(c) || c == '-';
}

/* "local@domain" at *P appended to OUT, *P moved past it. */
static gboolean simple_addr_spec(const char **p, GString *out)
{
	const char *s = *p;
	if (!dot_atom(&s, local_char) || *s != '@')
		return FALSE;
	const char *domain = ++s;
	if (!dot_atom(&s, domain_char))
		return FALSE;
	/* GMime turns an IDN label into Unicode. */
	for (const char *d = domain; d < s; d++)
		if ((d == domain || d[-1] == '.') && g_ascii_strncasecmp(d, "xn--", 4) == 0)
			return FALSE;
	g_string_append_len(out, *p, s - *p);
	*p = s;
	return TRUE;
}

/* "<local@domain>" at *P (after blanks) appended to OUT, *P moved past
 * it: as " <local@domain>" after a NAME, else bare. */
static gboolean simple_angle_addr(const char **p, gboolean name, GString *out)
{
	const char *s = *p;
	skip_blanks(&s);
	if (*s++ != '<')
		return FALSE;
	if (name)
		g_string_append(out, " <");
	if (!simple_addr_spec(&s, out) || *s++ != '>')
		return FALSE;
	if (name)
		g_string_append_c(out, '>');
	*p = s;
	return TRUE;
}

/* A name of words of NAME_CHAR (QUOTED: any printable ASCII but '"' and
 * '\\') one space apart, from S to END, appended as append_address()
 * would write it. */
static gboolean simple_name(const char *s, const char *end, gboolean quoted, GString *out)
{
	if (s == end || *s == ' ' || end[-1] == ' ')
		return FALSE;
	/* GMime decodes encoded words even between quotes. */
	for (const char *c = s; c + 1 < end; c++)
		if (c[0] == '=' && c[1] == '?')
			return FALSE;
	for (const char *c = s; c < end; c++)
		if (*c == ' ' ? c[1] == ' '
		              : quoted ? ((guchar)*c < 0x20 || (guchar)*c >= 0x7f || *c == '"' || *c == '\\')
		                       : !name_char((guchar)*c))
			return FALSE;
	char *name = g_strndup(s, (gsize)(end - s));
	if (strpbrk(name, ",;:<>@\"()[]\\")) {
		char *q = g_mime_utils_quote_string(name);
		g_string_append(out, q);
		g_free(q);
	} else {
		g_string_append(out, name);
	}
	g_free(name);
	return TRUE;
}

/* One address at *P appended to OUT, *P moved past it. */
static gboolean simple_address(const char **p, GString *out)
{
	const char *s = *p;
	if (*s == '"') {
		const char *close = strchr(s + 1, '"');
		if (!close || !simple_name(s + 1, close, TRUE, out))
			return FALSE;
		*p = close + 1;
		return simple_angle_addr(p, TRUE, out);
	}
	if (*s == '<')
		return simple_angle_addr(p, FALSE, out);
	gsize mark = out->len;
	if (simple_addr_spec(&s, out)) {
		const char *after = s;
		skip_blanks(&after);
		if (*after == ',' || *after == '\0') {
			*p = s;
			return TRUE;
		}
		g_string_truncate(out, mark);
	}
	/* Words, then the address in angle brackets. */
	const char *end = strchr(*p, '<');
	while (end && end > *p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (!end || !simple_name(*p, end, FALSE, out))
		return FALSE;
	*p = end;
	return simple_angle_addr(p, TRUE, out);
}

/* RAW's address_text() and its number of addresses in *N, or NULL. */
static char *simple_address_text(const char *raw, int *n)
{
	GString *out = g_string_new(NULL);
	const char *p = raw;
	*n = 0;
	skip_blanks(&p);
	for (;;) {
		if (*n == MAX_ADDRESSES || !simple_address(&p, out))
			break;
		++*n;
		skip_blanks(&p);
		if (!*p) {
			char *joined = g_string_free(out, FALSE);
			char *clean = clean_header_text(joined);
			g_free(joined);
			return clean;
		}
		if (*p != ',')
			break;
		p++;
		skip_blanks(&p);
		if (!*p || *p == ',')
			break; /* an empty item: GMime's to skip */
		g_string_append(out, ", ");
	}
	g_string_free(out, TRUE);
	return NULL;
}

/* address_text() of the list GMime parses from RAW, the value of an
 * address header as written (NULL: none). */
static char *raw_address_text(const char *raw, GMimeParserOptions *opts, reader *r)
{
	if (!raw)
		return NULL;
	gsize len = strlen(raw);
	gboolean keep = len <= ADDRESS_CACHE_VALUE_MAX;
	if (keep) {
		G_LOCK(address_cache);
		known_addresses *known = address_cache ? g_hash_table_lookup(address_cache, raw) : NULL;
		char *text = known ? g_strdup(known->text) : NULL;
		int n = known ? known->n : -1;
		G_UNLOCK(address_cache);
		if (n >= 0) {
			warn_recipients(r, n);
			return text;
		}
	}
	int n;
	char *text = simple_address_text(raw, &n);
	if (!text) {
		InternetAddressList *list = internet_address_list_new();
		internet_address_list_append_parse(list, opts, raw);
		n = internet_address_list_length(list);
		text = address_text(list, r);
		g_object_unref(list);
	}
	if (keep) {
		known_addresses *known = g_new(known_addresses, 1);
		known->text = g_strdup(text);
		known->n = n;
		gsize bytes = len + (text ? strlen(text) : 0) + 2 * sizeof(known_addresses);
		G_LOCK(address_cache);
		if (!address_cache)
			address_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
			                                      known_addresses_free);
		if (address_cache_bytes + bytes > ADDRESS_CACHE_BYTES) {
			g_hash_table_remove_all(address_cache);
			address_cache_bytes = 0;
		}
		if (g_hash_table_insert(address_cache, g_strdup(raw), known))
			address_cache_bytes += bytes;
		G_UNLOCK(address_cache);
	}
	return text;
}

/* Address header K (0 From, 1 To, 2 Cc, 3 Reply-To) as text; one GMime
 * could not parse still says who it was. */
static char *address_or_raw(const message_view *v, int k, const char *header,
                            GMimeParserOptions *opts, reader *r)
{
	char *text = v->lists[k] ? address_text(v->lists[k], r)
	                         : raw_address_text(v->address_raw[k], opts, r);
	if (text)
		return text;
	const char *raw = v->value(v->data, header);
	return raw ? clean_header_text(raw) : NULL;
}

static void read_headers(sm_mail *mail, const message_view *v, GMimeParserOptions *opts,
                         reader *r)
{
	const char *id = v->message_id;
	if (id && *id) {
		mail->message_id = clean_header_text(id);
	} else if ((id = v->value(v->data, "Message-ID")) && *id) {
		char *bare = strip_angles(id);
		mail->message_id = clean_header_text(bare);
		g_free(bare);
	}
	char **irt = parse_ids(v->value(v->data, "In-Reply-To"), opts);
	if (irt) {
		mail->in_reply_to = g_strdup(irt[0]);
		g_strfreev(irt);
	}
	mail->references = parse_ids(v->value(v->data, "References"), opts);
	mail->subject = clean_header_text(v->subject);
	mail->from = address_or_raw(v, 0, "From", opts, r);
	mail->to = address_or_raw(v, 1, "To", opts, r);
	mail->cc = address_or_raw(v, 2, "Cc", opts, r);
	mail->reply_to = address_or_raw(v, 3, "Reply-To", opts, r);
	const char *date = v->value(v->data, "Date");
	if (date)
		mail->date_header = clean_header_text(date);
	set_date(mail, v, r);
	fill_extra(mail, v);
}

static sm_mail *mail_new(void)
{
	sm_mail *mail = g_new0(sm_mail, 1);
	mail->extra = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return mail;
}

/* MAIL made whole once read with R under the body cap LIMIT: what is
 * missing empty, the warnings and the body moved in; R is spent. */
static sm_mail *mail_finish(sm_mail *mail, reader *r, gsize limit)
{
	if (!mail->subject)
		mail->subject = g_strdup("");
	if (!mail->from)
		mail->from = g_strdup("");
	if (!mail->to)
		mail->to = g_strdup("");
	if (!mail->cc)
		mail->cc = g_strdup("");
	if (r->cut) {
		char *w = g_strdup_printf("body cut at %" G_GSIZE_FORMAT " bytes", limit);
		add_warning(r, w);
		g_free(w);
	}
	mail->body_len = r->body->len;
	mail->body = g_string_free(r->body, FALSE);
	mail->warning = r->warning->len ? g_string_free(r->warning, FALSE)
	                                : (g_string_free(r->warning, TRUE), NULL);
	return mail;
}

static const char *object_header(void *data, const char *name)
{
	return g_mime_object_get_header(data, name);
}

/* MSG (NULL: the input was no message) read with the body cap LIMIT;
 * WARNING holds what parsing found.  *CURRENT is where the parser's
 * later warnings go. */
static sm_mail *read_message(GMimeMessage *msg, GMimeParserOptions *opts, const char *warning,
                             gsize limit, reader **current)
{
	reader r = { g_string_new(warning), limit, g_string_new(NULL), FALSE };
	*current = &r;
	sm_mail *mail = mail_new();
	if (!msg) {
		add_warning(&r, "not a mail message");
	} else {
		GMimeObject *obj = GMIME_OBJECT(msg);
		GMimeHeaderList *list = g_mime_object_get_header_list(obj);
		int n = list ? g_mime_header_list_get_count(list) : 0;
		GArray *headers = g_array_sized_new(FALSE, FALSE, sizeof(raw_header), (guint)n);
		for (int i = 0; i < n; i++) {
			GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
			raw_header one = { g_mime_header_get_name(h), g_mime_header_get_raw_value(h) };
			if (one.name)
				g_array_append_val(headers, one);
		}
		message_view v = {
			(const raw_header *)(void *)headers->data, headers->len,
			g_mime_message_get_message_id(msg), g_mime_message_get_subject(msg),
			{ g_mime_message_get_from(msg), g_mime_message_get_to(msg),
			  g_mime_message_get_cc(msg), g_mime_message_get_reply_to(msg) },
			{ NULL }, g_mime_message_get_date(msg), object_header, obj,
		};
		read_headers(mail, &v, opts, &r);
		g_array_free(headers, TRUE);
		collect_text(g_mime_message_get_mime_part(msg), 0, &r);
	}
	*current = NULL;
	return mail_finish(mail, &r, limit);
}

/* The fast path.  Most list mail is one text part: parsing it with GMime
 * builds an object for every header and costs twenty times reading the
 * file.  fast_parse() splits such a message itself, exactly where GMime's
 * parser would, and gives the headers that are read to GMime's own
 * decoders, so that the mail read is the same to the byte (make
 * check-fuzz's fuzz-mail compares the two on every input).  Anything
 * else it leaves to GMime: a multipart or a message part, uuencode, an
 * attachment, a header read here that is there twice (GMime
 * keeps the last of some and the first of others), a line GMime would
 * warn about or skip, headers that the data ends in. */
enum { SLOT_ID, SLOT_IN_REPLY_TO, SLOT_REFERENCES, SLOT_SUBJECT, SLOT_DATE, SLOT_FROM,
       SLOT_TO, SLOT_CC, SLOT_REPLY_TO, SLOT_CONTENT_TYPE, SLOT_ENCODING, SLOT_DISPOSITION,
       SLOTS };
static const struct {
	const char *name;
	gsize len;
} slot_names[SLOTS] = {
#define SLOT(s) { s, sizeof(s) - 1 }
	SLOT("Message-ID"), SLOT("In-Reply-To"), SLOT("References"), SLOT("Subject"), SLOT("Date"),
	SLOT("From"), SLOT("To"), SLOT("Cc"), SLOT("Reply-To"), SLOT("Content-Type"),
	SLOT("Content-Transfer-Encoding"), SLOT("Content-Disposition"),
#undef SLOT
};

typedef struct {
	char *buf;           /* every header's name and value, NUL-terminated */
	GArray *headers;     /* raw_header into BUF: the message's own */
	const char *raw[SLOTS]; /* each slot's header value, or NULL */
	gsize body;          /* where the body starts in the data */
	GMimeParserOptions *opts;
	char *decoded[SLOT_CONTENT_TYPE]; /* fast_value()'s */
	GDateTime *date;
	char *message_id;
	GMimeContentType *type;           /* NULL: none given */
	GMimeContentEncoding encoding;
} fast_message;

static gboolean field_char(guchar c)
{
	return c > ' ' && c < 0x7f && c != ':';
}

/* The end of the line at P (after its '\n'), or NULL when the data ends
 * first. */
static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (gsize)(end - p));
	return nl ? nl + 1 : NULL;
}

/* NAME's slot, or -1.  Every header of a message is asked about: the
 * lengths go first. */
static int slot_of(const char *name)
{
	gsize len = strlen(name);
	for (int k = 0; k < SLOTS; k++)
		if (len == slot_names[k].len && g_ascii_strcasecmp(name, slot_names[k].name) == 0)
			return k;
	return -1;
}

static void fast_free(fast_message *f)
{
	g_free(f->buf);
	if (f->headers)
		g_array_free(f->headers, TRUE);
	for (guint k = 0; k < G_N_ELEMENTS(f->decoded); k++)
		g_free(f->decoded[k]);
	if (f->date)
		g_date_time_unref(f->date);
	g_free(f->message_id);
	if (f->type)
		g_object_unref(f->type);
}

/* The decoded value of header RAW, as GMime's g_mime_header_get_value(). */
static char *decoded_value(GMimeParserOptions *opts, const char *raw)
{
	char *unfolded = g_mime_utils_header_unfold(raw);
	/* ASCII with no encoded word decodes to itself: words and the
	 * blanks between them as they are. */
	const char *c = unfolded;
	while (*c && (guchar)*c < 0x80 && !(c[0] == '=' && c[1] == '?'))
		c++;
	if (!*c)
		return unfolded;
	char *value = g_mime_utils_header_decode_text(opts, unfolded);
	g_free(unfolded);
	return value;
}

static const char *fast_value(void *data, const char *name)
{
	fast_message *f = data;
	int slot = slot_of(name);
	g_assert(slot >= 0 && slot < SLOT_CONTENT_TYPE);
	if (!f->decoded[slot] && f->raw[slot])
		f->decoded[slot] = decoded_value(f->opts, f->raw[slot]);
	return f->decoded[slot];
}

/* DATA (LEN bytes) split as above into F; FALSE when it is GMime's. */
static gboolean fast_split(const char *data, gsize len, fast_message *f)
{
	const char *p = data, *end = data + len;
	guint n = 0;
	/* First the shape: every line a header or its fold, then a blank line. */
	for (;;) {
		if (p == end)
			return FALSE; /* no body: GMime says "truncated" */
		if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n'))
			break;
		const char *name = p;
		while (p < end && field_char((guchar)*p))
			p++;
		if (p == name || p == end || *p != ':' || !(p = line_end(p, end)))
			return FALSE;
		while (p < end && (*p == ' ' || *p == '\t'))
			if (!(p = line_end(p, end)))
				return FALSE;
		n++;
	}
	f->body = (gsize)(p - data) + (*p == '\r' ? 2 : 1);
	if (memchr(data, '\0', f->body))
		return FALSE;

	/* Then each header as NAME\0VALUE\0 in one buffer. */
	f->buf = g_malloc(f->body + n + 1);
	f->headers = g_array_sized_new(FALSE, FALSE, sizeof(raw_header), n);
	char *out = f->buf;
	for (p = data; n--;) {
		const char *colon = memchr(p, ':', (gsize)(end - p));
		const char *next = line_end(colon, end);
		while (*next == ' ' || *next == '\t')
			next = line_end(next, end);
		raw_header h = { out, NULL };
		memcpy(out, p, (gsize)(colon - p));
		out += colon - p;
		*out++ = '\0';
		h.raw = out;
		memcpy(out, colon + 1, (gsize)(next - colon - 1));
		out += next - colon - 1;
		*out++ = '\0';
		p = next;
		int slot = slot_of(h.name);
		if (slot >= 0 && f->raw[slot])
			return FALSE;
		if (slot >= 0)
			f->raw[slot] = h.raw;
		/* Content-* are the part's headers, not the message's. */
		if (g_ascii_strncasecmp(h.name, "Content-", 8) != 0)
			g_array_append_val(f->headers, h);
	}
	return TRUE;
}

/* F split, its message headers and its part read as GMime's objects
 * would give them; FALSE when the part is GMime's. */
static gboolean fast_parse(const char *data, gsize len, fast_message *f)
{
	if (!fast_split(data, len, f))
		return FALSE;
	const char *type = f->raw[SLOT_CONTENT_TYPE];
	if (type) {
		/* GMime's parser decides by the header as written whether the
		 * part is a leaf; only a text one is read here. */
		while (g_ascii_isspace(*type))
			type++;
		if (g_ascii_strncasecmp(type, "text/", 5) != 0)
			return FALSE;
		char *value = decoded_value(f->opts, f->raw[SLOT_CONTENT_TYPE]);
		f->type = g_mime_content_type_parse(f->opts, value);
		g_free(value);
	}
	if (f->raw[SLOT_DISPOSITION]) {
		/* "inline" is common; an attachment's name is GMime's to find. */
		char *value = decoded_value(f->opts, f->raw[SLOT_DISPOSITION]);
		GMimeContentDisposition *disposition = g_mime_content_disposition_parse(f->opts, value);
		g_free(value);
		const char *disp = g_mime_content_disposition_get_disposition(disposition);
		gboolean attachment = disp && g_ascii_strcasecmp(disp, "attachment") == 0;
		g_object_unref(disposition);
		if (attachment)
			return FALSE;
	}
	f->encoding = GMIME_CONTENT_ENCODING_DEFAULT;
	if (f->raw[SLOT_ENCODING]) {
		char *value = decoded_value(f->opts, f->raw[SLOT_ENCODING]);
		f->encoding = g_mime_content_encoding_from_string(value);
		g_free(value);
		if (f->encoding == GMIME_CONTENT_ENCODING_UUENCODE)
			return FALSE;
	}
	const char *id = fast_value(f, "Message-ID");
	f->message_id = id ? g_mime_utils_decode_message_id(id) : NULL;
	const char *date = fast_value(f, "Date");
	f->date = date ? g_mime_utils_header_decode_date(date) : NULL;
	return TRUE;
}

/* The body of F (in DATA, LEN bytes) into R, as read_text_part(). */
static void fast_body(const fast_message *f, const char *data, gsize len, reader *r)
{
	if (text_type(f->type) == NOT_TEXT)
		return;
	const char *content = data + f->body;
	gsize take = (gsize)part_budget(r, (gint64)(len - f->body));
	char *bytes;
	gsize n = take;
	if (f->encoding == GMIME_CONTENT_ENCODING_BASE64 ||
	    f->encoding == GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE) {
		GMimeEncoding state;
		g_mime_encoding_init_decode(&state, f->encoding);
		bytes = g_malloc(g_mime_encoding_outlen(&state, take) + 1);
		n = g_mime_encoding_step(&state, content, take, bytes);
	} else {
		bytes = g_malloc(take + 1);
		memcpy(bytes, content, take);
	}
	add_part_text(r, bytes, n, f->type ? g_mime_content_type_get_parameter(f->type, "charset")
	                                    : NULL);
	g_free(bytes);
}

/* F read with the body cap LIMIT, as read_message(). */
static sm_mail *fast_message_read(fast_message *f, const char *data, gsize len,
                                  const char *warning, gsize limit, reader **current)
{
	reader r = { g_string_new(warning), limit, g_string_new(NULL), FALSE };
	*current = &r;
	sm_mail *mail = mail_new();
	message_view v = {
		(const raw_header *)(void *)f->headers->data, f->headers->len, f->message_id,
		fast_value(f, "Subject"), { NULL },
		{ f->raw[SLOT_FROM], f->raw[SLOT_TO], f->raw[SLOT_CC], f->raw[SLOT_REPLY_TO] },
		f->date, fast_value, f,
	};
	read_headers(mail, &v, f->opts, &r);
	fast_body(f, data, len, &r);
	*current = NULL;
	return mail_finish(mail, &r, limit);
}

/* Parse DATA (LEN bytes; NULL: read STREAM) once and read it with each of
 * the N body caps LIMITS into MAILS: by the fast path when it can and
 * FAST allows, else with GMime. */
static void read_limits(const char *data, gsize len, GMimeStream *stream, const gsize *limits,
                        guint n, sm_mail **mails, gboolean fast)
{
	reader parsing = { g_string_new(NULL), 0, NULL, FALSE };
	reader *current = &parsing;
	GMimeParserOptions *opts = g_mime_parser_options_new();
	g_mime_parser_options_set_warning_callback(opts, on_parser_warning, &current);
	fast_message f = { .opts = opts };
	if (data && fast && fast_parse(data, len, &f)) {
		for (guint i = 0; i < n; i++)
			mails[i] = fast_message_read(&f, data, len, parsing.warning->str, limits[i],
			                             &current);
	} else {
		g_string_truncate(parsing.warning, 0);
		if (data)
			stream = g_mime_stream_mem_new_with_buffer(data, len);
		else
			g_object_ref(stream);
		GMimeParser *parser = g_mime_parser_new_with_stream(stream);
		g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
		GMimeMessage *msg = g_mime_parser_construct_message(parser, opts);
		g_object_unref(parser);
		for (guint i = 0; i < n; i++)
			mails[i] = read_message(msg, opts, parsing.warning->str, limits[i], &current);
		if (msg)
			g_object_unref(msg);
		g_object_unref(stream);
	}
	fast_free(&f);
	g_mime_parser_options_free(opts);
	g_string_free(parsing.warning, TRUE);
}

/* Files up to this size are read whole and parsed from memory; a larger
 * one (a 50 MB log) is left to GMime's stream, which reads what it needs. */
#define READ_WHOLE_MAX (4 * 1024 * 1024)

/* The first LEN bytes of FD into a new buffer (one byte more, a NUL), or
 * NULL when they cannot be read. */
static char *read_whole(int fd, gsize len)
{
	char *buf = g_malloc(len + 1);
	gsize got = 0;
	while (got < len) {
		ssize_t k = read(fd, buf + got, len - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (gsize)k;
	}
	if (got != len) {
		g_free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

sm_mail *sm_mail_read(const char *path, gsize limit, GError **error)
{
	int fd = g_open(path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0) {
		int err = errno;
		g_set_error(error, G_FILE_ERROR, g_file_error_from_errno(err),
		            "cannot open %s: %s", path, g_strerror(err));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		g_set_error(error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
		            "cannot read %s: not a regular file", path);
		close(fd);
		return NULL;
	}
	sm_mail *mail;
	char *data = st.st_size <= READ_WHOLE_MAX ? read_whole(fd, (gsize)st.st_size) : NULL;
	if (data) {
		close(fd);
		read_limits(data, (gsize)st.st_size, NULL, &limit, 1, &mail, TRUE);
		g_free(data);
	} else {
		/* Too large, or changing under us: GMime reads it as it is. */
		lseek(fd, 0, SEEK_SET);
		GMimeStream *stream = g_mime_stream_fs_new(fd); /* owns fd */
		read_limits(NULL, 0, stream, &limit, 1, &mail, FALSE);
		g_object_unref(stream);
	}
	/* No usable date in the message: when it was delivered (or indexed)
	 * is the best left, and better than 0. */
	const char *none = mail->warning ? strstr(mail->warning, NO_RECEIVED_DATE) : NULL;
	if (!mail->date && none && plausible_date(st.st_mtime)) {
		mail->date = st.st_mtime;
		char *w = g_strdup_printf("%.*s%s%s", (int)(none - mail->warning), mail->warning,
		                          "the file's date is used", none + strlen(NO_RECEIVED_DATE));
		g_free(mail->warning);
		mail->warning = w;
	}
	return mail;
}

void sm_mail_parse_limits(const char *data, gsize len, const gsize *limits, guint n,
                          sm_mail **mails)
{
	read_limits(data ? data : "", data ? len : 0, NULL, limits, n, mails, TRUE);
}

void sm_mail_parse_limits_gmime(const char *data, gsize len, const gsize *limits, guint n,
                                sm_mail **mails)
{
	read_limits(data ? data : "", data ? len : 0, NULL, limits, n, mails, FALSE);
}

sm_mail *sm_mail_parse(const char *data, gsize len, gsize limit)
{
	sm_mail *mail;
	sm_mail_parse_limits(data, len, &limit, 1, &mail);
	return mail;
}

void sm_mail_free(sm_mail *mail)
{
	if (!mail)
		return;
	g_free(mail->message_id);
	g_free(mail->in_reply_to);
	g_strfreev(mail->references);
	g_free(mail->subject);
	g_free(mail->from);
	g_free(mail->to);
	g_free(mail->cc);
	g_free(mail->reply_to);
	g_free(mail->date_header);
	if (mail->extra)
		g_hash_table_unref(mail->extra);
	g_free(mail->body);
	g_free(mail->warning);
	g_free(mail);
}

gboolean sm_mail_same_text(const sm_mail *a, const sm_mail *b)
{
	return strcmp(a->subject, b->subject) == 0 && strcmp(a->from, b->from) == 0 &&
	       a->body_len == b->body_len && (a->body_len == 0 || memcmp(a->body, b->body, a->body_len) == 0);
}

const char *sm_mail_header(const sm_mail *mail, const char *name)
{
	if (!mail || !mail->extra || !name)
		return NULL;
	char *key = g_ascii_strdown(name, -1);
	const char *value = g_hash_table_lookup(mail->extra, key);
	g_free(key);
	return value;
}
