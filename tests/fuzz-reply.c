/* fuzz-reply.c - the reply composer on hostile parents.
 *
 * Each input is a parent message.  When it can be answered, the reply
 * (threading, addressing, the quote) is formatted as it would be sent and
 * checked against what reply.h promises: only the headers stablemate
 * writes, each line within RFC 5322's 998 characters and without CR, the
 * parent's id as In-Reply-To and last in References, a subject of one line
 * without control characters, stable@ among the recipients, and the
 * message readable back with the same ids.  The edit form must read back.
 * The plain reply's quote of the whole text is the attribution line, then
 * only "> " lines without control characters (tabs aside).  The parent's
 * text, wrapped as a template's is (sm_template_wrap), keeps every word in
 * order, never joins lines, leaves a line that fits as it was, and breaks
 * a line only into pieces that fit, or that are one word or one commit
 * reference.
 */
#include <string.h>
#include <gmime/gmime.h>
#include "fuzz.h"
#include "reply/reply.h"
#include "reply/private.h"
#include "mail/mail.h"

const char *const sm_fuzz_seeds[] = {
	"fuzz-regressions/reply", "corpus", "synthetic", NULL
};

static const char *const own[] = { "ada@example.org", NULL };
static const sm_identity ada = { "Ada Maintainer", "ada@example.org", own };

static const char *const written[] = {
	"From", "To", "Cc", "Subject", "Date", "Message-Id", "In-Reply-To", "References",
	"User-Agent", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", NULL
};

static void check_headers(const char *text)
{
	const char *end = strstr(text, "\n\n");
	SM_FUZZ_CHECK(end != NULL);
	for (const char *line = text; line < end;) {
		const char *nl = strchr(line, '\n');
		SM_FUZZ_CHECK(nl - line <= 998);
		SM_FUZZ_CHECK(!memchr(line, '\r', nl - line));
		if (*line != ' ' && *line != '\t') {
			const char *colon = memchr(line, ':', nl - line);
			SM_FUZZ_CHECK(colon != NULL);
			gboolean known = FALSE;
			for (const char *const *h = written; *h && !known; h++)
				known = strlen(*h) == (gsize)(colon - line) &&
				        g_ascii_strncasecmp(line, *h, colon - line) == 0;
			SM_FUZZ_CHECK(known);
		}
		line = nl + 1;
	}
}

static void check_line(const char *s)
{
	SM_FUZZ_CHECK(s && g_utf8_validate(s, -1, NULL));
	for (const char *p = s; *p; p = g_utf8_next_char(p))
		SM_FUZZ_CHECK(!sm_text_is_control(g_utf8_get_char(p)));
}

static gboolean has_stable(InternetAddressList *list)
{
	for (int i = 0; i < internet_address_list_length(list); i++) {
		InternetAddress *a = internet_address_list_get_address(list, i);
		if (INTERNET_ADDRESS_IS_MAILBOX(a) &&
		    g_ascii_strcasecmp(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)),
		                       SM_STABLE_LIST) == 0)
			return TRUE;
	}
	return FALSE;
}

static void check_reply(sm_reply *reply)
{
	check_line(reply->subject);
	SM_FUZZ_CHECK(has_stable(reply->to) || has_stable(reply->cc));
	guint n = g_strv_length(reply->references);
	SM_FUZZ_CHECK(n >= 1 && strcmp(reply->references[n - 1], reply->in_reply_to) == 0);
	char *text = sm_reply_format(reply);
	check_headers(text);
	GMimeMessage *back = sm_reply_parse_parent(text, strlen(text));
	SM_FUZZ_CHECK(back != NULL);
	SM_FUZZ_CHECK(g_strcmp0(g_mime_message_get_message_id(back), reply->message_id) == 0);
	char *irt = g_mime_utils_decode_message_id(
		g_mime_object_get_header(GMIME_OBJECT(back), "In-Reply-To"));
	SM_FUZZ_CHECK(g_strcmp0(irt, reply->in_reply_to) == 0);
	g_free(irt);
	g_object_unref(back);
	g_free(text);
	/* What the user edits reads back. */
	char *edit = sm_reply_edit_text(reply);
	GError *error = NULL;
	gboolean ok = sm_reply_parse_edit_text(reply, edit, &error);
	if (!ok)
		fprintf(stderr, "edit text does not read back: %s\n", error->message);
	SM_FUZZ_CHECK(ok);
	g_free(edit);
}

static void check_quote_all(const char *quote)
{
	SM_FUZZ_CHECK(g_utf8_validate(quote, -1, NULL));
	char **lines = g_strsplit(quote, "\n", -1);
	guint n = g_strv_length(lines);
	SM_FUZZ_CHECK(n >= 2 && g_str_has_suffix(lines[0], " wrote:") && !*lines[n - 1]);
	check_line(lines[0]);
	for (guint i = 1; i + 1 < n; i++) {
		SM_FUZZ_CHECK(lines[i][0] == '>');
		for (const char *p = lines[i]; *p; p = g_utf8_next_char(p)) {
			gunichar c = g_utf8_get_char(p);
			SM_FUZZ_CHECK(c == '\t' || !sm_text_is_control(c));
		}
	}
	g_strfreev(lines);
}

/* The words of TEXT (split at spaces and new lines), joined by one space. */
static char *word_list(const char *text)
{
	char **split = g_strsplit_set(text, " \n", -1);
	GString *out = g_string_new(NULL);
	for (char **w = split; *w; w++)
		if (**w)
			g_string_append_printf(out, "%s%s", out->len ? " " : "", *w);
	g_strfreev(split);
	return g_string_free(out, FALSE);
}

static void check_wrap(const char *text, int width)
{
	char *wrapped = sm_template_wrap(text, width);
	char *before = word_list(text), *after = word_list(wrapped);
	SM_FUZZ_CHECK(strcmp(before, after) == 0);
	char **in = g_strsplit(text, "\n", -1);
	for (char **line = in; *line; line++) {
		char *one = sm_template_wrap(*line, width);
		if (sm_text_cells(*line) <= width)
			SM_FUZZ_CHECK(strcmp(one, *line) == 0);
		char **pieces = g_strsplit(one, "\n", -1);
		for (char **piece = pieces; *piece && pieces[1]; piece++)
			SM_FUZZ_CHECK(sm_text_cells(*piece) <= width || !strchr(*piece, ' ') ||
			              g_regex_match_simple("^[0-9a-f]{12,40} \\(\"", *piece, 0, 0));
		g_strfreev(pieces);
		g_free(one);
	}
	char **out = g_strsplit(wrapped, "\n", -1);
	SM_FUZZ_CHECK(g_strv_length(out) >= g_strv_length(in));
	g_strfreev(out);
	g_strfreev(in);
	g_free(before);
	g_free(after);
	g_free(wrapped);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static gboolean ready;
	if (!ready) {
		g_mime_init();
		ready = TRUE;
	}
	GMimeMessage *parent = sm_reply_parse_parent((const char *)data, size);
	if (!parent)
		return 0;
	GError *error = NULL;
	sm_reply *reply = sm_reply_new(parent, &ada, 1755600000, "fuzz.1@example.org", &error);
	if (reply) {
		char *quote = sm_reply_quote(parent, 8);
		sm_reply_set_body(reply, quote);
		g_free(quote);
		check_reply(reply);
		char *whole = sm_reply_quote_all(parent);
		check_quote_all(whole);
		sm_reply_set_body(reply, whole);
		check_reply(reply);
		check_wrap(whole, SM_TEMPLATE_WIDTH);
		g_free(whole);
		/* The parent's own text as a template's would be: any line. */
		GMimeObject *body = g_mime_message_get_body(parent);
		char *text = body && GMIME_IS_TEXT_PART(body)
			? g_mime_text_part_get_text(GMIME_TEXT_PART(body)) : NULL;
		if (text && g_utf8_validate(text, -1, NULL))
			check_wrap(text, SM_TEMPLATE_WIDTH);
		g_free(text);
		sm_reply_free(reply);
	} else {
		SM_FUZZ_CHECK(error && !strchr(error->message, '\n'));
		g_error_free(error);
	}
	g_object_unref(parent);
	return 0;
}
