/* demo-mail.c - the demo's notices, in the shapes the stable team sends.
 *
 * Every kind stablemate recognises is here, about the commits of
 * demo-git.c, dated relative to NOW so that the review deadlines count
 * down: one under a day away, one a few days out, one passed (and
 * released).  The stories:
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
 * stable notification at all.
 */
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include "demo-private.h"

#define GREG_BOT "<gregkh@linuxfoundation.org>"
#define GREG_KH "Greg KH <gregkh@linuxfoundation.org>"
#define SASHA "Sasha Levin <sashal@kernel.org>"
#define RAVI "Ravi Kumar <ravi.kumar@example.net>"
#define STABLE "stable@vger.kernel.org"
#define PATCHES "patches@lists.linux.dev"
#define LKML "linux-kernel@vger.kernel.org"
#define NETDEV "netdev@vger.kernel.org"
#define USB "linux-usb@vger.kernel.org"
#define MM "linux-mm@kvack.org"

#define HOUR G_GINT64_CONSTANT(3600)
#define DAY (24 * HOUR)

typedef struct {
	const char *maildir;
	const sm_demo_repo *repo;
	gint64 now;
	guint serial;
	GPtrArray *out;   /* sm_demo_message* */
	GError **error;
} writer;

typedef struct {
	const char *from;
	const char *to;       /* addresses separated by ", " */
	const char *cc;       /* the same, or NULL */
	const char *subject;
	gint64 date;
	int tz;               /* hours east of UTC */
	const char *id;       /* Message-ID without brackets */
	const char *parent;   /* In-Reply-To, or NULL */
	const char *refs;     /* References, space-separated; NULL: the parent */
	const char *headers;  /* more header lines, each ending in "\n" */
	const char *body;
	gboolean seen;
	const char *tag;      /* one more notmuch tag, or NULL */
} demo_mail;

static const char *const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static GDateTime *local_time(gint64 t, int tz)
{
	GDateTime *utc = g_date_time_new_from_unix_utc(t);
	GTimeZone *zone = g_time_zone_new_offset(tz * 3600);
	GDateTime *local = g_date_time_to_timezone(utc, zone);
	g_time_zone_unref(zone);
	g_date_time_unref(utc);
	return local;
}

/* RFC 5322 date, in English whatever the locale. */
static char *mail_date(gint64 t, int tz)
{
	GDateTime *d = local_time(t, tz);
	char *s = g_strdup_printf("%s, %d %s %d %02d:%02d:%02d %c%02d00",
	                          days[g_date_time_get_day_of_week(d) - 1],
	                          g_date_time_get_day_of_month(d),
	                          months[g_date_time_get_month(d) - 1], g_date_time_get_year(d),
	                          g_date_time_get_hour(d), g_date_time_get_minute(d),
	                          g_date_time_get_second(d), tz < 0 ? '-' : '+', ABS(tz));
	g_date_time_unref(d);
	return s;
}

/* "On Mon, Nov 17, 2026 at 09:12:03AM -0500, Sasha Levin wrote:" */
static char *attribution(gint64 t, int tz, const char *who)
{
	GDateTime *d = local_time(t, tz);
	int hour = g_date_time_get_hour(d) % 12;
	const char *lt = strchr(who, '<');
	char *name = lt ? g_strstrip(g_strndup(who, (gsize)(lt - who))) : g_strdup(who);
	char *s = g_strdup_printf("On %s, %s %02d, %d at %02d:%02d:%02d%s %c%02d00, %s wrote:",
	                          days[g_date_time_get_day_of_week(d) - 1],
	                          months[g_date_time_get_month(d) - 1],
	                          g_date_time_get_day_of_month(d), g_date_time_get_year(d),
	                          hour ? hour : 12, g_date_time_get_minute(d),
	                          g_date_time_get_second(d),
	                          g_date_time_get_hour(d) < 12 ? "AM" : "PM",
	                          tz < 0 ? '-' : '+', ABS(tz), name);
	g_free(name);
	g_date_time_unref(d);
	return s;
}

/* An address with a non-ASCII name as an RFC 2047 encoded word. */
static void append_address(GString *out, const char *address)
{
	const char *lt = strchr(address, '<');
	gboolean ascii = TRUE;
	for (const char *p = address; lt && p < lt; p++)
		ascii = ascii && !((guchar)*p & 0x80);
	if (ascii) {
		g_string_append(out, address);
		return;
	}
	g_string_append(out, "=?UTF-8?q?");
	const char *end = lt;
	while (end > address && end[-1] == ' ')
		end--;
	for (const char *p = address; p < end; p++) {
		guchar c = (guchar)*p;
		if (c == ' ')
			g_string_append_c(out, '_');
		else if (g_ascii_isalnum(c))
			g_string_append_c(out, (char)c);
		else
			g_string_append_printf(out, "=%02X", c);
	}
	g_string_append_printf(out, "?= %s", lt);
}

/* "Name: value", folded before 78 columns the way mailers do. */
static void append_header(GString *out, const char *name, const char *value)
{
	gsize start = out->len;
	g_string_append_printf(out, "%s: ", name);
	char **words = g_strsplit(value, " ", -1);
	gsize line = out->len - start;
	for (char **w = words; *w; w++) {
		gsize len = strlen(*w);
		if (w != words) {
			if (line + 1 + len > 78) {
				g_string_append(out, "\n\t");
				line = 8;
			} else {
				g_string_append_c(out, ' ');
				line++;
			}
		}
		g_string_append(out, *w);
		char *nl = strrchr(*w, '\n');
		line = nl ? strlen(nl + 1) + 8 : line + len;
	}
	g_string_append_c(out, '\n');
	g_strfreev(words);
}

static void append_addresses(GString *out, const char *name, const char *list)
{
	GString *value = g_string_new(NULL);
	char **items = g_strsplit(list, ", ", -1);
	for (char **i = items; *i; i++) {
		if (i != items)
			g_string_append(value, ",\n\t");
		append_address(value, *i);
	}
	g_string_append_printf(out, "%s: %s\n", name, value->str);
	g_strfreev(items);
	g_string_free(value, TRUE);
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

/* Write M to the maildir: read mail in cur/ with the S flag, new mail in
 * new/, as a mail client leaves them.  Returns M's id. */
static const char *put(writer *w, const demo_mail *m)
{
	if (*w->error)
		return m->id;
	GString *text = g_string_new(NULL);
	append_addresses(text, "From", m->from);
	append_addresses(text, "To", m->to);
	if (m->cc)
		append_addresses(text, "Cc", m->cc);
	append_header(text, "Subject", m->subject);
	char *date = mail_date(m->date, m->tz);
	g_string_append_printf(text, "Date: %s\nMessage-ID: <%s>\n", date, m->id);
	g_free(date);
	if (m->parent) {
		g_string_append_printf(text, "In-Reply-To: <%s>\n", m->parent);
		GString *refs = g_string_new(NULL);
		char **ids = g_strsplit(m->refs ? m->refs : m->parent, " ", -1);
		for (char **i = ids; *i; i++)
			g_string_append_printf(refs, "%s<%s>", i == ids ? "" : " ", *i);
		append_header(text, "References", refs->str);
		g_strfreev(ids);
		g_string_free(refs, TRUE);
	}
	g_string_append(text, "MIME-Version: 1.0\n"
	                      "Content-Type: text/plain; charset=UTF-8\n"
	                      "Content-Transfer-Encoding: 8bit\n");
	if (m->headers)
		g_string_append(text, m->headers);
	g_string_append_printf(text, "\n%s", m->body);

	guint n = ++w->serial;
	char *name = g_strdup_printf("%" G_GINT64_FORMAT ".M%uP%u.stablemate-demo%s", m->date,
	                             n, 4200 + n, m->seen ? ":2,S" : "");
	char *path = g_build_filename(w->maildir, m->seen ? "cur" : "new", name, NULL);
	if (g_file_set_contents(path, text->str, (gssize)text->len, w->error))
		g_ptr_array_add(w->out, message_new(path, m->id, m->seen, m->tag));
	g_free(path);
	g_free(name);
	g_string_free(text, TRUE);
	return m->id;
}

/* Message-ids in the shapes each sender's tools make, from the date. */
static char *stamp(gint64 t, const char *format)
{
	GDateTime *d = g_date_time_new_from_unix_utc(t);
	char *s = g_date_time_format(d, format);
	g_date_time_unref(d);
	return s;
}

/* quilt, as the review series: 20261121120015.123456789@linuxfoundation.org */
static char *id_quilt(writer *w, gint64 t)
{
	char *head = stamp(t, "%Y%m%d%H%M%S");
	char *id = g_strdup_printf("%s.%09u@linuxfoundation.org", head,
	                           (guint)((t * 7919u + ++w->serial * 104729u) % 1000000000u));
	g_free(head);
	return id;
}

/* git send-email, as Sasha's: 20261117141203.3512345-2-sashal@kernel.org */
static char *id_sasha(gint64 t, guint pid, int n)
{
	char *head = stamp(t, "%Y%m%d%H%M%S");
	char *id = g_strdup_printf("%s.%u-%d-sashal@kernel.org", head, pid, n);
	g_free(head);
	return id;
}

/* Greg's scripts and mutt: 2026111745-unmoved-quiver-0b3f@gregkh */
static char *id_gregkh(writer *w, gint64 t)
{
	static const char *const first[] = { "unmoved", "sturdy", "overtone", "dreamt",
	                                     "entering", "residence", "uphill", "limb" };
	static const char *const second[] = { "quiver", "cupping", "stank", "curtly",
	                                      "unworldly", "alkalize", "backwash", "fondling" };
	char *head = stamp(t, "%Y%m%d");
	guint n = ++w->serial;
	char *id = g_strdup_printf("%s%02u-%s-%s-%04x@gregkh", head, (guint)(t / 60 % 60),
	                           first[n % 8], second[(n / 8 + n) % 8],
	                           (guint)((t ^ (n * 2654435761u)) & 0xffff));
	g_free(head);
	return id;
}

/* A mail client's: base-62 from the date, at the sender's host. */
static char *id_human(writer *w, gint64 t, const char *host)
{
	static const char digits[] =
		"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	guint64 x = (guint64)t * 6364136223846793005u + ++w->serial * 1442695040888963407u;
	char local[17];
	for (int i = 0; i < 16; i++) {
		local[i] = digits[x % 62];
		x = x / 62 + (guint64)i * 2862933555777941757u;
	}
	local[16] = '\0';
	return g_strdup_printf("%s@%s", local, host);
}

/* TEXT quoted with "> " (">" alone on empty lines). */
static char *quote(const char *text, int max_lines)
{
	GString *out = g_string_new(NULL);
	char **lines = g_strsplit(text, "\n", -1);
	int n = 0;
	for (char **l = lines; *l && n < max_lines; l++, n++) {
		if (!l[1] && !**l)
			break;
		g_string_append_printf(out, **l ? "> %s\n" : ">\n", *l);
	}
	g_strfreev(lines);
	return g_string_free(out, FALSE);
}

static const sm_demo_commit *commit(writer *w, const char *key)
{
	return sm_demo_commit_get(w->repo, key);
}

/* The file name git format-patch and quilt give a patch. */
static char *patch_slug(const char *subject)
{
	GString *s = g_string_new(NULL);
	for (const char *p = subject; *p && s->len < 52; p++) {
		if (g_ascii_isalnum(*p))
			g_string_append_c(s, g_ascii_tolower(*p));
		else if (s->len && s->str[s->len - 1] != '-')
			g_string_append_c(s, '-');
	}
	while (s->len && s->str[s->len - 1] == '-')
		g_string_truncate(s, s->len - 1);
	g_string_append(s, ".patch");
	return g_string_free(s, FALSE);
}

/* "From: author\n\n[ Upstream commit X ]\n\nmessage" as a backport
 * carries it; UPSTREAM_LINE chooses Sasha's or Greg's form. */
static char *backport_text(const sm_demo_commit *c, gboolean greg_form, const char *signer)
{
	GString *s = g_string_new(NULL);
	g_string_append_printf(s, "From: %s\n\n", c->author);
	if (greg_form)
		g_string_append_printf(s, "commit %s upstream.\n\n", c->id);
	else
		g_string_append_printf(s, "[ Upstream commit %s ]\n\n", c->id);
	g_string_append(s, c->body);
	if (signer)
		g_string_append_printf(s, "Signed-off-by: %s\n", signer);
	g_string_append(s, c->diff);
	return g_string_free(s, FALSE);
}

/* The diffstat lines of C's patch (" mm/pool.c | 3 ++-"). */
static void append_stat(GString *out, const sm_demo_commit *c, guint *files, guint *plus,
                        guint *minus)
{
	char **lines = g_strsplit(c->diff, "\n", -1);
	for (char **l = lines + 1; *l && **l; l++) {
		guint f, a = 0, d = 0;
		if (sscanf(*l, " %u file", &f) == 1) {
			const char *ins = strstr(*l, "insertion");
			const char *del = strstr(*l, "deletion");
			if (ins)
				sscanf(strchr(*l, ',') + 2, "%u", &a);
			if (del)
				sscanf(strrchr(*l, ',') + 2, "%u", &d);
			*files += f;
			*plus += a;
			*minus += d;
		} else {
			g_string_append_printf(out, "%s\n", *l);
		}
	}
	g_strfreev(lines);
}

static const char *autosel_note(const char *key)
{
	if (!strcmp(key, "leakfix"))
		return "The pool statistics go negative after every failed pool_create(), and\n"
		       "the fix is one line on the error path that the previous fix added.";
	if (!strcmp(key, "offload"))
		return "The change only flips a module parameter default and is small and\n"
		       "self-contained, with a low risk of regression.";
	if (!strcmp(key, "quirk"))
		return "New device ids are routinely accepted in stable: this only adds an\n"
		       "entry to the id table.";
	return "It fixes a user-visible bug (entries past the end of a directory are\n"
	       "returned to userspace) with a one-character change.";
}

/* The last message put, by id (owned by W). */
static const char *last_id(writer *w)
{
	return w->out->len ? ((sm_demo_message *)w->out->pdata[w->out->len - 1])->message_id : "";
}

/* [PATCH AUTOSEL TREES N/M] from Sasha. */
static const char *autosel(writer *w, const char *key, const char *trees, int n, int of,
                           gint64 t, guint pid, const char *cc, const char *base)
{
	const sm_demo_commit *c = commit(w, key);
	char *number = of ? g_strdup_printf(" %02d/%02d", n, of) : g_strdup("");
	char *subject = g_strdup_printf("[PATCH AUTOSEL %s%s] %s", trees, number, c->subject);
	char *id = id_sasha(t, pid, n);
	char *parent = n > 1 ? id_sasha(t, pid, 1) : NULL;
	char *headers = g_strdup_printf("X-Mailer: git-send-email 2.51.0\n"
	                                "X-stable: review\n"
	                                "X-Patchwork-Hint: Ignore\n"
	                                "X-stable-base: %s\n", base);
	GString *body = g_string_new(NULL);
	g_string_append_printf(body, "From: %s\n\n[ Upstream commit %s ]\n\n%s"
	                       "Signed-off-by: " SASHA "\n---\n\n"
	                       "LLM Generated explanations, may be completely bogus:\n\n"
	                       "**YES**\n\n%s\n\n%s",
	                       c->author, c->id, c->body, autosel_note(key), c->diff + 4);
	char *cc_all = g_strdup_printf(SASHA ", %s, %s", c->author, cc);
	demo_mail m = { .from = SASHA, .to = PATCHES ", " STABLE, .cc = cc_all,
	                .subject = subject, .date = t, .tz = -5, .id = id, .parent = parent,
	                .headers = headers, .body = body->str,
	                .seen = !strcmp(key, "quirk"),
	                .tag = !strcmp(key, "quirk") ? "stablemate/approved" : NULL };
	put(w, &m);
	const char *kept = last_id(w);
	g_free(number);
	g_free(subject);
	g_free(id);
	g_free(parent);
	g_free(headers);
	g_free(cc_all);
	g_string_free(body, TRUE);
	return kept;
}


/* 'Patch "X" has been added to the 6.6-stable tree' from Greg's scripts,
 * quoting the queued patch: the upstream commit KEY, or a hand-made
 * backport of it (BACKPORT, which names KEY itself). */
static const char *added(writer *w, const char *key, const char *backport, const char *tree,
                         gint64 t, const char *to)
{
	const sm_demo_commit *c = commit(w, key);
	const sm_demo_commit *queued = backport ? commit(w, backport) : c;
	char *subject = g_strdup_printf("Patch \"%s\" has been added to the %s-stable tree",
	                                c->subject, tree);
	char *slug = patch_slug(c->subject);
	char *id = id_gregkh(w, t);
	char *from_line = g_strdup_printf("From %s Mon Sep 17 00:00:00 2001", c->id);
	const char *email_from = strstr(queued->email, "\nFrom: ");
	const char *email_body = strstr(queued->email, "\n\n");
	char *headers_part = g_strndup(email_from + 1, (gsize)(email_body - email_from));
	char *text = queued == c ? backport_text(c, TRUE, GREG)
	             : g_strdup_printf("From: %s\n\n%sSigned-off-by: " GREG "\n%s",
	                               queued->author, queued->body, queued->diff);
	char *lt = strchr(c->author, '<');
	char *who = g_strndup(lt + 1, strlen(lt + 1) - 1);
	char *body = g_strdup_printf(
		"\nThis is a note to let you know that I've just added the patch titled\n\n"
		"    %s\n\n"
		"to the %s-stable tree which can be found at:\n"
		"    http://www.kernel.org/git/?p=linux/kernel/git/stable/stable-queue.git;a=summary\n\n"
		"The filename of the patch is:\n"
		"     %s\n"
		"and it can be found in the queue-%s subdirectory.\n\n"
		"If you, or anyone else, feels it should not be added to the stable tree,\n"
		"please let <stable@vger.kernel.org> know about it.\n\n\n"
		"%s\n%s\n%s\n\n"
		"Patches currently in stable-queue which might be from %s are\n\n"
		"queue-%s/%s\n",
		c->subject, tree, slug, tree, from_line, headers_part, text, who, tree, slug);
	demo_mail m = { .from = GREG_BOT, .to = to, .cc = "stable-commits@vger.kernel.org", .subject = subject, .date = t,
	                .tz = 1, .id = id,
	                .headers = "X-stable: commit\nX-Patchwork-Hint: ignore\n",
	                .body = body, .seen = t < w->now - 5 * DAY };
	put(w, &m);
	g_free(subject);
	g_free(slug);
	g_free(id);
	g_free(from_line);
	g_free(headers_part);
	g_free(text);
	g_free(who);
	g_free(body);
	return last_id(w);
}

/* FAILED: patch "[PATCH] X" failed to apply to 6.1-stable tree. */
static const char *failed(writer *w, const char *key, const char *tree, gint64 t,
                          const char *to, const char *const *deps)
{
	const sm_demo_commit *c = commit(w, key);
	char *subject = g_strdup_printf("FAILED: patch \"[PATCH] %s\" failed to apply to "
	                                "%s-stable tree", c->subject, tree);
	char *id = id_gregkh(w, t);
	GString *possible = g_string_new(NULL);
	for (const char *const *d = deps; *d; d++) {
		const sm_demo_commit *dep = commit(w, *d);
		g_string_append_printf(possible, "%.12s (\"%s\")\n", dep->id, dep->subject);
	}
	char *body = g_strdup_printf(
		"\nThe patch below does not apply to the %s-stable tree.\n"
		"If someone wants it applied there, or to any other stable or longterm\n"
		"tree, then please email the backport, including the original git commit\n"
		"id to <stable@vger.kernel.org>.\n\n"
		"To reproduce the conflict and resubmit, you may use the following commands:\n\n"
		"git fetch https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/ linux-%s.y\n"
		"git checkout FETCH_HEAD\n"
		"git cherry-pick -x %s\n"
		"# <resolve conflicts, build, test, etc.>\n"
		"git commit -s\n"
		"git send-email --to '<stable@vger.kernel.org>' --in-reply-to '%s' "
		"--subject-prefix 'PATCH %s.y' HEAD^..\n\n"
		"Possible dependencies:\n\n%s\n\n"
		"thanks,\n\ngreg k-h\n\n"
		"------------------ original commit in Linus's tree ------------------\n\n%s",
		tree, tree, c->id, id, tree, possible->str, c->email);
	demo_mail m = { .from = GREG_BOT, .to = to, .cc = "<" STABLE ">", .subject = subject,
	                .date = t, .tz = 1, .id = id, .body = body };
	put(w, &m);
	g_free(subject);
	g_free(id);
	g_string_free(possible, TRUE);
	g_free(body);
	return last_id(w);
}

typedef struct {
	const char *tree;
	const char *release;   /* "6.12.60" */
	int patches;           /* the series size */
	gint64 date;
	gint64 deadline;
	const char *const *keys; /* commits in the series, as shown */
	const int *numbers;      /* their numbers in the series */
} review;

/* "[PATCH 6.12 000/142] 6.12.60-rc1 review" and the patches under it. */
static const char *review_series(writer *w, const review *r)
{
	char *cover_id = id_quilt(w, r->date);
	char *subject = g_strdup_printf("[PATCH %s 000/%03d] %s-rc1 review", r->tree, r->patches,
	                                r->release);
	GString *shortlog = g_string_new("Greg Kroah-Hartman <gregkh@linuxfoundation.org>\n");
	g_string_append_printf(shortlog, "    Linux %s-rc1\n\n", r->release);
	GString *stat = g_string_new(" Makefile                                    |  4 ++--\n");
	guint files = 1, plus = 2, minus = 2;
	for (const char *const *k = r->keys; *k; k++) {
		const sm_demo_commit *c = commit(w, *k);
		g_string_append_printf(shortlog, "%s\n    %s\n\n", c->author, c->subject);
		append_stat(stat, c, &files, &plus, &minus);
	}
	char *deadline = mail_date(r->deadline, 0);
	char *body = g_strdup_printf(
		"This is the start of the stable review cycle for the %s release.\n"
		"There are %d patches in this series, all will be posted as a response\n"
		"to this one.  If anyone has any issues with these being applied, please\n"
		"let me know.\n\n"
		"Responses should be made by %s.\n"
		"Anything received after that time might be too late.\n\n"
		"The whole patch series can be found in one patch at:\n"
		"\thttps://www.kernel.org/pub/linux/kernel/v6.x/stable-review/patch-%s-rc1.gz\n"
		"or in the git tree and branch at:\n"
		"\tgit://git.kernel.org/pub/scm/linux/kernel/git/stable/linux-stable-rc.git linux-%s.y\n"
		"and the diffstat can be found below.\n\n"
		"thanks,\n\ngreg k-h\n\n"
		"-------------\nPseudo-Shortlog of commits:\n\n%s\n"
		"-------------\n\nDiffstat:\n\n%s %u files changed, %u insertions(+), %u deletions(-)\n\n",
		r->release, r->patches, deadline, r->release, r->tree, shortlog->str, stat->str,
		files, plus, minus);
	char *headers = g_strdup_printf(
		"User-Agent: quilt/0.68\n"
		"X-stable: review\n"
		"X-Patchwork-Hint: ignore\n"
		"X-KernelTest-Patch: http://kernel.org/pub/linux/kernel/v6.x/stable-review/patch-%s-rc1.gz\n"
		"X-KernelTest-Tree: git://git.kernel.org/pub/scm/linux/kernel/git/stable/linux-stable-rc.git\n"
		"X-KernelTest-Branch: linux-%s.y\n"
		"X-KernelTest-Version: %s-rc1\n",
		r->release, r->tree, r->release);
	demo_mail cover = { .from = GREG, .to = STABLE,
	                    .cc = GREG ", " PATCHES ", " LKML ", torvalds@linux-foundation.org, "
	                          "akpm@linux-foundation.org, linux@roeck-us.net, " RAVI,
	                    .subject = subject, .date = r->date, .tz = 1, .id = cover_id,
	                    .headers = headers, .body = body,
	                    .seen = r->deadline < w->now };
	put(w, &cover);
	const char *kept = last_id(w);

	for (int i = 0; r->keys[i]; i++) {
		const sm_demo_commit *c = commit(w, r->keys[i]);
		gint64 t = r->date + 2 + i;
		char *id = id_quilt(w, t);
		char *psubject = g_strdup_printf("[PATCH %s %03d/%03d] %s", r->tree, r->numbers[i],
		                                 r->patches, c->subject);
		/* The 6.6 copy of desclen is Tomás's backport, as queued. */
		const char *key = !strcmp(r->tree, "6.6") && !strcmp(r->keys[i], "desclen")
		                  ? "desclen-6.6" : r->keys[i];
		const sm_demo_commit *shown = commit(w, key);
		char *text = shown == c ? backport_text(c, FALSE, SASHA)
		                        : g_strdup_printf("From: %s\n\n%s%s", shown->author,
		                                          shown->body, shown->diff);
		char *pbody = g_strdup_printf("%s-stable review patch.  If anyone has any objections, "
		                              "please let me know.\n\n------------------\n\n%s",
		                              r->tree, text);
		char *cc = g_strdup_printf(GREG ", " PATCHES ", %s", c->author);
		demo_mail patch = { .from = GREG, .to = STABLE, .cc = cc, .subject = psubject,
		                    .date = t, .tz = 1, .id = id, .parent = kept,
		                    .headers = "User-Agent: quilt/0.68\nX-stable: review\n"
		                               "X-Patchwork-Hint: ignore\n",
		                    .body = pbody, .seen = cover.seen };
		put(w, &patch);
		g_free(id);
		g_free(psubject);
		g_free(text);
		g_free(pbody);
		g_free(cc);
	}
	g_free(cover_id);
	g_free(subject);
	g_string_free(shortlog, TRUE);
	g_string_free(stat, TRUE);
	g_free(deadline);
	g_free(body);
	g_free(headers);
	return kept;
}

/* "Linux 6.1.159": the release announcement. */
static void release(writer *w, const char *version, const char *tree, gint64 t,
                    const char *const *keys, gboolean seen)
{
	char *id = id_gregkh(w, t);
	char *subject = g_strdup_printf("Linux %s", version);
	GString *log = g_string_new(NULL);
	GString *stat = g_string_new(" Makefile                                    |  2 +-\n");
	guint files = 1, plus = 1, minus = 1;
	for (const char *const *k = keys; *k; k++) {
		const sm_demo_commit *c = commit(w, *k);
		char *lt = strchr(c->author, '<');
		g_string_append_printf(log, "%.*s(1):\n      %s\n\n", (int)(lt - c->author),
		                       c->author, c->subject);
		append_stat(stat, c, &files, &plus, &minus);
	}
	char *body = g_strdup_printf(
		"I'm announcing the release of the %s kernel.\n\n"
		"All users of the %s kernel series must upgrade.\n\n"
		"The updated %s.y git tree can be found at:\n"
		"\tgit://git.kernel.org/pub/scm/linux/kernel/git/stable/linux-stable.git linux-%s.y\n"
		"and can be browsed at the normal kernel.org git web browser:\n"
		"\thttps://git.kernel.org/?p=linux/kernel/git/stable/linux-stable.git;a=summary\n\n"
		"thanks,\n\ngreg k-h\n\n------------\n\n"
		"%s %u files changed, %u insertions(+), %u deletions(-)\n\n%s"
		"Greg Kroah-Hartman (1):\n      Linux %s\n\n",
		version, tree, tree, tree, stat->str, files, plus, minus, log->str, version);
	demo_mail m = { .from = GREG, .to = LKML ", akpm@linux-foundation.org, "
	                                "torvalds@linux-foundation.org, " STABLE,
	                .cc = "lwn@lwn.net, jslaby@suse.cz, " GREG, .subject = subject,
	                .date = t, .tz = 1, .id = id, .body = body, .seen = seen };
	put(w, &m);
	g_free(id);
	g_free(subject);
	g_string_free(log, TRUE);
	g_string_free(stat, TRUE);
	g_free(body);
}

/* A human's reply to PARENT (whose text is QUOTED), saying SAYS. */
static const char *reply(writer *w, const char *from, const char *id, const char *to,
                         const char *cc, const char *subject, gint64 t, int tz,
                         const char *parent, const char *refs, const char *quoted_from,
                         gint64 quoted_date, int quoted_tz, const char *quoted,
                         const char *says)
{
	char *re = g_str_has_prefix(subject, "Re: ") ? g_strdup(subject)
	                                             : g_strdup_printf("Re: %s", subject);
	char *attr = attribution(quoted_date, quoted_tz, quoted_from);
	char *q = quote(quoted, 18);
	char *body = g_strdup_printf("%s\n%s\n%s", attr, q, says);
	demo_mail m = { .from = from, .to = to, .cc = cc, .subject = re, .date = t, .tz = tz,
	                .id = id, .parent = parent, .refs = refs, .body = body,
	                .seen = t < w->now - 3 * DAY };
	put(w, &m);
	g_free(re);
	g_free(attr);
	g_free(q);
	g_free(body);
	return last_id(w);
}

/* Mail that is not a stable notification: a maintainer's inbox has it. */
static void noise(writer *w, gint64 now)
{
	const sm_demo_commit *quirk = commit(w, "quirk");
	char *id = id_human(w, now - 2 * DAY, "example.com");
	demo_mail patch = {
		.from = IAN, .to = MIRA ", " NETDEV, .cc = LKML,
		.subject = "[PATCH net-next] net: acme: report the ring size in ethtool",
		.date = now - 2 * DAY, .tz = 0, .id = id,
		.body = "Report the RX and TX ring sizes through ethtool -g, so that users can\n"
		        "see what the driver picked.\n\n"
		        "Signed-off-by: " IAN "\n---\n"
		        " drivers/net/ethernet/acme/acme_main.c | 12 ++++++++++++\n"
		        " 1 file changed, 12 insertions(+)\n" };
	put(w, &patch);
	g_free(id);

	id = id_human(w, now - 30 * HOUR, "example.com");
	char *body = g_strdup_printf(
		"widget_probe() allocates the interface data before parsing the\n"
		"descriptors and never frees it when parsing fails.\n\n"
		"Fixes: %.12s (\"%s\")\n"
		"Cc: stable@vger.kernel.org\n"
		"Signed-off-by: " TOMAS "\n---\n"
		" drivers/usb/misc/widget.c | 5 ++++-\n"
		" 1 file changed, 4 insertions(+), 1 deletion(-)\n",
		quirk->id, quirk->subject);
	demo_mail fix = {
		.from = TOMAS, .to = HANA ", " USB, .cc = STABLE ", " LKML,
		.subject = "[PATCH] usb: widget: fix a memory leak in widget_probe()",
		.date = now - 30 * HOUR, .tz = 1, .id = id, .body = body };
	put(w, &fix);
	g_free(id);
	g_free(body);

	id = id_human(w, now - 3 * DAY, "example.org");
	demo_mail pull = {
		.from = HANA, .to = "torvalds@linux-foundation.org", .cc = USB ", " LKML,
		.subject = "[GIT PULL] USB fixes for 6.18-rc7",
		.date = now - 3 * DAY, .tz = 9, .id = id, .seen = TRUE,
		.body = "The following changes since commit 1d2f0b3a4c5e6f708192a3b4c5d6e7f8091a2b3c:\n\n"
		        "  Linux 6.18-rc6 (Sun Nov 16 14:52:30 2025 -0800)\n\n"
		        "are available in the Git repository at:\n\n"
		        "  git://git.kernel.org/pub/scm/linux/kernel/git/hana/usb.git tags/usb-6.18-rc7\n\n"
		        "Here are some small USB fixes for 6.18-rc7: a descriptor length check\n"
		        "for the widget driver and a new device id.\n\n"
		        "All have been in linux-next with no reported issues.\n" };
	put(w, &pull);
	g_free(id);
}

GPtrArray *sm_demo_mail_write(const char *mail, const sm_demo_repo *repo, gint64 now,
                              GError **error)
{
	GError *err = NULL;
	writer w = { .maildir = mail, .repo = repo, .now = now, .error = &err,
	             .out = g_ptr_array_new() };
	const gint64 N = now;

	/* A week ago: the last 6.12 release, and Sasha's AUTOSEL round. */
	static const char *const in_6_12_59[] = { "leak", NULL };
	release(&w, "6.12.59", "6.12", N - 9 * DAY, in_6_12_59, TRUE);
	gint64 sel = N - 6 * DAY - 5 * HOUR;
	const char *first = autosel(&w, "leakfix", "6.12", 1, 3, sel, 3512345, HANA ", " MM,
	                            "Linux 6.12.59");
	const char *offload12 = autosel(&w, "offload", "6.12", 2, 3, sel, 3512345,
	                                MIRA ", " NETDEV, "Linux 6.12.59");
	autosel(&w, "quirk", "6.12", 3, 3, sel, 3512345, HANA ", " USB, "Linux 6.12.59");
	autosel(&w, "leakfix", "6.6", 1, 2, sel + 60, 3512601, HANA ", " MM, "Linux 6.6.117");
	autosel(&w, "offload", "6.6", 2, 2, sel + 60, 3512601, MIRA ", " NETDEV, "Linux 6.6.117");

	/* The maintainer NAKs the offload change; Sasha drops it. */
	const sm_demo_commit *offload = commit(&w, "offload");
	char *nak_id = id_human(&w, sel + 20 * HOUR, "example.org");
	char *refs = g_strdup_printf("%s %s", first, offload12);
	char *quoted = g_strdup_printf("From: %s\n\n[ Upstream commit %s ]\n\n%s", offload->author,
	                               offload->id, offload->body);
	const char *nak = reply(&w, MIRA, nak_id, SASHA, PATCHES ", " STABLE ", " IAN ", " NETDEV,
	                        "[PATCH AUTOSEL 6.12 02/03] net: acme: enable the RX checksum "
	                        "offload by default", sel + 20 * HOUR, 2, offload12, refs, SASHA,
	                        sel, -5, quoted,
	                        "\nNAK.  This is a change of default behaviour, not a fix: boards\n"
	                        "whose firmware mangles checksums would start dropping packets after\n"
	                        "a stable update.  Please drop it from all stable trees.\n\n"
	                        "Thanks,\nMira\n");
	char *drop_id = id_human(&w, sel + 2 * DAY, "sashalap");
	char *refs2 = g_strdup_printf("%s %s", refs, nak);
	reply(&w, SASHA, drop_id, MIRA, PATCHES ", " STABLE ", " IAN ", " NETDEV,
	      "[PATCH AUTOSEL 6.12 02/03] net: acme: enable the RX checksum offload by default",
	      sel + 2 * DAY, -5, nak, refs2, MIRA, sel + 20 * HOUR, 2,
	      "NAK.  This is a change of default behaviour, not a fix: boards\n"
	      "whose firmware mangles checksums would start dropping packets after\n"
	      "a stable update.  Please drop it from all stable trees.\n",
	      "\nI'll drop it, thanks!\n\n-- \nThanks,\nSasha\n");
	g_free(nak_id);
	g_free(drop_id);
	g_free(refs2);
	g_free(quoted);

	/* Greg's queue: added notes and FAILED notices. */
	added(&w, "leak", NULL, "6.1", N - 6 * DAY, CAROL ", " HANA);
	added(&w, "desclen", NULL, "6.12", N - 5 * DAY - 3 * HOUR, TOMAS ", " HANA);
	added(&w, "leak", NULL, "6.6", N - 5 * DAY - 2 * HOUR, CAROL ", " HANA);
	static const char *const desclen_deps[] = { "desclen", "rework", NULL };
	const char *failed66 = failed(&w, "desclen", "6.6", N - 5 * DAY - 3 * HOUR + 40,
	                              TOMAS ", " HANA, desclen_deps);
	failed(&w, "desclen", "6.1", N - 5 * DAY - 3 * HOUR + 42, TOMAS ", " HANA, desclen_deps);
	added(&w, "deref", NULL, "6.12", N - 4 * DAY - 6 * HOUR, MIRA ", " IAN);
	added(&w, "deref", NULL, "6.6", N - 4 * DAY - 6 * HOUR + 30, MIRA ", " IAN);
	static const char *const deref_deps[] = { "deref", "stats", NULL };
	failed(&w, "deref", "6.1", N - 4 * DAY - 6 * HOUR + 50, MIRA ", " IAN, deref_deps);
	const char *helper_added = added(&w, "helper", NULL, "6.6", N - 4 * DAY - 5 * HOUR,
	                                 IAN ", " MIRA);

	/* The helper cleanup should not have been queued: objection, drop. */
	const sm_demo_commit *helper = commit(&w, "helper");
	char *helper_subject = g_strdup_printf(
		"Patch \"%s\" has been added to the 6.6-stable tree", helper->subject);
	char *objection_id = id_human(&w, N - 3 * DAY - 20 * HOUR, "example.org");
	char *added_text = g_strdup_printf(
		"This is a note to let you know that I've just added the patch titled\n\n"
		"    %s\n\n"
		"to the 6.6-stable tree which can be found at:\n"
		"    http://www.kernel.org/git/?p=linux/kernel/git/stable/stable-queue.git;a=summary\n",
		helper->subject);
	const char *objection = reply(
		&w, MIRA, objection_id, GREG, STABLE ", stable-commits@vger.kernel.org, " IAN,
		helper_subject, N - 3 * DAY - 20 * HOUR, 2, helper_added, NULL, GREG,
		N - 4 * DAY - 5 * HOUR, 1, added_text,
		"\nThis is a cleanup, not a fix, and it rewrites the code that\n"
		"\"net: acme: fix a NULL dereference in acme_rx()\" touches, which is not\n"
		"in 6.6 yet.  Please drop it from the 6.6 queue.\n\nThanks,\nMira\n");
	char *dropped_id = id_gregkh(&w, N - 3 * DAY - 2 * HOUR);
	char *refs3 = g_strdup_printf("%s %s", helper_added, objection);
	reply(&w, GREG_KH, dropped_id, MIRA, STABLE ", stable-commits@vger.kernel.org, " IAN,
	      helper_subject, N - 3 * DAY - 2 * HOUR, 1, objection, refs3, MIRA,
	      N - 3 * DAY - 20 * HOUR, 2,
	      "This is a cleanup, not a fix, and it rewrites the code that\n"
	      "\"net: acme: fix a NULL dereference in acme_rx()\" touches, which is not\n"
	      "in 6.6 yet.  Please drop it from the 6.6 queue.\n",
	      "\nNow dropped, thanks!\n\ngreg k-h\n");
	g_free(helper_subject);
	g_free(objection_id);
	g_free(added_text);
	g_free(dropped_id);
	g_free(refs3);

	/* Tomás answers the 6.6 FAILED notice with a backport; Greg queues it. */
	const sm_demo_commit *bp = commit(&w, "desclen-6.6");
	gint64 bp_date = N - 4 * DAY + 3 * HOUR;
	char *bp_id = id_human(&w, bp_date, "example.com");
	char *bp_body = g_strdup_printf("%s%s", bp->body, bp->diff);
	char *bp_subject = g_strdup_printf("[PATCH 6.6.y] %s", bp->subject);
	demo_mail backport = { .from = TOMAS, .to = STABLE, .cc = HANA ", " GREG,
	                       .subject = bp_subject, .date = bp_date, .tz = 1, .id = bp_id,
	                       .parent = failed66, .headers = "X-Mailer: git-send-email 2.51.0\n",
	                       .body = bp_body };
	put(&w, &backport);
	const char *bp_kept = last_id(&w);
	char *queued_id = id_gregkh(&w, N - 3 * DAY - 12 * HOUR);
	char *refs4 = g_strdup_printf("%s %s", failed66, bp_kept);
	reply(&w, GREG_KH, queued_id, TOMAS, STABLE ", " HANA, bp_subject,
	      N - 3 * DAY - 12 * HOUR, 1, bp_kept, refs4, TOMAS, bp_date, 1, bp->body,
	      "\nNow queued up, thanks.\n\ngreg k-h\n");
	added(&w, "desclen", "desclen-6.6", "6.6", N - 3 * DAY - 12 * HOUR + 20, TOMAS ", " HANA);
	g_free(bp_id);
	g_free(bp_body);
	g_free(bp_subject);
	g_free(queued_id);
	g_free(refs4);

	/* Three review cycles: deadline passed (and released), under a day
	 * away, a few days out. */
	static const char *const r61[] = { "leak", NULL };
	static const int n61[] = { 19 };
	review cycle61 = { "6.1", "6.1.159", 77, N - 3 * DAY - 4 * HOUR,
	                   N - 1 * DAY - 4 * HOUR, r61, n61 };
	review_series(&w, &cycle61);
	static const char *const in_6_1_159[] = { "leak", NULL };
	release(&w, "6.1.159", "6.1", N - 10 * HOUR, in_6_1_159, FALSE);

	static const char *const r612[] = { "deref", "desclen", NULL };
	static const int n612[] = { 23, 87 };
	review cycle612 = { "6.12", "6.12.60", 142, N - 30 * HOUR, N + 18 * HOUR, r612, n612 };
	const char *cover612 = review_series(&w, &cycle612);
	char *tested_id = id_human(&w, N - 20 * HOUR, "example.net");
	reply(&w, RAVI, tested_id, GREG, STABLE ", " PATCHES ", " LKML,
	      "[PATCH 6.12 000/142] 6.12.60-rc1 review", N - 20 * HOUR, 5, cover612, NULL, GREG,
	      N - 30 * HOUR, 1,
	      "This is the start of the stable review cycle for the 6.12.60 release.\n"
	      "There are 142 patches in this series, all will be posted as a response\n"
	      "to this one.  If anyone has any issues with these being applied, please\n"
	      "let me know.\n",
	      "\nBuild results:\n\ttotal: 158 pass: 158 fail: 0\n"
	      "Qemu test results:\n\ttotal: 612 pass: 612 fail: 0\n\n"
	      "Tested-by: " RAVI "\n");
	g_free(tested_id);

	static const char *const r66[] = { "leak", "deref", "desclen", NULL };
	static const int n66[] = { 12, 45, 61 };
	review cycle66 = { "6.6", "6.6.118", 98, N - 6 * HOUR, N + 2 * DAY + 18 * HOUR, r66, n66 };
	review_series(&w, &cycle66);

	/* Yesterday: one AUTOSEL mail for every maintained tree from 6.12 to 6.1. */
	autosel(&w, "readdir", "6.12-6.1", 1, 0, N - 26 * HOUR, 2207713, LKML,
	        "Linux 6.12.59");

	noise(&w, N);
	g_free(refs);

	if (err) {
		g_propagate_error(error, err);
		g_ptr_array_set_free_func(w.out, (GDestroyNotify)sm_demo_message_free);
		g_ptr_array_unref(w.out);
		return NULL;
	}
	return w.out;
}
