/* recognise/subject.c - what a subject line says; see recognise/private.h.
 *
 * The stable team's tools write a handful of subject shapes, and the
 * subject alone usually tells the kind of a notice, its trees and its
 * patch:
 *   [PATCH AUTOSEL 6.6 10/23] x      [PATCH AUTOSEL for 4.9 273/293] x
 *   [PATCH AUTOSEL 6.17-6.1] x       [PATCH 6.1 023/150] x
 *   [PATCH 6.6~6.9] x                [PATCH 5.4/5.10/5.15] x
 *   [PATCH][for stable 5.{15, 10} 1/4] x   [PATCH][stable-4.{14,19}.y 1/3] x
 *   [PATCH 6.1 000/150] 6.1.80-rc1 review    (4.14.134-stable review)
 *   [PATCH 6.1.y] x                  [PATCH 5.10.y 1/2] x
 *   FAILED: patch "[PATCH] x" failed to apply to 5.15-stable tree
 *   FAILED: Patch "x" failed to apply to 4.19-stable tree
 *   Patch "x" has been added to the 6.1-stable tree
 *   [added to the 4.1 stable tree] x  (Sasha's 4.1 notes)
 *   Linux 6.6.22
 */
#include <string.h>
#include "private.h"

const char *sm_skip_reply_prefix(const char *s, gboolean *reply)
{
	static const char *const prefixes[] = { "re", "aw", "sv", "antw", "fw", "fwd", "odp", NULL };
	if (!s)
		return "";
	while (TRUE) {
		while (*s == ' ' || *s == '\t')
			s++;
		gboolean hit = FALSE;
		for (int i = 0; prefixes[i] && !hit; i++) {
			size_t n = strlen(prefixes[i]);
			if (g_ascii_strncasecmp(s, prefixes[i], n) != 0)
				continue;
			const char *p = s + n;
			if (*p == '[' || *p == '(') { /* "Re[2]:" */
				const char *close = strchr(p, *p == '[' ? ']' : ')');
				if (!close)
					continue;
				p = close + 1;
			}
			while (*p == ' ')
				p++;
			if (*p == ':') {
				s = p + 1;
				hit = TRUE;
			}
		}
		if (!hit)
			return s;
		if (reply)
			*reply = TRUE;
	}
}

static void add_unique(GPtrArray *a, char *s)
{
	for (guint i = 0; i < a->len; i++)
		if (strcmp(g_ptr_array_index(a, i), s) == 0) {
			g_free(s);
			return;
		}
	g_ptr_array_add(a, s);
}

/* One word of a "[...]" tag. */
static void tag_token(const char *tok, int len, sm_subject *out)
{
	if (len == 0)
		return;
	static const char *const reports[] = { "regression", "bug", "report", "regressions", NULL };
	for (int i = 0; reports[i]; i++)
		if ((int)strlen(reports[i]) == len && !g_ascii_strncasecmp(tok, reports[i], len))
			out->report = TRUE;
	if ((len == 7 && !g_ascii_strncasecmp(tok, "AUTOSEL", 7)) ||
	    (len == 9 && !g_ascii_strncasecmp(tok, "MANUALSEL", 9))) {
		out->autosel = out->patch_tag = TRUE;
		return;
	}
	/* "PATCH", "PATCHv2", "BACKPORT", "RFC", "RESEND": a patch's tag.  A
	 * word with "stable" in it names a stable tree ("stable-5.10",
	 * "5.15-stable", "for stable"). */
	static const char *const patch_words[] = { "patch", "backport", "rfc", "resend", NULL };
	for (int i = 0; patch_words[i]; i++)
		if (len >= (int)strlen(patch_words[i]) &&
		    !g_ascii_strncasecmp(tok, patch_words[i], strlen(patch_words[i])))
			out->patch_tag = TRUE;
	if (sm_memcasestr(tok, len, "stable"))
		out->patch_tag = out->says_stable = TRUE;
	const char *slash = memchr(tok, '/', (size_t)len);
	if (slash && slash > tok && slash < tok + len - 1) {
		gboolean digits = TRUE;
		for (const char *p = tok; p < tok + len; p++)
			if (p != slash && !g_ascii_isdigit(*p))
				digits = FALSE;
		if (digits) {
			/* Clamped: a subject is no place for an integer overflow. */
			out->series_pos = (int)MIN(g_ascii_strtoull(tok, NULL, 10), 999999);
			out->series_total = (int)MIN(g_ascii_strtoull(slash + 1, NULL, 10), 999999);
			out->patch_tag = TRUE; /* a series of patches */
			return;
		}
	}
	/* Trees: "6.1", "v6.1", "6.1.y", "linux-6.1.y", "5.15-stable",
	 * "stable-5.10", "for-5.10"; a list of them joined by '/'
	 * ("5.15/6.1", "5.4/5.10/5.15"); a range, "6.17-6.1" or "6.6~6.9". */
	if (slash) {
		/* Every part must be a tree, or the token is no list of them. */
		GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
		for (const char *part = tok, *end; part <= tok + len; part = end + 1) {
			end = memchr(part, '/', (size_t)(tok + len - part));
			if (!end)
				end = tok + len;
			char *tree = sm_tree_of_version(part, (int)(end - part));
			if (!tree) {
				g_ptr_array_set_size(parts, 0);
				break;
			}
			g_ptr_array_add(parts, tree);
		}
		for (guint i = 0; i < parts->len; i++)
			add_unique(out->trees, g_strdup(g_ptr_array_index(parts, i)));
		g_ptr_array_unref(parts);
		return;
	}
	static const char *const prefixes[] = { "linux-", "stable-", "for-", NULL };
	for (int i = 0; prefixes[i]; i++) {
		int n = (int)strlen(prefixes[i]);
		if (len > n && !g_ascii_strncasecmp(tok, prefixes[i], n)) {
			tok += n;
			len -= n;
			i = -1; /* "for-stable-4.19": again from the first */
		}
	}
	if (len > 7 && !g_ascii_strncasecmp(tok + len - 7, "-stable", 7))
		len -= 7;
	const char *dash = memchr(tok, '-', (size_t)len);
	if (!dash)
		dash = memchr(tok, '~', (size_t)len);
	if (dash) {
		char *high = sm_tree_of_version(tok, (int)(dash - tok));
		char *low = sm_tree_of_version(dash + 1, (int)(tok + len - dash - 1));
		if (high && low) {
			/* Either way round: "6.17-6.1" as the AUTOSEL tool writes
			 * it, "6.6~6.9" as people do. */
			gboolean up = sm_version_cmp(high, low) < 0;
			g_ptr_array_add(out->ranges, up ? low : high);
			g_ptr_array_add(out->ranges, up ? high : low);
			return;
		}
		g_free(high);
		g_free(low);
		return;
	}
	char *tree = sm_tree_of_version(tok, len);
	if (tree) {
		/* "6.1.y" is a stable branch's name: "[linux-6.12.y 1/4] x". */
		if (len > 2 && tok[len - 2] == '.' && (tok[len - 1] == 'y' || tok[len - 1] == 'x'))
			out->dot_y = out->patch_tag = out->says_stable = TRUE;
		add_unique(out->trees, tree);
	}
}

/* Is C a separator between the words of a tag? */
static gboolean tag_space(char c)
{
	return c == ' ' || c == ',';
}

/* The words of the tag [T, END) with brace lists spelt out, as a shell
 * would: "5.{15, 10}" is "5.15 5.10", "stable-4.{14,19}.y" is
 * "stable-4.14.y stable-4.19.y".  The words before and after a brace
 * list are the parts it is joined to; an unclosed brace, or a list too
 * long to be one of trees, is letters. */
static GString *expand_braces(const char *t, const char *end)
{
	GString *out = g_string_sized_new((gsize)(end - t) + 16);
	while (t < end) {
		const char *open = memchr(t, '{', (size_t)(end - t));
		const char *close = open ? memchr(open, '}', (size_t)(end - open)) : NULL;
		if (!close) {
			g_string_append_len(out, t, end - t);
			break;
		}
		const char *pre = open;
		while (pre > t && !tag_space(pre[-1]))
			pre--;
		const char *post = close + 1;
		while (post < end && !tag_space(*post) && *post != '{')
			post++;
		/* A tree list is short; a long one is no tree list, and
		 * spelling it out would cost the square of its length. */
		if (close - open > 64 || open - pre > 32 || post - close > 32) {
			g_string_append_len(out, t, post - t);
			t = post;
			continue;
		}
		g_string_append_len(out, t, pre - t);
		for (const char *item = open + 1, *next; item < close; item = next + 1) {
			next = memchr(item, ',', (size_t)(close - item));
			if (!next)
				next = close;
			const char *a = item, *b = next;
			while (a < b && *a == ' ')
				a++;
			while (b > a && b[-1] == ' ')
				b--;
			g_string_append_c(out, ' ');
			g_string_append_len(out, pre, open - pre);
			g_string_append_len(out, a, b - a);
			g_string_append_len(out, close + 1, post - close - 1);
		}
		g_string_append_c(out, ' ');
		t = post;
	}
	return out;
}

/* Read the "[...]" tags at *S; leaves *S after them.  Returns TRUE for
 * the tag of an added note, "[added to the 4.1 stable tree]". */
static gboolean parse_tags(const char **s, sm_subject *out)
{
	const char *p = *s;
	gboolean added = FALSE;
	while (*p == '[') {
		const char *close = strchr(p, ']');
		if (!close)
			break;
		out->tagged = TRUE;
		if (!g_ascii_strncasecmp(p + 1, "added to the ", 13) &&
		    sm_memcasestr(p, (int)(close - p), "stable"))
			added = TRUE;
		GString *words = expand_braces(p + 1, close);
		const char *t = words->str, *end = words->str + words->len;
		while (t < end) {
			while (t < end && tag_space(*t))
				t++;
			const char *w = t;
			while (t < end && !tag_space(*t))
				t++;
			tag_token(w, (int)(t - w), out);
		}
		g_string_free(words, TRUE);
		p = close + 1;
		while (*p == ' ' || *p == '\t')
			p++;
	}
	*s = p;
	return added;
}

char *sm_clean_patch_subject(const char *s, gssize len)
{
	if (!s)
		return NULL;
	char *flat = sm_collapse_space(s, len);
	const char *p = flat;
	/* Tags and reply prefixes, in any order: "[PATCH] x", "Re: [PATCH v2] x". */
	while (TRUE) {
		const char *before = p;
		p = sm_skip_reply_prefix(p, NULL);
		while (*p == '[') {
			const char *close = strchr(p, ']');
			if (!close)
				break;
			p = close + 1;
			while (*p == ' ')
				p++;
		}
		if (p == before)
			break;
	}
	/* Backport requests put the CVE first: "CVE-2024-26900: md: fix ...". */
	const char *cve = strstr(p, "CVE-");
	while (cve) {
		const char *q = cve + 4;
		int digits = 0;
		while (g_ascii_isdigit(*q) || (*q == '-' && digits)) {
			q++;
			digits++;
		}
		if (digits >= 6 && q[0] == ':' && q[1] == ' ' && q[2]) {
			p = q + 2;
			cve = strstr(p, "CVE-");
		} else {
			cve = strstr(cve + 4, "CVE-");
		}
	}
	char *out = *p ? g_strdup(p) : NULL;
	g_free(flat);
	return out;
}

/* "Linux 6.6.22" and "Linux 2.6.32.71" name a release; "Linux 6.6" does not. */
static char *release_of(const char *s)
{
	if (g_ascii_strncasecmp(s, "Linux ", 6) != 0)
		return NULL;
	const char *v = s + 6;
	int len = (int)strlen(v);
	while (len > 0 && v[len - 1] == ' ')
		len--;
	char *tree = sm_tree_of_version(v, len);
	if (!tree)
		return NULL;
	int dots = 0;
	for (int i = 0; i < len; i++)
		dots += v[i] == '.';
	gboolean release = dots > (int)(strchr(tree, '.') == strrchr(tree, '.') ? 1 : 2) &&
	                   g_ascii_isdigit(v[len - 1]);
	g_free(tree);
	return release ? g_strndup(v, (gsize)len) : NULL;
}

/* "6.1.80-rc1 review", "4.14.134-stable review", "3.16.73-rc1 review". */
static char *cover_release(const char *s)
{
	const char *p = s;
	while (g_ascii_isdigit(*p) || *p == '.')
		p++;
	char *release = g_strndup(s, (gsize)(p - s));
	char *tree = sm_tree_of_version(release, -1);
	gboolean ok = tree && strchr(release, '.') != strrchr(release, '.');
	g_free(tree);
	if (ok) {
		if (!g_ascii_strncasecmp(p, "-rc", 3)) {
			p += 3;
			while (g_ascii_isdigit(*p))
				p++;
		} else if (!g_ascii_strncasecmp(p, "-stable", 7)) {
			p += 7;
		}
		ok = !g_ascii_strncasecmp(p, " review", 7) && (p[7] == '\0' || p[7] == ' ');
	}
	if (!ok) {
		g_free(release);
		return NULL;
	}
	return release;
}

/* Last occurrence of NEEDLE (lower case) in S, case-insensitively. */
static const char *last_casestr(const char *s, const char *needle)
{
	const char *last = NULL;
	int len = (int)strlen(s);
	for (const char *p = s; (p = sm_memcasestr(p, len - (int)(p - s), needle)); p++)
		last = p;
	return last;
}

/* The quoted-subject notes: FAILED, added and removed. */
static gboolean parse_wrapper(const char *s, sm_subject *out)
{
	static const struct { const char *lead, *tail; sm_form form; } wrappers[] = {
		{ "failed: patch \"", "\" failed to apply to ", SM_FORM_FAILED },
		{ "patch \"", "\" has been added to ", SM_FORM_ADDED },
		{ "patch \"", "\" has been removed from ", SM_FORM_REMOVED },
		{ "patch \"", "\" has been dropped from ", SM_FORM_REMOVED },
	};
	for (gsize i = 0; i < G_N_ELEMENTS(wrappers); i++) {
		size_t n = strlen(wrappers[i].lead);
		if (g_ascii_strncasecmp(s, wrappers[i].lead, n) != 0)
			continue;
		const char *inner = s + n;
		const char *tail = last_casestr(inner, wrappers[i].tail);
		if (!tail)
			continue;
		out->form = wrappers[i].form;
		out->title = sm_clean_patch_subject(inner, tail - inner);
		const char *where = tail + strlen(wrappers[i].tail);
		sm_scan_trees(where, (int)strlen(where), NULL, out->trees);
		return TRUE;
	}
	return FALSE;
}

/* Is the word W (lower case) at P in T, not inside a longer word ("unstable",
 * "stable-kernel-rules")?  A trailing "s", "ed" or "-" is allowed for
 * "backports", "backported", "5.15-stable". */
static gboolean word_at(const char *t, const char *p, const char *w)
{
	size_t n = strlen(w);
	const char *after = p + n;
	if (p > t && g_ascii_isalnum(p[-1]))
		return FALSE;
	if (*after == 's')
		after++;
	else if (after[0] == 'e' && after[1] == 'd')
		after += 2;
	return !g_ascii_isalpha(*after) && !(*after == '-' && g_ascii_isalpha(after[1]));
}

static const char *find_word(const char *t, const char *w)
{
	for (const char *p = t; (p = sm_memcasestr(p, (int)strlen(p), w)); p++)
		if (word_at(t, p, w))
			return p;
	return NULL;
}

/* "[PATCH 0/2] smb: client: fix ... on 5.10 stable kernel", "[PATCH v6]
 * ext4: ... for kernel stable rc 4.9", "[PATCH 0/4] backport fscrypt
 * symlink fixes to 4.19", "[PATCH 0/5] Backport to 4.9- ext4: ...": a patch
 * whose tag names no tree but whose title says which stable tree it is
 * for.  The word "stable" and a version anywhere in the title; or the
 * word "backport" and a version after the "to", "for" or "into" that
 * follows it (not "backport fixes from v6.9": that is where they come
 * from).  A version alone ("fix a crash seen on 6.1") is about a kernel,
 * not for a tree. */
static void title_trees(sm_subject *out)
{
	const char *t = out->title, *from = NULL;
	if (find_word(t, "stable")) {
		from = t;
	} else {
		const char *backport = find_word(t, "backport");
		static const char *const tos[] = { " to ", " for ", " into ", NULL };
		for (int i = 0; backport && tos[i]; i++) {
			const char *to = sm_memcasestr(backport, (int)strlen(backport), tos[i]);
			if (to && (!from || to < from))
				from = to;
		}
	}
	if (!from)
		return;
	sm_scan_trees(from, (int)strlen(from), NULL, out->trees);
	if (out->trees->len)
		out->says_stable = TRUE;
}

void sm_subject_parse(const char *subject, sm_subject *out)
{
	memset(out, 0, sizeof *out);
	out->trees = g_ptr_array_new_with_free_func(g_free);
	out->ranges = g_ptr_array_new_with_free_func(g_free);
	char *flat = sm_collapse_space(subject ? subject : "", -1);
	const char *s = flat;
	if (parse_wrapper(s, out))
		goto done;
	gboolean added = parse_tags(&s, out);
	/* A list may put its own tag before the wrapper. */
	if (parse_wrapper(s, out))
		goto done;
	if (added && out->trees->len) {
		out->form = SM_FORM_ADDED;
		out->title = sm_clean_patch_subject(s, -1);
		goto done;
	}
	if ((out->release = release_of(s))) {
		out->form = SM_FORM_RELEASE;
		add_unique(out->trees, sm_tree_of_version(out->release, -1));
		goto done;
	}
	if ((out->release = cover_release(s))) {
		out->form = SM_FORM_COVER;
		if (out->trees->len == 0)
			add_unique(out->trees, sm_tree_of_version(out->release, -1));
		goto done;
	}
	out->title = sm_clean_patch_subject(s, -1);
	/* A report names the tree it broke in the same brackets: its own
	 * words say what it is. */
	if (out->title && !out->autosel &&
	    (!g_ascii_strncasecmp(out->title, "regression", 10) ||
	     !g_ascii_strncasecmp(out->title, "bug report", 10)))
		out->report = TRUE;
	/* A version in brackets with no word of a patch's is a kernel that
	 * something happened on: "[Android 5.10] kernel BUG in ...", "[v6.1]
	 * kernel BUG in ...", "[Linux 6.14 - netfs/cifs] loop on ...", "[5.12
	 * - 5.15] xHCI controller dead".  Every stable notice's tag says it
	 * carries a patch; these are reports, whoever's kernel it is. */
	if ((out->trees->len || out->ranges->len) && !out->patch_tag)
		out->report = TRUE;
	if (!out->trees->len && !out->ranges->len && out->patch_tag && !out->report && out->title)
		title_trees(out);
	if ((out->trees->len || out->ranges->len || out->autosel) && !out->report)
		out->form = SM_FORM_TAGGED;
done:
	g_free(flat);
}

void sm_subject_clear(sm_subject *s)
{
	if (s->trees)
		g_ptr_array_unref(s->trees);
	if (s->ranges)
		g_ptr_array_unref(s->ranges);
	g_free(s->title);
	g_free(s->release);
	memset(s, 0, sizeof *s);
}
