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
	GString *out = g_string_sized_new(value ? strlen(value) : 0);
	for (const char *p = value; p && *p; p++) {
		guchar c = (guchar)*p;
		if (c == '\r' || c == '\n') {
			const char *q = p;
			while (*q == '\r' || *q == '\n')
				q++;
			if (*q == ' ' || *q == '\t') {
				p = q - 1; /* a fold: the whitespace stays */
				continue;
			}
			g_string_append_c(out, ' ');
			p = q - 1;
		} else if (c < 0x20 || c == 0x7f) {
			g_string_append_c(out, ' ');
		} else {
			g_string_append_c(out, (char)c);
		}
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
	if (n > MAX_ADDRESSES) {
		char *w = g_strdup_printf("%d recipients in one header, only the first %d kept",
		                          n, MAX_ADDRESSES);
		add_warning(r, w);
		g_free(w);
	}
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

/* An address header GMime could not parse still says who it was. */
static char *address_or_raw(InternetAddressList *list, GMimeObject *obj,
                            const char *header, reader *r)
{
	char *text = address_text(list, r);
	if (text)
		return text;
	const char *raw = g_mime_object_get_header(obj, header);
	return raw ? clean_header_text(raw) : NULL;
}

static gboolean is_text_part(GMimeObject *obj)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);
	if (!ct)
		return TRUE; /* RFC 2045: text/plain by default */
	const char *type = g_mime_content_type_get_media_type(ct);
	const char *sub = g_mime_content_type_get_media_subtype(ct);
	if (!type || g_ascii_strcasecmp(type, "text") != 0)
		return FALSE;
	if (!sub)
		return TRUE;
	gboolean patch = g_ascii_strcasecmp(sub, "x-patch") == 0 ||
	                 g_ascii_strcasecmp(sub, "x-diff") == 0;
	if (patch)
		return TRUE;
	if (g_ascii_strcasecmp(sub, "plain") != 0)
		return FALSE;
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
	gboolean nul = FALSE;
	for (gsize i = 0; i < len; i++)
		if (text[i] == '\0') {
			text[i] = ' ';
			nul = TRUE;
		}
	if (nul)
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
	gsize start = 0;
	for (gsize i = 0; i + 1 < len; i++)
		if (text[i] == '\r' && text[i + 1] == '\n') {
			g_string_append_len(r->body, text + start, (gssize)(i - start));
			start = i + 1;
		}
	g_string_append_len(r->body, text + start, (gssize)(len - start));
	if (r->limit && r->body->len >= r->limit) {
		/* Cut at a character boundary so the text stays valid. */
		gsize cut = r->limit;
		while (cut > 0 && ((guchar)r->body->str[cut] & 0xc0) == 0x80)
			cut--;
		g_string_truncate(r->body, cut);
		r->cut = TRUE;
	}
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

	/* Decode no more than the cap can use: a quoted-printable byte
	 * takes at most three encoded ones. */
	GMimeStream *src = raw;
	g_object_ref(src);
	if (r->limit) {
		gint64 budget = (gint64)(r->limit - r->body->len) * 3 + 4096;
		gint64 start = raw->bound_start;
		gint64 length = g_mime_stream_length(raw);
		if (length > budget) {
			g_object_unref(src);
			src = g_mime_stream_substream(raw, start, start + budget);
			r->cut = TRUE;
		}
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

	const char *charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
	/* NUL bytes are text only in UTF-16 and UTF-32; elsewhere they are
	 * damage, and would end the text early for every later reader. */
	if (!charset || (!strstr(charset, "16") && !strstr(charset, "32")))
		replace_nul(r, (char *)bytes->data, bytes->len);
	gsize len = 0;
	char *text = to_utf8((const char *)bytes->data, bytes->len, charset, &len, r);
	g_byte_array_unref(bytes);
	append_text(r, text, len);
	g_free(text);
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

/* Transport traces: long, many, and nothing stablemate reads. */
static gboolean trace_header(const char *key)
{
	static const char *const prefixes[] = { "received", "dkim-", "arc-", "authentication-results",
	                                        "x-ms-", "x-microsoft-", "x-forefront-", "x-google-",
	                                        "x-gm-", "x-received", "x-spam", NULL };
	for (int i = 0; prefixes[i]; i++)
		if (g_str_has_prefix(key, prefixes[i]))
			return TRUE;
	return FALSE;
}

static void fill_extra(sm_mail *mail, GMimeObject *obj)
{
	GMimeHeaderList *list = g_mime_object_get_header_list(obj);
	int n = list ? g_mime_header_list_get_count(list) : 0;
	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
		const char *name = g_mime_header_get_name(h);
		if (!name)
			continue;
		char *key = g_ascii_strdown(name, -1);
		if (trace_header(key) || g_hash_table_contains(mail->extra, key)) {
			g_free(key);
			continue;
		}
		/* Decoding is only needed where there are encoded words. */
		const char *raw = g_mime_header_get_raw_value(h);
		char *value = raw && strstr(raw, "=?") ? g_mime_utils_header_decode_text(NULL, raw)
		                                       : g_strdup(raw ? raw : "");
		g_hash_table_insert(mail->extra, key, clean_header_text(value));
		g_free(value);
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
static gint64 received_date(GMimeObject *obj)
{
	GMimeHeaderList *list = g_mime_object_get_header_list(obj);
	int n = list ? g_mime_header_list_get_count(list) : 0;
	for (int i = 0; i < n; i++) {
		GMimeHeader *h = g_mime_header_list_get_header_at(list, i);
		const char *name = g_mime_header_get_name(h);
		const char *value = g_mime_header_get_raw_value(h);
		const char *semi = value ? strrchr(value, ';') : NULL;
		if (!name || g_ascii_strcasecmp(name, "Received") != 0 || !semi)
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

/* MAIL's date from DATE_TIME (the parsed Date:), or, when that is missing
 * or cannot be true, from the Received: headers, with a warning: a date
 * of 0 would make a range posting expand to every tree ever. */
static void set_date(sm_mail *mail, GMimeObject *obj, GDateTime *date_time, reader *r)
{
	gint64 t = date_time ? g_date_time_to_unix(date_time) : 0;
	if (plausible_date(t)) {
		mail->date = t;
		return;
	}
	const char *why = !mail->date_header ? "no Date: header"
	                  : !date_time ? "an unreadable Date: header"
	                  : t <= 0 ? "a Date: at 1970 or before" : "a Date: in the future";
	mail->date = received_date(obj);
	char *w = g_strdup_printf("%s; %s", why, mail->date ? "the Received: date is used"
	                                                   : NO_RECEIVED_DATE);
	add_warning(r, w);
	g_free(w);
}

static sm_mail *mail_new(void)
{
	sm_mail *mail = g_new0(sm_mail, 1);
	mail->extra = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	return mail;
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
		const char *id = g_mime_message_get_message_id(msg);
		if (id && *id) {
			mail->message_id = clean_header_text(id);
		} else if ((id = g_mime_object_get_header(obj, "Message-ID")) && *id) {
			char *bare = strip_angles(id);
			mail->message_id = clean_header_text(bare);
			g_free(bare);
		}
		char **irt = parse_ids(g_mime_object_get_header(obj, "In-Reply-To"), opts);
		if (irt) {
			mail->in_reply_to = g_strdup(irt[0]);
			g_strfreev(irt);
		}
		mail->references = parse_ids(g_mime_object_get_header(obj, "References"), opts);
		mail->subject = clean_header_text(g_mime_message_get_subject(msg));
		mail->from = address_or_raw(g_mime_message_get_from(msg), obj, "From", &r);
		mail->to = address_or_raw(g_mime_message_get_to(msg), obj, "To", &r);
		mail->cc = address_or_raw(g_mime_message_get_cc(msg), obj, "Cc", &r);
		mail->reply_to = address_or_raw(g_mime_message_get_reply_to(msg), obj, "Reply-To", &r);
		const char *date = g_mime_object_get_header(obj, "Date");
		if (date)
			mail->date_header = clean_header_text(date);
		set_date(mail, obj, g_mime_message_get_date(msg), &r);
		fill_extra(mail, obj);
		collect_text(g_mime_message_get_mime_part(msg), 0, &r);
	}

	if (!mail->subject)
		mail->subject = g_strdup("");
	if (!mail->from)
		mail->from = g_strdup("");
	if (!mail->to)
		mail->to = g_strdup("");
	if (!mail->cc)
		mail->cc = g_strdup("");
	if (r.cut) {
		char *w = g_strdup_printf("body cut at %" G_GSIZE_FORMAT " bytes", limit);
		add_warning(&r, w);
		g_free(w);
	}
	mail->body_len = r.body->len;
	mail->body = g_string_free(r.body, FALSE);
	mail->warning = r.warning->len ? g_string_free(r.warning, FALSE)
	                               : (g_string_free(r.warning, TRUE), NULL);
	*current = NULL;
	return mail;
}

/* Parse STREAM once and read it with each of the N body caps LIMITS into
 * MAILS. */
static void read_stream_limits(GMimeStream *stream, const gsize *limits, guint n, sm_mail **mails)
{
	reader parsing = { g_string_new(NULL), 0, NULL, FALSE };
	reader *current = &parsing;
	GMimeParserOptions *opts = g_mime_parser_options_new();
	g_mime_parser_options_set_warning_callback(opts, on_parser_warning, &current);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	GMimeMessage *msg = g_mime_parser_construct_message(parser, opts);
	g_object_unref(parser);
	for (guint i = 0; i < n; i++)
		mails[i] = read_message(msg, opts, parsing.warning->str, limits[i], &current);
	if (msg)
		g_object_unref(msg);
	g_mime_parser_options_free(opts);
	g_string_free(parsing.warning, TRUE);
}

static sm_mail *read_stream(GMimeStream *stream, gsize limit)
{
	sm_mail *mail;
	read_stream_limits(stream, &limit, 1, &mail);
	return mail;
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
	GMimeStream *stream = g_mime_stream_fs_new(fd); /* owns fd */
	sm_mail *mail = read_stream(stream, limit);
	g_object_unref(stream);
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
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data ? data : "", data ? len : 0);
	read_stream_limits(stream, limits, n, mails);
	g_object_unref(stream);
}

sm_mail *sm_mail_parse(const char *data, gsize len, gsize limit)
{
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data ? data : "", data ? len : 0);
	sm_mail *mail = read_stream(stream, limit);
	g_object_unref(stream);
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
