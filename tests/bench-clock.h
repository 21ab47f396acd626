/* bench-clock.h - the clocks the benchmark programs read (bench-core,
 * bench-git-core): wall time, processor time and peak memory.  Processor
 * time is printed beside wall time because it hardly changes when other
 * programs compete for the processors. */
#ifndef SM_BENCH_CLOCK_H
#define SM_BENCH_CLOCK_H

#include <sys/resource.h>
#include <time.h>
#include <glib.h>

static inline double seconds_since(gint64 start)
{
	return (double)(g_get_monotonic_time() - start) / G_USEC_PER_SEC;
}

/* The peak resident size of this process so far, in KiB. */
static inline long peak_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* User and system time in RU, in seconds. */
static inline double cpu_seconds(const struct rusage *ru)
{
	return ru->ru_utime.tv_sec + ru->ru_stime.tv_sec +
	       (ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
}

/* This process's processor time so far, in seconds. */
static inline double self_cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return cpu_seconds(&ru);
}

/* This thread's processor time, precisely (for single look-ups). */
static inline double thread_cpu(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
