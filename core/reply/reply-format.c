/* reply-format.c - a reply as a MIME message, and as text to edit. */
#include <string.h>
#include "reply.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

/* Lines longer than SMTP allows (RFC 5322: 998 octets) force
 * quoted-printable; otherwise raw 8-bit UTF-8, as kernel people expect. */
static GMimeContentEncoding body_encoding(const char *body)
{
	gboolean ascii = TRUE;
	gsize line = 0;
	for (const char *p = body; *p; p++) {
		if (*p == '\n') {
			line = 0;
			continue;
		}
		if (++line > 998)
			return GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE;
		if ((guchar)*p >= 0x80)
			ascii = FALSE;
	}
	return ascii ? GMIME_CONTENT_ENCODING_7BIT : GMIME_CONTENT_ENCODING_8BIT;
}

static GMimePart *text_part(const char *body)
{
	GMimePart *part = g_mime_part_new_with_type("text", "plain");
	g_mime_content_type_set_parameter(g_mime_object_get_content_type(GMIME_OBJECT(part)),
	                                  "charset", "utf-8");
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(body, strlen(body));
	GMimeDataWrapper *content =
		g_mime_data_wrapper_new_with_stream(stream, GMIME_CONTENT_ENCODING_DEFAULT);
	g_mime_part_set_content(part, content);
	g_mime_part_set_content_encoding(part, body_encoding(body));
	g_object_unref(content);
	g_object_unref(stream);
	return part;
}

static char *bracketed(char *const *ids)
{
	GString *out = g_string_new(NULL);
	for (char *const *id = ids; id && *id; id++)
		g_string_append_printf(out, "%s<%s>", out->len ? " " : "", *id);
	return g_string_free(out, FALSE);
}

char *sm_reply_format(const sm_reply *reply)
{
	GMimeMessage *message = g_mime_message_new(FALSE);
	GMimeObject *object = GMIME_OBJECT(message);
	/* Appending even an empty list would write an empty header. */
	const GMimeAddressType types[] = { GMIME_ADDRESS_TYPE_FROM, GMIME_ADDRESS_TYPE_TO,
	                                   GMIME_ADDRESS_TYPE_CC };
	InternetAddressList *lists[] = { reply->from, reply->to, reply->cc };
	for (size_t i = 0; i < G_N_ELEMENTS(lists); i++)
		if (internet_address_list_length(lists[i]) > 0)
			internet_address_list_append(g_mime_message_get_addresses(message, types[i]),
			                             lists[i]);
	g_mime_message_set_subject(message, reply->subject, "utf-8");
	GDateTime *date = g_date_time_new_from_unix_local(reply->date);
	g_mime_message_set_date(message, date);
	g_date_time_unref(date);
	g_mime_message_set_message_id(message, reply->message_id);
	char *parent = bracketed((char *[]){ reply->in_reply_to, NULL });
	char *references = bracketed(reply->references);
	g_mime_object_set_header(object, "In-Reply-To", parent, NULL);
	g_mime_object_set_header(object, "References", references, NULL);
	g_mime_object_set_header(object, "User-Agent", "stablemate/" PACKAGE_VERSION, NULL);
	g_free(parent);
	g_free(references);
	GMimePart *part = text_part(reply->body);
	g_mime_message_set_mime_part(message, GMIME_OBJECT(part));
	g_object_unref(part);
	char *text = g_mime_object_to_string(object, NULL);
	g_object_unref(message);
	return text;
}

/* A mailbox as the user edits it: decoded, with the display name quoted
 * whenever it holds a character that means something in an address list.
 * GMime's unencoded form does not quote, so a hostile name such as
 * 'x", Bcc: victim@example.com' would read back as more recipients. */
static char *edit_address(InternetAddress *ia)
{
	const char *name = internet_address_get_name(ia);
	if (!INTERNET_ADDRESS_IS_MAILBOX(ia) || !name || !*name)
		return internet_address_to_string(ia, NULL, FALSE);
	const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
	if (!strpbrk(name, "()<>[]:;@\\,.\""))
		return g_strdup_printf("%s <%s>", name, addr);
	GString *out = g_string_new("\"");
	for (const char *p = name; *p; p++) {
		if (*p == '"' || *p == '\\')
			g_string_append_c(out, '\\');
		g_string_append_c(out, *p);
	}
	g_string_append_printf(out, "\" <%s>", addr);
	return g_string_free(out, FALSE);
}

/* One address per line: the list is easy to prune in an editor. */
static void append_addresses(GString *out, const char *header, InternetAddressList *list)
{
	g_string_append_printf(out, "%s:", header);
	for (int i = 0; i < internet_address_list_length(list); i++) {
		char *one = edit_address(internet_address_list_get_address(list, i));
		g_string_append_printf(out, "%s %s", i ? ",\n   " : "", one);
		g_free(one);
	}
	g_string_append_c(out, '\n');
}

char *sm_reply_edit_text(const sm_reply *reply)
{
	GString *out = g_string_new(NULL);
	append_addresses(out, "From", reply->from);
	append_addresses(out, "To", reply->to);
	append_addresses(out, "Cc", reply->cc);
	g_string_append_printf(out, "Subject: %s\n\n%s", reply->subject, reply->body);
	return g_string_free(out, FALSE);
}

static gboolean edit_error(GError **error, guint line, const char *fmt, const char *arg)
{
	char *what = g_strdup_printf(fmt, arg);
	if (line)
		g_set_error(error, SM_REPLY_ERROR, SM_REPLY_ERROR_EDIT, "line %u: %s", line, what);
	else
		g_set_error(error, SM_REPLY_ERROR, SM_REPLY_ERROR_EDIT, "%s", what);
	g_free(what);
	return FALSE;
}

/* VALUE as addresses; every one must be a plain, usable mailbox. */
static InternetAddressList *parse_addresses(const char *value, guint line, GError **error)
{
	InternetAddressList *list = *value ? internet_address_list_parse(NULL, value)
	                                   : internet_address_list_new();
	if (!list) {
		edit_error(error, line, "cannot read the addresses \"%s\"", value);
		return NULL;
	}
	for (int i = 0; i < internet_address_list_length(list); i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		const char *addr = INTERNET_ADDRESS_IS_MAILBOX(ia)
			? internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)) : "";
		gboolean ok = strchr(addr, '@') != NULL;
		for (const char *p = addr; ok && *p; p++)
			ok = (guchar)*p > ' ' && *p != 0x7f;
		if (!ok) {
			char *shown = internet_address_to_string(ia, NULL, FALSE);
			edit_error(error, line, "not a mail address: \"%s\"", shown);
			g_free(shown);
			g_object_unref(list);
			return NULL;
		}
		internet_address_set_charset(ia, "utf-8");
	}
	return list;
}

/* An address written twice (To and Cc, or a line the user forgot to
 * delete) is kept once, where it first appears. */
static void drop_repeats(InternetAddressList *to, InternetAddressList *cc)
{
	GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	InternetAddressList *lists[] = { to, cc };
	for (int l = 0; l < 2; l++)
		for (int i = 0; i < internet_address_list_length(lists[l]);) {
			InternetAddress *ia = internet_address_list_get_address(lists[l], i);
			char *key = g_ascii_strdown(internet_address_mailbox_get_addr(
				INTERNET_ADDRESS_MAILBOX(ia)), -1);
			if (g_hash_table_add(seen, key))
				i++;
			else
				internet_address_list_remove_at(lists[l], i);
		}
	g_hash_table_unref(seen);
}

enum { H_FROM, H_TO, H_CC, H_SUBJECT, H_COUNT };
static const char *const header_names[H_COUNT] = { "From", "To", "Cc", "Subject" };

/* Split TEXT into the four editable header values and the body.  The
 * values are unfolded; LINES records where each header started. */
static gboolean split_edit_text(const char *text, GString *values[H_COUNT],
                                guint lines[H_COUNT], const char **body, GError **error)
{
	const char *p = text;
	int current = -1;
	for (guint line = 1;; line++) {
		const char *eol = strchr(p, '\n');
		if (!eol)
			return edit_error(error, 0, "%s", "no blank line between the headers and the text");
		gsize len = eol - p;
		if (len && p[len - 1] == '\r')
			len--;
		if (len == 0) {
			*body = eol + 1;
			return TRUE;
		}
		char *row = g_strndup(p, len);
		p = eol + 1;
		if (*row == ' ' || *row == '\t') {
			if (current < 0) {
				g_free(row);
				return edit_error(error, line, "%s", "continuation line before any header");
			}
			g_string_append_printf(values[current], " %s", row);
			g_free(row);
			continue;
		}
		char *colon = strchr(row, ':');
		if (!colon) {
			edit_error(error, line, "\"%s\" is not a header line"
			           " (a blank line must separate the headers from the text)", row);
			g_free(row);
			return FALSE;
		}
		current = -1;
		for (int h = 0; h < H_COUNT; h++)
			if ((gsize)(colon - row) == strlen(header_names[h]) &&
			    g_ascii_strncasecmp(row, header_names[h], colon - row) == 0)
				current = h;
		if (current < 0 || values[current]) {
			*colon = '\0';
			gboolean twice = current >= 0;
			edit_error(error, line, twice ? "the %s header appears twice"
			           : "unknown header \"%s\" (only From, To, Cc and Subject can be edited)",
			           row);
			g_free(row);
			return FALSE;
		}
		values[current] = g_string_new(colon + 1);
		lines[current] = line;
		g_free(row);
	}
}

gboolean sm_reply_parse_edit_text(sm_reply *reply, const char *text, GError **error)
{
	GString *values[H_COUNT] = { NULL };
	guint lines[H_COUNT] = { 0 };
	InternetAddressList *lists[H_SUBJECT] = { NULL };
	const char *body = NULL;
	gboolean ok = split_edit_text(text, values, lines, &body, error);

	/* No Cc line is no Cc, as in any mail client; the others must stay. */
	if (ok && !values[H_CC])
		values[H_CC] = g_string_new("");
	for (int h = 0; ok && h < H_COUNT; h++)
		if (!values[h])
			ok = edit_error(error, 0, "the %s header is missing", header_names[h]);
	for (int h = 0; ok && h < H_SUBJECT; h++) {
		char *value = sm_one_line(values[h]->str);
		ok = (lists[h] = parse_addresses(value, lines[h], error)) != NULL;
		g_free(value);
	}
	if (ok)
		drop_repeats(lists[H_TO], lists[H_CC]);
	if (ok && internet_address_list_length(lists[H_FROM]) != 1)
		ok = edit_error(error, lines[H_FROM], "%s", "From must name exactly one address");
	if (ok && internet_address_list_length(lists[H_TO]) +
	          internet_address_list_length(lists[H_CC]) == 0)
		ok = edit_error(error, 0, "%s", "there is no recipient (To and Cc are empty)");
	char *clean_body = ok ? g_utf8_make_valid(body, -1) : NULL;
	if (ok) {
		char *probe = g_strstrip(g_strdup(clean_body));
		if (!*probe)
			ok = edit_error(error, 0, "%s", "the message text is empty");
		g_free(probe);
	}
	if (ok) {
		g_object_unref(reply->from);
		g_object_unref(reply->to);
		g_object_unref(reply->cc);
		reply->from = g_object_ref(lists[H_FROM]);
		reply->to = g_object_ref(lists[H_TO]);
		reply->cc = g_object_ref(lists[H_CC]);
		g_free(reply->subject);
		reply->subject = sm_one_line(values[H_SUBJECT]->str);
		sm_reply_set_body(reply, clean_body);
	}
	g_free(clean_body);
	for (int h = 0; h < H_COUNT; h++) {
		if (values[h])
			g_string_free(values[h], TRUE);
		if (h < H_SUBJECT && lists[h])
			g_object_unref(lists[h]);
	}
	return ok;
}
