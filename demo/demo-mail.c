/* demo-mail.c - the demo's notices, written from the template files that
 * ship with stablemate (pkgdatadir/demo; demo/mail/ in the source tree),
 * as tig ships its tigrc: the mail is data, not code.  The template
 * language (% at, % seen, % tag; {{date}}, {{on}}, {{stamp}}, {{id}},
 * {{commit}}) is described in demo/mail/README, installed beside them.
 * The stories the mail tells, about the commits of demo-git.c:
 *   leak     added to 6.6 and 6.1, under review for 6.6, released in 6.1
 *            (6.1.159) and already in 6.12; leakfix is its follow-up
 *   deref    added to 6.12 and 6.6, under review there; FAILED on 6.1
 *   desclen  added to 6.12, under review; FAILED on 6.6 and 6.1; a hand
 *            backport for 6.6 answers the FAILED notice and is queued
 *   readdir  AUTOSEL in the range form, yesterday: nobody has looked yet
 *   leakfix  AUTOSEL for 6.12 and 6.6
 *   offload  AUTOSEL for 6.12 and 6.6: the maintainer NAKs, Sasha drops it
 *   helper   added to 6.6, objected to, dropped again
 *   quirk    AUTOSEL for 6.12, already approved (tagged)
 * plus release announcements, a tester's reply, and mail that is not a
 * stable notification at all.  Dates are relative to the moment the demo
 * is built, so that the review deadlines count down: one under a day
 * away, one a few days out, one passed (and released).
 */
#include <string.h>
#include <glib/gstdio.h>
#include "demo-private.h"

#define DEMO_ERROR G_FILE_ERROR

static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* One template being read: where, for the errors. */
typedef struct {
	const char *name;     /* the template's name, without .eml */
	guint line;
	gint64 now;
	const sm_demo_repo *repo;
	GHashTable *ids;      /* name -> Message-ID of the templates written */
	GError **error;
} reader;

static gboolean bad(reader *r, const char *format, ...) G_GNUC_PRINTF(2, 3);
static gboolean bad(reader *r, const char *format, ...)
{
	va_list args;
	va_start(args, format);
	char *why = g_strdup_vprintf(format, args);
	va_end(args);
	g_set_error(r->error, DEMO_ERROR, G_FILE_ERROR_INVAL, "demo mail %s.eml:%u: %s", r->name,
	            r->line, why);
	g_free(why);
	return FALSE;
}

/* "-6d5h+40s" into seconds. */
static gboolean parse_offset(reader *r, const char *text, gint64 *out)
{
	gint64 sum = 0;
	int sign = 1;
	const char *p = text;
	if (!*p)
		return bad(r, "an empty offset");
	while (*p) {
		if (*p == '+' || *p == '-')
			sign = *p++ == '-' ? -1 : 1;
		char *end;
		guint64 n = g_ascii_strtoull(p, &end, 10);
		gint64 unit = *end == 'd' ? 86400 : *end == 'h' ? 3600 : *end == 'm' ? 60
		            : *end == 's' ? 1 : 0;
		if (end == p || !unit || n > G_MAXINT32)
			return bad(r, "\"%s\" is not an offset such as -6d5h+40s", text);
		sum += sign * (gint64)n * unit;
		p = end + 1;
	}
	*out = sum;
	return TRUE;
}

/* "+0100" or "-0500" into seconds east of UTC. */
static gboolean parse_zone(reader *r, const char *text, int *out)
{
	if (strlen(text) != 5 || (text[0] != '+' && text[0] != '-') ||
	    !g_ascii_isdigit(text[1]) || !g_ascii_isdigit(text[2]) ||
	    !g_ascii_isdigit(text[3]) || !g_ascii_isdigit(text[4]))
		return bad(r, "\"%s\" is not a time zone such as +0100", text);
	int hours = (text[1] - '0') * 10 + text[2] - '0';
	int minutes = (text[3] - '0') * 10 + text[4] - '0';
	*out = (text[0] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
	return TRUE;
}

static GDateTime *local_time(gint64 t, int zone)
{
	GDateTime *utc = g_date_time_new_from_unix_utc(t);
	GTimeZone *tz = g_time_zone_new_offset(zone);
	GDateTime *local = g_date_time_to_timezone(utc, tz);
	g_time_zone_unref(tz);
	g_date_time_unref(utc);
	return local;
}

/* DATE (the formats above), in English whatever the locale. */
static void append_date(GString *out, const char *what, gint64 t, int zone, const char *tz)
{
	GDateTime *d = local_time(t, zone);
	int hour = g_date_time_get_hour(d);
	if (!strcmp(what, "date"))
		g_string_append_printf(out, "%s, %d %s %d %02d:%02d:%02d %s",
		                       days[g_date_time_get_day_of_week(d) - 1],
		                       g_date_time_get_day_of_month(d),
		                       months[g_date_time_get_month(d) - 1], g_date_time_get_year(d),
		                       hour, g_date_time_get_minute(d), g_date_time_get_second(d), tz);
	else
		g_string_append_printf(out, "%s, %s %02d, %d at %02d:%02d:%02d%s %s",
		                       days[g_date_time_get_day_of_week(d) - 1],
		                       months[g_date_time_get_month(d) - 1],
		                       g_date_time_get_day_of_month(d), g_date_time_get_year(d),
		                       hour % 12 ? hour % 12 : 12, g_date_time_get_minute(d),
		                       g_date_time_get_second(d), hour < 12 ? "AM" : "PM", tz);
	g_date_time_unref(d);
}

/* The expansion of one {{...}} (its words W) to OUT. */
static gboolean expand(reader *r, char **w, GString *out)
{
	guint n = g_strv_length(w);
	gint64 offset = 0;
	int zone = 0;
	if (n == 3 && (!strcmp(w[0], "date") || !strcmp(w[0], "on"))) {
		if (!parse_offset(r, w[1], &offset) || !parse_zone(r, w[2], &zone))
			return FALSE;
		append_date(out, w[0], r->now + offset, zone, w[2]);
	} else if (n == 3 && !strcmp(w[0], "stamp")) {
		if (strspn(w[1], "%YmdHMS") != strlen(w[1]))
			return bad(r, "\"%s\" is not a stamp of %%Y %%m %%d %%H %%M %%S", w[1]);
		if (!parse_offset(r, w[2], &offset))
			return FALSE;
		GDateTime *d = g_date_time_new_from_unix_utc(r->now + offset);
		char *s = g_date_time_format(d, w[1]);
		g_string_append(out, s);
		g_free(s);
		g_date_time_unref(d);
	} else if (n == 2 && !strcmp(w[0], "id")) {
		const char *id = g_hash_table_lookup(r->ids, w[1]);
		if (!id)
			return bad(r, "no earlier template %s", w[1]);
		g_string_append(out, id);
	} else if ((n == 2 || (n == 3 && !strcmp(w[2], "short"))) && !strcmp(w[0], "commit")) {
		const sm_demo_commit *c = g_hash_table_lookup(r->repo->commits, w[1]);
		if (!c)
			return bad(r, "no commit %s in the demo repository", w[1]);
		g_string_append_len(out, c->id, n == 3 ? 12 : -1);
	} else {
		return bad(r, "{{%s}} is none of date, on, stamp, id, commit",
		           n ? w[0] : "");
	}
	return TRUE;
}

/* TEXT with every {{...}} expanded, or NULL. */
static char *expand_all(reader *r, const char *text)
{
	GString *out = g_string_new(NULL);
	const char *p = text;
	for (const char *open; (open = strstr(p, "{{"));) {
		for (const char *q = p; q < open; q++)
			r->line += *q == '\n';
		g_string_append_len(out, p, open - p);
		const char *close = strstr(open + 2, "}}");
		const char *nl = strchr(open, '\n');
		if (!close || (nl && nl < close)) {
			bad(r, "{{ without }} on its line");
			return g_string_free(out, TRUE), NULL;
		}
		char *inside = g_strndup(open + 2, close - open - 2);
		char **w = g_strsplit_set(g_strstrip(inside), " ", -1);
		gboolean ok = expand(r, w, out);
		g_strfreev(w);
		g_free(inside);
		if (!ok)
			return g_string_free(out, TRUE), NULL;
		p = close + 2;
	}
	g_string_append(out, p);
	return g_string_free(out, FALSE);
}

/* The Message-ID of TEXT, in its header (before the first empty line). */
static char *message_id(const char *text)
{
	for (const char *line = text; *line && *line != '\n';) {
		if (g_ascii_strncasecmp(line, "Message-ID: <", 13) == 0) {
			const char *end = strpbrk(line + 13, ">\n");
			if (end && *end == '>')
				return g_strndup(line + 13, end - line - 13);
		}
		const char *nl = strchr(line, '\n');
		line = nl ? nl + 1 : "";
	}
	return NULL;
}

static sm_demo_message *message_new(const char *path, const char *id, gboolean seen,
                                    const char *tag)
{
	sm_demo_message *m = g_new0(sm_demo_message, 1);
	m->path = g_strdup(path);
	m->message_id = g_strdup(id);
	GPtrArray *tags = g_ptr_array_new();
	g_ptr_array_add(tags, g_strdup("inbox"));
	if (!seen)
		g_ptr_array_add(tags, g_strdup("unread"));
	if (tag)
		g_ptr_array_add(tags, g_strdup(tag));
	g_ptr_array_add(tags, NULL);
	m->tags = (char **)g_ptr_array_free(tags, FALSE);
	return m;
}

void sm_demo_message_free(sm_demo_message *m)
{
	if (!m)
		return;
	g_free(m->path);
	g_free(m->message_id);
	g_strfreev(m->tags);
	g_free(m);
}

/* The template TEXT as message number SERIAL of the maildir MAIL: read
 * mail in cur/ with the S flag, new mail in new/, as a mail client leaves
 * them.  NULL with r->error set when it is not a template. */
static sm_demo_message *write_one(reader *r, const char *mail, guint serial, const char *text)
{
	gboolean seen = FALSE, timed = FALSE;
	char *tag = NULL;
	gint64 at = 0;
	const char *p = text;
	r->line = 1;
	while (g_str_has_prefix(p, "% ")) {
		const char *nl = strchr(p, '\n');
		char *line = g_strndup(p + 2, nl ? (gsize)(nl - p - 2) : strlen(p + 2));
		gboolean ok = TRUE;
		if (g_str_has_prefix(line, "at "))
			ok = timed = parse_offset(r, line + 3, &at);
		else if (!strcmp(line, "seen"))
			seen = TRUE;
		else if (g_str_has_prefix(line, "tag ") && line[4] && !tag)
			tag = g_strdup(line + 4);
		else
			ok = bad(r, "\"%% %s\" is none of %% at, %% seen, %% tag", line);
		g_free(line);
		if (!ok) {
			g_free(tag);
			return NULL;
		}
		p = nl ? nl + 1 : "";
		r->line++;
	}
	if (!timed) {
		g_free(tag);
		bad(r, "no \"%% at OFFSET\" line");
		return NULL;
	}
	char *body = expand_all(r, p);
	char *id = body ? message_id(body) : NULL;
	sm_demo_message *m = NULL;
	if (body && !id) {
		r->line = 1;
		bad(r, "no Message-ID header");
	} else if (body) {
		char *name = g_strdup_printf("%" G_GINT64_FORMAT ".M%uP%u.stablemate-demo%s",
		                             r->now + at, serial, 4200 + serial, seen ? ":2,S" : "");
		char *path = g_build_filename(mail, seen ? "cur" : "new", name, NULL);
		if (g_file_set_contents(path, body, -1, r->error)) {
			m = message_new(path, id, seen, tag);
			g_hash_table_insert(r->ids, g_strdup(r->name), g_strdup(id));
		}
		g_free(path);
		g_free(name);
	}
	g_free(id);
	g_free(body);
	g_free(tag);
	return m;
}

static int by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

GPtrArray *sm_demo_mail_write(const char *mail, const char *templates,
                              const sm_demo_repo *repo, gint64 now, GError **error)
{
	GDir *dir = g_dir_open(templates, 0, error);
	if (!dir) {
		g_prefix_error(error, "the demo's mail: ");
		return NULL;
	}
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	for (const char *n; (n = g_dir_read_name(dir));)
		if (g_str_has_suffix(n, ".eml"))
			g_ptr_array_add(names, g_strndup(n, strlen(n) - 4));
	g_dir_close(dir);
	g_ptr_array_sort(names, by_name);

	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)sm_demo_message_free);
	reader r = { .now = now, .repo = repo, .error = error,
	             .ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free) };
	gboolean ok = names->len > 0;
	if (!ok)
		g_set_error(error, DEMO_ERROR, G_FILE_ERROR_NOENT, "the demo's mail: no .eml "
		            "template in %s", templates);
	for (guint i = 0; ok && i < names->len; i++) {
		r.name = names->pdata[i];
		char *file = g_strdup_printf("%s/%s.eml", templates, r.name);
		char *text = NULL;
		sm_demo_message *m = NULL;
		if (g_file_get_contents(file, &text, NULL, error))
			m = write_one(&r, mail, i + 1, text);
		ok = m != NULL;
		if (m)
			g_ptr_array_add(out, m);
		g_free(text);
		g_free(file);
	}
	g_hash_table_unref(r.ids);
	g_ptr_array_unref(names);
	if (!ok) {
		g_ptr_array_unref(out);
		return NULL;
	}
	g_ptr_array_set_free_func(out, NULL);
	return out;
}
