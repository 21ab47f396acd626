/* bench-core.c - the benchmark's measuring tool (see tests/bench).
 *
 *   bench-core query             print the configured notmuch query
 *   bench-core run CMD [ARG...]  run CMD with stdout to /dev/null; print
 *                                its time and peak memory (the peak over CMD
 *                                and the children it waited for)
 *   bench-core load              load through the store as the TUI does;
 *                                then time a group build, sorts and limits
 *   bench-core preview           the TUI's first step alone
 *                                (sm_store_load_preview): its time, what
 *                                it read and the patches it made
 *   bench-core interdiff         the interdiff of two 500-line diffs of one
 *                                patch (recognise/interdiff.h)
 *   bench-core refresh CMD [ARG...]
 *                                load, run CMD (which adds mail), then time
 *                                the refresh
 *
 * Each prints "name value" lines: seconds for timings, counts for the
 * store's statistics, KiB for peak memory (peak_kib).  The database and
 * config are found the way stablemate finds them (NOTMUCH_CONFIG,
 * XDG_CONFIG_HOME, XDG_CACHE_HOME), so the script sets those.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gmime/gmime.h>
#include "bench-clock.h"
#include "store/store.h"
#include "patch/patch.h"
#include "recognise/recognise.h"
#include "store/private.h"

/* Limits a maintainer types, from narrow to everything-matching. */
static const char *const limits[] = {
	"tree:6.1",
	"kind:failed",
	"state:untriaged deadline:<24h",
	"usb or net",
	"not tree:5.4 and (kind:autosel or status:queued)",
};

static int fail(const char *what, GError *error)
{
	fprintf(stderr, "bench-core: %s: %s\n", what, error ? error->message : g_strerror(errno));
	g_clear_error(&error);
	return 1;
}

/* Run ARGV with stdout to /dev/null; PEAK gets its peak memory in KiB,
 * CPU its processor time. */
static gboolean run(char **argv, double *secs, double *cpu, long *peak)
{
	gint64 start = g_get_monotonic_time();
	pid_t pid = fork();
	if (pid < 0)
		return FALSE;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		if (null < 0 || dup2(null, STDOUT_FILENO) < 0)
			_exit(127);
		execvp(argv[0], argv);
		fprintf(stderr, "bench-core: %s: %s\n", argv[0], g_strerror(errno));
		_exit(127);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) < 0)
		return FALSE;
	*secs = seconds_since(start);
	*cpu = cpu_seconds(&ru);
	*peak = ru.ru_maxrss;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "bench-core: %s exited with status %d\n", argv[0], status);
		return FALSE;
	}
	return TRUE;
}

/* The TUI's order: nearest deadline first (none last), then newest, then
 * subject. */
static int by_deadline(gconstpointer a, gconstpointer b)
{
	const sm_patch *x = *(sm_patch *const *)a, *y = *(sm_patch *const *)b;
	if (x->deadline != y->deadline) {
		if (!x->deadline || !y->deadline)
			return x->deadline ? -1 : 1;
		return x->deadline < y->deadline ? -1 : 1;
	}
	if (x->date != y->date)
		return x->date > y->date ? -1 : 1;
	return g_strcmp0(x->key, y->key);
}

static int by_subject(gconstpointer a, gconstpointer b)
{
	const sm_patch *x = *(sm_patch *const *)a, *y = *(sm_patch *const *)b;
	return g_strcmp0(x->key, y->key);
}

static void print_stats(const char *prefix, const sm_store *store)
{
	const sm_store_stats *s = sm_store_last_stats(store);
	printf("%s_messages %u\n%s_parsed %u\n%s_cached %u\n%s_skipped %u\n%s_incremental %d\n",
	       prefix, s->messages, prefix, s->parsed, prefix, s->cached, prefix, s->skipped,
	       prefix, s->incremental);
	/* Why a refresh regrouped every patch (words joined by '-'), or "no". */
	char *why = g_strdelimit(g_strdup(s->in_full ? s->in_full : "no"), " ", '-');
	printf("%s_in_full %s\n", prefix, why);
	g_free(why);
	/* Each named step (sm_store_stats.steps): "refresh_step_write-journal 0.0123". */
	for (guint i = 0; i < s->n_steps; i++) {
		char *name = g_strdelimit(g_strdup(s->steps[i].name), " ", '-');
		printf("%s_step_%s %.4f\n%s_step_%s_cpu %.4f\n", prefix, name, s->steps[i].wall,
		       prefix, name, s->steps[i].cpu);
		g_free(name);
	}
}

/* A kernel-sized MAINTAINERS: 3200 sections of one to six F: patterns over
 * the bench's directories (drivers/<subsystem>/, as bench-gen names the
 * files), some N: and K:; the user (me@example.org) is in two, USB and
 * NET.  Caller frees. */
static char *bench_maintainers(void)
{
	static const char *const dirs[] = { "drivers/net", "drivers/usb", "drivers/drm", "sound",
	                                    "fs", "arch/x86", "include/linux", "kernel", "mm" };
	GString *s = g_string_new("List of maintainers\n===================\n\n");
	GRand *rand = g_rand_new_with_seed(1);
	for (int i = 0; i < 3200; i++) {
		const char *dir = dirs[g_rand_int_range(rand, 0, G_N_ELEMENTS(dirs))];
		g_string_append_printf(s, "SECTION %04d DRIVER\nM:\tPerson %d <p%d@example.org>\n", i, i, i);
		g_string_append(s, "L:\tlinux-kernel@vger.kernel.org\nS:\tMaintained\n");
		for (int f = g_rand_int_range(rand, 1, 7); f > 0; f--)
			g_string_append_printf(s, "F:\t%s/sub%d/%s\n", dir, g_rand_int_range(rand, 0, 300),
			                       g_rand_boolean(rand) ? "file*.c" : "");
		if (i % 33 == 0)
			g_string_append_printf(s, "N:\t[^a-z]name%d\n", i);
		if (i % 20 == 0)
			g_string_append_printf(s, "K:\t\\b(?:foo%d|bar%d)\\b\n", i, i);
		g_string_append_c(s, '\n');
	}
	g_string_append(s, "USB SUBSYSTEM\nM:\tMe <me@example.org>\nF:\tdrivers/usb/\nX:\tdrivers/usb/host/\n\n"
	                   "NETWORKING DRIVERS\nR:\tMe <me@example.org>\nF:\tdrivers/net/\nN:\t[^a-z]netdev\n\n");
	g_rand_free(rand);
	return g_string_free(s, FALSE);
}

/* "maintained" over all patches: the parse, the first limit (which fills
 * the cache by files) and a second one, as the TUI's next keystroke. */
static void time_maintained(GPtrArray *patches, sm_filter_ctx *ctx)
{
	static const char *const me[] = { "me@example.org", NULL };
	char *text = bench_maintainers();
	gint64 start = g_get_monotonic_time();
	ctx->maintainers = sm_maintainers_parse(text, -1, me, NULL);
	printf("maintainers_parse %.4f %zu\n", seconds_since(start), strlen(text));
	sm_filter *filter = sm_filter_parse("maintained", NULL);
	for (int run = 0; run < 2; run++) {
		guint matched = 0;
		start = g_get_monotonic_time();
		double cpu = thread_cpu();
		for (guint i = 0; i < patches->len; i++)
			matched += sm_filter_match(filter, patches->pdata[i], ctx);
		printf("%s %.4f %u\n%s_cpu %.4f\n", run ? "maintained_again" : "maintained",
		       seconds_since(start), matched, run ? "maintained_again" : "maintained",
		       thread_cpu() - cpu);
	}
	sm_filter_free(filter);
	sm_maintainers_free(ctx->maintainers);
	ctx->maintainers = NULL;
	g_free(text);
}

/* A 540-line diff: 25 hunks of 20 lines in five files.  VARIANT 1 (an
 * adapted backport) changes one hunk's change, drops one, adds one and
 * moves every line number; 2 has every line of every hunk another (the
 * worst case: nothing to line up). */
static char *bench_diff(int variant)
{
	gboolean adapted = variant == 1;
	const char *word = variant == 2 ? "other" : "line";
	GString *s = g_string_new(NULL);
	for (int f = 0; f < 5; f++) {
		g_string_append_printf(s, "diff --git a/drivers/usb/f%d.c b/drivers/usb/f%d.c\n"
		                       "--- a/drivers/usb/f%d.c\n+++ b/drivers/usb/f%d.c\n", f, f, f, f);
		for (int h = 0; h < 5 + (adapted && f == 4); h++) {
			if (adapted && f == 1 && h == 2)
				continue;
			int at = 100 * h + 10 + (adapted ? 7 : 0);
			g_string_append_printf(s, "@@ -%d,18 +%d,18 @@ static int fn%d_%d(void)\n", at, at, f, h);
			for (int l = 0; l < 20; l++) {
				if (l == 9)
					g_string_append_printf(s, "-\told_%s(%d, %d);\n", word, f, h);
				else if (l == 10)
					g_string_append_printf(s, "+\tnew_%s(%d, %d%s);\n", word, f, h,
					                       adapted && f == 2 && h == 3 ? ", 0" : "");
				else
					g_string_append_printf(s, " \t%s(%d, %d, %d);\n", word, f, h, l);
			}
		}
	}
	return g_string_free(s, FALSE);
}

/* The best of 20 interdiffs of FROM against diff VARIANT, as NAME. */
static void time_interdiff_of(const char *name, const char *from_text, int variant)
{
	char *b = bench_diff(variant);
	sm_diff *from = sm_diff_parse(from_text), *to = sm_diff_parse(b);
	double best = 1e9;
	guint lines = 0;
	for (int run = 0; run < 20; run++) {
		gint64 start = g_get_monotonic_time();
		char *summary = NULL;
		char *text = sm_interdiff(from, to, &summary);
		best = MIN(best, seconds_since(start));
		lines = 0;
		for (const char *p = text; p && *p; p++)
			lines += *p == '\n';
		if (run == 0)
			printf("%s_summary %s\n", name, summary);
		g_free(summary);
		g_free(text);
	}
	printf("%s %.5f\n%s_lines %u\n", name, best, name, lines);
	sm_diff_free(from);
	sm_diff_free(to);
	g_free(b);
}

static int time_interdiff(void)
{
	char *a = bench_diff(0);
	guint diff_lines = 0;
	for (const char *p = a; *p; p++)
		diff_lines += *p == '\n';
	printf("interdiff_diff_lines %u\n", diff_lines);
	time_interdiff_of("interdiff", a, 1);
	time_interdiff_of("interdiff_worst", a, 2);
	g_free(a);
	return 0;
}

/* Time sm_group_build, the two sorts and every limit over all patches. */
static int time_views(sm_group *group)
{
	gint64 start = g_get_monotonic_time();
	sm_group_build(group);
	printf("build %.4f\n", seconds_since(start));

	GPtrArray *patches = sm_group_patches(group);
	GPtrArray *copy = g_ptr_array_new();
	for (guint i = 0; i < patches->len; i++)
		g_ptr_array_add(copy, patches->pdata[i]);
	/* Processor time beside wall time: the machine may be shared. */
	start = g_get_monotonic_time();
	double cpu = thread_cpu();
	g_ptr_array_sort(copy, by_deadline);
	printf("sort_deadline %.4f\nsort_deadline_cpu %.4f\n", seconds_since(start),
	       thread_cpu() - cpu);
	start = g_get_monotonic_time();
	cpu = thread_cpu();
	g_ptr_array_sort(copy, by_subject);
	printf("sort_subject %.4f\nsort_subject_cpu %.4f\n", seconds_since(start),
	       thread_cpu() - cpu);
	g_ptr_array_free(copy, TRUE);

	sm_filter_ctx ctx = { .now = g_get_real_time() / G_USEC_PER_SEC, .mine = NULL };
	double worst = 0, worst_cpu = 0;
	for (guint l = 0; l < G_N_ELEMENTS(limits); l++) {
		GError *error = NULL;
		sm_filter *filter = sm_filter_parse(limits[l], &error);
		if (!filter)
			return fail(limits[l], error);
		guint matched = 0;
		start = g_get_monotonic_time();
		cpu = thread_cpu();
		for (guint i = 0; i < patches->len; i++)
			matched += sm_filter_match(filter, patches->pdata[i], &ctx);
		double t = seconds_since(start);
		worst = MAX(worst, t);
		worst_cpu = MAX(worst_cpu, thread_cpu() - cpu);
		printf("limit %.4f %u %s\n", t, matched, limits[l]);
		sm_filter_free(filter);
	}
	printf("limit_worst %.4f\nlimit_worst_cpu %.4f\n", worst, worst_cpu);
	time_maintained(patches, &ctx);
	printf("patches %u\nnotices %u\n", patches->len, sm_group_notice_count(group));
	return 0;
}

/* Open config and store and load everything into a new group. */
static int load(sm_config **config, sm_store **store, sm_group **group)
{
	GError *error = NULL;
	*config = sm_config_load(NULL, &error);
	if (!*config)
		return fail("config", error);
	gint64 start = g_get_monotonic_time();
	double cpu = self_cpu();
	*store = sm_store_open(NULL, *config, &error);
	if (!*store)
		return fail("store", error);
	*group = sm_group_new();
	if (!sm_store_load(*store, NULL, *group, NULL, NULL, &error))
		return fail("load", error);
	printf("load %.4f\nload_cpu %.4f\n", seconds_since(start), self_cpu() - cpu);
	print_stats("load", *store);
	return 0;
}

int main(int argc, char **argv)
{
	sm_config *config = NULL;
	sm_store *store = NULL;
	sm_group *group = NULL;
	int status = 2;

	if (argc < 2) {
		fprintf(stderr, "usage: bench-core query|run|load|preview|interdiff|refresh [CMD...]\n");
		return 2;
	}
	g_mime_init();
	if (strcmp(argv[1], "query") == 0) {
		GError *error = NULL;
		config = sm_config_load(NULL, &error);
		if (!config)
			return fail("config", error);
		printf("%s\n", config->query);
		status = 0;
	} else if (strcmp(argv[1], "run") == 0 && argc > 2) {
		double secs, cpu;
		long peak;
		if (!run(argv + 2, &secs, &cpu, &peak))
			return 1;
		printf("run %.4f\nrun_cpu %.4f\npeak_kib %ld\n", secs, cpu, peak);
		return 0;
	} else if (strcmp(argv[1], "load") == 0) {
		status = load(&config, &store, &group);
		if (status == 0)
			status = time_views(group);
		printf("peak_kib %ld\n", peak_kib());
	} else if (strcmp(argv[1], "preview") == 0) {
		GError *error = NULL;
		config = sm_config_load(NULL, &error);
		if (!config)
			return fail("config", error);
		gint64 start = g_get_monotonic_time();
		double cpu = self_cpu();
		store = sm_store_open(NULL, config, &error);
		if (!store)
			return fail("store", error);
		group = sm_group_new();
		if (!sm_store_load_preview(store, NULL, group, NULL, NULL, &error))
			return fail("preview", error);
		printf("preview %.4f\npreview_cpu %.4f\n", seconds_since(start), self_cpu() - cpu);
		print_stats("preview", store);
		printf("preview_patches %u\npeak_kib %ld\n", sm_group_patches(group)->len, peak_kib());
		status = 0;
	} else if (strcmp(argv[1], "interdiff") == 0) {
		status = time_interdiff();
	} else if (strcmp(argv[1], "refresh") == 0 && argc > 2) {
		status = load(&config, &store, &group);
		double secs, cpu;
		long peak;
		if (status == 0 && !run(argv + 2, &secs, &cpu, &peak))
			status = 1;
		if (status == 0) {
			GError *error = NULL;
			gboolean changed = FALSE;
			gint64 start = g_get_monotonic_time();
			double cpu0 = self_cpu();
			if (!sm_store_refresh(store, group, &changed, &error))
				return fail("refresh", error);
			printf("refresh %.4f\nrefresh_cpu %.4f\nrefresh_changed %d\n", seconds_since(start),
			       self_cpu() - cpu0, changed);
			print_stats("refresh", store);
		}
	} else {
		fprintf(stderr, "bench-core: unknown command '%s'\n", argv[1]);
	}
	sm_group_free(group);
	sm_store_free(store);
	sm_config_free(config);
	return status;
}
