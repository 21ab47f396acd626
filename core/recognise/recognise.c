/* recognise.c - turn one decoded mail into a notice; see recognise.h.
 *
 * The subject decides most of it (recognise/subject.c): its form gives the
 * kind, the trees and the patch subject.  The body then gives what the
 * subject cannot: the upstream id, the author, a review deadline, the
 * full subject when the notice's own was cut short, and, for replies,
 * what the reply itself says (recognise/scan.c).
 *
 * Replies are read with care: a reply quotes other mail, and quoted text
 * is evidence about the patch under discussion, never about what the
 * replier did.  Only the replier's own unquoted words give the signal.
 */
#include <stdio.h>
#include <string.h>
#include <gmime/gmime.h>
#include "recognise.h"
#include "private.h"
#include "diff.h"
#include "recognise/recogniser-version.h"

typedef struct {
	const sm_mail *mail;
	const sm_trees *trees;
	sm_notice *n;
	sm_subject subj;    /* the subject, without reply prefixes and "(was: ...)" */
	sm_subject was;     /* the "(was: ...)" part of a renamed thread */
	gboolean reply;
	gboolean bot;       /* the stable bot's "[This is an automated email]" */
	sm_lines *lines;
	GPtrArray *own;     /* a reply's own sentences */
	gboolean asked_drop;
	gboolean free_form; /* a decision in a thread of its own (free_form_decision) */
} recog;

static void copy_headers(sm_notice *n, const sm_mail *mail)
{
	n->message_id = g_strdup(mail->message_id ? mail->message_id : "");
	n->in_reply_to = g_strdup(mail->in_reply_to);
	n->references = mail->references ? g_strdupv(mail->references) : NULL;
	n->date = mail->date;
	n->from = g_strdup(mail->from ? mail->from : "");
	n->subject = g_strdup(mail->subject ? mail->subject : "");
	n->warning = g_strdup(mail->warning);
	n->base = g_strdup(sm_mail_header(mail, "X-stable-base"));
}

/* "Re: [PATCH] x (was: Re: FAILED: patch ...)": the thread was renamed,
 * and the old name still tells which notice it answers. */
static void split_was(const char *s, char **core, char **was)
{
	/* "(was: Re: ...)", and as often without the colon, "(was Re: ...)". */
	const char *hit = sm_memcasestr(s, (int)strlen(s), "(was:");
	if (!hit)
		hit = sm_memcasestr(s, (int)strlen(s), "(was ");
	if (!hit) {
		*core = g_strdup(s);
		*was = NULL;
		return;
	}
	*core = g_strstrip(g_strndup(s, (gsize)(hit - s)));
	const char *start = hit + 5;
	const char *close = strrchr(start, ')');
	*was = g_strstrip(close ? g_strndup(start, (gsize)(close - start)) : g_strdup(start));
}

static gboolean line_has(const sm_line *l, const char *needle)
{
	return sm_memcasestr(l->text, l->len, needle) != NULL;
}

/* The first MAX non-empty unquoted lines, where notes say what they are:
 * their indexes go to IDX; returns how many there are. */
static int top_lines(const recog *r, int max, int *idx)
{
	int found = 0;
	for (int i = 0; i < SM_NLINES(r->lines) && found < max; i++) {
		const sm_line *l = SM_LINE(r->lines, i);
		if (l->depth == 0 && l->len > 0)
			idx[found++] = i;
	}
	return found;
}

/* The stable bot answers patches posted with a Fixes: tag, per tree:
 *   v5.4.58: Failed to apply! Possible dependencies:
 *   v5.2.9: Build failed! Errors:
 * It is a FAILED notice for the trees that failed. */
static gboolean read_bot(recog *r, GPtrArray *failed)
{
	int top[8], n = top_lines(r, 8, top);
	gboolean bot = FALSE;
	for (int k = 0; k < n; k++)
		bot = bot || line_has(SM_LINE(r->lines, top[k]), "[This is an automated email]");
	if (!bot)
		return FALSE;
	for (int i = 0; i < SM_NLINES(r->lines); i++) {
		const sm_line *l = SM_LINE(r->lines, i);
		if (l->depth || l->len < 4 || l->text[0] != 'v')
			continue;
		const char *colon = memchr(l->text, ':', (size_t)l->len);
		if (!colon)
			continue;
		char *tree = sm_tree_of_version(l->text, (int)(colon - l->text));
		if (tree && (line_has(l, "build failed") || line_has(l, "failed to apply"))) {
			g_ptr_array_add(failed, tree);
			tree = NULL;
		}
		g_free(tree);
	}
	return TRUE;
}

/* "Subject: x" in the body (a patch's own header, quoted or not), with
 * its folded continuation lines; NULL when line I is not one. */
static char *embedded_subject(const sm_lines *lines, int i)
{
	const sm_line *l = SM_LINE(lines, i);
	if (!sm_has_prefix_ci(l->text, l->len, "Subject:"))
		return NULL;
	GString *s = g_string_new_len(l->text + 8, l->len - 8);
	for (int k = i + 1; k < SM_NLINES(lines); k++) {
		const sm_line *c = SM_LINE(lines, k);
		if (c->depth != l->depth || c->len == 0 || c->indent <= l->indent)
			break;
		g_string_append_c(s, ' ');
		g_string_append_len(s, c->text, c->len);
	}
	char *clean = sm_clean_patch_subject(s->str, (gssize)s->len);
	g_string_free(s, TRUE);
	return clean;
}

/* A note whose subject was mangled still says what it is in its first
 * lines. */
static sm_form body_form(recog *r)
{
	int top[4], n = top_lines(r, 4, top);
	for (int k = 0; k < n; k++) {
		int i = top[k];
		const sm_line *l = SM_LINE(r->lines, i);
		if (sm_has_prefix_ci(l->text, l->len, "This is a note to let you know that I've just added the patch titled")) {
			/* The title is the next line; the tree follows it.  The
			 * same note goes out for subsystem trees ("to my usb git
			 * tree ... in the usb-next branch"): only a stable tree
			 * as the destination makes it a stable note. */
			char *title = NULL;
			gboolean stable = FALSE;
			for (int j = i + 1; j < SM_NLINES(r->lines) && j < i + 12; j++) {
				const sm_line *t = SM_LINE(r->lines, j);
				if (!title && t->len && t->depth == 0) {
					title = sm_clean_patch_subject(t->text, t->len);
				} else if (line_has(t, "-stable tree")) {
					sm_scan_trees(t->text, t->len, NULL, r->subj.trees);
					stable = TRUE;
				}
			}
			if (!stable) {
				g_free(title);
				return SM_FORM_NONE;
			}
			if (title) {
				g_free(r->subj.title);
				r->subj.title = title;
			}
			return SM_FORM_ADDED;
		}
		if (sm_has_prefix_ci(l->text, l->len, "The patch below does not apply to the ")) {
			sm_scan_trees(l->text, l->len, NULL, r->subj.trees);
			/* The patch carried below has its own Subject. */
			for (int j = i + 1; j < SM_NLINES(r->lines); j++) {
				char *title = embedded_subject(r->lines, j);
				if (title) {
					g_free(r->subj.title);
					r->subj.title = title;
					break;
				}
			}
			return SM_FORM_FAILED;
		}
		const char *ann = sm_memcasestr(l->text, l->len, "announcing the release of the ");
		if (ann) {
			const char *v = ann + strlen("announcing the release of the ");
			const char *end = l->text + l->len, *e = v;
			while (e < end && (g_ascii_isdigit(*e) || *e == '.'))
				e++;
			char *tree = sm_tree_of_version(v, (int)(e - v));
			if (tree) {
				r->subj.release = g_strndup(v, (gsize)(e - v));
				g_ptr_array_add(r->subj.trees, tree);
				return SM_FORM_RELEASE;
			}
		}
	}
	return SM_FORM_NONE;
}

/* quilt's Message-IDs: "20210709131536.930545911@host"; git send-email
 * adds "-N-user" after the digits. */
static gboolean quilt_id(const char *id)
{
	int digits = 0, more = 0;
	while (id && g_ascii_isdigit(id[digits]))
		digits++;
	if (digits != 14 || id[14] != '.')
		return FALSE;
	while (g_ascii_isdigit(id[15 + more]))
		more++;
	return more > 0 && id[15 + more] == '@';
}

/* Is "[PATCH 6.1 023/150] x" part of a review series, or a contributor's
 * backport series that looks the same?  The review tools leave marks:
 * the X-stable header, the "6.1-stable review patch." preamble, and
 * quilt's time-stamped Message-IDs. */
static gboolean review_marks(recog *r)
{
	const char *xstable = sm_mail_header(r->mail, "X-stable");
	if (xstable && !g_ascii_strcasecmp(xstable, "review"))
		return TRUE;
	int top[2], n = top_lines(r, 2, top);
	for (int k = 0; k < n; k++)
		if (line_has(SM_LINE(r->lines, top[k]), "review patch"))
			return TRUE;
	if (quilt_id(r->mail->message_id) || quilt_id(r->mail->in_reply_to))
		return TRUE;
	/* Only review series run to hundreds of patches. */
	return r->subj.series_total >= 100;
}

/* "[PATCH] x" sent with "commit X upstream." on top: a backport whose
 * subject does not say for which tree.  ("(cherry picked from commit X)"
 * alone is no sign: subsystem trees cherry-pick between their branches.) */
static gboolean stable_marker_on_top(const recog *r)
{
	int top[16], n = top_lines(r, 16, top);
	char sha[SM_SHA_LEN + 1];
	for (int k = 0; k < n; k++)
		if (sm_line_upstream(SM_LINE(r->lines, top[k]), sha) == SM_UPSTREAM_STABLE)
			return TRUE;
	return FALSE;
}

/* Stable mail goes to the stable list: the review tools send there, the
 * stable rules ask for every backport to be sent there, AUTOSEL copies
 * it.  So some recipient's mailbox names it: stable@vger.kernel.org,
 * stable@kernel.org, stable-commits@vger.kernel.org. */
static gboolean addressed_to_stable(const sm_mail *mail)
{
	const char *lists[] = { mail->to, mail->cc };
	for (gsize k = 0; k < G_N_ELEMENTS(lists); k++) {
		const char *s = lists[k];
		for (const char *at = s ? strchr(s, '@') : NULL; at; at = strchr(at + 1, '@')) {
			const char *start = at;
			while (start > s && !strchr("<, \t\"'", start[-1]))
				start--;
			if (sm_memcasestr(start, (int)(at - start), "stable"))
				return TRUE;
		}
	}
	return FALSE;
}

/* "stable branch", "5.10-stable", "LTS 6.6": a stable tree named in prose
 * ("quite stable enough" is not one). */
static gboolean names_stable(const sm_line *l)
{
	static const char *const words[] = { "stable branch", "stable tree", "stable kernel",
	                                     "stable series", "stable release", "-stable",
	                                     "stable-", "lts ", NULL };
	for (int i = 0; words[i]; i++) {
		const char *hit = sm_memcasestr(l->text, l->len, words[i]);
		/* "LTS" as a word, not the end of "results". */
		if (hit && (i < 7 || hit == l->text || hit[-1] == ' ' || hit[-1] == '('))
			return TRUE;
	}
	return FALSE;
}

/* Class 7 of issue 11: "[PATCH 6.1 00/15] genetlink: ..." is a series
 * written for a 6.1 kernel, not for a stable tree: its tag names a bare
 * version (SUBJ), it goes to the subsystem's lists and not to stable, and
 * no line of it (nor of what a reply to it quotes) names the upstream
 * commit it would be a backport of.  The stable tools' own marks
 * (review_marks) say otherwise. */
static gboolean out_of_tree(recog *r, const sm_subject *subj)
{
	if (subj->autosel || subj->says_stable || addressed_to_stable(r->mail) || review_marks(r))
		return FALSE;
	/* Some real backports forget the list ("you forgot to cc: the
	 * stable@vger.kernel.org mailing list"): the stable team answering,
	 * or the sender's own words ("difficult to backport to early stable
	 * branch such as LTS 6.6"), still say what they are. */
	if (r->reply && sm_trees_is_team(r->trees, r->mail->from))
		return FALSE;
	char sha[SM_SHA_LEN + 1];
	for (int i = 0; i < SM_NLINES(r->lines); i++) {
		const sm_line *l = SM_LINE(r->lines, i);
		if (sm_line_upstream(l, sha) == SM_UPSTREAM_STABLE)
			return FALSE;
		if (l->depth == 0 && !sm_has_prefix_ci(l->text, l->len, "cc:") && names_stable(l))
			return FALSE;
	}
	return TRUE;
}

/* The trees such a backport names in its own prose: "for 5.10-stable",
 * "tested on 4.19.y".  Not the "Cc: stable # 5.4+" trailers it carries
 * over from the upstream commit. */
static void prose_trees(const recog *r, GPtrArray *out)
{
	for (int i = 0; i < SM_NLINES(r->lines); i++) {
		const sm_line *l = SM_LINE(r->lines, i);
		if (l->depth || sm_has_prefix_ci(l->text, l->len, "cc:"))
			continue;
		if (line_has(l, "stable") || line_has(l, ".y") || line_has(l, "backport"))
			sm_scan_trees(l->text, l->len, r->trees, out);
	}
}

static gboolean has_own_diff(const recog *r)
{
	for (int i = 0; i < SM_NLINES(r->lines); i++) {
		const sm_line *l = SM_LINE(r->lines, i);
		if (l->depth == 0 && l->indent == 0 && sm_has_prefix_ci(l->text, l->len, "diff --git "))
			return TRUE;
	}
	return FALSE;
}

/* The line as the mail has it, quote markers and all: what a user is
 * shown as the reason for an attachment. */
static char *line_as_written(const sm_line *l)
{
	GString *s = g_string_new(NULL);
	for (int i = 0; i < l->depth; i++)
		g_string_append_c(s, '>');
	if (l->depth)
		g_string_append_c(s, ' ');
	g_string_append_len(s, l->text, l->len);
	char *out = sm_collapse_space(s->str, (gssize)s->len);
	g_string_free(s, TRUE);
	return out;
}

/* A commit cited the way kernel people cite one, in any text of the
 * mail: 14c73bd344da ("powerpc/vcpu: Assume ..."), the subject perhaps
 * folded onto the next line.  Sets *SUBJECT (caller frees), SHA when the
 * id is whole, and *AT to the line.  Fixes: trailers and "bisected to
 * commit X (...)" both have this shape. */
static gboolean find_citation(const sm_lines *lines, char **subject, char sha[SM_SHA_LEN + 1],
                              int *at)
{
	for (int i = 0; i < SM_NLINES(lines); i++) {
		const sm_line *l = SM_LINE(lines, i);
		const char *end = l->text + l->len;
		for (const char *p = l->text; (p = sm_memcasestr(p, (int)(end - p), "(\"")); p += 2) {
			const char *h = p;
			while (h > l->text && h[-1] == ' ')
				h--;
			const char *start = h;
			while (start > l->text && g_ascii_isxdigit(start[-1]))
				start--;
			int hex = (int)(h - start);
			if (hex < 8 || hex > SM_SHA_LEN ||
			    (start > l->text && g_ascii_isalnum(start[-1])))
				continue;
			GString *text = g_string_new_len(p + 2, end - p - 2);
			const sm_line *next = i + 1 < SM_NLINES(lines) ? SM_LINE(lines, i + 1) : NULL;
			if (!strstr(text->str, "\")") && next && next->depth == l->depth) {
				g_string_append_c(text, ' ');
				g_string_append_len(text, next->text, next->len);
			}
			char *close = strstr(text->str, "\")");
			if (close) {
				*subject = sm_clean_patch_subject(text->str, close - text->str);
				sha[0] = '\0';
				if (hex == SM_SHA_LEN) {
					for (int k = 0; k < SM_SHA_LEN; k++)
						sha[k] = g_ascii_tolower(start[k]);
					sha[SM_SHA_LEN] = '\0';
				}
				*at = i;
			}
			g_string_free(text, TRUE);
			if (close && *subject)
				return TRUE;
		}
	}
	return FALSE;
}

/* 'patch for stable "cifs: fix ..."', '[Regression 6.1.y] From "cifs: ..."':
 * the patch subject a report's own subject quotes, or NULL. */
static char *quoted_title(const char *subject)
{
	const char *open = strchr(subject, '"');
	const char *close = open ? strchr(open + 1, '"') : NULL;
	/* A patch subject names its subsystem: "cifs: fix ...".  Not an
	 * error message a report quotes ("Resource temporarily unavailable"). */
	if (!close || close - open < 8 || !memchr(open, ':', (size_t)(close - open)))
		return NULL;
	return sm_clean_patch_subject(open + 1, close - open - 1);
}

/* Does a reply with a subject of its own talk about a stable tree?  Its
 * subject or its own words name a stable release or the stable trees:
 * "Regression in 6.1.80", "[5.10.y] ...", "reverted from the stable
 * queue".  Only such a reply's decision can be a stable one. */
static gboolean stable_context(const recog *r)
{
	const char *subject = r->mail->subject;
	if (sm_memcasestr(subject, (int)strlen(subject), "stable"))
		return TRUE;
	/* The stable team answering a thread of the stable list: "Thanks
	 * for both of these, now queued up." to a request "Pick commit
	 * 2729cfdcfa (...)" sent to stable@, whose words say stable nowhere.
	 * (Their answers in a patch's own thread are not read here.) */
	if (addressed_to_stable(r->mail) && sm_trees_is_team(r->trees, r->mail->from))
		return TRUE;
	GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
	sm_scan_trees(subject, (int)strlen(subject), r->trees, found);
	for (guint i = 0; found->len == 0 && i < r->own->len; i++) {
		const char *own = g_ptr_array_index(r->own, i);
		if (sm_memcasestr(own, (int)strlen(own), "stable"))
			g_ptr_array_add(found, g_strdup("stable"));
		else if (sm_sentence_acts_on_trees(own))
			sm_scan_trees(own, (int)strlen(own), r->trees, found);
	}
	gboolean yes = found->len > 0;
	g_ptr_array_unref(found);
	return yes;
}

static void prose_decision_trees(recog *r, const char *sentence, GPtrArray *trees);

/* Does the hex run [START, START+LEN) in LINE stand as a commit id: after
 * "commit " ("reverts commit X", "commit X in 6.6.y"), after "Fixes: ", or
 * before a quoted subject, X ("subject")? */
static gboolean names_a_commit(const sm_line *l, const char *start, int len)
{
	const char *end = l->text + l->len, *after = start + len;
	while (after < end && *after == ' ')
		after++;
	if (after + 1 < end && after[0] == '(' && after[1] == '"')
		return TRUE;
	int before = (int)(start - l->text);
	return (before >= 7 && !g_ascii_strncasecmp(start - 7, "commit ", 7)) ||
	       (before == 7 && !g_ascii_strncasecmp(l->text, "fixes: ", 7));
}

/* The commit a mail names without saying it is mainline's (no "commit X
 * upstream." line), which may be a stable backport's id: the first one in
 * LINES, 8 to 40 hex digits, lower-case into SHA.  Returns its line, or
 * -1.  Grouping asks git what it is (sm_notice.stable_commit). */
static int named_commit(const sm_lines *lines, char sha[SM_SHA_LEN + 1])
{
	char ignored[SM_SHA_LEN + 1];
	for (int i = 0; i < SM_NLINES(lines); i++) {
		const sm_line *l = SM_LINE(lines, i);
		if (sm_line_upstream(l, ignored) != SM_UPSTREAM_NONE)
			continue;
		const char *end = l->text + l->len;
		for (const char *p = l->text; p < end;) {
			if (!g_ascii_isxdigit(*p) || (p > l->text && g_ascii_isalnum(p[-1]))) {
				p++;
				continue;
			}
			const char *q = p;
			while (q < end && g_ascii_isxdigit(*q))
				q++;
			int len = (int)(q - p);
			if (len >= 8 && len <= SM_SHA_LEN && (q == end || !g_ascii_isalnum(*q)) &&
			    names_a_commit(l, p, len)) {
				for (int k = 0; k < len; k++)
					sha[k] = g_ascii_tolower(p[k]);
				sha[len] = '\0';
				return i;
			}
			p = q;
		}
	}
	return -1;
}

static gboolean is_decision(sm_signal sig)
{
	return sig == SM_SIGNAL_REVERTED || sig == SM_SIGNAL_DROPPED || sig == SM_SIGNAL_QUEUED;
}

/* Whose decision counts: only the stable team's words move a tree.  From
 * anyone else "I dropped it" or "now reverted" asks for that (a reporter,
 * a distribution's maintainer about their own kernel), and "queued" is
 * news of another tree: no state at all. */
static sm_signal as_written_by(const recog *r, sm_signal sig)
{
	if (!is_decision(sig) || sm_trees_is_team(r->trees, r->mail->from))
		return sig;
	return sig == SM_SIGNAL_QUEUED ? SM_SIGNAL_NONE : SM_SIGNAL_DROP_ASK;
}

/* Class 1 of issue 11: a stable maintainer's decision in a thread with a
 * subject of its own (a regression report), attached by what it quotes:
 * an upstream line, or a cited commit.  Kind and signal follow the
 * decision: reverted or dropped is "removed", queued is "added"; the
 * same words from outside the stable team are a reply (as_written_by). */
static sm_kind free_form_decision(recog *r, GPtrArray *trees)
{
	r->own = sm_own_sentences(r->lines, &r->asked_drop);
	/* A patch's own thread ("Re: [PATCH v3] usb: ...") is its subsystem
	 * maintainer's: "I'll drop the stable tag when applying it" is about
	 * their tree.  Only a thread of its own, a report, decides here. */
	const char *core = sm_skip_reply_prefix(r->mail->subject, NULL);
	if (*core == '[' && (sm_memcasestr(core, (int)strlen(core), "patch") ||
	                     sm_memcasestr(core, (int)strlen(core), "[rfc")))
		return SM_KIND_OTHER;
	sm_signal sig = sm_read_signal(r->own, r->asked_drop);
	if (!is_decision(sig) || !stable_context(r))
		return SM_KIND_OTHER;
	sm_notice *n = r->n;
	char sha[SM_SHA_LEN + 1] = "";
	char *subject = NULL;
	int at = -1;
	for (int i = 0; i < SM_NLINES(r->lines) && at < 0; i++) {
		sm_upstream_form form = sm_line_upstream(SM_LINE(r->lines, i), sha);
		if (form == SM_UPSTREAM_STABLE || form == SM_UPSTREAM_PICK)
			at = i;
	}
	/* The subject may say it all: 'Please apply "ext4: ..." to 5.15',
	 * 'Pick commit 2729cfdcfa ("ext4: ...")'. */
	sm_lines *subject_line = sm_lines_new(r->mail->subject, FALSE);
	int in_subject = -1;
	if (at < 0 && !find_citation(subject_line, &subject, sha, &in_subject))
		subject = quoted_title(r->mail->subject);
	if (subject)
		n->evidence = g_strdup_printf("Subject: %s", r->mail->subject);
	sm_lines_free(subject_line);
	/* Without an upstream line, the commit it names may be a stable
	 * branch's: "commit 0123abcd in 6.6.y", a Fixes: line, a revert. */
	char named[SM_SHA_LEN + 1] = "";
	int named_at = at < 0 ? named_commit(r->lines, named) : -1;
	if (at < 0 && !subject && !find_citation(r->lines, &subject, sha, &at) && named_at < 0)
		return SM_KIND_OTHER;
	/* "I've applied this on top of v4.19.82" from outside the team is no
	 * state, and a bare commit id ("you should run at least v5.2, that
	 * has commit abc123def") names no patch by itself: nothing here is
	 * about a patch the maintainer can place. */
	if (at < 0 && !subject && as_written_by(r, sig) == SM_SIGNAL_NONE)
		return SM_KIND_OTHER;
	if (at < 0 && !subject)
		at = named_at;
	if (named_at >= 0)
		n->stable_commit = g_strdup(named);
	memcpy(n->upstream, sha, sizeof sha);
	n->patch_subject = subject;
	if (!n->evidence)
		n->evidence = line_as_written(SM_LINE(r->lines, at));
	r->free_form = TRUE;
	n->signal = sig = as_written_by(r, sig);
	for (guint i = 0; i < r->own->len; i++)
		prose_decision_trees(r, g_ptr_array_index(r->own, i), trees);
	if (trees->len == 0)
		prose_decision_trees(r, r->mail->subject, trees);
	if (trees->len == 0)
		sm_scan_trees(r->mail->subject, (int)strlen(r->mail->subject), r->trees, trees);
	if (!is_decision(sig))
		return SM_KIND_REPLY;
	return sig == SM_SIGNAL_QUEUED ? SM_KIND_ADDED : SM_KIND_REMOVED;
}

/* Class 3 of issue 11: a reply whose subject lost its form still quotes
 * the notice it answers; its boilerplate says which kind, and the quoted
 * title or Subject: which patch.  Fills R->subj as the subject would have. */
static gboolean quoted_notice(recog *r)
{
	static const struct { const char *text; sm_form form; } marks[] = {
		{ "This is a note to let you know that I've just added the patch titled", SM_FORM_ADDED },
		{ "The patch below does not apply to the ", SM_FORM_FAILED },
		{ "-stable review patch.", SM_FORM_TAGGED },
	};
	for (int i = 0; i < SM_NLINES(r->lines); i++) {
		const sm_line *l = SM_LINE(r->lines, i);
		if (l->depth == 0)
			continue;
		for (gsize m = 0; m < G_N_ELEMENTS(marks); m++) {
			if (!line_has(l, marks[m].text) && !(m == 2 && line_has(l, "-stable review patch")))
				continue;
			char *title = NULL;
			gboolean stable = marks[m].form != SM_FORM_ADDED;
			if (marks[m].form != SM_FORM_ADDED)
				sm_scan_trees(l->text, l->len, r->trees, r->subj.trees);
			for (int j = i + 1; j < SM_NLINES(r->lines) && j < i + 40; j++) {
				const sm_line *t = SM_LINE(r->lines, j);
				if (t->depth != l->depth)
					break;
				char *s = embedded_subject(r->lines, j);
				if (s && !title) {
					title = s;
				} else if (marks[m].form == SM_FORM_ADDED && !title && t->len && j < i + 4) {
					title = sm_clean_patch_subject(t->text, t->len);
					g_free(s);
				} else {
					g_free(s);
				}
				if (marks[m].form == SM_FORM_ADDED && line_has(t, "-stable tree")) {
					sm_scan_trees(t->text, t->len, NULL, r->subj.trees);
					stable = TRUE;
				}
			}
			if (!stable || !title) {
				g_free(title);
				continue;
			}
			g_free(r->subj.title);
			r->subj.title = title;
			r->subj.form = marks[m].form;
			r->subj.series_total = marks[m].form == SM_FORM_TAGGED; /* a review series */
			r->n->evidence = line_as_written(l);
			return TRUE;
		}
	}
	return FALSE;
}

/* Class 1 of issue 11: a backport posted inline in a thread of its own
 * ("Re: backporting 24a9799aa8ef (...) to older stable series": "Hope
 * this is in the proper format:" and the patch below).  The replier's own
 * text carries it: a "commit X upstream." line, which only a stable
 * backport writes of itself, above a diff of its own.  Its patch subject
 * is the "Subject:" of the inline patch, not the thread's. */
static gboolean inline_backport(recog *r)
{
	char sha[SM_SHA_LEN + 1];
	char *title = NULL;
	for (int i = 0; i < SM_NLINES(r->lines); i++) {
		const sm_line *l = SM_LINE(r->lines, i);
		if (l->depth)
			continue;
		if (l->indent == 0 && sm_has_prefix_ci(l->text, l->len, "diff --git "))
			break;
		char *s = embedded_subject(r->lines, i);
		if (s) {
			g_free(title);
			title = s;
		} else if (sm_line_upstream(l, sha) == SM_UPSTREAM_STABLE && has_own_diff(r)) {
			g_free(r->subj.title);
			r->subj.title = title;
			return TRUE;
		}
	}
	g_free(title);
	return FALSE;
}

static sm_kind decide_kind(recog *r, GPtrArray *bot_trees)
{
	if ((r->bot = read_bot(r, bot_trees)))
		return bot_trees->len ? SM_KIND_FAILED : SM_KIND_OTHER;
	if (r->reply && (r->subj.form == SM_FORM_FAILED || r->was.form == SM_FORM_FAILED) &&
	    has_own_diff(r)) {
		/* A backport sent as a plain reply to the FAILED notice. */
		if (r->subj.form != SM_FORM_FAILED) {
			sm_subject_clear(&r->subj);
			r->subj = r->was;
			memset(&r->was, 0, sizeof r->was);
		}
		return SM_KIND_BACKPORT;
	}
	if (r->reply && r->subj.form == SM_FORM_NONE && r->was.form == SM_FORM_NONE &&
	    inline_backport(r))
		return SM_KIND_BACKPORT;
	if (r->reply && (r->subj.form != SM_FORM_NONE || r->was.form != SM_FORM_NONE)) {
		const sm_subject *answered = r->subj.form != SM_FORM_NONE ? &r->subj : &r->was;
		if (answered->form == SM_FORM_TAGGED && out_of_tree(r, answered))
			return SM_KIND_OTHER;
		return SM_KIND_REPLY;
	}
	if (r->reply && quoted_notice(r))
		return SM_KIND_REPLY;
	if (r->reply)
		return free_form_decision(r, bot_trees);
	switch (r->subj.form) {
	case SM_FORM_TAGGED:
		if (r->subj.autosel)
			return SM_KIND_AUTOSEL;
		if (out_of_tree(r, &r->subj))
			return SM_KIND_OTHER;
		/* A series cover or a "6.1.y" tree: a hand-made backport. */
		if (r->subj.dot_y || (r->subj.series_pos == 0 && r->subj.series_total > 0))
			return SM_KIND_BACKPORT;
		return review_marks(r) ? SM_KIND_REVIEW_PATCH : SM_KIND_BACKPORT;
	case SM_FORM_COVER:
		return SM_KIND_REVIEW_COVER;
	case SM_FORM_FAILED:
		return SM_KIND_FAILED;
	case SM_FORM_ADDED:
		return SM_KIND_ADDED;
	case SM_FORM_REMOVED:
		return SM_KIND_REMOVED;
	case SM_FORM_RELEASE:
		return SM_KIND_RELEASE;
	case SM_FORM_NONE:
		break;
	}
	if (r->subj.tagged && stable_marker_on_top(r))
		return SM_KIND_BACKPORT;
	switch ((r->subj.form = body_form(r))) {
	case SM_FORM_ADDED:
		return SM_KIND_ADDED;
	case SM_FORM_FAILED:
		return SM_KIND_FAILED;
	case SM_FORM_RELEASE:
		return SM_KIND_RELEASE;
	default:
		return SM_KIND_OTHER;
	}
}

static gboolean same_patch_subject(const char *a, const char *b)
{
	char *ka = sm_subject_key(a), *kb = sm_subject_key(b);
	/* Either may be cut short at a fold. */
	gboolean same = *ka && *kb && (g_str_has_prefix(ka, kb) || g_str_has_prefix(kb, ka));
	g_free(ka);
	g_free(kb);
	return same;
}

/* Notes cut the patch subject at its first fold ("...when queueing alt
 * mode" for "...alt mode vdm"); the patch they carry or quote has it
 * whole. */
static void complete_patch_subject(recog *r)
{
	char *have = r->n->patch_subject;
	if (!have)
		return;
	size_t len = strlen(have);
	for (int i = 0; i < SM_NLINES(r->lines); i++) {
		char *full = embedded_subject(r->lines, i);
		if (full && strlen(full) > len && strncmp(full, have, len) == 0 && full[len] == ' ') {
			g_free(r->n->patch_subject);
			r->n->patch_subject = full;
			return;
		}
		g_free(full);
	}
}

/* "This reverts commit <stable id> which is\ncommit <upstream id> upstream."
 * is a stable-only revert naming the commit it takes back. */
static gboolean reverts_at(const sm_lines *lines, int i)
{
	return line_has(SM_LINE(lines, i), "reverts commit") ||
	       (i > 0 && line_has(SM_LINE(lines, i - 1), "reverts commit"));
}

/* The upstream id.  Notes and patches name it in their own text; a reply
 * takes it from what it quotes, unless the quote is of another patch (a
 * "Subject:" above the id that is not this notice's patch). */
static void find_upstream(recog *r, gboolean own_text_only, gboolean *stable_revert)
{
	const char *guard_for = r->n->patch_subject;
	char *last_subject = NULL;
	/* A backport's "From X Mon Sep 17" line is its own commit, a stable
	 * branch's or the sender's: its "commit X upstream." line, when it
	 * has one, names the upstream. */
	char mbox[SM_SHA_LEN + 1] = "";
	gboolean backport = r->n->kind == SM_KIND_BACKPORT;
	for (int i = 0; i < SM_NLINES(r->lines); i++) {
		const sm_line *l = SM_LINE(r->lines, i);
		if (own_text_only && l->depth > 0)
			continue;
		char *s = embedded_subject(r->lines, i);
		if (s) {
			g_free(last_subject);
			last_subject = s;
			continue;
		}
		char sha[SM_SHA_LEN + 1];
		sm_upstream_form form = sm_line_upstream(l, sha);
		if (!form)
			continue;
		if (!own_text_only && last_subject && guard_for &&
		    !same_patch_subject(last_subject, guard_for))
			continue;
		if (backport && form == SM_UPSTREAM_MBOX) {
			if (!mbox[0])
				memcpy(mbox, sha, sizeof sha);
			continue;
		}
		memcpy(r->n->upstream, sha, sizeof sha);
		if (stable_revert)
			*stable_revert = reverts_at(r->lines, i);
		/* A reply names its patch by what it quotes: show which line.
		 * (A backport sent as a reply names it in its own text.) */
		if (r->reply && !backport && !r->n->evidence)
			r->n->evidence = line_as_written(l);
		break;
	}
	if (!r->n->upstream[0] && mbox[0])
		memcpy(r->n->upstream, mbox, sizeof mbox);
	g_free(last_subject);
}

/* Formatted as the mail's own From is, so that the two compare. */
static char *decode_address(const char *text, int len)
{
	char *raw = g_strndup(text, (gsize)len);
	char *out = sm_mail_format_address(g_strstrip(raw));
	g_free(raw);
	return out;
}

/* A quoted patch header block (From:, Date:, Subject:) at line I: is its
 * Subject this notice's patch?  TRUE when it has none to tell. */
static gboolean quoted_patch_is_ours(const recog *r, int i)
{
	for (int k = i + 1; k < SM_NLINES(r->lines) && k <= i + 3; k++) {
		char *s = embedded_subject(r->lines, k);
		if (s) {
			gboolean ours = !r->n->patch_subject || same_patch_subject(s, r->n->patch_subject);
			g_free(s);
			return ours;
		}
	}
	return TRUE;
}

/* The in-body "From: Name <addr>" of the patch: unquoted in patches and
 * notes, quoted in replies. */
static char *find_author(recog *r, gboolean quoted)
{
	for (int i = 0; i < SM_NLINES(r->lines); i++) {
		const sm_line *l = SM_LINE(r->lines, i);
		/* "> From:" quotes a line that began with "From:". */
		if ((l->depth > 0) != quoted || l->indent > (quoted ? 1 : 0))
			continue;
		/* "From:" in mail form, "Author:" in the git show form of
		 * Sasha's notes. */
		if (sm_has_prefix_ci(l->text, l->len, "From:") && l->len > 6) {
			/* A quoted Outlook header block is a mail's sender. */
			const sm_line *next = i + 1 < SM_NLINES(r->lines) ? SM_LINE(r->lines, i + 1) : NULL;
			if (quoted && next && (sm_has_prefix_ci(next->text, next->len, "Sent:") ||
			                       sm_has_prefix_ci(next->text, next->len, "To:")))
				continue;
			if (quoted && !quoted_patch_is_ours(r, i))
				continue;
			return decode_address(l->text + 5, l->len - 5);
		}
		if (sm_has_prefix_ci(l->text, l->len, "Author:") && l->len > 8)
			return decode_address(l->text + 7, l->len - 7);
		/* Below the sign-offs there is no author line any more. */
		if (!quoted && (sm_has_prefix_ci(l->text, l->len, "Signed-off-by:") ||
		                (l->len == 3 && !strncmp(l->text, "---", 3))))
			break;
	}
	return NULL;
}

static gint64 find_deadline(recog *r)
{
	static const char lead[] = "responses should be made by ";
	for (int i = 0; i < SM_NLINES(r->lines); i++) {
		const sm_line *l = SM_LINE(r->lines, i);
		const char *hit = l->depth ? NULL : sm_memcasestr(l->text, l->len, lead);
		if (!hit)
			continue;
		const char *v = hit + strlen(lead);
		char *date = g_strndup(v, (gsize)(l->text + l->len - v));
		gint64 t = sm_parse_loose_date(date);
		g_free(date);
		if (t)
			return t;
	}
	/* The test robots' header says the same, to the minute:
	 * "2024-03-06T21:15+00:00", which GLib's ISO 8601 reader refuses
	 * without seconds. */
	const char *iso = sm_mail_header(r->mail, "X-KernelTest-Deadline");
	int y, mo, d, h, mi, n = 0;
	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) < 5)
		return 0;
	char *full = iso[n] == ':' ? g_strdup(iso) : g_strdup_printf("%.*s:00%s", n, iso, iso + n);
	GDateTime *dt = g_date_time_new_from_iso8601(full, NULL);
	g_free(full);
	if (!dt)
		return 0;
	gint64 t = g_date_time_to_unix(dt);
	g_date_time_unref(dt);
	return t;
}

/* A reply to a review cover is about one patch when it says so: a
 * citation in its own words, 14c73bd344d ("powerpc/vcpu: Assume ..."),
 * or the one shortlog entry it kept of the cover's:
 *   > Thomas Gleixner <tglx@linutronix.de>
 *   >     timers: Move clearing of base::timer_running under base:: Lock */
/* Class 4 of issue 11: "The patch\n    usb: xhci: prevent ... without TRB\n
 *     https://...\ncauses ... 6.1.98 to crash": a reply to a review cover
 * that names one of its patches in prose, the subject written out after
 * "patch" or "commit" (and maybe an id), quoted or not.  The subject has
 * a subsystem's "prefix: " and ends at its closing quote, at a link, or at
 * the verb that says what it did.  Grouping takes it only when a patch of
 * that subject is there (SM_ATTACH_QUOTED_SUBJECT), so a wrong end makes
 * no attachment, never a wrong one. */
static char *prose_patch_subject(const char *sentence, const char **stop)
{
	static const char *const ends[] = { " http", " causes", " caused", " breaks", " broke",
	                                    " introduced", " introduces", " results", " leads",
	                                    " triggers", " seems", " is causing", " has caused",
	                                    " (", NULL };
	int len = (int)strlen(sentence);
	const char *words[] = { "patch ", "commit " };
	for (gsize w = 0; w < G_N_ELEMENTS(words); w++) {
		const char *at = sm_memcasestr(sentence, len, words[w]);
		if (!at || (at > sentence && at[-1] != ' '))
			continue;
		const char *p = at + strlen(words[w]);
		const char *hex = p;
		while (g_ascii_isxdigit(*p))
			p++;
		if (p > hex && (p - hex < 8 || *p != ' '))
			continue; /* a word, not an id */
		while (*p == ' ')
			p++;
		const char *quote = NULL;
		if (*p == '"' || *p == '(') {
			quote = *p == '(' ? "\")" : "\"";
			p += *p == '(' ? 2 : 1;
		}
		/* "usb: xhci: ...": a subsystem prefix in the first word. */
		const char *colon = strchr(p, ':');
		if (!colon || colon == p || colon[1] != ' ' || memchr(p, ' ', (size_t)(colon - p)))
			continue;
		const char *end = quote ? strstr(p, quote) : NULL;
		for (int e = 0; !quote && ends[e]; e++) {
			const char *hit = strstr(colon, ends[e]);
			if (hit && (!end || hit < end))
				end = hit;
		}
		if (!end)
			end = sentence + len;
		while (end > p && (end[-1] == '.' || end[-1] == ',' || end[-1] == ' '))
			end--;
		char *subject = sm_clean_patch_subject(p, end - p);
		*stop = quote && *end ? end + strlen(quote) : end;
		if (subject && strchr(subject, ' ') && strlen(subject) > 12)
			return subject;
		g_free(subject);
	}
	return NULL;
}

static void cover_reply_patch(recog *r)
{
	for (guint i = 0; r->own && i < r->own->len; i++) {
		const char *s = g_ptr_array_index(r->own, i);
		for (const char *p = strstr(s, "(\""); p; p = strstr(p + 2, "(\"")) {
			const char *h = p;
			while (h > s && h[-1] == ' ')
				h--;
			const char *start = h;
			while (start > s && g_ascii_isxdigit(start[-1]))
				start--;
			int hex = (int)(h - start);
			const char *close = strstr(p + 2, "\")");
			if (!close)
				break; /* and no later one closes either */
			if (hex < 8 || hex > SM_SHA_LEN || (start > s && start[-1] != ' '))
				continue;
			r->n->patch_subject = sm_clean_patch_subject(p + 2, close - (p + 2));
			if (hex == SM_SHA_LEN) {
				for (int k = 0; k < SM_SHA_LEN; k++)
					r->n->upstream[k] = g_ascii_tolower(start[k]);
				r->n->upstream[SM_SHA_LEN] = '\0';
			}
			return;
		}
	}
	char *entry = NULL;
	int entries = 0;
	for (int i = 0; i + 1 < SM_NLINES(r->lines); i++) {
		const sm_line *a = SM_LINE(r->lines, i), *b = SM_LINE(r->lines, i + 1);
		if (a->depth == 0 || b->depth != a->depth || b->indent < a->indent + 2 ||
		    b->len == 0 || a->len < 5 || a->text[a->len - 1] != '>' ||
		    !memchr(a->text, '<', (size_t)a->len) || !memchr(a->text, '@', (size_t)a->len))
			continue;
		if (sm_has_prefix_ci(b->text, b->len, "Linux "))
			continue; /* the release commit itself */
		char *subject = sm_clean_patch_subject(b->text, b->len);
		if (subject && (!entry || strcmp(entry, subject) != 0))
			entries++;
		g_free(entry);
		entry = subject;
	}
	if (entries == 1) {
		r->n->patch_subject = entry;
		return;
	}
	g_free(entry);
	for (guint i = 0; r->own && i < r->own->len; i++) {
		const char *s = g_ptr_array_index(r->own, i), *stop;
		if ((r->n->patch_subject = prose_patch_subject(s, &stop))) {
			r->n->evidence = g_strndup(s, (gsize)(stop - s));
			return;
		}
	}
}

/* "kernel versions to apply: 5.10, 5.15, 6.1, 6.6" in backport requests
 * and the replies that quote them.  Not read in replies to notices, whose
 * subject names the tree and whose quotes may be bug reports ("Kernel
 * version: 6.8.9"). */
static void labelled_trees(recog *r, GPtrArray *out)
{
	static const char *const labels[] = { "version", "kernel", "tree", "branch", NULL };
	for (int i = 0; i < SM_NLINES(r->lines); i++) {
		const sm_line *l = SM_LINE(r->lines, i);
		const char *colon = memchr(l->text, ':', (size_t)MIN(l->len, 40));
		if (!colon || sm_has_prefix_ci(l->text, l->len, "cc"))
			continue;
		gboolean labelled = FALSE;
		for (int k = 0; labels[k] && !labelled; k++)
			labelled = sm_memcasestr(l->text, (int)(colon - l->text), labels[k]) != NULL;
		if (labelled)
			sm_scan_trees(colon + 1, (int)(l->text + l->len - colon - 1), r->trees, out);
	}
}

static void add_subject_trees(recog *r, const sm_subject *s, GPtrArray *out)
{
	for (guint i = 0; i < s->trees->len; i++)
		g_ptr_array_add(out, g_strdup(g_ptr_array_index(s->trees, i)));
	for (guint i = 0; i + 1 < s->ranges->len; i += 2)
		sm_trees_expand(r->trees, g_ptr_array_index(s->ranges, i),
		                g_ptr_array_index(s->ranges, i + 1), r->mail->date, out);
}

static gint cmp_tree_desc(gconstpointer a, gconstpointer b)
{
	return sm_version_cmp(*(char *const *)b, *(char *const *)a);
}

/* Newest first, each once, as the notice's NULL-terminated list. */
static void set_trees(sm_notice *n, GPtrArray *trees)
{
	g_ptr_array_sort(trees, cmp_tree_desc);
	GPtrArray *out = g_ptr_array_new();
	for (guint i = 0; i < trees->len; i++) {
		char *t = g_ptr_array_index(trees, i);
		if (out->len && strcmp(g_ptr_array_index(out, out->len - 1), t) == 0)
			continue;
		g_ptr_array_add(out, g_strdup(t));
	}
	g_ptr_array_add(out, NULL);
	g_strfreev(n->trees);
	n->trees = (char **)g_ptr_array_free(out, FALSE);
}

/* "[ Sasha's backport helper bot ]": tables of trees and results that
 * are nobody's words. */
static gboolean own_text_is_bot(const recog *r)
{
	int top[1];
	if (top_lines(r, 1, top) == 0)
		return FALSE;
	const sm_line *l = SM_LINE(r->lines, top[0]);
	return l->len > 6 && l->text[0] == '[' && l->text[l->len - 1] == ']' &&
	       sm_memcasestr(l->text, l->len, "bot") != NULL;
}

/* The kind of notice a reply's subject answers, for when the notice
 * itself is not in the database: "Re: FAILED: patch ..." still says the
 * tree failed. */
static sm_kind answered_kind(const sm_subject *s)
{
	switch (s->form) {
	case SM_FORM_FAILED: return SM_KIND_FAILED;
	case SM_FORM_ADDED: return SM_KIND_ADDED;
	case SM_FORM_REMOVED: return SM_KIND_REMOVED;
	case SM_FORM_COVER: return SM_KIND_REVIEW_COVER;
	case SM_FORM_RELEASE: return SM_KIND_RELEASE;
	case SM_FORM_TAGGED:
		if (s->autosel)
			return SM_KIND_AUTOSEL;
		return s->series_total && !s->dot_y ? SM_KIND_REVIEW_PATCH : SM_KIND_BACKPORT;
	default: return SM_KIND_OTHER;
	}
}

/* Class 5 of issue 11: the trees a sentence decides for.  "now applied to
 * 5.10 and 5.15", "please also take it for 6.1 and older", "queued for all
 * the trees" (every tree the patch is open in: sm_notice.all_trees).  A
 * guess ("I suppose the older ones have it too") decides nothing. */
static void prose_decision_trees(recog *r, const char *sentence, GPtrArray *trees)
{
	static const char *const guesses[] = { "i suppose", "i guess", "probably", "maybe",
	                                       "might ", "i think", "i assume", "perhaps", NULL };
	static const char *const all[] = { "all the trees", "all trees", "all stable trees",
	                                   "all the stable trees", "all branches", "all the branches",
	                                   "all queues", "all the queues", "all of the trees",
	                                   "all stable queues", NULL };
	if (!sm_sentence_acts_on_trees(sentence))
		return;
	char *lower = g_ascii_strdown(sentence, -1);
	gboolean guess = FALSE;
	for (int i = 0; guesses[i] && !guess; i++)
		guess = strstr(lower, guesses[i]) != NULL;
	for (int i = 0; all[i] && !guess; i++)
		if (strstr(lower, all[i]))
			r->n->all_trees = TRUE;
	if (!guess) {
		guint before = trees->len;
		sm_scan_trees(sentence, (int)strlen(sentence), r->trees, trees);
		/* "6.1 and older": every tree below the lowest named that was
		 * maintained when the mail was written (undated mail: none). */
		if (trees->len > before && r->mail->date && (strstr(lower, "and older") || strstr(lower, "and earlier") ||
		                            strstr(lower, "and below"))) {
			const char *low = g_ptr_array_index(trees, before);
			for (guint i = before; i < trees->len; i++)
				if (sm_version_cmp(g_ptr_array_index(trees, i), low) < 0)
					low = g_ptr_array_index(trees, i);
			char *lowest = g_strdup(low);
			for (guint i = 0; i < r->trees->list->len; i++) {
				const sm_tree_info *t = g_ptr_array_index(r->trees->list, i);
				gint64 when = r->mail->date;
				if (sm_version_cmp(t->name, lowest) < 0 && t->released <= when &&
				    (!t->eol || t->eol > when))
					g_ptr_array_add(trees, g_strdup(t->name));
			}
			g_free(lowest);
		}
	}
	g_free(lower);
}

static void recognise_reply(recog *r, GPtrArray *trees)
{
	sm_notice *n = r->n;
	r->own = sm_own_sentences(r->lines, &r->asked_drop);
	if (own_text_is_bot(r))
		g_ptr_array_set_size(r->own, 0);
	n->signal = as_written_by(r, sm_read_signal(r->own, r->asked_drop));
	n->answers = answered_kind(&r->subj);
	if (n->answers == SM_KIND_OTHER)
		n->answers = answered_kind(&r->was);
	add_subject_trees(r, &r->subj, trees);
	add_subject_trees(r, &r->was, trees);
	/* "This failed for 6.1 and 5.15, so I'll drop them": the trees a
	 * reply acts on.  Not every version it mentions: "it should only go
	 * into 5.17" is about the tree of the subject. */
	for (guint i = 0; i < r->own->len; i++)
		prose_decision_trees(r, g_ptr_array_index(r->own, i), trees);
	n->series_pos = r->subj.series_pos;
	n->series_total = r->subj.series_total;

	const sm_subject *answered = r->subj.form != SM_FORM_NONE ? &r->subj : &r->was;
	gboolean cover = answered->form == SM_FORM_COVER || answered->form == SM_FORM_RELEASE;
	if (cover) {
		/* The release is known from the subject even when the cover
		 * is not in the database: the review record is found by it. */
		if (answered->form == SM_FORM_COVER)
			n->release = g_strdup(answered->release);
		cover_reply_patch(r);
	} else {
		const sm_subject *from = r->subj.form != SM_FORM_NONE || r->subj.tagged ||
		                                 !r->was.title ? &r->subj : &r->was;
		n->patch_subject = g_strdup(from->title);
		complete_patch_subject(r);
		find_upstream(r, FALSE, NULL);
		char named[SM_SHA_LEN + 1];
		if (!n->upstream[0] && named_commit(r->lines, named) >= 0)
			n->stable_commit = g_strdup(named);
	}
	n->author = find_author(r, TRUE);
	/* A drop answering an added note takes the patch out of the queue. */
	if (n->kind == SM_KIND_REPLY && r->subj.form == SM_FORM_ADDED &&
	    n->signal == SM_SIGNAL_DROPPED)
		n->kind = SM_KIND_REMOVED;
}

sm_notice *sm_recognise(const sm_mail *mail, const sm_trees *trees)
{
	recog r = { .mail = mail, .trees = trees };
	sm_notice *n = r.n = sm_notice_new();
	copy_headers(n, mail);

	char *core, *was;
	split_was(sm_skip_reply_prefix(mail->subject, &r.reply), &core, &was);
	sm_subject_parse(core, &r.subj);
	sm_subject_parse(was ? sm_skip_reply_prefix(was, NULL) : "", &r.was);
	if (r.was.form != SM_FORM_NONE)
		r.reply = TRUE;
	g_free(core);
	g_free(was);

	/* Everything a patch or a note says about itself is above its diff;
	 * a reply may answer below a quoted one. */
	r.lines = sm_lines_new(mail->body, !r.reply);
	GPtrArray *tree_list = g_ptr_array_new_with_free_func(g_free);
	n->kind = decide_kind(&r, tree_list);

	switch (n->kind) {
	case SM_KIND_REPLY:
		if (!r.free_form) /* else free_form_decision() read it all */
			recognise_reply(&r, tree_list);
		break;
	case SM_KIND_OTHER:
		labelled_trees(&r, tree_list);
		n->patch_subject = g_strdup(r.subj.title);
		complete_patch_subject(&r);
		find_upstream(&r, FALSE, NULL);
		break;
	case SM_KIND_REVIEW_COVER:
	case SM_KIND_RELEASE:
		add_subject_trees(&r, &r.subj, tree_list);
		n->release = g_strdup(r.subj.release);
		if (n->kind == SM_KIND_REVIEW_COVER) {
			n->deadline = find_deadline(&r);
			n->series_pos = r.subj.series_pos;
			n->series_total = r.subj.series_total;
		}
		break;
	default:
		if (r.free_form)
			break; /* free_form_decision() read all there is */
		if (!r.bot)
			add_subject_trees(&r, &r.subj, tree_list);
		if (n->kind == SM_KIND_BACKPORT && tree_list->len == 0)
			prose_trees(&r, tree_list);
		n->patch_subject = g_strdup(r.subj.title);
		complete_patch_subject(&r);
		if (!r.bot) {
			gboolean stable_revert = FALSE;
			find_upstream(&r, TRUE, &stable_revert);
			/* A stable-only revert in a review series is not the
			 * upstream patch: it is a hand-made change. */
			if (n->kind == SM_KIND_REVIEW_PATCH && stable_revert)
				n->kind = SM_KIND_BACKPORT;
			n->series_pos = r.subj.series_pos;
			n->series_total = r.subj.series_total;
			n->author = find_author(&r, FALSE);
			if (!n->author && (n->kind == SM_KIND_AUTOSEL || n->kind == SM_KIND_BACKPORT ||
			                   n->kind == SM_KIND_REVIEW_PATCH))
				n->author = g_strdup(mail->from);
		}
		break;
	}
	set_trees(n, tree_list);
	/* A patch's own diff says which files it touches; a reply's is
	 * quoted (and so not read), a cover or a release has none. */
	if (n->kind != SM_KIND_REPLY && n->kind != SM_KIND_REVIEW_COVER &&
	    n->kind != SM_KIND_RELEASE && n->kind != SM_KIND_OTHER)
		sm_diff_scan(mail->body, &n->files, &n->change);

	g_ptr_array_unref(tree_list);
	if (r.own)
		g_ptr_array_unref(r.own);
	sm_lines_free(r.lines);
	sm_subject_clear(&r.subj);
	sm_subject_clear(&r.was);
	return n;
}

char *sm_subject_key(const char *patch_subject)
{
	if (!patch_subject)
		return g_strdup("");
	/* ASCII, the commonest subject, needs no Unicode tables: casefolding
	 * is lower-casing there, and every control character and space ends
	 * up one space (sm_collapse_space), as below.  A refresh makes the
	 * key of every notice it regroups and writes. */
	const char *p = patch_subject;
	while (*p && !((guchar)*p & 0x80))
		p++;
	if (!*p) {
		GString *kept = g_string_sized_new((gsize)(p - patch_subject));
		for (p = patch_subject; *p; p++)
			if (*p != '\'' && *p != '"' && *p != '`')
				g_string_append_c(kept, g_ascii_tolower(*p));
		char *key = sm_collapse_space(kept->str, (gssize)kept->len);
		g_string_free(kept, TRUE);
		return key;
	}
	char *folded = g_utf8_casefold(patch_subject, -1);
	GString *kept = g_string_sized_new(strlen(folded));
	for (p = folded; *p; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		/* quilt drops quotes and apostrophes: "Dont" for "Don't". */
		if (c == '\'' || c == '"' || c == '`' || c == 0x2018 || c == 0x2019 ||
		    c == 0x201c || c == 0x201d)
			continue;
		g_string_append_unichar(kept, g_unichar_isspace(c) ? ' ' : c);
	}
	g_free(folded);
	char *key = sm_collapse_space(kept->str, (gssize)kept->len);
	g_string_free(kept, TRUE);
	return key;
}

const char *sm_recogniser_version(void)
{
	return SM_RECOGNISER_VERSION;
}
