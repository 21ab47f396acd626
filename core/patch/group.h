/* group.h - gather notices into patches, one per upstream commit.
 *
 * A patch is every notice about one upstream commit.  Notices with a commit
 * id join by id; notices without one join by their normalised subject
 * (sm_subject_key) when exactly one patch with an id has that subject;
 * replies join their parent's patch through In-Reply-To and References.
 * Each tree of a patch gets a status: the furthest step seen (see
 * sm_status).  Review patches take their deadline from their cover letter,
 * and are "released" once the release their cover names is announced.
 *
 * Ownership: an sm_group owns the notices given to it (sm_group_add) and the
 * patches it builds; patches and tree statuses only borrow notices.  Patches
 * stay valid until the next sm_group_build() or sm_group_free().
 *
 * Notices on demand: a group built from the store's index (index.h) holds
 * patch rows only, and reads a patch's notices when first asked for them.
 * So every consumer calls sm_group_patch_notices() before it touches
 * patch->notices, ts->notice or ts->notices (NULL until then), and may give
 * them back with sm_group_patch_release().  What the list, the matrix, the
 * limit language and sorting need is in the row itself (kinds, sender,
 * first_id, failed_file).
 */
#ifndef SM_GROUP_H
#define SM_GROUP_H
#if !defined(SM_INSIDE_PATCH_H) && !defined(SM_PATCH_COMPILATION)
#error "include patch/patch.h, core/patch's door, not this header"
#endif

#include "recognise/recognise.h"

/* Steps of a patch in one tree, in the order of progress. */
typedef enum {
	SM_STATUS_NONE = 0,
	SM_STATUS_AUTOSEL,
	SM_STATUS_FAILED,
	SM_STATUS_BACKPORT,
	SM_STATUS_QUEUED,
	SM_STATUS_REVIEW,
	SM_STATUS_RELEASED,
	SM_STATUS_DROPPED,  /* wins only when no later notice revives the tree */
	SM_STATUS_COUNT
} sm_status;

typedef struct sm_tree_status {
	char *tree;          /* "6.6" */
	sm_status status;
	sm_notice *notice;   /* the notice that set the status (borrowed) */
	GPtrArray *notices;  /* every notice of the patch about this tree (borrowed) */
	gint64 deadline;     /* review deadline for this tree, or 0 */
	char *release;       /* "6.6.22" when under review or released, or NULL */
	char *failed_file;   /* file of the newest FAILED notice about the tree, or NULL */
	gboolean adapted;    /* the tree's diff is another change than the patch's
	                        reference diff (see sm_patch.files): an adapted
	                        backport, worth a careful look */
	guint notice_pos;    /* private to group.c: NOTICE's place in the patch's notices */
} sm_tree_status;

typedef struct sm_patch {
	char upstream[SM_SHA_LEN + 1]; /* "" when no notice gave one */
	char *subject;       /* patch subject */
	char *key;           /* sm_subject_key(subject) */
	char *author;        /* "Name <addr>", or NULL */
	sm_triage state;     /* from the notices' tags */
	GPtrArray *trees;    /* sm_tree_status*, newest tree first */
	GPtrArray *notices;  /* sm_notice* (borrowed), oldest first */
	gint64 deadline;     /* nearest review deadline still relevant, or 0 */
	gint64 date;         /* date of the newest notice */
	gboolean unread;     /* some notice is unread */
	guint kinds;         /* bit 1 << sm_kind for every kind among the notices */
	char *sender;        /* "from" of the oldest notice, or NULL */
	char *first_id;      /* message-id of the oldest notice, or NULL */
	gint64 news;         /* date of the newest notice that is not a reply of the
	                        user's own (sm_group_set_news), or 0 when there is
	                        only the user's own mail */
	char *files;         /* the files its notices' diffs touch, sorted, one a
	                        line (as sm_notice.files), or NULL when none carries
	                        a diff.  The reference diff, which a tree's is
	                        compared with for ADAPTED, is the change most of its
	                        notices carry (ties: the oldest notice's, often
	                        the AUTOSEL posting) */
	guint row;           /* private to group.c: the patch's row in the index */
} sm_patch;

/* The notice whose diff is PATCH's reference (see sm_patch.files): the
 * oldest of the change most of its notices carry, or NULL when none has a
 * diff.  PATCH's notices must be read (sm_group_patch_notices). */
const sm_notice *sm_patch_reference_notice(const sm_patch *patch);
/* The newest notice about the tree TS that carries a diff, or NULL. */
const sm_notice *sm_tree_diff_notice(const sm_tree_status *ts);

/* A review cover letter, for the "reviews" list. */
typedef struct sm_review {
	sm_notice *cover;    /* borrowed; NULL when the cover is not in the
	                        database and only replies to it are (the
	                        release is known from their subject) */
	char *tree;
	char *release;       /* "6.6.21" */
	gint64 deadline;
	int patches;         /* the series size from the subject */
	GPtrArray *replies;  /* sm_notice* (borrowed), oldest first: the replies
	                        to the cover, who tested (from) and what they
	                        reported (signal: approval, drop-request...) */
} sm_review;

typedef struct sm_group sm_group;

sm_group *sm_group_new(void);
void sm_group_free(sm_group *group);

/* Give NOTICE to GROUP (GROUP frees it).  A notice whose message-id is
 * already present replaces the old one. */
void sm_group_add(sm_group *group, sm_notice *notice);
/* Forget the notice with MESSAGE_ID, if any. */
void sm_group_remove(sm_group *group, const char *message_id);
/* The notice with MESSAGE_ID, or NULL. */
sm_notice *sm_group_notice(const sm_group *group, const char *message_id);
/* Number of notices held (all kinds). */
guint sm_group_notice_count(const sm_group *group);

/* Map a stable branch's commit ID (8 to 40 hex digits, a backport) to the
 * upstream commit it is a backport of, into UPSTREAM (40 hex, lower-case);
 * FALSE when it cannot say.  git/stable-commit.h has one, reading the
 * configured repository. */
typedef gboolean (*sm_stable_lookup)(const char *id, char upstream[SM_SHA_LEN + 1],
                                     gpointer data);
/* Let builds of GROUP place a notice by the stable commit it names
 * (sm_notice.stable_commit) through LOOKUP (NULL: not at all), asked once
 * per notice: the upstream id it gives is written into the notice (and so
 * kept by the patch index), and the notice joins that patch with attach
 * SM_ATTACH_STABLE_COMMIT.  DATA is borrowed until the lookup is replaced
 * or GROUP freed; LOOKUP runs in the thread that builds GROUP. */
void sm_group_set_stable_lookup(sm_group *group, sm_stable_lookup lookup, gpointer data);

/* (Re)build patches and reviews from the notices held.  Cheap enough to
 * call after every refresh: linear in the number of notices. */
void sm_group_build(sm_group *group);

/* The notices of PATCH (a patch of GROUP), oldest first (sm_notice*,
 * borrowed from GROUP), read from the index on first need; the trees'
 * notice and notices fields are set from then on.  Valid until
 * sm_group_patch_release(), the next build or sm_group_free().  Never NULL. */
GPtrArray *sm_group_patch_notices(sm_group *group, sm_patch *patch);
/* Let GROUP forget PATCH's notices when they came from the index (a group
 * that holds every notice keeps them).  Pointers from
 * sm_group_patch_notices(), ts->notice and ts->notices become invalid. */
void sm_group_patch_release(sm_group *group, sm_patch *patch);

/* Did the user send NOTICE (its From is one of ADDRESSES, lower-case)? */
gboolean sm_notice_sent_by(const sm_notice *notice, const char *const *addresses);
/* Set each patch's news date for the user of ADDRESSES: a reply of one's
 * own is no news and must not make a patch look new.  After a build; a
 * group of index rows has it from the index already. */
void sm_group_set_news(sm_group *group, const char *const *addresses);

/* Let the pages of the index GROUP's rows come from go back to the kernel
 * (they are read again when used); nothing for a group without one.  For
 * a long-lived group after its consumers have read what they keep. */
void sm_group_forget_pages(sm_group *group);

/* The patches having a notice whose message-id is in IDS (a set of char*),
 * as a set of sm_patch* (caller unrefs). */
GHashTable *sm_group_patches_of_ids(sm_group *group, GHashTable *ids);

/* Patches, newest first (sm_patch*, owned by GROUP). */
GPtrArray *sm_group_patches(const sm_group *group);
/* Review covers, newest first (sm_review*, owned by GROUP). */
GPtrArray *sm_group_reviews(const sm_group *group);

/* The patch NOTICE belongs to, or NULL. */
sm_patch *sm_group_patch_of(const sm_group *group, const sm_notice *notice);

/* Find patches by ID: a commit id prefix (4+ hex) or a message-id (with or
 * without brackets, or as notmuch writes it, id:MSGID).  Returns a new array (free it, not its elements). */
GPtrArray *sm_group_find(const sm_group *group, const char *id);

/* "autosel", "review", "queued", ... as in the JSON output. */
const char *sm_status_name(sm_status status);
/* The status for TREE in PATCH, or NULL when the tree was not touched. */
sm_tree_status *sm_patch_tree(const sm_patch *patch, const char *tree);

/* Does PATCH wait for the user's decision?  Untriaged with a tree where it
 * is still an AUTOSEL posting or FAILED to apply (nothing later, such as a
 * backport or "added to the tree", moved that tree on), or marked
 * resolving (a conflict checkout is open).  The list's default order
 * ("urgency", tui/view-list.c, and the index's stored order) puts these
 * right after the patches whose review deadline is still open. */
gboolean sm_patch_needs_decision(const sm_patch *patch);

#endif
