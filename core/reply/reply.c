/* reply.c - threading, addressing and quoting of a reply to one notice. */
#include <string.h>
#include "reply.h"
#include "private.h"
#include "mail/mail.h"

G_DEFINE_QUARK(sm-reply-error-quark, sm_reply_error)

static char *clean_text(const char *text, gboolean one_line)
{
	char *valid = g_utf8_make_valid(text ? text : "", -1);
	GString *out = g_string_sized_new(strlen(valid));
	for (const char *p = valid; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if ((c == '\t' || c == '\n') && !one_line)
			g_string_append_c(out, c);
		else if (c == '\r' && !one_line)
			continue;
		else if (sm_text_is_control(c) || (one_line && g_unichar_isspace(c)))
			g_string_append_c(out, ' ');
		else
			g_string_append_unichar(out, c);
	}
	g_free(valid);
	if (!one_line)
		return g_string_free(out, FALSE);
	/* Collapse the runs that unfolding and replaced controls leave. */
	char *w = out->str;
	for (const char *r = out->str; *r; r++)
		if (*r != ' ' || (w > out->str && w[-1] != ' '))
			*w++ = *r;
	*w = '\0';
	return g_strchomp(g_string_free(out, FALSE));
}

char *sm_one_line(const char *text)
{
	return clean_text(text, TRUE);
}

/* An id longer than this cannot share a header line with its header's
 * name and brackets within RFC 5322's 998 characters, and cannot be
 * folded: an MTA rejects the line.  Ids are never shortened (threading
 * would break): such a parent is not answered, such a reference dropped. */
#define ID_MAX 900
/* The References of a reply, bracketed, at most this long: a parent with
 * thousands makes a header that mail servers reject. */
#define REFERENCES_MAX 900

/* A message-id fit to write back into a header, without brackets, or
 * NULL: white space, controls and brackets would let the id escape the
 * header it is written into, and an overlong one would not fit in it. */
static char *clean_id(const char *raw)
{
	if (!raw)
		return NULL;
	char *id = g_mime_utils_decode_message_id(raw);
	if (!id)
		return NULL;
	gboolean ok = *id != '\0' && strlen(id) <= ID_MAX;
	for (const char *p = id; ok && *p; p++)
		ok = *p > ' ' && *p < 0x7f && *p != '<' && *p != '>';
	if (ok) {
		/* Written back as <id>, it must read as the same id (GMime drops
		 * e.g. a final dot of an unclosed "<x@example.>"), or threading
		 * would name another message. */
		char *bracketed = g_strdup_printf("<%s>", id);
		char *again = g_mime_utils_decode_message_id(bracketed);
		ok = g_strcmp0(again, id) == 0;
		g_free(again);
		g_free(bracketed);
	}
	if (!ok) {
		g_free(id);
		return NULL;
	}
	return id;
}

/* An address longer than SMTP allows (RFC 5321: 254 octets) is no real
 * recipient, and one word that long could not be folded into a header line
 * of at most 998 (found by fuzz-reply).  Only ASCII: an address that
 * needs SMTPUTF8 would not read back from the edit text. */
#define ADDRESS_MAX 254

static gboolean address_ok(const char *addr)
{
	if (!addr || !strchr(addr, '@') || strlen(addr) > ADDRESS_MAX)
		return FALSE;
	for (const char *p = addr; *p; p++)
		if ((guchar)*p <= ' ' || (guchar)*p >= 0x7f || strchr("<>,;\"", *p))
			return FALSE;
	return TRUE;
}

static InternetAddress *mailbox_new(const char *name, const char *addr)
{
	char *clean = sm_one_line(name);
	InternetAddress *ia = internet_address_mailbox_new(clean, addr);
	/* GMime would otherwise pick the narrowest charset (ISO-8859-1). */
	internet_address_set_charset(ia, "utf-8");
	g_free(clean);
	return ia;
}

/* The reply-all recipient set being built: addresses seen so far
 * (lower-case), and the user's own, which are never added. */
typedef struct recipients {
	GHashTable *seen;
	InternetAddressList *to;
	InternetAddressList *cc;
} recipients;

static void add_address(recipients *r, InternetAddressList *dest, InternetAddress *ia)
{
	if (INTERNET_ADDRESS_IS_GROUP(ia)) {
		InternetAddressList *members =
			internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia));
		for (int i = 0; members && i < internet_address_list_length(members); i++)
			add_address(r, dest, internet_address_list_get_address(members, i));
		return;
	}
	const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
	if (!address_ok(addr))
		return;
	char *key = g_ascii_strdown(addr, -1);
	if (g_hash_table_contains(r->seen, key)) {
		g_free(key);
		return;
	}
	g_hash_table_add(r->seen, key);
	InternetAddress *copy = mailbox_new(internet_address_get_name(ia), addr);
	internet_address_list_add(dest, copy);
	g_object_unref(copy);
}

static void add_list(recipients *r, InternetAddressList *dest, InternetAddressList *list)
{
	for (int i = 0; list && i < internet_address_list_length(list); i++)
		add_address(r, dest, internet_address_list_get_address(list, i));
}

static gboolean list_has(InternetAddressList *list, const char *addr)
{
	for (int i = 0; list && i < internet_address_list_length(list); i++) {
		InternetAddress *ia = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(ia) &&
		    g_ascii_strcasecmp(internet_address_mailbox_get_addr(
		                           INTERNET_ADDRESS_MAILBOX(ia)), addr) == 0)
			return TRUE;
	}
	return FALSE;
}

/* notmuch's rule: a Reply-To that names a single address already among
 * the recipients was set by a mailing list, and replying there alone
 * would drop the sender. */
static gboolean reply_to_redundant(GMimeMessage *parent, InternetAddressList *reply_to)
{
	if (internet_address_list_length(reply_to) != 1)
		return FALSE;
	InternetAddress *ia = internet_address_list_get_address(reply_to, 0);
	if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
		return FALSE;
	const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
	return list_has(g_mime_message_get_to(parent), addr) ||
	       list_has(g_mime_message_get_cc(parent), addr);
}

static void set_recipients(sm_reply *reply, GMimeMessage *parent, const sm_identity *me)
{
	recipients r = { g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
	                 reply->to, reply->cc };
	for (const char *const *a = me->addresses; a && *a; a++)
		g_hash_table_add(r.seen, g_ascii_strdown(*a, -1));
	if (me->email)
		g_hash_table_add(r.seen, g_ascii_strdown(me->email, -1));

	InternetAddressList *reply_to = g_mime_message_get_reply_to(parent);
	if (reply_to && internet_address_list_length(reply_to) > 0 &&
	    !reply_to_redundant(parent, reply_to))
		add_list(&r, r.to, reply_to);
	else
		add_list(&r, r.to, g_mime_message_get_from(parent));
	add_list(&r, r.to, g_mime_message_get_to(parent));
	add_list(&r, r.cc, g_mime_message_get_cc(parent));

	/* Replying to one's own mail to the list leaves only Cc: promote one. */
	if (internet_address_list_length(r.to) == 0 && internet_address_list_length(r.cc) > 0) {
		InternetAddress *first = g_object_ref(internet_address_list_get_address(r.cc, 0));
		internet_address_list_remove_at(r.cc, 0);
		internet_address_list_add(r.to, first);
		g_object_unref(first);
	}
	/* The stable team reads the list, whatever the parent's headers say. */
	if (!list_has(r.to, SM_STABLE_LIST) && !list_has(r.cc, SM_STABLE_LIST)) {
		InternetAddress *stable = mailbox_new(NULL, SM_STABLE_LIST);
		internet_address_list_add(internet_address_list_length(r.to) ? r.cc : r.to, stable);
		g_object_unref(stable);
	}
	g_hash_table_unref(r.seen);
}

/* The parent's References (or, lacking them, its In-Reply-To), then the
 * parent itself: RFC 5322 section 3.6.4.  Trimmed as mail clients do when
 * too long: the first (the thread's root) and the newest that fit. */
static char **thread_ids(GMimeMessage *parent, const char *parent_id)
{
	GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
	const char *refs = g_mime_object_get_header(GMIME_OBJECT(parent), "References");
	if (!refs)
		refs = g_mime_object_get_header(GMIME_OBJECT(parent), "In-Reply-To");
	GMimeReferences *list = refs ? g_mime_references_parse(NULL, refs) : NULL;
	for (int i = 0; list && i < g_mime_references_length(list); i++) {
		char *id = clean_id(g_mime_references_get_message_id(list, i));
		if (id && strcmp(id, parent_id) != 0)
			g_ptr_array_add(ids, id);
		else
			g_free(id);
	}
	if (list)
		g_mime_references_free(list);
	g_ptr_array_add(ids, g_strdup(parent_id));
	/* "<id> " each.  Too many: the root, then the newest that fit (the
	 * parent always). */
	gsize total = 0;
	for (guint i = 0; i < ids->len; i++)
		total += strlen(ids->pdata[i]) + 3;
	guint first_tail = 0;
	GStrvBuilder *out = g_strv_builder_new();
	if (total > REFERENCES_MAX && ids->len > 1) {
		g_strv_builder_add(out, ids->pdata[0]);
		gsize used = strlen(ids->pdata[0]) + strlen(parent_id) + 6;
		first_tail = ids->len - 1;
		while (first_tail > 1 && used + strlen(ids->pdata[first_tail - 1]) + 3 <= REFERENCES_MAX)
			used += strlen(ids->pdata[--first_tail]) + 3;
	}
	for (guint i = first_tail; i < ids->len; i++)
		g_strv_builder_add(out, ids->pdata[i]);
	g_ptr_array_unref(ids);
	char **result = g_strv_builder_end(out);
	g_strv_builder_unref(out);
	return result;
}

/* A reply's subject is cut to this many characters: no real one comes near,
 * and GMime leaves a run of text that looks like an encoded word unfolded,
 * which made a Subject line over RFC 5322's 998 (found by fuzz-reply). */
#define SUBJECT_MAX 300

/* SUBJECT after every reply prefix that starts it: "Re:", "RE:",
 * "Re[2]:", "Re(3):", "Re: Re:", and the words other clients write
 * ("AW:", "SV:", "Antw:", "Odp:").  mutt's reply_regexp does the same, so
 * that a reply's subject says "Re: " once.  A forward's "Fwd:" stays: a
 * reply to a forward is about the forward. */
static const char *skip_reply_prefixes(const char *subject)
{
	static const char *const words[] = { "re", "aw", "sv", "antw", "odp", NULL };
	for (gboolean again = TRUE; again;) {
		again = FALSE;
		for (const char *const *w = words; *w && !again; w++) {
			size_t n = strlen(*w);
			if (g_ascii_strncasecmp(subject, *w, n) != 0)
				continue;
			const char *p = subject + n;
			if (*p == '[' || *p == '(') {
				const char *close = p + 1 + strspn(p + 1, "0123456789");
				if (close == p + 1 || *close != (*p == '[' ? ']' : ')'))
					continue;
				p = close + 1;
			}
			if (*p != ':')
				continue;
			subject = p + 1 + strspn(p + 1, " ");
			again = TRUE;
		}
	}
	return subject;
}

static char *reply_subject(GMimeMessage *parent)
{
	char *subject = sm_one_line(g_mime_message_get_subject(parent));
	/* A decoded subject that still holds "=?" (hostile or broken mail)
	 * would be written as if it began an encoded word, and GMime may fold
	 * inside it with no blank, making a line that is no header at all
	 * (fuzz-reply's fifth finding): write "= ?" instead. */
	for (char *q; (q = strstr(subject, "=?"));) {
		char *fixed = g_strdup_printf("%.*s= ?%s", (int)(q - subject), subject, q + 2);
		g_free(subject);
		subject = fixed;
	}
	if (g_utf8_strlen(subject, -1) > SUBJECT_MAX)
		*g_utf8_offset_to_pointer(subject, SUBJECT_MAX) = '\0';
	char *re = g_strchomp(g_strconcat("Re: ", skip_reply_prefixes(subject), NULL));
	g_free(subject);
	return re;
}

static char *new_message_id(const char *email)
{
	const char *at = email ? strrchr(email, '@') : NULL;
	char *domain = sm_one_line(at && at[1] ? at + 1 : "localhost");
	char *id = g_mime_utils_generate_message_id(domain);
	g_free(domain);
	return id;
}

GMimeMessage *sm_reply_parse_parent(const char *data, gsize len)
{
	GMimeStream *stream = g_mime_stream_mem_new_with_buffer(data, len);
	GMimeParser *parser = g_mime_parser_new_with_stream(stream);
	GMimeMessage *message = g_mime_parser_construct_message(parser, NULL);
	g_object_unref(parser);
	g_object_unref(stream);
	return message;
}

GMimeMessage *sm_reply_read_parent(const char *path, GError **error)
{
	char *data = NULL;
	gsize len = 0;
	if (!g_file_get_contents(path, &data, &len, error))
		return NULL;
	GMimeMessage *message = sm_reply_parse_parent(data, len);
	g_free(data);
	if (!message)
		g_set_error(error, SM_REPLY_ERROR, SM_REPLY_ERROR_PARENT,
		            "%s: not a mail message", path);
	return message;
}

sm_reply *sm_reply_new(GMimeMessage *parent, const sm_identity *me, gint64 now,
                       const char *message_id, GError **error)
{
	const char *raw_id = g_mime_object_get_header(GMIME_OBJECT(parent), "Message-ID");
	char *parent_id = clean_id(raw_id);
	char *decoded = parent_id || !raw_id ? NULL : g_mime_utils_decode_message_id(raw_id);
	if (decoded && strlen(decoded) > ID_MAX) {
		g_set_error(error, SM_REPLY_ERROR, SM_REPLY_ERROR_PARENT,
		            "the message's Message-ID is %zu characters long, too long for a header"
		            " line (at most %d): it cannot be answered", strlen(decoded), ID_MAX);
		g_free(decoded);
		return NULL;
	}
	g_free(decoded);
	if (!parent_id) {
		g_set_error(error, SM_REPLY_ERROR, SM_REPLY_ERROR_PARENT,
		            "the message has no usable Message-ID to reply to");
		return NULL;
	}
	sm_reply *reply = g_new0(sm_reply, 1);
	reply->from = internet_address_list_new();
	reply->to = internet_address_list_new();
	reply->cc = internet_address_list_new();
	InternetAddress *self = mailbox_new(me->name, me->email);
	internet_address_list_add(reply->from, self);
	g_object_unref(self);
	set_recipients(reply, parent, me);
	reply->subject = reply_subject(parent);
	reply->message_id = message_id ? g_strdup(message_id) : new_message_id(me->email);
	reply->in_reply_to = parent_id;
	reply->references = thread_ids(parent, parent_id);
	reply->date = now;
	reply->body = g_strdup("");
	return reply;
}

void sm_reply_free(sm_reply *reply)
{
	if (!reply)
		return;
	g_object_unref(reply->from);
	g_object_unref(reply->to);
	g_object_unref(reply->cc);
	g_free(reply->subject);
	g_free(reply->message_id);
	g_free(reply->in_reply_to);
	g_strfreev(reply->references);
	g_free(reply->body);
	g_free(reply);
}

void sm_reply_set_body(sm_reply *reply, const char *body)
{
	g_free(reply->body);
	gsize len = strlen(body);
	reply->body = len && body[len - 1] == '\n' ? g_strdup(body) : g_strconcat(body, "\n", NULL);
}

char *sm_reply_sender_name(GMimeMessage *parent)
{
	InternetAddressList *from = g_mime_message_get_from(parent);
	if (!from || internet_address_list_length(from) == 0)
		return g_strdup("");
	InternetAddress *ia = internet_address_list_get_address(from, 0);
	const char *name = internet_address_get_name(ia);
	if ((!name || !*name) && INTERNET_ADDRESS_IS_MAILBOX(ia))
		name = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
	return sm_one_line(name);
}

static char *body_text(GMimeMessage *parent)
{
	GMimeObject *body = g_mime_message_get_body(parent);
	if (!body || !GMIME_IS_TEXT_PART(body))
		return g_strdup("");
	char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(body));
	char *clean = clean_text(text, FALSE);
	g_free(text);
	return clean;
}

/* The parent's date for the attribution line, as RFC 5322 writes one, in
 * the sender's own offset and in English whatever the locale: "Sun, 3 Aug
 * 2025 20:38:17 -0400".  What the header had beyond the date (a "(CEST)"
 * comment, odd spacing) goes, and a header that is no date gives "": the
 * line then names the sender alone rather than repeat junk from mail. */
static char *attribution_date(GMimeMessage *parent)
{
	static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	const char *raw = g_mime_object_get_header(GMIME_OBJECT(parent), "Date");
	GDateTime *t = raw ? g_mime_utils_header_decode_date(raw) : NULL;
	if (!t)
		return g_strdup("");
	int offset = (int)(g_date_time_get_utc_offset(t) / G_TIME_SPAN_MINUTE);
	char *date = g_strdup_printf("%s, %d %s %d %02d:%02d:%02d %c%02d%02d",
	                             days[g_date_time_get_day_of_week(t) - 1],
	                             g_date_time_get_day_of_month(t),
	                             months[g_date_time_get_month(t) - 1], g_date_time_get_year(t),
	                             g_date_time_get_hour(t), g_date_time_get_minute(t),
	                             g_date_time_get_second(t), offset < 0 ? '-' : '+',
	                             ABS(offset) / 60, ABS(offset) % 60);
	g_date_time_unref(t);
	return date;
}

static char *quote(GMimeMessage *parent, guint max_lines, gboolean whole)
{
	GString *out = g_string_new("On ");
	char *date = attribution_date(parent);
	char *name = sm_reply_sender_name(parent);
	if (*date)
		g_string_append_printf(out, "%s, %s wrote:\n", date, name);
	else
		g_string_printf(out, "%s wrote:\n", name);
	g_free(date);
	g_free(name);

	char *text = body_text(parent);
	char **lines = g_strsplit(text, "\n", -1);
	guint first = 0, end, kept = 0;
	while (lines[first] && !*g_strchomp(lines[first]))
		first++;
	for (end = first; lines[end] && kept < max_lines; end++, kept++) {
		g_strchomp(lines[end]);
		if (!whole && strcmp(lines[end], "---") == 0)
			break;
	}
	gboolean cut = FALSE;
	for (guint i = end; lines[i] && !cut; i++)
		cut = *g_strstrip(lines[i]) != '\0';
	while (end > first && !*lines[end - 1])
		end--;
	for (guint i = first; i < end; i++)
		g_string_append_printf(out, ">%s%s\n", *lines[i] ? " " : "", lines[i]);
	if (cut && end > first)
		g_string_append(out, "> [...]\n");
	g_strfreev(lines);
	g_free(text);
	return g_string_free(out, FALSE);
}

char *sm_reply_quote(GMimeMessage *parent, guint max_lines)
{
	return quote(parent, max_lines, FALSE);
}

char *sm_reply_quote_all(GMimeMessage *parent)
{
	return quote(parent, G_MAXUINT, TRUE);
}
