/* survey.c - run the recogniser and the grouping over a whole archive.
 *
 *   survey [--maildir DIR | --notmuch-config FILE] [--limit N] [--kind KIND]...
 *
 * Built and run by `make survey` (not part of `make check`: it reads mail
 * that is not in the tree).  It reads every message of a maildir (cur/ and
 * new/) or of a notmuch database (query "*"), recognises each, groups them
 * all as stablemate does, and prints:
 *   - the number of notices of each kind, and how many landed in a patch;
 *   - why each attached notice was attached (sm_attach_rule_name);
 *   - every message whose subject looks like a stable notification but that
 *     was not recognised ("other") or was put in no patch;
 *   - the review records and the cover replies they hold;
 *   - every human reply left without a patch: a reply recognised as one,
 *     or a message in a thread below a stable notice, that no patch and no
 *     review record holds.
 *   - with --kind, every notice of that kind and why it is in its patch.
 * Each listed line is a bug or a documented limit (doc/survey.md).
 *
 * The lookalike test here is deliberately loose and is not the recogniser's:
 * it casts a wide net so that misses show, and costs nothing at run time.
 */
#include <stdio.h>
#include <string.h>
#include <gmime/gmime.h>
#include <notmuch.h>
#include "patch/patch.h"
#include "mail/mail.h"
#include "recognise/recognise.h"
#include "recognise/private.h"

typedef struct {
	GPtrArray *files;   /* char* */
	GPtrArray *ids;     /* char*: the message-id of each notice given */
	sm_trees *trees;
	sm_group *group;
	guint unreadable;
	gboolean list_kind[SM_KIND_COUNT]; /* --kind */
	GHashTable *treeless; /* message-ids of backports that name no tree */
} survey;

static void add_maildir(survey *s, const char *dir)
{
	static const char *const subdirs[] = { "cur", "new", NULL };
	for (int i = 0; subdirs[i]; i++) {
		char *path = g_build_filename(dir, subdirs[i], NULL);
		GDir *d = g_dir_open(path, 0, NULL);
		const char *name;
		while (d && (name = g_dir_read_name(d)))
			g_ptr_array_add(s->files, g_build_filename(path, name, NULL));
		if (d)
			g_dir_close(d);
		g_free(path);
	}
}

static gboolean add_notmuch(survey *s, const char *config)
{
	notmuch_database_t *db = NULL;
	char *msg = NULL;
	notmuch_status_t st = notmuch_database_open_with_config(
		NULL, NOTMUCH_DATABASE_MODE_READ_ONLY, config, NULL, &db, &msg);
	if (st != NOTMUCH_STATUS_SUCCESS) {
		fprintf(stderr, "survey: cannot open the database of %s: %s\n", config,
		        msg ? msg : notmuch_status_to_string(st));
		free(msg);
		return FALSE;
	}
	notmuch_query_t *q = notmuch_query_create(db, "*");
	notmuch_messages_t *messages = NULL;
	notmuch_query_set_sort(q, NOTMUCH_SORT_OLDEST_FIRST);
	if (notmuch_query_search_messages(q, &messages) == NOTMUCH_STATUS_SUCCESS) {
		for (; notmuch_messages_valid(messages); notmuch_messages_move_to_next(messages)) {
			notmuch_message_t *m = notmuch_messages_get(messages);
			g_ptr_array_add(s->files, g_strdup(notmuch_message_get_filename(m)));
			notmuch_message_destroy(m);
		}
	}
	notmuch_query_destroy(q);
	notmuch_database_destroy(db);
	return TRUE;
}

static void recognise_all(survey *s, guint limit)
{
	for (guint i = 0; i < s->files->len && (!limit || i < limit); i++) {
		const char *file = s->files->pdata[i];
		sm_mail *mail = sm_mail_read(file, SM_MAIL_RECOGNISE_LIMIT, NULL);
		if (!mail) {
			s->unreadable++;
			continue;
		}
		sm_notice *n = sm_recognise(mail, s->trees);
		n->filename = g_strdup(file);
		sm_mail_free(mail);
		if (n->kind == SM_KIND_BACKPORT && !n->trees[0])
			g_hash_table_add(s->treeless, g_strdup(n->message_id));
		else
			g_hash_table_remove(s->treeless, n->message_id); /* a later copy */
		sm_group_add(s->group, n);
		g_ptr_array_add(s->ids, g_strdup(n->message_id));
	}
	sm_group_build(s->group);
}

/* The word W in S, not inside a longer one ("unstable", "stable_inodes"). */
static gboolean has_word(const char *s, const char *w)
{
	size_t n = strlen(w);
	for (const char *p = strstr(s, w); p; p = strstr(p + 1, w)) {
		gboolean before = p == s || !(g_ascii_isalnum(p[-1]) || p[-1] == '_' || p[-1] == '-');
		gboolean after = !(g_ascii_isalnum(p[n]) || p[n] == '_');
		if (before && after)
			return TRUE;
	}
	return FALSE;
}

/* Loose on purpose: the word "stable", AUTOSEL, FAILED notes, "-rc
 * review", or a "[PATCH 6.1 ...]" tag naming a version. */
static gboolean looks_stable(const char *subject)
{
	char *lower = g_ascii_strdown(subject, -1);
	gboolean yes = has_word(lower, "stable") || strstr(lower, "autosel") ||
	               strstr(lower, "failed to apply") || strstr(lower, " review");
	for (const char *p = strstr(lower, "[patch"); !yes && p; p = strstr(p + 1, "[patch")) {
		const char *close = strchr(p, ']');
		for (const char *q = p + 1; close && q + 2 < close && !yes; q++)
			yes = (q[-1] == ' ') && g_ascii_isdigit(q[0]) && q[1] == '.' && g_ascii_isdigit(q[2]);
	}
	g_free(lower);
	return yes;
}

/* Is some ancestor of N (In-Reply-To, References) a notice in a patch? */
static gboolean below_notice(const survey *s, const sm_notice *n)
{
	const sm_notice *at = n;
	for (int hops = 0; at && at->in_reply_to && hops < 64; hops++) {
		at = sm_group_notice(s->group, at->in_reply_to);
		if (at && sm_group_patch_of(s->group, at) && at->kind != SM_KIND_REPLY)
			return TRUE;
	}
	for (char **r = n->references; r && *r; r++) {
		const sm_notice *a = sm_group_notice(s->group, *r);
		if (a && a->kind != SM_KIND_REPLY && sm_group_patch_of(s->group, a))
			return TRUE;
	}
	return FALSE;
}

static int by_date(gconstpointer a, gconstpointer b);

/* Every notice the group holds once, oldest first: several files may
 * carry one message-id, and the group keeps the last one given. */
static GPtrArray *notices_of(const survey *s)
{
	GPtrArray *all = g_ptr_array_new();
	GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	for (guint i = 0; i < s->ids->len; i++) {
		sm_notice *n = sm_group_notice(s->group, s->ids->pdata[i]);
		if (n && g_hash_table_add(seen, n))
			g_ptr_array_add(all, n);
	}
	g_hash_table_unref(seen);
	g_ptr_array_sort(all, by_date);
	return all;
}

static int by_date(gconstpointer a, gconstpointer b)
{
	const sm_notice *x = *(sm_notice *const *)a, *y = *(sm_notice *const *)b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return strcmp(x->message_id, y->message_id);
}

static int by_name(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* With TREES, the notice's trees after grouping (--kind lists). */
static void print_line(const char *what, const sm_notice *n, gboolean trees)
{
	GDateTime *dt = g_date_time_new_from_unix_utc(n->date);
	char *day = dt ? g_date_time_format(dt, "%Y-%m-%d") : g_strdup("?");
	printf("%-14s %-12s %s <%s> %s", what, sm_kind_name(n->kind), day, n->message_id,
	       n->subject);
	if (trees) {
		char *list = g_strjoinv(",", n->trees);
		printf("  [%s]", list);
		g_free(list);
	}
	if (n->signal)
		printf("  {%s}", sm_signal_name(n->signal));
	if (n->evidence)
		printf("  {%s}", n->evidence);
	printf("\n");
	g_free(day);
	if (dt)
		g_date_time_unref(dt);
}

static void report(const survey *s, const char *name)
{
	GPtrArray *all = notices_of(s);
	guint kinds[SM_KIND_COUNT] = { 0 }, in_patch[SM_KIND_COUNT] = { 0 };
	guint rules[SM_ATTACH_COUNT] = { 0 };
	GPtrArray *patches = sm_group_patches(s->group);
	/* Each notice once: a decision on a series cover is in every patch
	 * of the series (places counts those). */
	GHashTable *placed = g_hash_table_new(g_direct_hash, g_direct_equal);
	guint places = 0;
	for (guint i = 0; i < patches->len; i++) {
		sm_patch *p = patches->pdata[i];
		for (guint j = 0; j < p->notices->len; j++) {
			sm_notice *n = p->notices->pdata[j];
			if (!g_hash_table_add(placed, n)) {
				places++;
				continue;
			}
			in_patch[n->kind]++;
			rules[n->attach]++;
		}
	}
	g_hash_table_unref(placed);
	g_ptr_array_sort(all, by_date);
	for (guint i = 0; i < all->len; i++)
		kinds[((sm_notice *)all->pdata[i])->kind]++;

	printf("archive: %s\n", name);
	printf("messages: %u read, %u notices (one per message-id), %u unreadable, %u patches\n",
	       s->files->len, all->len, s->unreadable, patches->len);
	printf("\n%-14s %8s %8s\n", "kind", "notices", "in patch");
	for (int k = 0; k < SM_KIND_COUNT; k++)
		printf("%-14s %8u %8u\n", sm_kind_name(k), kinds[k], in_patch[k]);
	printf("\n%-28s %8s\n", "attached by", "notices");
	for (int r = 0; r < SM_ATTACH_COUNT; r++)
		if (rules[r])
			printf("%-28s %8u\n", sm_attach_name(r), rules[r]);
	if (rules[SM_ATTACH_SERIES])
		printf("(series decisions are also in %u more patches of their series)\n", places);

	/* Class 4: replies to review covers go to their release's record. */
	GPtrArray *reviews = sm_group_reviews(s->group);
	GHashTable *in_review = g_hash_table_new(g_direct_hash, g_direct_equal);
	guint coverless = 0;
	for (guint i = 0; i < reviews->len; i++) {
		const sm_review *r = reviews->pdata[i];
		coverless += r->cover == NULL;
		for (guint j = 0; r->replies && j < r->replies->len; j++)
			g_hash_table_add(in_review, r->replies->pdata[j]);
	}
	/* Class 5: a backport that names no tree is for its thread's. */
	guint inherited = 0;
	GHashTableIter iter;
	gpointer id;
	g_hash_table_iter_init(&iter, s->treeless);
	while (g_hash_table_iter_next(&iter, &id, NULL)) {
		const sm_notice *n = sm_group_notice(s->group, id);
		inherited += n && n->trees[0];
	}
	printf("\nbackports that name no tree: %u, %u of them for their thread's trees\n",
	       g_hash_table_size(s->treeless), inherited);

	printf("\nreview records: %u (%u of them without their cover), holding %u cover replies\n",
	       reviews->len, coverless, g_hash_table_size(in_review));

	guint lookalike = 0, orphan = 0;
	printf("\n== stable-looking subjects: not recognised, or in no patch ==\n");
	for (guint i = 0; i < all->len; i++) {
		sm_notice *n = all->pdata[i];
		gboolean placed = sm_group_patch_of(s->group, n) != NULL;
		gboolean wanted = n->kind != SM_KIND_REVIEW_COVER && n->kind != SM_KIND_RELEASE;
		if (!looks_stable(n->subject) || (placed && n->kind != SM_KIND_OTHER) || !wanted)
			continue;
		if (n->kind == SM_KIND_REPLY)
			continue; /* listed below */
		print_line(n->kind == SM_KIND_OTHER ? "unrecognised" : "no-patch", n, FALSE);
		lookalike++;
	}
	printf("\n== human replies left without a patch ==\n");
	for (guint i = 0; i < all->len; i++) {
		sm_notice *n = all->pdata[i];
		if (sm_group_patch_of(s->group, n) || g_hash_table_contains(in_review, n))
			continue;
		if (n->kind == SM_KIND_REPLY) {
			print_line(n->answers == SM_KIND_REVIEW_COVER ? "cover-reply" : "reply", n, FALSE);
			orphan++;
		} else if (n->kind == SM_KIND_OTHER && below_notice(s, n)) {
			print_line("in-thread", n, FALSE);
			orphan++;
		}
	}
	for (int k = 0; k < SM_KIND_COUNT; k++) {
		if (!s->list_kind[k])
			continue;
		printf("\n== every %s notice ==\n", sm_kind_name(k));
		for (guint i = 0; i < all->len; i++) {
			sm_notice *n = all->pdata[i];
			if (n->kind == (sm_kind)k)
				print_line(sm_attach_name(n->attach), n, TRUE);
		}
	}
	printf("\nsummary: %u stable-looking subjects unrecognised or unplaced, "
	       "%u replies without a patch\n", lookalike, orphan);
	g_hash_table_unref(in_review);
	g_ptr_array_unref(all);
}

int main(int argc, char **argv)
{
	const char *maildir = NULL, *config = NULL;
	guint limit = 0;
	gboolean list_kind[SM_KIND_COUNT] = { FALSE };
	for (int i = 1; i < argc; i++) {
		sm_kind kind;
		if (!strcmp(argv[i], "--kind") && i + 1 < argc && sm_kind_from_name(argv[i + 1], &kind)) {
			list_kind[kind] = TRUE;
			i++;
			continue;
		}
		if (!strcmp(argv[i], "--maildir") && i + 1 < argc)
			maildir = argv[++i];
		else if (!strcmp(argv[i], "--notmuch-config") && i + 1 < argc)
			config = argv[++i];
		else if (!strcmp(argv[i], "--limit") && i + 1 < argc)
			limit = (guint)g_ascii_strtoull(argv[++i], NULL, 10);
		else {
			fprintf(stderr, "usage: survey [--maildir DIR | --notmuch-config FILE] "
			                "[--limit N] [--kind KIND]...\n");
			return 2;
		}
	}
	if (!maildir == !config) {
		fprintf(stderr, "survey: give one of --maildir and --notmuch-config\n");
		return 2;
	}
	g_mime_init();
	survey s = { .files = g_ptr_array_new_with_free_func(g_free),
	             .ids = g_ptr_array_new_with_free_func(g_free),
	             .trees = sm_trees_new_default(), .group = sm_group_new(),
	             .treeless = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL) };
	memcpy(s.list_kind, list_kind, sizeof list_kind);
	if (maildir)
		add_maildir(&s, maildir);
	else if (!add_notmuch(&s, config))
		return 1;
	if (maildir)
		g_ptr_array_sort(s.files, by_name);
	recognise_all(&s, limit);
	report(&s, maildir ? maildir : config);
	sm_group_free(s.group);
	sm_trees_free(s.trees);
	g_ptr_array_unref(s.files);
	g_ptr_array_unref(s.ids);
	g_hash_table_unref(s.treeless);
	return 0;
}
