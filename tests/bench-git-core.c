/* bench-git-core.c - the git benchmark's measuring tool (see tests/bench-git).
 *
 *   bench-git-core REPO UPSTREAM STABLE STEP [ARG...]
 *
 * REPO is the repository, UPSTREAM the mainline ref, STABLE the stable
 * branch pattern ("linux-%s.y"), as [git] repo/upstream/stable take them.
 * Each STEP runs in its own process, so that its peak memory is its own;
 * the caches are stablemate's own under XDG_CACHE_HOME, which the script
 * sets.  Steps:
 *   followups             bring the follow-up index up to date
 *   contains TREE N       bring TREE's already-there index up to date, then
 *                         look up N mainline commits spread over all of
 *                         history (older than the branch point included),
 *                         each answer printed ("answer ID 0|1") for the
 *                         script to check against git, and what the slowest
 *                         look-up (by wall time) and the costliest (by
 *                         processor time) waited for
 *   contains TREE N new   the same, the N commits spread over mainline since
 *                         TREE's branch point only (those the branch may
 *                         lack: what a stable maintainer asks about)
 *   evict                 drop stablemate's cache files from the page cache
 *   predict TREE N        predict the N newest mainline commits on TREE
 *                         (the conflicting ones are listed)
 *   show COMMIT TREE...   what `stablemate show` computes for a patch on
 *                         those trees: presence, prediction, dependencies
 *                         of the conflicting ones, follow-ups
 * Each prints "name value" lines: seconds, counts, KiB for peak memory
 * (all of it, and the anonymous part: the rest is mapped pack files).
 */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>
#include "bench-clock.h"
#include "git/contains.h"
#include "git/git.h"

static G_NORETURN void die(const char *what, GError *error)
{
	fprintf(stderr, "bench-git-core: %s: %s\n", what, error ? error->message : "failed");
	exit(1);
}

/* Resident memory from /proc/self/status, split: anonymous (the
 * process's own) and mapped files (the pack and its index: pages shared
 * with the kernel's page cache, which it may take back).  peak_kib()
 * counts both. */
static long resident_kib(const char *field)
{
	char *status = NULL;
	long kib = 0;
	if (g_file_get_contents("/proc/self/status", &status, NULL, NULL)) {
		const char *at = strstr(status, field);
		if (at)
			kib = strtol(at + strlen(field), NULL, 10);
		g_free(status);
	}
	return kib;
}

/* The peak of the anonymous part, sampled every 20 ms by a thread from
 * the start of the step (the kernel keeps no peak of it). */
static gint anon_peak, sampling = 1;

static gpointer sample_anon(gpointer data)
{
	(void)data;
	while (g_atomic_int_get(&sampling)) {
		gint kib = (gint)resident_kib("RssAnon:");
		if (kib > g_atomic_int_get(&anon_peak))
			g_atomic_int_set(&anon_peak, kib);
		g_usleep(20000);
	}
	return NULL;
}

static void print_resident(const char *prefix)
{
	printf("%sanon_peak_kib %d\n%sfile_kib %ld\n", prefix, g_atomic_int_get(&anon_peak),
	       prefix, resident_kib("RssFile:"));
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Median and maximum of the N TIMES (sorted in place). */
static void print_spread(const char *name, double *times, guint n)
{
	if (!n)
		return;
	qsort(times, n, sizeof *times, by_double);
	guint over = 0;  /* the target is 1 ms a look-up */
	while (over < n && times[n - 1 - over] > 0.001)
		over++;
	printf("%s_median %.6f\n%s_max %.6f\n%s_over_1ms %u\n", name, times[n / 2], name,
	       times[n - 1], name, over);
}

/* N mainline commits: every (total / N)th, newest first; only those
 * since BASE when it is not NULL. */
static GArray *mainline_sample(sm_git_repo *repo, guint n, const git_oid *base)
{
	git_oid tip, oid;
	if (!sm_git_upstream(repo, &tip, NULL, NULL))
		die("mainline", NULL);
	GArray *all = g_array_new(FALSE, FALSE, sizeof(git_oid));
	git_revwalk *walker = NULL;
	git_revwalk_new(&walker, sm_git_repo_git(repo));
	git_revwalk_push(walker, &tip);
	if (base)
		git_revwalk_hide(walker, base);
	while (git_revwalk_next(&oid, walker) == 0)
		g_array_append_val(all, oid);
	git_revwalk_free(walker);
	GArray *out = g_array_new(FALSE, FALSE, sizeof(git_oid));
	guint step = all->len / n ? all->len / n : 1;
	for (guint i = 0; i < all->len && out->len < n; i += step)
		g_array_append_val(out, g_array_index(all, git_oid, i));
	g_array_unref(all);
	return out;
}

/* One look-up: which (from 1), its wall and processor time, and what it
 * waited for: page faults (minor: a mapped page not touched yet; major:
 * read from disk), blocking (voluntary switches) or other programs
 * (involuntary ones). */
typedef struct lookup_cost {
	guint n;
	double wall, cpu;
	long minflt, majflt, nvcsw, nivcsw;
} lookup_cost;

static void print_cost(const char *name, const lookup_cost *c)
{
	printf("%s %u: %.3f ms (%.3f ms processor), %ld minor and %ld major faults,"
	       " %ld voluntary and %ld involuntary switches\n", name, c->n, c->wall * 1000,
	       c->cpu * 1000, c->minflt, c->majflt, c->nvcsw, c->nivcsw);
}

static void step_contains(sm_git_repo *repo, const char *tree, guint n, gboolean new)
{
	GError *error = NULL;
	gboolean present;
	git_oid tip;
	if (!sm_git_upstream(repo, &tip, NULL, &error))
		die("mainline", error);
	/* The index first, so that its peak is its own, not the sample's. */
	gint64 t0 = g_get_monotonic_time();
	double c0 = self_cpu();
	if (!sm_git_contains(repo, tree, &tip, &present, &error))
		die("already-there index", error);
	printf("index_s %.3f\nindex_cpu %.3f\nindex_peak_kib %ld\n", seconds_since(t0),
	       self_cpu() - c0, peak_kib());
	print_resident("index_");
	git_oid base;
	if (new && !sm_git_stable_base(repo, tree, NULL, &base, &error))
		die("branch point", error);
	GArray *sample = mainline_sample(repo, n, new ? &base : NULL);
	double *times = g_new(double, sample->len), *cpu = g_new(double, sample->len);
	guint found = 0;
	lookup_cost slowest_wall = { 0 }, slowest_cpu = { 0 }, all = { 0 };
	for (guint i = 0; i < sample->len; i++) {
		struct rusage r0, r1;
		getrusage(RUSAGE_THREAD, &r0);
		gint64 t = g_get_monotonic_time();
		double c = thread_cpu();
		const git_oid *id = &g_array_index(sample, git_oid, i);
		sm_git_contains(repo, tree, id, &present, NULL);
		cpu[i] = thread_cpu() - c;
		times[i] = seconds_since(t);
		getrusage(RUSAGE_THREAD, &r1);
		lookup_cost cost = { i + 1, times[i], cpu[i], r1.ru_minflt - r0.ru_minflt,
		                     r1.ru_majflt - r0.ru_majflt, r1.ru_nvcsw - r0.ru_nvcsw,
		                     r1.ru_nivcsw - r0.ru_nivcsw };
		all.n++;
		all.wall += cost.wall;
		all.cpu += cost.cpu;
		all.minflt += cost.minflt;
		all.majflt += cost.majflt;
		all.nvcsw += cost.nvcsw;
		all.nivcsw += cost.nivcsw;
		if (cost.wall >= slowest_wall.wall)
			slowest_wall = cost;
		if (cost.cpu >= slowest_cpu.cpu)
			slowest_cpu = cost;
		found += present;
		char hex[GIT_OID_HEXSZ + 1];
		printf("answer %s %d\n", git_oid_tostr(hex, sizeof hex, id), present);
	}
	printf("lookups %u\npresent %u\n", sample->len, found);
	print_cost("slowest_lookup", &slowest_wall);
	print_cost("costliest_lookup", &slowest_cpu);
	print_cost("all_lookups", &all);
	print_spread("lookup_s", times, sample->len);
	print_spread("lookup_cpu", cpu, sample->len);
	g_free(times);
	g_free(cpu);
	g_array_unref(sample);
}

/* Drop stablemate's cache files of REPO from the page cache (only them:
 * the next process then reads them from the disk, as after a reboot or
 * when memory ran short), for the look-ups' figures with a cold cache. */
static void step_evict(sm_git_repo *repo)
{
	char *any = sm_git_cache_path(repo, "mainline");
	char *dir = g_path_get_dirname(any);
	GDir *d = g_dir_open(dir, 0, NULL);
	guint n = 0;
	for (const char *name; d && (name = g_dir_read_name(d));) {
		char *path = g_build_filename(dir, name, NULL);
		int fd = open(path, O_RDONLY);
		if (fd >= 0 && fdatasync(fd) == 0 && posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0)
			n++;
		if (fd >= 0)
			close(fd);
		g_free(path);
	}
	printf("evicted %u\n", n);
	if (d)
		g_dir_close(d);
	g_free(dir);
	g_free(any);
}

static void step_predict(sm_git_repo *repo, const char *tree, guint n)
{
	GArray *sample = g_array_new(FALSE, FALSE, sizeof(git_oid));
	git_oid tip, oid;
	sm_git_upstream(repo, &tip, NULL, NULL);
	git_revwalk *walker = NULL;
	git_revwalk_new(&walker, sm_git_repo_git(repo));
	git_revwalk_push(walker, &tip);
	while (sample->len < n && git_revwalk_next(&oid, walker) == 0)
		g_array_append_val(sample, oid);
	git_revwalk_free(walker);
	double *first = g_new(double, n), *cached = g_new(double, n);
	guint counts[SM_PREDICT_COUNT] = { 0 };
	for (int pass = 0; pass < 2; pass++) {
		for (guint i = 0; i < sample->len; i++) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof hex, &g_array_index(sample, git_oid, i));
			gint64 t = g_get_monotonic_time();
			GError *error = NULL;
			sm_prediction *p = sm_git_predict(repo, tree, hex, &error);
			if (!p)
				die("prediction", error);
			(pass ? cached : first)[i] = seconds_since(t);
			if (!pass)
				counts[p->state]++;
			if (!pass && p->state == SM_PREDICT_CONFLICT)
				printf("conflicting %s\n", hex);
			sm_prediction_free(p);
		}
	}
	printf("predictions %u\nclean %u\nconflict %u\nempty %u\n", sample->len,
	       counts[SM_PREDICT_CLEAN], counts[SM_PREDICT_CONFLICT], counts[SM_PREDICT_EMPTY]);
	print_spread("first_s", first, sample->len);
	print_spread("cached_s", cached, sample->len);
	printf("peak_kib %ld\n", peak_kib());
	g_free(first);
	g_free(cached);
	g_array_unref(sample);
}

static void step_show(sm_git_repo *repo, const char *commit, char **trees)
{
	GError *error = NULL;
	git_commit *c = sm_git_commit(repo, commit, &error);
	if (!c)
		die("commit", error);
	sm_git_query q = { .trees = trees, .deps = TRUE };
	git_oid_tostr(q.upstream, sizeof q.upstream, git_commit_id(c));
	git_commit_free(c);
	guint n = g_strv_length(trees);
	q.failed_files = g_new0(char *, n + 1);
	for (guint i = 0; i < n; i++)
		q.failed_files[i] = (char *)"";
	gint64 t0 = g_get_monotonic_time();
	double c0 = self_cpu();
	sm_git_info *info = sm_git_info_compute(repo, &q, TRUE, NULL);
	printf("show_s %.3f\nshow_cpu %.3f\n", seconds_since(t0), self_cpu() - c0);
	if (info->error)
		die("show", NULL);
	for (guint i = 0; i < info->trees->len; i++) {
		const sm_git_tree_info *t = info->trees->pdata[i];
		printf("tree %s %s %u\n", t->tree,
		       t->error ? t->error : sm_predict_state_name(t->prediction->state),
		       t->deps ? t->deps->len : 0);
		for (guint d = 0; t->deps && d < t->deps->len; d++) {
			const sm_dependency *dep = t->deps->pdata[d];
			printf("dependency %s %.12s %s\n", t->tree, dep->id, dep->subject);
		}
	}
	printf("followups %u\npeak_kib %ld\n", info->followups->len, peak_kib());
	print_resident("");
	sm_git_info_free(info);
	g_free(q.failed_files);
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: bench-git-core REPO UPSTREAM STABLE STEP [ARG...]\n");
		return 2;
	}
	sm_git_settings settings = { .repo = argv[1], .upstream = argv[2], .stable = argv[3] };
	GError *error = NULL;
	sm_git_repo *repo = sm_git_repo_open(&settings, &error);
	if (!repo)
		die("repository", error);
	const char *step = argv[4];
	GThread *sampler = g_thread_new("anon-peak", sample_anon, NULL);
	gint64 t0 = g_get_monotonic_time();
	if (strcmp(step, "followups") == 0) {
		if (!sm_git_followups_update(repo, &error))
			die("follow-ups", error);
		printf("update_s %.3f\nupdate_cpu %.3f\npeak_kib %ld\n", seconds_since(t0),
		       self_cpu(), peak_kib());
		print_resident("");
	} else if (strcmp(step, "contains") == 0 &&
	           (argc == 7 || (argc == 8 && strcmp(argv[7], "new") == 0))) {
		step_contains(repo, argv[5], (guint)atoi(argv[6]),
		              argc == 8 && strcmp(argv[7], "new") == 0);
	} else if (strcmp(step, "evict") == 0) {
		step_evict(repo);
	} else if (strcmp(step, "predict") == 0 && argc == 7) {
		step_predict(repo, argv[5], (guint)atoi(argv[6]));
	} else if (strcmp(step, "show") == 0 && argc >= 7) {
		step_show(repo, argv[5], argv + 6);
	} else {
		fprintf(stderr, "bench-git-core: unknown step %s\n", step);
		return 2;
	}
	g_atomic_int_set(&sampling, 0);
	g_thread_join(sampler);
	sm_git_repo_free(repo);
	return 0;
}
