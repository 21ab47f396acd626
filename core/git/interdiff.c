/* interdiff.c - each tree's diff of a patch against upstream or against
 * the patch's reference diff (see interdiff.h).
 *
 * What is compared is taken from the patch first (a plan: file names,
 * message-ids and change hashes, copied), then read and compared, so that
 * the reading may happen in another thread while the group changes. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "interdiff.h"
#include "show.h"
#include "mail/mail.h"
#include "recognise/recognise.h"
#include "repo-private.h"

/* One notice to read: the reference or a tree's newest diff. */
typedef struct plan_item {
	char *tree;        /* NULL for the reference */
	char *file;
	char *message_id;
	guint32 change;
} plan_item;

typedef struct plan {
	char upstream[SM_SHA_LEN + 1];
	plan_item *reference; /* NULL when no notice has a diff */
	GPtrArray *trees;     /* plan_item*, newest tree first */
	guint reads;          /* the mails to read, and one for the upstream commit */
} plan;

void sm_git_interdiff_free(sm_git_interdiff *d)
{
	g_free(d->tree);
	g_free(d->against);
	g_free(d->reference);
	g_free(d->notice);
	g_free(d->summary);
	g_free(d->text);
	g_free(d);
}

static void plan_item_free(plan_item *item)
{
	if (!item)
		return;
	g_free(item->tree);
	g_free(item->file);
	g_free(item->message_id);
	g_free(item);
}

static plan_item *plan_item_new(const char *tree, const sm_notice *notice)
{
	plan_item *item = g_new0(plan_item, 1);
	item->tree = g_strdup(tree);
	item->file = g_strdup(notice->filename);
	item->message_id = g_strdup(notice->message_id);
	item->change = notice->change;
	return item;
}

static void plan_free(plan *pl)
{
	plan_item_free(pl->reference);
	g_ptr_array_unref(pl->trees);
	g_free(pl);
}

/* What PATCH's interdiffs need, copied: its notices must be read. */
static plan *plan_of(const sm_patch *patch)
{
	plan *pl = g_new0(plan, 1);
	g_strlcpy(pl->upstream, patch->upstream, sizeof(pl->upstream));
	pl->trees = g_ptr_array_new_with_free_func((GDestroyNotify)plan_item_free);
	const sm_notice *reference = sm_patch_reference_notice(patch);
	if (reference)
		pl->reference = plan_item_new(NULL, reference);
	GHashTable *files = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint t = 0; patch->trees && t < patch->trees->len; t++) {
		const sm_tree_status *ts = patch->trees->pdata[t];
		const sm_notice *notice = sm_tree_diff_notice(ts);
		if (!notice)
			continue;
		g_ptr_array_add(pl->trees, plan_item_new(ts->tree, notice));
		if (notice->filename)
			g_hash_table_add(files, notice->filename);
	}
	pl->reads = 2 + g_hash_table_size(files);
	g_hash_table_unref(files);
	return pl;
}

/* The diff the mail FILE carries, parsed; NULL when it cannot be read. */
static sm_diff *file_diff(const char *file)
{
	sm_mail *mail = file ? sm_mail_read(file, 0, NULL) : NULL;
	if (!mail)
		return NULL;
	sm_diff *diff = sm_diff_parse(mail->body);
	sm_mail_free(mail);
	return diff;
}

static sm_diff *upstream_diff(sm_git_repo *repo, const char *upstream)
{
	if (!repo || !*upstream)
		return NULL;
	char *text = sm_git_show(repo, upstream, NULL, NULL);
	sm_diff *diff = text ? sm_diff_parse(text) : NULL;
	g_free(text);
	if (diff && !diff->hunks->len)
		g_clear_pointer(&diff, sm_diff_free);
	return diff;
}

/* Told after each read (the upstream commit, a mail); FALSE stops. */
typedef gboolean (*step_fn)(gpointer data);

static GPtrArray *compare(const plan *pl, sm_git_repo *repo, step_fn step, gpointer data)
{
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)sm_git_interdiff_free);
	sm_diff *base = upstream_diff(repo, pl->upstream);
	const plan_item *reference = base ? NULL : pl->reference;
	gboolean go_on = !step || step(data);
	if (!base && reference)
		base = file_diff(reference->file);
	go_on = go_on && (!step || step(data));
	if (!base || !go_on) {
		sm_diff_free(base);
		return out;
	}
	/* Trees often share one notice (a range of trees in one AUTOSEL
	 * posting): each mail is read and compared once. */
	GHashTable *done = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint t = 0; go_on && t < pl->trees->len; t++) {
		const plan_item *item = pl->trees->pdata[t];
		gboolean seen = item->file && g_hash_table_contains(done, item->file);
		if (item->file && !seen)
			g_hash_table_insert(done, item->file, NULL);
		if (reference && item->change == reference->change) {
			/* the same change: nothing to read (a step all the same) */
			go_on = seen || !step || step(data);
			continue;
		}
		sm_git_interdiff *known = seen ? g_hash_table_lookup(done, item->file) : NULL;
		char *summary = NULL, *text = NULL;
		if (known) {
			summary = g_strdup(known->summary);
			text = g_strdup(known->text);
		} else if (!seen) {
			sm_diff *diff = file_diff(item->file);
			text = diff ? sm_interdiff(base, diff, &summary) : NULL;
			sm_diff_free(diff);
			go_on = !step || step(data);
		}
		if (!text)
			continue;
		sm_git_interdiff *d = g_new0(sm_git_interdiff, 1);
		d->tree = g_strdup(item->tree);
		d->against = g_strdup(reference ? "notice" : "upstream");
		d->reference = g_strdup(reference ? reference->message_id : pl->upstream);
		d->notice = g_strdup(item->message_id);
		d->summary = summary;
		d->text = text;
		g_ptr_array_add(out, d);
		if (item->file && !seen)
			g_hash_table_insert(done, item->file, d);
	}
	g_hash_table_unref(done);
	sm_diff_free(base);
	return out;
}

GPtrArray *sm_git_interdiffs(sm_git_repo *repo, const sm_patch *patch)
{
	plan *pl = plan_of(patch);
	GPtrArray *out = compare(pl, repo, NULL, NULL);
	plan_free(pl);
	return out;
}

struct sm_git_interdiff_job {
	plan *plan;
	sm_git_settings *settings; /* NULL: no repository */
	GThread *thread;
	int pipe[2];               /* a byte a step: wakes the TUI's poll() */
	gint done;                 /* steps done (atomic) */
	gint finished;             /* atomic: RESULT is set */
	gint cancelled;            /* atomic */
	GPtrArray *result;
};

static gboolean job_step(gpointer data)
{
	sm_git_interdiff_job *job = data;
	g_atomic_int_inc(&job->done);
	char byte = 1;
	/* A full pipe already says "look": nothing is lost by not writing. */
	while (job->pipe[1] >= 0 && write(job->pipe[1], &byte, 1) < 0 && errno == EINTR)
		;
	return !g_atomic_int_get(&job->cancelled);
}

static gpointer job_run(gpointer data)
{
	sm_git_interdiff_job *job = data;
	/* The thread's own handle: libgit2's rule for threads. */
	sm_git_repo *repo = job->settings ? sm_git_repo_open(job->settings, NULL) : NULL;
	GPtrArray *result = compare(job->plan, repo, job_step, job);
	sm_git_repo_free(repo);
	job->result = result;
	g_atomic_int_set(&job->finished, 1);
	job_step(job);
	return NULL;
}

sm_git_interdiff_job *sm_git_interdiff_job_start(const sm_git_settings *settings,
                                                 const sm_patch *patch)
{
	sm_git_interdiff_job *job = g_new0(sm_git_interdiff_job, 1);
	job->plan = plan_of(patch);
	job->settings = settings && settings->repo && *settings->repo
	                ? sm_git_settings_copy(settings) : NULL;
	if (pipe(job->pipe) < 0) {
		job->pipe[0] = job->pipe[1] = -1;
	} else {
		fcntl(job->pipe[0], F_SETFL, O_NONBLOCK);
		fcntl(job->pipe[1], F_SETFL, O_NONBLOCK);
	}
	job->thread = g_thread_new("interdiff", job_run, job);
	return job;
}

int sm_git_interdiff_job_fd(const sm_git_interdiff_job *job)
{
	return job->pipe[0];
}

gboolean sm_git_interdiff_job_poll(sm_git_interdiff_job *job, guint *done, guint *total)
{
	char bytes[64];
	while (job->pipe[0] >= 0 && read(job->pipe[0], bytes, sizeof(bytes)) > 0)
		;
	if (done)
		*done = MIN((guint)g_atomic_int_get(&job->done), job->plan->reads);
	if (total)
		*total = job->plan->reads;
	return g_atomic_int_get(&job->finished) != 0;
}

const GPtrArray *sm_git_interdiff_job_result(const sm_git_interdiff_job *job)
{
	return g_atomic_int_get(&job->finished) ? job->result : NULL;
}

void sm_git_interdiff_job_free(sm_git_interdiff_job *job)
{
	if (!job)
		return;
	g_atomic_int_set(&job->cancelled, 1);
	g_thread_join(job->thread);
	for (int i = 0; i < 2; i++)
		if (job->pipe[i] >= 0)
			close(job->pipe[i]);
	if (job->result)
		g_ptr_array_unref(job->result);
	sm_git_settings_free(job->settings);
	plan_free(job->plan);
	g_free(job);
}

/* ---- the adapted trees' summaries, kept by message-id ---- */

/* The file's lines: "REFERENCE\tNOTICE\tSUMMARY". */
#define SUMMARIES "interdiff-summaries"

struct sm_git_summaries {
	GHashTable *known;   /* "REFERENCE\tNOTICE" (owned) -> summary (owned) */
	gboolean changed;    /* summaries made that the file does not have */
	char *base_id;       /* the reference whose diff is BASE */
	sm_diff *base;
};

sm_git_summaries *sm_git_summaries_open(void)
{
	sm_git_summaries *s = g_new0(sm_git_summaries, 1);
	s->known = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	gsize len;
	char *data = sm_git_cache_load(NULL, SUMMARIES, "summaries", 1, &len, NULL);
	/* None, of another version or cut short: made again. */
	if (!data)
		return s;
	for (char *line = data; *line;) {
		char *nl = strchr(line, '\n');
		if (!nl)
			break; /* cut short: the rest is made again */
		*nl = '\0';
		char *tab = strchr(line, '\t');
		char *last = tab ? strrchr(line, '\t') : NULL;
		if (last && last != tab)
			g_hash_table_replace(s->known, g_strndup(line, (gsize)(last - line)),
			                     g_strdup(last + 1));
		line = nl + 1;
	}
	g_free(data);
	return s;
}

/* FILE's diff against BASE, in short; NULL when the mail cannot be read. */
static char *summary_of(const sm_diff *base, const char *file)
{
	sm_diff *diff = file_diff(file);
	if (!diff)
		return NULL;
	char *summary = NULL;
	char *text = sm_interdiff(base, diff, &summary);
	sm_diff_free(diff);
	/* The change hashes differ where the interdiff sees none (a file's
	 * hunks in another order): no hunk of it changed. */
	if (!text)
		summary = g_strdup("no hunk changed");
	g_free(text);
	return summary;
}

const char *sm_git_summaries_get(sm_git_summaries *s, const sm_patch *patch,
                                 const sm_tree_status *ts)
{
	const sm_notice *reference = sm_patch_reference_notice(patch);
	const sm_notice *notice = sm_tree_diff_notice(ts);
	if (!ts->adapted || !reference || !notice || !reference->message_id || !notice->message_id)
		return NULL;
	char *key = g_strconcat(reference->message_id, "\t", notice->message_id, NULL);
	const char *known = g_hash_table_lookup(s->known, key);
	if (known) {
		g_free(key);
		return known;
	}
	/* A patch's adapted trees share its reference: read once. */
	if (g_strcmp0(s->base_id, reference->message_id) != 0) {
		sm_diff_free(s->base);
		g_free(s->base_id);
		s->base = file_diff(reference->filename);
		s->base_id = g_strdup(reference->message_id);
	}
	char *summary = s->base ? summary_of(s->base, notice->filename) : NULL;
	if (!summary) {
		g_free(key);
		return NULL;
	}
	g_hash_table_replace(s->known, key, summary);
	s->changed = TRUE;
	return summary;
}

void sm_git_summaries_close(sm_git_summaries *s)
{
	if (!s)
		return;
	if (s->changed) {
		GString *out = g_string_new(NULL);
		GHashTableIter it;
		gpointer key, value;
		g_hash_table_iter_init(&it, s->known);
		while (g_hash_table_iter_next(&it, &key, &value)) {
			/* A message-id with a tab or a line in it would read back
			 * as another pair's: made again each time instead. */
			const char *tab = strchr(key, '\t');
			if (!strchr(key, '\n') && !strchr(tab + 1, '\t'))
				g_string_append_printf(out, "%s\t%s\n", (char *)key, (char *)value);
		}
		sm_git_cache_store(NULL, SUMMARIES, "summaries", 1, out->str, out->len);
		g_string_free(out, TRUE);
	}
	g_hash_table_unref(s->known);
	sm_diff_free(s->base);
	g_free(s->base_id);
	g_free(s);
}
