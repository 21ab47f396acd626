/* recognise/scan.c - line and word scanners for recognition; see
 * recognise/private.h.
 *
 * Everything here is a hand-written scan over bytes: recognition runs on
 * every message of a mailbox, and these few shapes do not need a regex
 * engine.
 */
#include <stdio.h>
#include <string.h>
#include "private.h"

sm_lines *sm_lines_new(const char *body, gboolean stop_at_diff)
{
	sm_lines *ls = g_new0(sm_lines, 1);
	ls->lines = g_array_new(FALSE, FALSE, sizeof(sm_line));
	const char *p = body ? body : "";
	while (*p) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		const char *q = p, *r = p;
		int depth = 0;
		/* "> ", ">>", "> > " and " > " all quote. */
		while (r < end && *r == ' ' && r - p < 3)
			r++;
		if (r < end && *r == '>') {
			q = r;
			while (q < end && *q == '>') {
				depth++;
				q++;
				const char *s = q;
				while (s < end && *s == ' ')
					s++;
				if (s < end && *s == '>')
					q = s;
			}
		}
		int indent = 0;
		while (q < end && (*q == ' ' || *q == '\t')) {
			indent += *q == '\t' ? 8 : 1;
			q++;
		}
		const char *e = end;
		while (e > q && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		sm_line line = { q, (int)(e - q), depth, indent };
		if (stop_at_diff && depth == 0 && indent == 0 && (*q == 'd' || *q == 'D' || *q == '-') &&
		    (sm_has_prefix_ci(q, line.len, "diff --git ") ||
		     sm_has_prefix_ci(q, line.len, "--- a/")))
			break;
		g_array_append_val(ls->lines, line);
		if (!nl)
			break;
		p = nl + 1;
	}
	return ls;
}

void sm_lines_free(sm_lines *lines)
{
	if (!lines)
		return;
	g_array_unref(lines->lines);
	g_free(lines);
}

gboolean sm_has_prefix_ci(const char *s, int len, const char *prefix)
{
	int n = (int)strlen(prefix);
	return len >= n && g_ascii_strncasecmp(s, prefix, n) == 0;
}

const char *sm_memcasestr(const char *s, int len, const char *needle)
{
	int n = (int)strlen(needle);
	if (n == 0)
		return s;
	if (len < n)
		return NULL;
	/* Where the first byte folds to NEEDLE's: that byte, or its capital
	 * (an upper-case one folds to nothing).  memchr() finds each, so
	 * that a body is not folded a byte at a time. */
	char first = needle[0];
	if (g_ascii_isupper(first))
		return NULL;
	char capital = g_ascii_toupper(first);
	const char *end = s + len - n + 1; /* the last start, and one */
	const char *low = memchr(s, first, (gsize)(end - s));
	const char *high = capital != first ? memchr(s, capital, (gsize)(end - s)) : NULL;
	while (low || high) {
		gboolean is_low = low && (!high || low < high);
		const char *p = is_low ? low : high;
		if (g_ascii_strncasecmp(p + 1, needle + 1, (gsize)n - 1) == 0)
			return p;
		if (is_low)
			low = memchr(p + 1, first, (gsize)(end - p - 1));
		else
			high = memchr(p + 1, capital, (gsize)(end - p - 1));
	}
	return NULL;
}

/* Exactly 40 hex digits at S, not part of a longer word. */
static gboolean sha_at(const char *s, const char *end, char sha[SM_SHA_LEN + 1])
{
	if (end - s < SM_SHA_LEN)
		return FALSE;
	for (int i = 0; i < SM_SHA_LEN; i++)
		if (!g_ascii_isxdigit(s[i]))
			return FALSE;
	if (s + SM_SHA_LEN < end && g_ascii_isalnum(s[SM_SHA_LEN]))
		return FALSE;
	for (int i = 0; i < SM_SHA_LEN; i++)
		sha[i] = g_ascii_tolower(s[i]);
	sha[SM_SHA_LEN] = '\0';
	return TRUE;
}

static const char *skip_space(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/* The sha right after every occurrence of NEEDLE (lower case) in the line,
 * optionally followed by FOLLOW (lower case, after white space). */
static gboolean sha_after(const char *s, int len, const char *needle, const char *follow,
                          char sha[SM_SHA_LEN + 1])
{
	const char *end = s + len, *p = s;
	while (p < end) {
		const char *hit = sm_memcasestr(p, (int)(end - p), needle);
		if (!hit)
			return FALSE;
		const char *at = skip_space(hit + strlen(needle), end);
		if (at < end && *at == ':')
			at = skip_space(at + 1, end);
		if (sha_at(at, end, sha)) {
			if (!follow)
				return TRUE;
			const char *after = skip_space(at + SM_SHA_LEN, end);
			if (sm_has_prefix_ci(after, (int)(end - after), follow))
				return TRUE;
		}
		p = hit + 1;
	}
	return FALSE;
}

/* Labels of "label: <sha>" lines in backport requests.  Not a bare
 * "commit:": test reports give the stable-rc head that way. */
static const char *const sha_labels[] = {
	"sha1", "sha", "upstream", "upstream sha1", "upstream id", "mainline commit",
	"mainline", NULL,
};

/* Most lines have no 40-digit hex word: find that out first, cheaply.
 * The window S[I-39..I] is tried from its end backwards; at the first
 * byte that is no hex digit, no run through it can be one, so the next
 * window starts after it (most bytes of text are looked at once or not
 * at all). */
static gboolean has_sha_run(const char *s, int len)
{
	for (int i = SM_SHA_LEN - 1; i < len;) {
		int k = i;
		while (k > i - SM_SHA_LEN && g_ascii_isxdigit(s[k]))
			k--;
		if (k == i - SM_SHA_LEN)
			return TRUE;
		i = k + SM_SHA_LEN;
	}
	return FALSE;
}

sm_upstream_form sm_line_upstream(const sm_line *line, char sha[SM_SHA_LEN + 1])
{
	const char *s = line->text, *end = s + line->len;
	int len = line->len;
	if (len < SM_SHA_LEN || !has_sha_run(s, len))
		return SM_UPSTREAM_NONE;
	if (sm_has_prefix_ci(s, len, "from ") && sha_at(s + 5, end, sha) &&
	    sm_memcasestr(s + 5 + SM_SHA_LEN, (int)(end - s) - 5 - SM_SHA_LEN, "mon sep 17"))
		return SM_UPSTREAM_MBOX;
	/* ... and "upstream X commit.", the same words in another order. */
	if (sha_after(s, len, "upstream commit", NULL, sha) ||
	    sha_after(s, len, "commit", "upstream", sha) ||
	    sha_after(s, len, "upstream", "commit", sha))
		return SM_UPSTREAM_STABLE;
	if (sha_after(s, len, "cherry picked from commit", NULL, sha) ||
	    sha_after(s, len, "cherry-picked from commit", NULL, sha))
		return SM_UPSTREAM_PICK;
	const char *pick = sm_memcasestr(s, len, "cherry-pick ");
	if (pick) {
		const char *p = pick + strlen("cherry-pick ");
		while (p < end) {
			p = skip_space(p, end);
			if (*p != '-')
				break;
			while (p < end && *p != ' ')
				p++;
		}
		if (sha_at(p, end, sha))
			return SM_UPSTREAM_PICK;
	}
	const char *colon = memchr(s, ':', (size_t)MIN(len, 24));
	if (colon) {
		for (int i = 0; sha_labels[i]; i++) {
			int n = (int)strlen(sha_labels[i]);
			if (colon - s == n && g_ascii_strncasecmp(s, sha_labels[i], n) == 0 &&
			    sha_at(skip_space(colon + 1, end), end, sha))
				return SM_UPSTREAM_LABEL;
		}
	}
	return SM_UPSTREAM_NONE;
}

/* Parse a version at S: "6.1", "6.1.80", "6.1.y", "2.6.32.71".  Returns
 * the length parsed and the tree it belongs to in TREE, or 0. */
static int parse_version(const char *s, const char *end, char tree[16], int *parts_out)
{
	long part[4] = { 0 };
	int parts = 0;
	const char *p = s;
	while (p < end && parts < 4) {
		if (g_ascii_isdigit(*p)) {
			long v = 0;
			int digits = 0;
			while (p < end && g_ascii_isdigit(*p) && digits < 6) {
				v = v * 10 + (*p - '0');
				p++;
				digits++;
			}
			if (p < end && g_ascii_isdigit(*p))
				return 0;
			part[parts++] = v;
		} else if (parts >= 2 && (*p == 'y' || *p == 'x') &&
		           !(p + 1 < end && g_ascii_isalnum(p[1]))) {
			p++;
			parts = 4; /* ".y" ends the version */
			break;
		} else {
			break;
		}
		if (p + 1 < end && *p == '.' && (g_ascii_isdigit(p[1]) || p[1] == 'y' || p[1] == 'x'))
			p++;
		else
			break;
	}
	if (parts < 2)
		return 0;
	if (part[0] == 2) {
		if (part[1] != 6 || parts < 3 || part[2] == 0)
			return 0;
		g_snprintf(tree, 16, "2.6.%ld", part[2]);
	} else if (part[0] >= 3 && part[0] <= 9) {
		g_snprintf(tree, 16, "%ld.%ld", part[0], part[1]);
	} else {
		return 0;
	}
	if (parts_out)
		*parts_out = parts;
	return (int)(p - s);
}

char *sm_tree_of_version(const char *token, int len)
{
	char tree[16];
	if (len < 0)
		len = (int)strlen(token);
	const char *s = token;
	if (len > 0 && (*s == 'v' || *s == 'V')) {
		s++;
		len--;
	}
	int n = parse_version(s, s + len, tree, NULL);
	return n == len && n > 0 ? g_strdup(tree) : NULL;
}

static gboolean ptr_array_has_str(GPtrArray *a, const char *s)
{
	for (guint i = 0; i < a->len; i++)
		if (strcmp(g_ptr_array_index(a, i), s) == 0)
			return TRUE;
	return FALSE;
}

static gboolean tree_known(const sm_trees *known, const char *tree)
{
	for (guint i = 0; i < known->list->len; i++)
		if (strcmp(((sm_tree_info *)g_ptr_array_index(known->list, i))->name, tree) == 0)
			return TRUE;
	return FALSE;
}

void sm_scan_trees(const char *s, int len, const sm_trees *known, GPtrArray *out)
{
	const char *end = s + len;
	for (const char *p = s; p < end; p++) {
		if (!g_ascii_isdigit(*p))
			continue;
		/* What comes before: a word boundary, "v" or "linux-". */
		const char *b = p;
		if (b > s && (b[-1] == 'v' || b[-1] == 'V'))
			b--;
		else if (b - s >= 6 && g_ascii_strncasecmp(b - 6, "linux-", 6) == 0)
			b -= 6;
		if (b > s && (g_ascii_isalnum(b[-1]) || strchr("-._:=@#+*", b[-1]))) {
			while (p + 1 < end && (g_ascii_isalnum(p[1]) || p[1] == '.'))
				p++;
			continue;
		}
		char tree[16];
		int parts = 0;
		int n = parse_version(p, end, tree, &parts);
		if (n == 0) {
			while (p + 1 < end && (g_ascii_isalnum(p[1]) || p[1] == '.'))
				p++;
			continue;
		}
		const char *a = p + n;
		gboolean ok = a == end || strchr(" \t,;:)]}\"'!?/", *a) ||
		              (*a == '.' && (a + 1 == end || !g_ascii_isalnum(a[1])));
		if (!ok && *a == '-') {
			/* "5.15-stable" is a tree; "6.8-rc1" is mainline, but
			 * "5.10.56-rc1" is a stable release candidate. */
			ok = sm_has_prefix_ci(a, (int)(end - a), "-stable") ||
			     (parts >= 3 && sm_has_prefix_ci(a, (int)(end - a), "-rc")) ||
			     /* a dash that ends the phrase: "Backport to 4.9- ext4: ..." */
			     a + 1 == end || a[1] == ' ';
		}
		if (ok && (!known || tree_known(known, tree)) && !ptr_array_has_str(out, tree))
			g_ptr_array_add(out, g_strdup(tree));
		p = a - 1;
		while (p + 1 < end && (g_ascii_isalnum(p[1]) || p[1] == '.'))
			p++;
	}
}

char *sm_collapse_space(const char *s, gssize len)
{
	if (len < 0)
		len = (gssize)strlen(s);
	GString *out = g_string_sized_new((gsize)len);
	gboolean space = FALSE;
	for (gssize i = 0; i < len; i++) {
		char c = s[i];
		/* Every control character is space: this text reaches the
		 * screen and reply headers. */
		if ((guchar)c < 0x20 || c == 0x7f || c == ' ') {
			space = out->len > 0;
			continue;
		}
		if (space)
			g_string_append_c(out, ' ');
		space = FALSE;
		g_string_append_c(out, c);
	}
	return g_string_free(out, FALSE);
}

/* ---- dates ---- */

static int month_of(const char *w, int len)
{
	static const char *const months[] = { "jan", "feb", "mar", "apr", "may", "jun",
	                                      "jul", "aug", "sep", "oct", "nov", "dec" };
	if (len < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (g_ascii_strncasecmp(w, months[i], 3) == 0)
			return i + 1;
	return 0;
}

static gboolean zone_of(const char *w, int len, int *offset_min)
{
	static const struct { const char *name; int hours; } zones[] = {
		{ "UTC", 0 }, { "GMT", 0 }, { "UT", 0 }, { "Z", 0 },
		{ "EST", -5 }, { "EDT", -4 }, { "CST", -6 }, { "CDT", -5 },
		{ "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 },
		{ "CET", 1 }, { "CEST", 2 }, { "BST", 1 }, { "JST", 9 },
	};
	if ((w[0] == '+' || w[0] == '-') && len == 5) {
		for (int i = 1; i < 5; i++)
			if (!g_ascii_isdigit(w[i]))
				return FALSE;
		int v = ((w[1] - '0') * 10 + (w[2] - '0')) * 60 + (w[3] - '0') * 10 + (w[4] - '0');
		*offset_min = w[0] == '-' ? -v : v;
		return TRUE;
	}
	for (gsize i = 0; i < G_N_ELEMENTS(zones); i++)
		if ((int)strlen(zones[i].name) == len && g_ascii_strncasecmp(w, zones[i].name, len) == 0) {
			*offset_min = zones[i].hours * 60;
			return TRUE;
		}
	return FALSE;
}

gint64 sm_parse_loose_date(const char *s)
{
	/* Word by word, whatever the order: RFC 2822 "Wed, 06 Mar 2024
	 * 21:15:26 +0000", "Sat 20 Jul 2019 02:59:27 AM UTC", date(1)'s
	 * "Mon Aug 19 20:00:00 UTC 2019". */
	int year = 0, month = 0, day = 0, hour = -1, min = 0, sec = 0, offset = 0;
	gboolean pm = FALSE, am = FALSE;
	const char *p = s;
	while (p && *p) {
		while (*p && strchr(" \t,.()", *p))
			p++;
		const char *w = p;
		while (*p && !strchr(" \t,()", *p))
			p++;
		int len = (int)(p - w);
		while (len > 0 && w[len - 1] == '.')
			len--;
		if (len == 0)
			continue;
		if (memchr(w, ':', (size_t)len) && g_ascii_isdigit(w[0])) {
			if (sscanf(w, "%2d:%2d:%2d", &hour, &min, &sec) < 2)
				hour = -1;
		} else if (g_ascii_isdigit(w[0]) && len <= 4) {
			int v = (int)g_ascii_strtoll(w, NULL, 10);
			if (len == 4)
				year = v;
			else if (len <= 2 && !day)
				day = v;
		} else if (len == 2 && !g_ascii_strncasecmp(w, "AM", 2)) {
			am = TRUE;
		} else if (len == 2 && !g_ascii_strncasecmp(w, "PM", 2)) {
			pm = TRUE;
		} else if (!zone_of(w, len, &offset) && !month) {
			month = month_of(w, len);
		}
	}
	if (!year || !month || !day || hour < 0)
		return 0;
	if (pm && hour < 12)
		hour += 12;
	if (am && hour == 12)
		hour = 0;
	GDateTime *dt = g_date_time_new_utc(year, month, day, hour, min, sec);
	if (!dt)
		return 0;
	gint64 t = g_date_time_to_unix(dt) - (gint64)offset * 60;
	g_date_time_unref(dt);
	return t;
}

/* ---- the reply's own words ---- */

static gboolean line_is(const sm_line *l, const char *text)
{
	return l->len == (int)strlen(text) && strncmp(l->text, text, (size_t)l->len) == 0;
}

static gboolean header_like(const sm_line *l)
{
	static const char *const names[] = { "From: ", "Date: ", "Sent: ", "To: ",
	                                     "Subject: ", "Cc: ", NULL };
	for (int i = 0; names[i]; i++)
		if (sm_has_prefix_ci(l->text, l->len, names[i]))
			return TRUE;
	return FALSE;
}

static void split_sentences(GString *para, GPtrArray *out)
{
	const char *s = para->str;
	const char *start = s;
	for (const char *p = s; *p; p++) {
		if ((*p == '.' || *p == '!' || *p == '?') && (p[1] == ' ' || p[1] == '\0')) {
			char *one = g_strstrip(g_strndup(start, (gsize)(p - start + 1)));
			if (*one)
				g_ptr_array_add(out, one);
			else
				g_free(one);
			start = p + 1;
		}
	}
	char *rest = g_strstrip(g_strdup(start));
	if (*rest)
		g_ptr_array_add(out, rest);
	else
		g_free(rest);
	g_string_truncate(para, 0);
}

static gboolean asks_drop(const char *s, int len)
{
	/* Phrases, not the word: a quoted patch may well "drop the lock". */
	static const char *const asks[] = { "please drop", "drop this", "drop it", "drop them",
	                                    "be dropped", "not be backported", "n't backport",
	                                    "not backport", "should not be applied",
	                                    "n't apply", NULL };
	/* Each phrase has one of these words: most lines have none. */
	if (!sm_memcasestr(s, len, "drop") && !sm_memcasestr(s, len, "backport") &&
	    !sm_memcasestr(s, len, "appl"))
		return FALSE;
	for (int i = 0; asks[i]; i++)
		if (sm_memcasestr(s, len, asks[i]))
			return TRUE;
	return FALSE;
}

GPtrArray *sm_own_sentences(const sm_lines *lines, gboolean *asked_drop)
{
	GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
	GString *para = g_string_new(NULL);
	int last_quoted_block = -1; /* first line of the latest quoted block */
	gboolean seen_own = FALSE, ask = FALSE;
	int n = SM_NLINES(lines);
	for (int i = 0; i < n; i++) {
		const sm_line *l = SM_LINE(lines, i);
		if (l->depth > 0) {
			if (para->len)
				split_sentences(para, out);
			if (i == 0 || SM_LINE(lines, i - 1)->depth == 0)
				last_quoted_block = i;
			continue;
		}
		if (l->len == 0) {
			if (para->len)
				split_sentences(para, out);
			continue;
		}
		if (line_is(l, "--") || line_is(l, "---") ||
		    sm_has_prefix_ci(l->text, l->len, "-----Original Message") ||
		    sm_has_prefix_ci(l->text, l->len, "---------- Forwarded"))
			break;
		/* A forwarded message pasted in: its headers end our words. */
		if (header_like(l) && i + 1 < n && SM_LINE(lines, i + 1)->depth == 0 &&
		    header_like(SM_LINE(lines, i + 1)))
			break;
		if ((l->len >= 6 && strncmp(l->text + l->len - 6, "wrote:", 6) == 0) ||
		    (l->len >= 7 && strncmp(l->text + l->len - 7, "writes:", 7) == 0))
			continue;
		if (!seen_own) {
			seen_own = TRUE;
			/* Did the text just answered ask for a drop? */
			for (int k = last_quoted_block; k >= 0 && k < i; k++)
				if (SM_LINE(lines, k)->depth > 0 &&
				    asks_drop(SM_LINE(lines, k)->text, SM_LINE(lines, k)->len))
					ask = TRUE;
		}
		if (para->len)
			g_string_append_c(para, ' ');
		g_string_append_len(para, l->text, l->len);
	}
	if (para->len)
		split_sentences(para, out);
	g_string_free(para, TRUE);
	if (asked_drop)
		*asked_drop = ask;
	return out;
}

static gboolean has_any(const char *lower, const char *const *phrases)
{
	for (int i = 0; phrases[i]; i++)
		if (strstr(lower, phrases[i]))
			return TRUE;
	return FALSE;
}

/* First-person statements only: "please drop" and "you dropped it" are
 * requests and complaints, not news. */
static const char *const dropped_phrases[] = {
	"now dropped", "dropped, thanks", "dropped thanks", "i'll drop", "i will drop",
	"i'll go drop", "i've dropped", "i have dropped", "we'll drop", "we will drop",
	"i'm dropping", "i am dropping", "now removed", "i've removed", NULL,
};
static const char *const queued_phrases[] = {
	"now queued", "queued up", "queued for", "i've queued", "i have queued",
	"i'll queue", "now applied", "applied, thanks", "i've applied", "now added",
	"took it", "took them", "took both", "taken it", "taken them", NULL,
};

/* "Ok, dropped." "Thanks, queued up!": the interjections first go. */
static const char *skip_interjections(const char *s)
{
	static const char *const words[] = { "ok", "okay", "sure", "thanks", "thank you",
	                                     "good catch", "fair enough", "ah", "yes", "right",
	                                     "oops", "ouch", "all", "both", NULL };
	gboolean again = TRUE;
	while (again) {
		again = FALSE;
		for (int i = 0; words[i]; i++) {
			size_t n = strlen(words[i]);
			if (strncmp(s, words[i], n) == 0 &&
			    (s[n] == ',' || s[n] == '!' || s[n] == ' ' || s[n] == '.')) {
				s += n;
				while (*s == ',' || *s == '!' || *s == '.' || *s == ' ')
					s++;
				again = TRUE;
				break;
			}
		}
	}
	return s;
}

/* S starts with WORD as a whole word, in the short forms of a reply:
 * "Dropped.", "Queued up, thanks", "Dropped from all queues". */
static gboolean starts_with_word(const char *s, const char *word)
{
	static const char *const follows[] = { ",", ".", "!", " from", " now", " it", " them",
	                                       " this", " both", " all", " up", " for", " to",
	                                       NULL };
	size_t n = strlen(word);
	if (strncmp(s, word, n) != 0)
		return FALSE;
	if (s[n] == '\0')
		return TRUE;
	for (int i = 0; follows[i]; i++)
		if (strncmp(s + n, follows[i], strlen(follows[i])) == 0)
			return TRUE;
	return FALSE;
}

/* Where a sentence is negated right before a word: "not dropped", "haven't
 * queued", "never applied".  Only the few words before it count: "I'll
 * drop it, it is not needed" is still a drop. */
static gboolean negated_before(const char *lower, const char *hit)
{
	static const char *const negations[] = { "not ", "n't ", "never ", "no longer ", NULL };
	const char *from = hit - MIN(hit - lower, 16);
	for (int i = 0; negations[i]; i++) {
		const char *n = strstr(from, negations[i]);
		if (n && n < hit)
			return TRUE;
	}
	return FALSE;
}

static const char *first_of(const char *lower, const char *const *phrases)
{
	const char *best = NULL;
	for (int i = 0; phrases[i]; i++) {
		const char *hit = strstr(lower, phrases[i]);
		if (hit && (!best || hit < best))
			best = hit;
	}
	return best;
}

/* A decision about a subsystem tree ("applied to usb-next", "added to my
 * usb git tree", "queued in net-next") is not one about a stable tree. */
static gboolean names_other_tree(const char *lower)
{
	static const char *const others[] = { "-next", "-linus", "-testing", "my tree",
	                                      "git tree", "for-linus", NULL };
	return first_of(lower, others) != NULL && !strstr(lower, "stable");
}

static const char *const reverted_phrases[] = {
	"now reverted", "reverted, thanks", "reverted now", "i've reverted", "i have reverted",
	"i'll revert", "i will revert", "we'll revert", "i'm reverting", "i am reverting",
	"i've now reverted", NULL,
};
static const char *const removed_phrases[] = {
	"deleted from the queue", "removed from the queue", "removed it from", "removed them from",
	"deleted it from", "dropped it from", "dropped them from", "now deleted", NULL,
};
static const char *const hold_phrases[] = {
	"please hold", "hold off", "hold this", "hold it", "not yet", "wait for", "please wait",
	"wait until", "wait a bit", NULL,
};
static const char *const drop_ask_phrases[] = {
	"please drop", "please revert", "please remove", "please don't", "please do not",
	"not stable material", "not for stable", "should be dropped", "should be reverted",
	"needs to be reverted", "needs to be dropped", "not be backported", "n't be backported",
	"n't backport", "not backport", "breaks", "causes a regression", "introduces a regression",
	"this regresses", "shouldn't go", "should not go", "build failed", "build failure",
	"build error", "build regression", "regression", "fails to build", "failed to build", NULL,
};
static const char *const approval_phrases[] = {
	"acked-by:", "reviewed-by:", "tested-by:", "looks good", "looks fine", "looks ok",
	"no regressions", "works for me", "fine with me", NULL,
};

/* What one sentence says, in three strengths: a decision (something was
 * done), a request (something should be done), an approval. */
static sm_signal sentence_decision(const char *lower, const char *core)
{
	/* A question is a reply, not a decision: "should this be dropped?" */
	size_t len = strlen(lower);
	if (len && lower[len - 1] == '?')
		return SM_SIGNAL_NONE;
	if (names_other_tree(lower))
		return SM_SIGNAL_NONE;
	const char *hit;
	if (((hit = first_of(lower, reverted_phrases)) && !negated_before(lower, hit)) ||
	    starts_with_word(core, "reverted"))
		return SM_SIGNAL_REVERTED;
	if (((hit = first_of(lower, dropped_phrases)) && !negated_before(lower, hit)) ||
	    ((hit = first_of(lower, removed_phrases)) && !negated_before(lower, hit)) ||
	    starts_with_word(core, "dropped") || starts_with_word(core, "removed") ||
	    starts_with_word(core, "deleted"))
		return SM_SIGNAL_DROPPED;
	gboolean asked = strstr(lower, "please ") != NULL;
	if (!asked && (((hit = first_of(lower, queued_phrases)) && !negated_before(lower, hit)) ||
	               starts_with_word(core, "queued") || starts_with_word(core, "applied") ||
	               starts_with_word(core, "added")))
		return SM_SIGNAL_QUEUED;
	return SM_SIGNAL_NONE;
}

/* "Ack, thanks!" right under "please drop this": the drop is agreed. */
static gboolean acks(const char *lower)
{
	return starts_with_word(lower, "ack") || starts_with_word(lower, "ok") ||
	       starts_with_word(lower, "okay") || starts_with_word(lower, "sure") ||
	       starts_with_word(lower, "will do") || starts_with_word(lower, "agreed");
}

static sm_signal sentence_request(const char *lower)
{
	size_t len = strlen(lower);
	const char *hit;
	/* "Should this be dropped?" asks nothing of anyone; "Can you please
	 * drop it?" does. */
	if (len && lower[len - 1] == '?' && !strstr(lower, "please"))
		return SM_SIGNAL_NONE;
	/* Test reports: "No regressions on arm64, x86_64 and i386." */
	if (strstr(lower, "no regression") || strstr(lower, "no new regression"))
		return SM_SIGNAL_APPROVED;
	if ((hit = first_of(lower, drop_ask_phrases)) && !negated_before(lower, hit))
		return SM_SIGNAL_DROP_ASK;
	if ((hit = first_of(lower, hold_phrases)) && (!negated_before(lower, hit) ||
	                                              strstr(lower, "not yet")))
		return SM_SIGNAL_HOLD;
	if (((hit = first_of(lower, approval_phrases)) && !negated_before(lower, hit)) ||
	    starts_with_word(lower, "ack") || starts_with_word(lower, "acked"))
		return SM_SIGNAL_APPROVED;
	return SM_SIGNAL_NONE;
}

sm_signal sm_read_signal(GPtrArray *sentences, gboolean quoted_ask)
{
	/* A decision anywhere wins over a request anywhere, which wins over
	 * an approval: "This breaks arm64.  Now dropped, thanks." */
	sm_signal request = SM_SIGNAL_NONE;
	gboolean agreed = FALSE;
	for (guint i = 0; i < sentences->len; i++) {
		char *lower = g_ascii_strdown(g_ptr_array_index(sentences, i), -1);
		sm_signal sig = sentence_decision(lower, skip_interjections(lower));
		sm_signal ask = sig == SM_SIGNAL_NONE ? sentence_request(lower) : SM_SIGNAL_NONE;
		/* An ack of the drop asked for, unless a later sentence
		 * decides otherwise ("Ok, my mistake.  Now queued up!"). */
		agreed = agreed || (i == 0 && quoted_ask && acks(lower));
		g_free(lower);
		if (sig != SM_SIGNAL_NONE)
			return sig;
		/* Requests rank: drop over hold over approval (lower values
		 * of the enum order are not the rank). */
		if (ask == SM_SIGNAL_DROP_ASK || (ask == SM_SIGNAL_HOLD && request != SM_SIGNAL_DROP_ASK) ||
		    (ask == SM_SIGNAL_APPROVED && request == SM_SIGNAL_NONE))
			request = ask;
	}
	return agreed ? SM_SIGNAL_DROPPED : request;
}

gboolean sm_sentence_acts_on_trees(const char *sentence)
{
	static const char *const acts[] = {
		"drop", "revert", "queue", "applied", "apply", "backport", "not needed",
		"n't need", "n't have", "not have", "not affected", "failed", "remove", "take it",
		"take them", "take this", NULL,
	};
	char *lower = g_ascii_strdown(sentence, -1);
	gboolean yes = has_any(lower, acts);
	g_free(lower);
	return yes;
}
