/* fuzz.h - what every fuzz target (tests/fuzz-*.c) provides.
 *
 * A target is one LLVMFuzzerTestOneInput.  It is linked two ways:
 *  - with libFuzzer and tests/fuzz-main.c, by `make fuzz` (clang only),
 *    which explores new inputs from the seeds;
 *  - with tests/fuzz-replay.c, as a `make check` program that replays the
 *    seeds and every kept finding, under any compiler and the sanitizers.
 * Findings are kept in tests/fuzz-regressions/NAME/ (see the README there).
 */
#ifndef SM_FUZZ_H
#define SM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Directories of seed inputs, relative to tests/, NULL-terminated; the
 * first is the target's regression directory.  Missing ones are skipped. */
extern const char *const sm_fuzz_seeds[];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A target calls this when its input is refused before any code under
 * test runs: not the format at all, cut short of its header, or written
 * in another format version.  WHY is the reader's reason, WHAT_TO_DO
 * says how such an input is made again.  The replay fails on it: a kept
 * input that no longer gets past the header tests nothing (two index
 * regressions did so from format 6 to 10).  Under libFuzzer it does
 * nothing: most new inputs are refused so.  Both strings are static. */
void sm_fuzz_refused(const char *why, const char *what_to_do);

/* Stop with a message when an invariant does not hold: the fuzzer (and
 * the replay test) treat the abort as a finding. */
#define SM_FUZZ_CHECK(cond)                                                 \
	do {                                                                \
		if (!(cond))                                                \
			sm_fuzz_fail(__FILE__, __LINE__, #cond);            \
	} while (0)
static inline __attribute__((noreturn)) void
sm_fuzz_fail(const char *file, int line, const char *what)
{
	fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, what);
	abort();
}

#endif
