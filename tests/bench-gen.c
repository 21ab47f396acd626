/* bench-gen.c - write a synthetic maildir of stable notifications.
 *
 *   bench-gen [--count N] [--seed S] [--end YYYY-MM-DD] [--days D] MAILDIR
 *
 * The benchmark (tests/bench) needs a mailbox the size of a maintainer's
 * who reads the whole stable list.  The messages are modelled on the real
 * ones in tests/corpus: the same senders, subjects, headers, threading and
 * body layout, with the sizes the real ones have (a relay header block,
 * commit messages, diffs, AUTOSEL's LLM explanations, FAILED recipes,
 * review covers with their shortlogs).  Every upstream patch goes through a
 * life cycle drawn at random: picked by AUTOSEL (per tree, or one mail for a
 * range of trees) or tagged for stable and added to its trees, some FAILED
 * with a hand-made backport in reply, review patches under an -rc review
 * cover, release announcements, human replies; and ordinary mainline
 * postings copied to stable, which are not notifications at all.
 *
 * The mail spans DAYS up to END (default today, UTC), so that like a real
 * mailbox it has mail from the last few days, which the TUI shows first.
 * Output is a pure function of the options: the same seed and END give
 * the same files, so runs compare.  Message-ids carry the seed, so a second run with
 * another seed adds new messages to the same maildir (the benchmark's
 * incremental refresh).  About one message in five is unread (maildir
 * flags).  Prints "MESSAGES PATCHES" on standard output.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib.h>
#include <glib/gstdio.h>

/* A stable tree and when it was maintained. */
typedef struct tree {
	const char *name;
	const char *released; /* YYYY-MM-DD */
	const char *eol;      /* YYYY-MM-DD, or NULL while maintained */
	gint64 from, to;
	int release;          /* the next x.y.N to announce */
} tree;

static tree trees[] = {
	{ "6.18", "2025-11-30", NULL, 0, 0, 1 },
	{ "6.17", "2025-09-28", NULL, 0, 0, 1 },
	{ "6.16", "2025-07-27", "2025-10-12", 0, 0, 1 },
	{ "6.15", "2025-05-25", "2025-08-21", 0, 0, 1 },
	{ "6.14", "2025-03-24", "2025-06-10", 0, 0, 1 },
	{ "6.13", "2025-01-19", "2025-04-20", 0, 0, 1 },
	{ "6.12", "2024-11-17", NULL, 0, 0, 1 },
	{ "6.11", "2024-09-15", "2024-12-05", 0, 0, 1 },
	{ "6.10", "2024-07-14", "2024-10-10", 0, 0, 1 },
	{ "6.9", "2024-05-12", "2024-07-27", 0, 0, 1 },
	{ "6.8", "2024-03-10", "2024-05-30", 0, 0, 1 },
	{ "6.7", "2024-01-07", "2024-04-03", 0, 0, 4 },
	{ "6.6", "2023-10-30", NULL, 0, 0, 9 },
	{ "6.1", "2022-12-11", NULL, 0, 0, 71 },
	{ "5.15", "2021-10-31", NULL, 0, 0, 146 },
	{ "5.10", "2020-12-13", NULL, 0, 0, 205 },
	{ "5.4", "2019-11-24", "2025-12-03", 0, 0, 265 },
	{ "4.19", "2018-10-22", "2024-12-05", 0, 0, 303 },
};

static const char *const subsystems[] = {
	"net", "net/mlx5", "net: stmmac", "drm/amdgpu", "drm/i915", "drm/msm",
	"btrfs", "ext4", "xfs", "f2fs", "nfsd", "NFS", "smb: client", "ksmbd",
	"usb: typec: tcpm", "usb: dwc3", "USB: serial", "ALSA: hda/realtek",
	"ASoC: SOF", "wifi: ath11k", "wifi: mt76", "Bluetooth", "media: uvcvideo",
	"iommu/vt-d", "KVM: x86", "KVM: arm64", "x86/mm", "arm64: dts",
	"powerpc/64s", "s390/dasd", "PCI", "scsi: ufs", "nvme-tcp", "block",
	"io_uring", "mm", "mm/hugetlb", "sched/fair", "bpf", "selftests/bpf",
	"tracing", "perf", "gpio", "i2c", "spi", "pinctrl", "hwmon", "iio: adc",
	"thermal", "cpufreq", "PM / devfreq", "tpm", "crypto", "netfilter",
	"ipv6", "tcp", "can: gs_usb", "HID", "Input", "platform/x86", "fbdev",
	"md", "dm", "ceph", "fs/ntfs3", "erofs", "jfs", "ocfs2", "kbuild",
};

static const char *const verbs[] = {
	"fix", "avoid", "handle", "check", "prevent", "reject", "validate",
	"don't leak", "drop", "add missing", "correct", "clear", "reset",
	"initialise", "cap", "release", "restore", "serialise", "use",
};

static const char *const objects[] = {
	"NULL pointer dereference in", "use-after-free in", "memory leak in",
	"race between open and", "out-of-bounds read in", "refcount leak in",
	"deadlock in", "error path of", "integer overflow in", "lock order in",
	"return value of", "missing lock in", "stale pointer in", "overflow in",
	"uninitialised variable in", "spurious warning in", "off-by-one in",
};

static const char *const functions[] = {
	"probe()", "remove()", "suspend()", "resume()", "open()", "release()",
	"ioctl handler", "irq handler", "init path", "teardown", "reset path",
	"get_stats()", "set_features()", "start_xmit()", "queue_work()",
	"map_sg()", "alloc_pages()", "do_writepages()", "lookup()", "rename()",
};

static const char *const words[] = {
	"the", "driver", "when", "device", "is", "removed", "while", "a",
	"request", "still", "pending", "which", "can", "lead", "to", "crash",
	"on", "systems", "with", "more", "than", "one", "queue", "this", "patch",
	"moves", "check", "before", "lock", "taken", "and", "makes", "sure",
	"that", "buffer", "freed", "only", "after", "last", "user", "dropped",
	"reference", "found", "by", "syzbot", "fuzzing", "KASAN", "reports",
	"slab", "page", "table", "entry", "firmware", "returns", "error", "code",
	"callers", "expect", "negative", "value", "so", "propagate", "it",
	"instead", "of", "ignoring", "commit", "introduced", "regression",
	"where", "path", "skipped", "cleanup", "under", "memory", "pressure",
};

static const char *const first_names[] = {
	"Alice", "Bjorn", "Chen", "Dmitry", "Eva", "Florian", "Gao", "Hannes",
	"Ilpo", "Jakub", "Krzysztof", "Lorenzo", "Marek", "Nathan", "Oliver",
	"Pavel", "Qu", "Rafael", "Sven", "Takashi", "Uwe", "Vlastimil", "Wei",
	"Xin", "Yang", "Zhang", "Jérôme", "Søren", "Ilpo", "Mikuláš",
};

static const char *const last_names[] = {
	"Andersson", "Berg", "Christopherson", "Dumazet", "Eriksson", "Fainelli",
	"Gross", "Heiner", "Iwai", "Jansen", "Kicinski", "Lobakin", "Morton",
	"Neukum", "Olsa", "Paolini", "Qiu", "Rientjes", "Sterba", "Tso",
	"Ullrich", "Viro", "Wysocki", "Xu", "Yosry", "Zijlstra", "König",
	"Hellström", "Lévesque", "Nováček",
};

static const char *const domains[] = {
	"kernel.org", "redhat.com", "suse.de", "intel.com", "google.com",
	"amd.com", "nvidia.com", "huawei.com", "linaro.org", "gmail.com",
	"oracle.com", "meta.com", "arm.com", "collabora.com", "bootlin.com",
};

static const char *const lists[] = {
	"netdev@vger.kernel.org", "dri-devel@lists.freedesktop.org",
	"linux-btrfs@vger.kernel.org", "linux-usb@vger.kernel.org",
	"linux-fsdevel@vger.kernel.org", "linux-mm@kvack.org",
	"linux-arm-kernel@lists.infradead.org", "kvm@vger.kernel.org",
	"linux-sound@vger.kernel.org", "linux-wireless@vger.kernel.org",
};

static const char *const gregkh_words[] = {
	"barricade", "backwash", "dreamt", "stank", "residence", "cover",
	"limb", "alkalize", "entree", "stark", "shining", "arbitrary", "uphill",
	"unworldly", "entering", "curtly", "scrounger", "vitamins", "overtone",
	"cupping", "budget", "crusader", "resident", "transform", "tapered",
	"curly", "unsolved", "diaphragm", "ageless", "fondling",
};

/* One upstream commit, and everything its notices repeat about it. */
typedef struct patch {
	char sha[41];
	char *subject;
	char *author;      /* "Name <addr>" */
	char *author_addr;
	char *commit_body; /* message paragraphs and trailers */
	char *diff;        /* diffstat and diff */
	char *llm;         /* AUTOSEL's explanation */
	char *file;        /* the main file touched */
} patch;

/* A posted message that a later one may answer. */
typedef struct posted {
	char *id;
	char *subject;
	char *from;
	gint64 date;
} posted;

/* One AUTOSEL or review series being filled. */
typedef struct series {
	char *key;      /* tree or range */
	char *stem;     /* message-id stem */
	int pos, total;
	posted cover;   /* review: the cover letter; AUTOSEL: patch 1 */
	char *release;  /* review: "6.1.80" */
	gint64 deadline;
} series;

typedef struct gen {
	GRand *rand;
	char *dir;
	guint seed;
	guint count, written, patches, unread; /* written also numbers message-ids */
	gint64 start, span, now;
	GHashTable *series; /* key -> series* */
	GString *msg;
} gen;

static gint64 parse_day(const char *text)
{
	int y, m, d;
	if (!text || sscanf(text, "%d-%d-%d", &y, &m, &d) != 3)
		return 0;
	GDateTime *dt = g_date_time_new_utc(y, m, d, 0, 0, 0);
	gint64 t = dt ? g_date_time_to_unix(dt) : 0;
	if (dt)
		g_date_time_unref(dt);
	return t;
}

static guint pick(gen *g, guint n)
{
	return (guint)g_rand_int_range(g->rand, 0, (gint32)n);
}

#define PICK(g, array) ((array)[pick((g), G_N_ELEMENTS(array))])

static gboolean chance(gen *g, double p)
{
	return g_rand_double(g->rand) < p;
}

/* "First Last <flast@domain>"; *ADDR (optional) gets the address. */
static char *person(gen *g, char **addr)
{
	const char *first = PICK(g, first_names), *last = PICK(g, last_names);
	GString *a = g_string_new(NULL);
	g_string_append_c(a, g_ascii_tolower(first[0]));
	/* Addresses stay ASCII even for names that are not. */
	for (const char *c = last; *c; c++)
		if (g_ascii_isalpha(*c))
			g_string_append_c(a, g_ascii_tolower(*c));
	g_string_append_printf(a, "@%s", PICK(g, domains));
	char *p = g_strdup_printf("%s %s <%s>", first, last, a->str);
	if (addr)
		*addr = g_strdup(a->str);
	g_string_free(a, TRUE);
	return p;
}

static void sentence(gen *g, GString *out, guint words_n)
{
	for (guint i = 0; i < words_n; i++) {
		const char *w = PICK(g, words);
		if (i == 0) {
			g_string_append_c(out, g_ascii_toupper(w[0]));
			g_string_append(out, w + 1);
		} else {
			g_string_append_printf(out, " %s", w);
		}
	}
	g_string_append(out, ".");
}

/* Paragraphs wrapped at 72 columns, each line starting with PREFIX. */
static void paragraphs(gen *g, GString *out, guint n, const char *prefix)
{
	for (guint p = 0; p < n; p++) {
		GString *text = g_string_new(NULL);
		guint sentences = 2 + pick(g, 4);
		for (guint s = 0; s < sentences; s++) {
			if (s)
				g_string_append_c(text, ' ');
			sentence(g, text, 6 + pick(g, 14));
		}
		char **split = g_strsplit(text->str, " ", -1);
		guint col = 0;
		g_string_append(out, prefix);
		for (char **w = split; *w; w++) {
			if (col && col + strlen(*w) + 1 > 72) {
				g_string_append_printf(out, "\n%s", prefix);
				col = 0;
			} else if (col) {
				g_string_append_c(out, ' ');
				col++;
			}
			g_string_append(out, *w);
			col += strlen(*w);
		}
		g_string_append(out, "\n\n");
		g_strfreev(split);
		g_string_free(text, TRUE);
	}
}

static void hex(gen *g, char *out, guint n)
{
	for (guint i = 0; i < n; i++)
		out[i] = "0123456789abcdef"[pick(g, 16)];
	out[n] = '\0';
}

static char *source_file(gen *g, const char *subsystem)
{
	char *dir = g_strdup(subsystem);
	for (char *c = dir; *c; c++)
		if (!g_ascii_isalnum(*c))
			*c = '/';
	char *lower = g_ascii_strdown(dir, -1);
	char *path = g_strdup_printf("drivers/%s/%s_%s.c", lower, PICK(g, words), PICK(g, words));
	g_free(dir);
	g_free(lower);
	return path;
}

/* A diff of one to four hunks; one patch in fifty is large. */
static char *make_diff(gen *g, const char *file)
{
	GString *d = g_string_new(NULL);
	guint hunks = 1 + pick(g, 3);
	guint lines = chance(g, 0.02) ? 300 + pick(g, 900) : 4 + pick(g, 30);
	guint added = 0, removed = 0;
	GString *body = g_string_new(NULL);
	char a[13], b[13];
	hex(g, a, 12);
	hex(g, b, 12);
	g_string_append_printf(body, "diff --git a/%s b/%s\nindex %s..%s 100644\n--- a/%s\n+++ b/%s\n",
	                       file, file, a, b, file, file);
	for (guint h = 0; h < hunks; h++) {
		guint at = 20 + pick(g, 2000);
		g_string_append_printf(body, "@@ -%u,%u +%u,%u @@ static int %s_%s(struct %s *dev)\n",
		                       at, lines / hunks + 6, at, lines / hunks + 7,
		                       PICK(g, words), PICK(g, words), PICK(g, words));
		for (guint i = 0; i < lines / hunks + 6; i++) {
			const char *mark = " ";
			if (i >= 3 && i < lines / hunks + 3)
				mark = chance(g, 0.6) ? "+" : "-";
			if (*mark == '+')
				added++;
			else if (*mark == '-')
				removed++;
			g_string_append_printf(body, "%s\t%s = %s_%s(%s, %u);\n", mark,
			                       PICK(g, words), PICK(g, words), PICK(g, words),
			                       PICK(g, words), pick(g, 4096));
		}
	}
	g_string_append_printf(d, " %s | %u %s\n 1 file changed, %u insertions(+), %u deletions(-)\n\n%s",
	                       file, added + removed, "++++++----", added, removed, body->str);
	g_string_free(body, TRUE);
	return g_string_free(d, FALSE);
}

static patch *patch_new(gen *g)
{
	patch *p = g_new0(patch, 1);
	const char *subsystem = PICK(g, subsystems);
	hex(g, p->sha, 40);
	p->subject = g_strdup_printf("%s: %s %s %s", subsystem, PICK(g, verbs),
	                             PICK(g, objects), PICK(g, functions));
	p->author = person(g, &p->author_addr);
	p->file = source_file(g, subsystem);

	GString *body = g_string_new(NULL);
	paragraphs(g, body, 1 + pick(g, 3), "");
	char fixes[13];
	hex(g, fixes, 12);
	g_string_append_printf(body, "Fixes: %s (\"%s: %s %s\")\n", fixes, subsystem,
	                       PICK(g, verbs), PICK(g, functions));
	if (chance(g, 0.6))
		g_string_append(body, "Cc: stable@vger.kernel.org\n");
	g_string_append_printf(body, "Signed-off-by: %s\n", p->author);
	for (guint i = pick(g, 3); i > 0; i--) {
		char *reviewer = person(g, NULL);
		g_string_append_printf(body, "%s: %s\n", chance(g, 0.5) ? "Reviewed-by" : "Acked-by", reviewer);
		g_free(reviewer);
	}
	char *maintainer = person(g, NULL);
	g_string_append_printf(body, "Link: https://patch.msgid.link/2024%07u.%u-1-%s\n"
	                       "Signed-off-by: %s\n", pick(g, 9999999), pick(g, 99999),
	                       p->author_addr, maintainer);
	g_free(maintainer);
	p->commit_body = g_string_free(body, FALSE);
	p->diff = make_diff(g, p->file);

	GString *llm = g_string_new("LLM Generated explanations, may be completely bogus:\n\n"
	                            "**Backport Status: YES**\n\n");
	paragraphs(g, llm, 1, "");
	for (guint i = 1; i <= 3 + pick(g, 3); i++) {
		g_string_append_printf(llm, "%u. **%s %s**: ", i, PICK(g, verbs), PICK(g, words));
		paragraphs(g, llm, 1, "   ");
	}
	g_string_append_printf(llm, "The change is confined to `%s` and carries a low "
	                       "risk of regression.\n\n", p->file);
	p->llm = g_string_free(llm, FALSE);
	return p;
}

static void patch_free(patch *p)
{
	g_free(p->subject);
	g_free(p->author);
	g_free(p->author_addr);
	g_free(p->commit_body);
	g_free(p->diff);
	g_free(p->llm);
	g_free(p->file);
	g_free(p);
}

static void posted_clear(posted *m)
{
	g_free(m->id);
	g_free(m->subject);
	g_free(m->from);
	memset(m, 0, sizeof *m);
}

static void series_free(series *s)
{
	g_free(s->key);
	g_free(s->stem);
	g_free(s->release);
	posted_clear(&s->cover);
	g_free(s);
}

static char *rfc_date(gint64 t, int offset_hours)
{
	GTimeZone *tz = g_time_zone_new_offset(offset_hours * 3600);
	GDateTime *dt = g_date_time_new_from_unix_utc(t);
	GDateTime *local = g_date_time_to_timezone(dt, tz);
	char *s = g_date_time_format(local, "%a, %d %b %Y %H:%M:%S %z");
	g_date_time_unref(local);
	g_date_time_unref(dt);
	g_time_zone_unref(tz);
	return s;
}

/* The relay headers every list message collects on its way. */
static void relay_headers(gen *g, GString *m, gint64 date)
{
	char *d = rfc_date(date, 0);
	char id[12], b64[345];
	hex(g, id, 11);
	for (guint i = 0; i < sizeof b64 - 1; i++)
		b64[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[pick(g, 64)];
	b64[sizeof b64 - 1] = '\0';
	g_string_append_printf(m,
		"Return-Path: <stable+bounces-%u-lists+stable=lfdr.de@vger.kernel.org>\n"
		"X-Original-To: lists+stable@lfdr.de\n"
		"Delivered-To: lists+stable@lfdr.de\n"
		"Received: from am.mirrors.kernel.org (am.mirrors.kernel.org [147.75.80.249])\n"
		"\tby mail.lfdr.de (Postfix) with ESMTPS id %s\n"
		"\tfor <lists+stable@lfdr.de>; %s\n"
		"Received: from smtp.subspace.kernel.org (relay.kernel.org [52.25.139.140])\n"
		"\t(using TLSv1.2 with cipher ECDHE-ECDSA-AES256-GCM-SHA384 (256/256 bits))\n"
		"\t(No client certificate requested)\n"
		"\tby am.mirrors.kernel.org (Postfix) with ESMTPS id %s\n"
		"\tfor <lists+stable@lfdr.de>; %s\n"
		"ARC-Seal:i=1; a=rsa-sha256; d=subspace.kernel.org; s=arc-20240116;\n"
		"\tt=%" G_GINT64_FORMAT "; cv=none; b=%.172s\n"
		"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d=kernel.org;\n"
		"\ts=k20201202; t=%" G_GINT64_FORMAT ";\n"
		"\th=From:To:Cc:Subject:Date:In-Reply-To:References:From;\n"
		"\tb=%.64s\n\t %.64s\n\t %.40s\n",
		170000 + g->written, id, d, id, d, date, b64, date, b64 + 172, b64 + 236, b64 + 300);
	g_free(d);
}

static void list_headers(GString *m)
{
	g_string_append(m,
		"Precedence: bulk\n"
		"X-Mailing-List: stable@vger.kernel.org\n"
		"List-Id: <stable.vger.kernel.org>\n"
		"List-Subscribe: <mailto:stable+subscribe@vger.kernel.org>\n"
		"List-Unsubscribe: <mailto:stable+unsubscribe@vger.kernel.org>\n"
		"MIME-Version: 1.0\n");
}

/* Start a message: relay block and the common headers.  REPLY_TO may be
 * NULL; REFS is the References value (NULL: same as REPLY_TO). */
static void begin(gen *g, const char *from, const char *to, const char *cc,
                  const char *subject, gint64 date, const char *id,
                  const char *reply_to, const char *refs)
{
	GString *m = g->msg;
	g_string_truncate(m, 0);
	relay_headers(g, m, date);
	char *d = rfc_date(date, chance(g, 0.5) ? 2 : -4);
	g_string_append_printf(m, "From: %s\nTo: %s\n", from, to);
	if (cc)
		g_string_append_printf(m, "Cc: %s\n", cc);
	g_string_append_printf(m, "Subject: %s\nDate: %s\nMessage-ID: <%s>\n", subject, d, id);
	if (reply_to)
		g_string_append_printf(m, "In-Reply-To: <%s>\nReferences: %s%s%s\n", reply_to,
		                       refs ? refs : "<", refs ? "" : reply_to, refs ? "" : ">");
	list_headers(m);
	g_free(d);
}

static void write_message(gen *g, const posted *as)
{
	gboolean unread = chance(g, 0.2);
	char *name = g_strdup_printf("%s/cur/%" G_GINT64_FORMAT ".%u_%u.bench:2,%s", g->dir,
	                             as->date, g->seed, g->written, unread ? "" : "S");
	FILE *f = fopen(name, "w");
	if (!f || fwrite(g->msg->str, 1, g->msg->len, f) != g->msg->len || fclose(f) != 0) {
		fprintf(stderr, "bench-gen: %s: %s\n", name, g_strerror(errno));
		exit(1);
	}
	g_free(name);
	g->written++;
	g->unread += unread;
}

/* Date of the next notice about the current patch: within MAX_HOURS, and
 * never after the end (no mail comes from the future). */
static gint64 later(gen *g, gint64 after, guint max_hours)
{
	gint64 t = after + 60 + pick(g, max_hours * 3600);
	return MIN(t, g->start + g->span - 60);
}

static void remember(posted *out, const char *id, const char *subject,
                     const char *from, gint64 date)
{
	if (!out)
		return;
	out->id = g_strdup(id);
	out->subject = g_strdup(subject);
	out->from = g_strdup(from);
	out->date = date;
}

/* Sasha's message-id stem: <YYYYMMDDHHMMSS.PID-N-sashal@kernel.org>. */
static char *sasha_stem(gen *g, gint64 date)
{
	GDateTime *dt = g_date_time_new_from_unix_utc(date);
	char *stamp = g_date_time_format(dt, "%Y%m%d%H%M%S");
	char *stem = g_strdup_printf("%s.%u%u", stamp, g->seed, 100000 + g->written);
	g_date_time_unref(dt);
	g_free(stamp);
	return stem;
}

static char *greg_id(gen *g, gint64 date)
{
	GDateTime *dt = g_date_time_new_from_unix_utc(date);
	char *stamp = g_date_time_format(dt, "%Y%m%d");
	char tail[5];
	hex(g, tail, 4);
	char *id = g_strdup_printf("%s%02u-%s-%s-%s%u@gregkh", stamp, pick(g, 60),
	                           PICK(g, gregkh_words), PICK(g, gregkh_words), tail, g->written);
	g_date_time_unref(dt);
	g_free(stamp);
	return id;
}

static series *autosel_series(gen *g, const char *key, gint64 date)
{
	series *s = g_hash_table_lookup(g->series, key);
	if (s && s->pos < s->total)
		return s;
	s = g_new0(series, 1);
	s->key = g_strdup_printf("%s", key);
	s->stem = sasha_stem(g, date);
	s->total = 8 + pick(g, 50);
	g_hash_table_replace(g->series, s->key, s);
	return s;
}

static const char *const sasha = "Sasha Levin <sashal@kernel.org>";
static const char *const greg = "Greg Kroah-Hartman <gregkh@linuxfoundation.org>";

/* Trees maintained at DATE, newest first, into OUT (borrowed). */
static guint maintained(gint64 date, tree **out, guint max)
{
	guint n = 0;
	for (guint i = 0; i < G_N_ELEMENTS(trees) && n < max; i++)
		if (trees[i].from <= date && (!trees[i].to || date < trees[i].to))
			out[n++] = &trees[i];
	return n;
}

static void autosel(gen *g, const patch *p, const char *trees_key, const char *base,
                    gint64 date, posted *out)
{
	series *s = autosel_series(g, trees_key, date);
	gboolean range = strchr(trees_key, '-') != NULL;
	char *id = g_strdup_printf("%s-%d-sashal@kernel.org", s->stem, ++s->pos);
	char *subject = range
		? g_strdup_printf("[PATCH AUTOSEL %s] %s", trees_key, p->subject)
		: g_strdup_printf("[PATCH AUTOSEL %s %d/%d] %s", trees_key, s->pos, s->total, p->subject);
	char *cc = g_strdup_printf("%s,\n\t%s,\n\t%s", p->author, sasha, PICK(g, lists));
	const char *parent = s->pos > 1 ? s->cover.id : NULL;
	begin(g, sasha, "patches@lists.linux.dev,\n\tstable@vger.kernel.org", cc, subject,
	      date, id, parent, NULL);
	g_string_append_printf(g->msg, "X-stable: review\nX-Patchwork-Hint: Ignore\n"
	                       "X-stable-base: Linux %s\nContent-Type: text/plain; charset=UTF-8\n"
	                       "Content-Transfer-Encoding: 8bit\n\n"
	                       "From: %s\n\n[ Upstream commit %s ]\n\n%s"
	                       "Signed-off-by: %s\n---\n\n%s%s",
	                       base, p->author, p->sha, p->commit_body, sasha, p->llm, p->diff);
	if (s->pos == 1)
		remember(&s->cover, id, subject, sasha, date);
	remember(out, id, subject, sasha, date);
	write_message(g, out ? out : &(posted){ .date = date });
	g_free(id);
	g_free(subject);
	g_free(cc);
}

static void release_announcement(gen *g, tree *t, const char *release, gint64 date)
{
	char *id = g_strdup_printf("%s-%u@kroah.com", release, g->written);
	char *subject = g_strdup_printf("Linux %s", release);
	begin(g, greg, "linux-kernel@vger.kernel.org,\n\takpm@linux-foundation.org,\n"
	      "\ttorvalds@linux-foundation.org,\n\tstable@vger.kernel.org",
	      "lwn@lwn.net, jslaby@suse.cz", subject, date, id, NULL, NULL);
	g_string_append_printf(g->msg, "Content-Transfer-Encoding: 8bit\n\n"
	                       "I'm announcing the release of the %s kernel.\n\n"
	                       "All users of the %s kernel series must upgrade.\n\n"
	                       "The updated %s.y git tree can be found at:\n"
	                       "\tgit://git.kernel.org/pub/scm/linux/kernel/git/stable/linux-stable.git linux-%s.y\n\n"
	                       "thanks,\n\ngreg k-h\n\n------------\n\n Makefile | 2 +-\n\n",
	                       release, t->name, t->name, t->name);
	for (guint i = 0; i < 20; i++) {
		char *who = person(g, NULL);
		g_string_append_printf(g->msg, "%s (1):\n      %s: %s %s %s\n\n", who, PICK(g, subsystems),
		                       PICK(g, verbs), PICK(g, objects), PICK(g, functions));
		g_free(who);
	}
	write_message(g, &(posted){ .date = date });
	g_free(id);
	g_free(subject);
}

/* The review series for T, opening a new one (cover letter first) when the
 * last is full; a full series is released two days after its deadline. */
static series *review_series(gen *g, tree *t, gint64 date)
{
	char *key = g_strdup_printf("review-%s", t->name);
	series *s = g_hash_table_lookup(g->series, key);
	if (s && s->pos < s->total) {
		g_free(key);
		return s;
	}
	if (s)
		release_announcement(g, t, s->release, MIN(s->deadline + 2 * 86400, g->start + g->span - 60));
	s = g_new0(series, 1);
	s->key = key;
	s->total = 20 + pick(g, 400);
	s->release = g_strdup_printf("%s.%d", t->name, t->release++);
	s->deadline = date + 2 * 86400;
	char *stem = g_strdup_printf("%" G_GINT64_FORMAT ".%u", date, g->seed);
	s->stem = stem;
	char *id = g_strdup_printf("%s%06u@linuxfoundation.org", stem, g->written);
	char *subject = g_strdup_printf("[PATCH %s 000/%d] %s-rc1 review", t->name, s->total, s->release);
	char *deadline = rfc_date(s->deadline, 0);
	begin(g, greg, "stable@vger.kernel.org",
	      "Greg Kroah-Hartman <gregkh@linuxfoundation.org>,\n\tpatches@lists.linux.dev,\n"
	      "\tlinux-kernel@vger.kernel.org,\n\ttorvalds@linux-foundation.org,\n"
	      "\takpm@linux-foundation.org,\n\tlinux@roeck-us.net,\n\tshuah@kernel.org",
	      subject, date, id, NULL, NULL);
	g_string_append_printf(g->msg,
		"User-Agent: quilt/0.68\nX-stable: review\nX-Patchwork-Hint: ignore\n"
		"X-KernelTest-Branch: linux-%s.y\nX-KernelTest-Version: %s-rc1\n"
		"Content-Transfer-Encoding: 8bit\n\n"
		"This is the start of the stable review cycle for the %s release.\n"
		"There are %d patches in this series, all will be posted as a response\n"
		"to this one.  If anyone has any issues with these being applied, please\n"
		"let me know.\n\nResponses should be made by %s.\n"
		"Anything received after that time might be too late.\n\n"
		"thanks,\n\ngreg k-h\n\n-------------\nPseudo-Shortlog of commits:\n\n",
		t->name, s->release, s->release, s->total, deadline);
	for (int i = 0; i < s->total; i++) {
		char *who = person(g, NULL);
		g_string_append_printf(g->msg, "%s\n    %s: %s %s %s\n\n", who, PICK(g, subsystems),
		                       PICK(g, verbs), PICK(g, objects), PICK(g, functions));
		g_free(who);
	}
	remember(&s->cover, id, subject, greg, date);
	write_message(g, &s->cover);
	g_hash_table_replace(g->series, s->key, s);
	g_free(id);
	g_free(subject);
	g_free(deadline);
	return s;
}

static void review_patch(gen *g, const patch *p, tree *t, gint64 date, posted *out)
{
	series *s = review_series(g, t, date);
	s->pos++;
	char *id = g_strdup_printf("%s%06u@linuxfoundation.org", s->stem, g->written);
	char *subject = g_strdup_printf("[PATCH %s %03d/%d] %s", t->name, s->pos, s->total, p->subject);
	char *cc = g_strdup_printf("%s,\n\tpatches@lists.linux.dev,\n\t%s,\n\t%s", greg, p->author, sasha);
	date = MAX(date, s->cover.date + 1);
	begin(g, greg, "stable@vger.kernel.org", cc, subject, date, id, s->cover.id, NULL);
	g_string_append_printf(g->msg, "User-Agent: quilt/0.68\nX-stable: review\n"
	                       "X-Patchwork-Hint: ignore\nContent-Transfer-Encoding: 8bit\n\n"
	                       "%s-stable review patch.  If anyone has any objections, please let me know.\n\n"
	                       "------------------\n\nFrom: %s\n\n[ Upstream commit %s ]\n\n%s"
	                       "Signed-off-by: Sasha Levin <sashal@kernel.org>\n---\n%s",
	                       t->name, p->author, p->sha, p->commit_body, p->diff);
	remember(out, id, subject, greg, date);
	write_message(g, out ? out : &(posted){ .date = date });
	g_free(id);
	g_free(subject);
	g_free(cc);
}

static char *patch_filename(const patch *p)
{
	char *name = g_ascii_strdown(p->subject, -1);
	for (char *c = name; *c; c++)
		if (!g_ascii_isalnum(*c))
			*c = '-';
	char *out = g_strdup_printf("%s.patch", name);
	g_free(name);
	return out;
}

static void added(gen *g, const patch *p, tree *t, gint64 date)
{
	char *id = greg_id(g, date);
	char *subject = g_strdup_printf("Patch \"%s\" has been added to the %s-stable tree", p->subject, t->name);
	char *to = g_strdup_printf("%s,\n\tgregkh@linuxfoundation.org", p->author_addr);
	char *file = patch_filename(p);
	begin(g, "<gregkh@linuxfoundation.org>", to, "<stable-commits@vger.kernel.org>", subject, date,
	      id, NULL, NULL);
	g_string_append_printf(g->msg, "Content-Type: text/plain; charset=UTF-8\n"
	                       "Content-Transfer-Encoding: 8bit\nX-stable: commit\nX-Patchwork-Hint: ignore \n\n\n"
	                       "This is a note to let you know that I've just added the patch titled\n\n"
	                       "    %s\n\nto the %s-stable tree which can be found at:\n"
	                       "    http://www.kernel.org/git/?p=linux/kernel/git/stable/stable-queue.git;a=summary\n\n"
	                       "The filename of the patch is:\n     %s\n"
	                       "and it can be found in the queue-%s subdirectory.\n\n"
	                       "If you, or anyone else, feels it should not be added to the stable tree,\n"
	                       "please let <stable@vger.kernel.org> know about it.\n\n\n"
	                       "From %s Mon Sep 17 00:00:00 2001\nFrom: %s\nSubject: %s\n\n"
	                       "From: %s\n\ncommit %s upstream.\n\n%s"
	                       "Signed-off-by: Greg Kroah-Hartman <gregkh@linuxfoundation.org>\n---\n%s\n\n"
	                       "Patches currently in stable-queue which might be from %s are\n\n"
	                       "queue-%s/%s\n",
	                       p->subject, t->name, file, t->name, p->sha, p->author, p->subject,
	                       p->author, p->sha, p->commit_body, p->diff, p->author_addr, t->name, file);
	write_message(g, &(posted){ .date = date });
	g_free(id);
	g_free(subject);
	g_free(to);
	g_free(file);
}

static void failed(gen *g, const patch *p, tree *t, gint64 date, posted *out)
{
	char *id = greg_id(g, date);
	char *subject = g_strdup_printf("FAILED: patch \"[PATCH] %s\" failed to apply to %s-stable tree",
	                                p->subject, t->name);
	begin(g, "<gregkh@linuxfoundation.org>", p->author_addr, "<stable@vger.kernel.org>", subject,
	      date, id, NULL, NULL);
	char dep[13];
	hex(g, dep, 12);
	g_string_append_printf(g->msg, "Content-Type: text/plain; charset=ANSI_X3.4-1968\n"
	                       "Content-Transfer-Encoding: 8bit\n\n\n"
	                       "The patch below does not apply to the %s-stable tree.\n"
	                       "If someone wants it applied there, or to any other stable or longterm\n"
	                       "tree, then please email the backport, including the original git commit\n"
	                       "id to <stable@vger.kernel.org>.\n\n"
	                       "To reproduce the conflict and resubmit, you may use the following commands:\n\n"
	                       "git fetch https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git/ linux-%s.y\n"
	                       "git checkout FETCH_HEAD\ngit cherry-pick -x %s\n"
	                       "# <resolve conflicts, build, test, etc.>\ngit commit -s\n"
	                       "git send-email --to '<stable@vger.kernel.org>' --in-reply-to '%s' "
	                       "--subject-prefix 'PATCH %s.y' HEAD^..\n\n"
	                       "Possible dependencies:\n\n%.12s (\"%s\")\n%s (\"%s: %s %s\")\n\n"
	                       "thanks,\n\ngreg k-h\n\n"
	                       "------------------ original commit in Linus's tree ------------------\n\n"
	                       "From %s Mon Sep 17 00:00:00 2001\nFrom: %s\nDate: %s\n"
	                       "Subject: [PATCH] %s\n\n%s\n%s",
	                       t->name, t->name, p->sha, id, t->name, p->sha, p->subject, dep,
	                       PICK(g, subsystems), PICK(g, verbs), PICK(g, functions), p->sha,
	                       p->author, "Mon, 20 Feb 2023 13:02:11 +0000", p->subject,
	                       p->commit_body, p->diff);
	remember(out, id, subject, "<gregkh@linuxfoundation.org>", date);
	write_message(g, out);
	g_free(id);
	g_free(subject);
}

static void backport(gen *g, const patch *p, tree *t, const posted *failure, gint64 date,
                     posted *out)
{
	char *stem = sasha_stem(g, date);
	char *id = g_strdup_printf("%s-1-%s", stem, p->author_addr);
	char *subject = g_strdup_printf("[PATCH %s.y] %s", t->name, p->subject);
	begin(g, p->author, "stable@vger.kernel.org", p->author, subject, date, id, failure->id, NULL);
	g_string_append_printf(g->msg, "Content-Transfer-Encoding: 8bit\n\n"
	                       "[ Upstream commit %s ]\n\n%s[ Adjust context ]\n"
	                       "Signed-off-by: %s\n---\n%s",
	                       p->sha, p->commit_body, p->author, p->diff);
	remember(out, id, subject, p->author, date);
	write_message(g, out);
	g_free(stem);
	g_free(id);
	g_free(subject);
}

static const char *const reply_texts[] = {
	"Now queued up, thanks.\n\ngreg k-h\n",
	"Please drop this one from the older trees, it depends on a rework\n"
	"that was never backported.\n",
	"I'll drop it, thanks!\n",
	"Tested-by: Build and boot tested on x86_64 and arm64, no regressions.\n",
	"Why is this needed in stable?  It does not fix a real bug as far as I\n"
	"can tell.\n",
	"Ack, thanks!\n",
};

/* A human reply to PARENT, quoting a few lines of the current message. */
static void reply(gen *g, const posted *parent, gint64 date)
{
	char *who = chance(g, 0.5) ? g_strdup(greg) : person(g, NULL);
	char *id = g_strdup_printf("CAHk%u.%u.reply@mail.gmail.com", g->seed, g->written);
	char *subject = g_strdup_printf("Re: %s", parent->subject);
	begin(g, who, parent->from, "stable@vger.kernel.org", subject, date, id, parent->id, NULL);
	g_string_append_printf(g->msg, "Content-Type: text/plain; charset=us-ascii\n"
	                       "Content-Disposition: inline\n\nOn %s, %s wrote:\n",
	                       "Mon, Aug 18, 2025 at 02:42:19PM +0200", parent->from);
	GString *quoted = g_string_new(NULL);
	paragraphs(g, quoted, 2, "> ");
	g_string_append_printf(g->msg, "%s\n%s", quoted->str, PICK(g, reply_texts));
	write_message(g, &(posted){ .date = date });
	g_string_free(quoted, TRUE);
	g_free(who);
	g_free(id);
	g_free(subject);
}

/* A mainline patch copied to stable: not a notification. */
static void noise(gen *g, const patch *p, gint64 date)
{
	int total = 1 + pick(g, 6), pos = 1 + pick(g, total);
	char *id = g_strdup_printf("%u.%u-%d-%s", g->seed, g->written, pos, p->author_addr);
	char *subject = g_strdup_printf("[PATCH v%u %d/%d] %s", 1 + pick(g, 4), pos, total, p->subject);
	char *cc = g_strdup_printf("%s,\n\tstable@vger.kernel.org,\n\tlinux-kernel@vger.kernel.org",
	                           PICK(g, lists));
	begin(g, p->author, "maintainer@kernel.org", cc, subject, date, id, NULL, NULL);
	g_string_append_printf(g->msg, "Content-Transfer-Encoding: 8bit\n\n%s---\n%s", p->commit_body,
	                       p->diff);
	write_message(g, &(posted){ .date = date });
	g_free(id);
	g_free(subject);
	g_free(cc);
}

static void posted_reply(gen *g, posted *m, double p)
{
	if (m->id && chance(g, p))
		reply(g, m, later(g, m->date, 72));
	posted_clear(m);
}

/* One upstream patch's life in the stable process. */
static void life(gen *g)
{
	patch *p = patch_new(g);
	tree *all[G_N_ELEMENTS(trees)];
	guint n = maintained(g->now, all, G_N_ELEMENTS(all));
	/* A fix goes to a run of consecutive trees, most often from the
	 * newest down; some reach every longterm tree. */
	guint k = 1 + (chance(g, 0.55) ? 1 : 0) + (chance(g, 0.12) ? pick(g, n) : 0);
	k = MIN(k, n);
	tree **now = all + (chance(g, 0.5) ? 0 : pick(g, n - k + 1));
	gint64 date = g->now;
	posted m = { 0 };

	g->patches++;
	if (chance(g, 0.04))
		noise(g, p, date - 86400);
	if (chance(g, 0.4)) {
		/* AUTOSEL: one mail for a range of trees since 2025, else one per tree. */
		if (k > 1 && date >= parse_day("2025-06-01") && chance(g, 0.7)) {
			char *range = g_strdup_printf("%s-%s", now[0]->name, now[k - 1]->name);
			char *base = g_strdup_printf("%s.%d", now[0]->name, now[0]->release);
			autosel(g, p, range, base, date, &m);
			g_free(range);
			g_free(base);
		} else {
			for (guint i = 0; i < MIN(k, 3u); i++) {
				char *base = g_strdup_printf("%s.%d", now[i]->name, now[i]->release);
				autosel(g, p, now[i]->name, base, later(g, date, 1), i == 0 ? &m : NULL);
				g_free(base);
			}
		}
		posted_reply(g, &m, 0.08);
		if (chance(g, 0.5))
			review_patch(g, p, now[pick(g, k)], later(g, date, 24 * 7), NULL);
	} else {
		for (guint i = 0; i < k; i++) {
			gint64 when = later(g, date, 48);
			if (chance(g, 0.82)) {
				added(g, p, now[i], when);
				continue;
			}
			failed(g, p, now[i], when, &m);
			if (chance(g, 0.4)) {
				posted fix = { 0 };
				backport(g, p, now[i], &m, later(g, when, 24 * 5), &fix);
				posted_reply(g, &fix, 0.5);
			}
			posted_clear(&m);
		}
		if (chance(g, 0.45)) {
			review_patch(g, p, now[pick(g, k)], later(g, date, 24 * 7), &m);
			posted_reply(g, &m, 0.05);
		}
	}
	patch_free(p);
}

static void ensure_dir(const char *path)
{
	if (g_mkdir_with_parents(path, 0755) != 0) {
		fprintf(stderr, "bench-gen: %s: %s\n", path, g_strerror(errno));
		exit(1);
	}
}

int main(int argc, char **argv)
{
	gint count = 100000, seed = 1, days = 640;
	char *end = NULL;
	GOptionEntry entries[] = {
		{ "count", 'n', 0, G_OPTION_ARG_INT, &count, "messages to write (default 100000)", "N" },
		{ "seed", 's', 0, G_OPTION_ARG_INT, &seed, "random seed (default 1)", "S" },
		{ "end", 0, 0, G_OPTION_ARG_STRING, &end, "the day after the last mail (default today)", "YYYY-MM-DD" },
		{ "days", 0, 0, G_OPTION_ARG_INT, &days, "days the mail spans (default 640)", "D" },
		{ NULL, 0, 0, 0, NULL, NULL, NULL }
	};
	GOptionContext *context = g_option_context_new("MAILDIR - write synthetic stable notifications");
	g_option_context_add_main_entries(context, entries, NULL);
	GError *error = NULL;
	if (!g_option_context_parse(context, &argc, &argv, &error) || argc != 2 || count < 1 || days < 1) {
		fprintf(stderr, "bench-gen: %s\n", error ? error->message : "usage: bench-gen [OPTION...] MAILDIR");
		return 2;
	}
	g_option_context_free(context);

	for (guint i = 0; i < G_N_ELEMENTS(trees); i++) {
		trees[i].from = parse_day(trees[i].released);
		trees[i].to = parse_day(trees[i].eol);
	}
	gen g = { 0 };
	g.rand = g_rand_new_with_seed((guint32)seed);
	g.seed = (guint)seed;
	g.dir = argv[1];
	g.count = (guint)count;
	g.span = (gint64)days * 86400;
	g.start = (end ? parse_day(end) : g_get_real_time() / G_USEC_PER_SEC / 86400 * 86400) - g.span;
	g.series = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, (GDestroyNotify)series_free);
	g.msg = g_string_sized_new(64 * 1024);
	for (const char *sub = "cur"; sub; sub = strcmp(sub, "cur") == 0 ? "new"
	                                 : strcmp(sub, "new") == 0 ? "tmp" : NULL) {
		char *path = g_build_filename(g.dir, sub, NULL);
		ensure_dir(path);
		g_free(path);
	}
	while (g.written < g.count) {
		g.now = g.start + (gint64)((double)g.span * g.written / g.count);
		life(&g);
	}
	printf("%u %u\n", g.written, g.patches);
	g_hash_table_destroy(g.series);
	g_string_free(g.msg, TRUE);
	g_rand_free(g.rand);
	g_free(end);
	return 0;
}
