/* git/repo-private.h - what the git modules share inside core/git.
 *
 * For core/git's own files and the tests (as notmuch's tests use
 * notmuch-private.h), never for another room: this is where libgit2's
 * types show.  tests/rooms.py fails on a room that includes it.
 */
#ifndef SM_GIT_REPO_PRIVATE_H
#define SM_GIT_REPO_PRIVATE_H

#include <git2.h>
#include "git.h"
#include "repo.h"
#include "predict.h"

typedef struct sm_git_followup_index sm_git_followup_index;
typedef struct sm_git_mainline sm_git_mainline;

struct sm_git_repo {
	git_repository *git;
	sm_git_settings *settings;
	GHashTable *contains;   /* tree -> sm_git_contains_index* */
	sm_git_followup_index *followups; /* NULL until first needed */
	sm_git_mainline *mainline; /* mainline's ancestry, NULL until needed */
	GDestroyNotify mainline_free; /* set with it (so that git/repo.c
	                                 calls nothing in git/mainline.c) */
	GHashTable *predictions; /* "commit tip" -> prediction_entry*, or NULL
	                            until the cache file is read */
	gboolean predictions_dirty;
	GHashTable *patchids;   /* git_oid* -> the header-only id and the
	                           patch-id (git/contains.c) of each upstream
	                           commit asked about, or NULL */
	gboolean patchids_dirty;
	GHashTable *peeled;     /* git_oid* -> git_oid*: the commit each ref
	                           target id seen peels to (git/repo.c) */
	GArray *done;           /* sm_git_repo_done: the modules' slots */
	gint cancelled;         /* atomic: set by sm_git_repo_cancel() */
	gint progress;          /* atomic: commits read by long walks */
};

/* Who else reads mainline in the same pass (git/mainline.c): the
 * follow-up index.  AT is the tip its index is at (NULL: none); RESTART
 * empties it when the read starts from nothing; MESSAGE gets the message
 * (LEN bytes) of each commit read. */
typedef struct sm_git_mainline_reader {
	const git_oid *at;
	void (*restart)(gpointer data);
	void (*message)(gpointer data, const git_oid *id, const char *message, size_t len);
	gpointer data;
} sm_git_mainline_reader;
/* Bring REPO's mainline ancestry (below) up to the mainline tip, in one
 * read of the commits added since it was built, READER (optional) reading
 * along; when READER is not at the ancestry's tip, both start from
 * nothing.  FALSE and ERROR when mainline cannot be resolved or read, or
 * the read was cancelled.  Callers that want the follow-up index too call
 * sm_git_followups_update(), which calls this. */
gboolean sm_git_mainline_update(sm_git_repo *repo, const sm_git_mainline_reader *reader,
                                GError **error);
/* Where ID is in mainline's ancestry: *POS is the number (from the root)
 * of the first commit of mainline's first-parent line that has it,
 * *ON_LINE (optional) whether ID is on that line itself.  So for B on the
 * line, X is an ancestor of B (or B) exactly when X's number is at most
 * B's.  FALSE when ID is not in mainline (or MAINLINE is NULL). */
gboolean sm_git_mainline_position(const sm_git_mainline *mainline, const git_oid *id,
                                  guint32 *pos, gboolean *on_line);
/* Append to OUT (git_oid) every commit of mainline's ancestry numbered
 * above POS (those a branch point numbered POS lacks), by number: in
 * history's order, so that one reading their trees in turn finds most of
 * them in libgit2's cache (in id order they came from the pack each
 * time: over 127 s of processor for 390,000 at kernel scale, 48 s in
 * this order). */
void sm_git_mainline_since(const sm_git_mainline *mainline, guint32 pos, GArray *out);

/* The one revision walker of the indexes (git/walk.c): from the N
 * STARTS back through parents (only the first with FIRST_PARENT), depth
 * first.  A commit STOP says to stop at is neither read nor gone
 * through; every other is read raw, once, and handed to VISIT with its
 * parents and its message (LEN bytes, not NUL-terminated), then its
 * parents are walked.  STOP must say TRUE for what VISIT saw (the walker
 * keeps no set of its own: the callers' indexes already are one).
 * Counts progress and stops when cancelled, every 1024 commits read by
 * WALKER (READS carries the count from one walk to the next: mainline's
 * numbering walks a few commits at a time).  FALSE and ERROR when a
 * commit cannot be read (WHAT names the walk: "reading mainline"), VISIT
 * fails or the walk is cancelled. */
typedef struct sm_git_walker {
	gboolean (*stop)(gpointer data, const git_oid *id);
	gboolean (*visit)(gpointer data, const git_oid *id, const git_oid *parents, guint n,
	                  const char *message, size_t len, GError **error);
	gpointer data;
	gboolean first_parent;
	const char *what;
	guint reads;
} sm_git_walker;
gboolean sm_git_walk(sm_git_repo *repo, const git_oid *starts, guint n,
                     sm_git_walker *walker, GError **error);

/* A module's slot: what a module keeps in the repository (its index, its
 * cache; the fields above) it lets go of in DONE, which it hands over
 * when it first fills the slot.  sm_git_repo_free() calls each DONE once,
 * latest first, before it closes the repository: the repository knows
 * nothing of the modules on top of it (contains.c, followups.c,
 * predict.c), and none of them calls it back to free. */
typedef void (*sm_git_repo_done)(sm_git_repo *repo);
void sm_git_repo_on_free(sm_git_repo *repo, sm_git_repo_done done);

/* The git cache files (git/cache.c): one convention for all of them.
 * The path of cache file NAME for REPO: sm_cache_path("git", <key>, NAME),
 * where <key> stands for the repository path; REPO NULL, for what is
 * about mail and no repository (the interdiff summaries, the K: answers):
 * sm_cache_path("git", NULL, NAME).  Nothing is made: the writer
 * (sm_file_replace) makes the directory.  Caller frees. */
char *sm_git_cache_path(const sm_git_repo *repo, const char *name);
/* Replace cache file NAME by BODY (LEN bytes), stamped with KIND and
 * VERSION, atomically (a temporary file renamed over it).  A cache that
 * cannot be written only costs time later, so failure is reported by the
 * return value alone (and logged). */
gboolean sm_git_cache_store(const sm_git_repo *repo, const char *name, const char *kind,
                            int version, const char *body, gsize len);
/* The body of cache file NAME (NUL-terminated, *LEN bytes before the NUL;
 * g_free) when it is stamped KIND and VERSION and whole, else NULL with
 * *REASON (optional, g_free) saying why: "missing", "written by another
 * version", "cut short or damaged (its length is wrong)"... */
char *sm_git_cache_load(const sm_git_repo *repo, const char *name, const char *kind,
                        int version, gsize *len, char **reason);
/* The same, mapped rather than read (for the large binary ones): *BODY
 * points into the returned mapping (g_mapped_file_unref), an empty file
 * maps to NULL.  Every page is mapped before it returns (read from the
 * disk if need be), so that no look-up in it waits on a page fault. */
GMappedFile *sm_git_cache_map(const sm_git_repo *repo, const char *name, const char *kind,
                              int version, const char **body, gsize *len, char **reason);
/* The body's lines, or NULL (g_strfreev). */
char **sm_git_cache_lines(const sm_git_repo *repo, const char *name, const char *kind,
                          int version);

/* The cherry-pick of COMMIT onto OURS, in memory, into a new index (as
 * git cherry-pick: rename detection, a merge against its first parent).
 * Returns a libgit2 error code. */
int sm_git_cherrypick_index(git_index **out, git_repository *git,
                            git_commit *commit, git_commit *ours);

/* Predict COMMIT onto STABLE file by file (git/predict-fast.c): TRUE and
 * *STATE, *CONFLICTS (g_strfreev) when the files touched decide it, FALSE
 * when only the full cherry-pick can say. */
gboolean sm_git_predict_fast(git_repository *git, git_commit *commit,
                             git_commit *stable, sm_predict_state *state,
                             char ***conflicts);

/* The full prediction: the in-memory cherry-pick of COMMIT onto STABLE.
 * FALSE and ERROR when libgit2 fails. */
gboolean sm_git_predict_full(git_repository *git, git_commit *commit,
                             git_commit *stable, sm_predict_state *state,
                             char ***conflicts, GError **error);

/* The paths of INDEX's conflicts, named as in "ours" (the stable tree:
 * the file the user edits), sorted, each once.  g_strfreev(). */
char **sm_git_index_conflicts(git_index *index);

/* A long walk read N more commits. */
void sm_git_progress(sm_git_repo *repo, guint n);

/* Has the walk been cancelled?  Sets ERROR when it has. */
gboolean sm_git_cancelled(sm_git_repo *repo, GError **error);

/* A hash of an object id, for GHashTable. */
guint sm_git_oid_hash(const git_oid *id);

/* The patch-id of COMMIT against its first parent, as `git patch-id`
 * computes it: what already-there and the stale-branch check compare.
 * FALSE for a merge, a root commit or an empty change. */
gboolean sm_git_patch_id(git_repository *git, const git_commit *commit, git_oid *out);

/* COMMIT's header-only patch-id into HEADER, as git's patch-ids.c has it
 * for `git cherry`: what its diff against its first parent touches (the
 * paths, and the modes that change), from the trees alone, no file read;
 * when BLOBS is not NULL, its blob id into BLOBS: the same with the ids
 * of the files before and after, also from the trees; and when FULL is
 * not NULL, its patch-id (sm_git_patch_id()) into FULL.  Two commits with
 * the same patch-id have the same header id, so a different one settles
 * it without a diff; two with the same blob id make the same diff, so
 * they have the same patch-id, without a diff either.  FALSE for a merge,
 * a root commit or an empty change (and when FULL cannot be computed). */
gboolean sm_git_patch_ids(git_repository *git, const git_commit *commit, git_oid *header,
                          git_oid *blobs, git_oid *full);

/* Is ID 40 hex digits (either case)? */
gboolean sm_git_is_full_hex(const char *id, size_t len);

/* The functions of the repository that name libgit2 (repo.c), and the
 * backport message (checkout.c). */

/* Borrowed: valid as long as REPO. */
git_repository *sm_git_repo_git(const sm_git_repo *repo);

/* Resolve the mainline tip into TIP; NAME (optional) gets the ref's
 * short name, an interned string (never freed).  Sets ERROR (REF) naming
 * the refs tried. */
gboolean sm_git_upstream(sm_git_repo *repo, git_oid *tip, const char **name,
                         GError **error);
/* Resolve the stable branch of TREE ("6.1") into TIP; BRANCH (optional)
 * gets the branch name used, an interned string.  Sets ERROR (REF):
 * "no stable branch for 6.1: tried stable/linux-6.1.y, linux-6.1.y". */
gboolean sm_git_stable(sm_git_repo *repo, const char *tree, git_oid *tip,
                       const char **branch, GError **error);
/* Where TREE's stable branch left mainline: the merge base of the stable
 * tip and the upstream tip.  Sets ERROR when either ref is missing or the
 * two share no history. */
gboolean sm_git_branch_point(sm_git_repo *repo, const git_oid *stable_tip,
                             git_oid *base, GError **error);

/* Find the commit ID (a full id or a unique prefix of 4+ hex digits).
 * Returns a new reference to free with git_commit_free(), or NULL and sets
 * ERROR (COMMIT). */
git_commit *sm_git_commit(sm_git_repo *repo, const char *id, GError **error);

/* Set ERROR from libgit2's last error, prefixed by WHAT ("cherry-pick"),
 * with CODE.  Always returns FALSE, for "return sm_git_fail(...)". */
gboolean sm_git_fail(GError **error, int code, const char *what);

/* The shortest unique abbreviation of ID in GIT of at least git's length
 * (`git rev-parse --short`): core.abbrev when it is a number ("no": all 40
 * digits), else ("auto", unset) one that grows with the number of packed
 * objects, 7 at least, as git computes it.  A new string. */
char *sm_git_short_id(git_repository *git, const git_oid *id);

/* Lower-case hex of ID, in a new string. */
char *sm_git_hex(const git_oid *id);
/* The first line of COMMIT's message, newly allocated. */
char *sm_git_summary(const git_commit *commit);

/* The message of the backport of COMMIT: its subject, a blank line, the
 * "commit <id> upstream." line, a blank line and the rest of its message.
 * Newly allocated. */
char *sm_git_backport_message(const git_commit *commit);

#endif
