/* git/repo.c - open the kernel repository and resolve its refs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "repo.h"
#include "repo-private.h"

G_DEFINE_QUARK(sm-git-error-quark, sm_git_error)

sm_git_settings *sm_git_settings_from_config(const sm_config *config)
{
	sm_git_settings *s = g_new0(sm_git_settings, 1);
	s->repo = sm_config_string(config, "git", "repo", NULL);
	s->upstream = sm_config_string(config, "git", "upstream", NULL);
	s->stable = sm_config_string(config, "git", "stable", NULL);
	s->worktrees = sm_config_string(config, "git", "worktrees", NULL);
	s->shell = sm_config_string(config, "git", "shell", NULL);
	return s;
}

sm_git_settings *sm_git_settings_copy(const sm_git_settings *settings)
{
	sm_git_settings *s = g_new0(sm_git_settings, 1);
	s->repo = g_strdup(settings->repo);
	s->upstream = g_strdup(settings->upstream);
	s->stable = g_strdup(settings->stable);
	s->worktrees = g_strdup(settings->worktrees);
	s->shell = g_strdup(settings->shell);
	return s;
}

void sm_git_settings_free(sm_git_settings *settings)
{
	if (!settings)
		return;
	g_free(settings->repo);
	g_free(settings->upstream);
	g_free(settings->stable);
	g_free(settings->worktrees);
	g_free(settings->shell);
	g_free(settings);
}

gboolean sm_git_fail(GError **error, int code, const char *what)
{
	const git_error *e = git_error_last();
	g_set_error(error, SM_GIT_ERROR, code, "%s: %s", what,
	            e && e->message ? e->message : "unknown libgit2 error");
	return FALSE;
}

sm_git_repo *sm_git_repo_open(const sm_git_settings *settings, GError **error)
{
	if (!settings->repo || !*settings->repo) {
		g_set_error_literal(error, SM_GIT_ERROR, SM_GIT_ERROR_CONFIG,
		                    "no kernel repository configured: set [git] repo");
		return NULL;
	}
	git_libgit2_init();
	/* libgit2 keeps up to 256 MB of parsed objects by default: walking a
	 * long history once (the indexes) would fill it and keep it. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)(8 << 20));
	/* Nor keep every part of the pack it read mapped (8 GB by default):
	 * walking a long history touches most of its commits' part. */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)(8 << 20));
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)(24 << 20));
	git_repository *git = NULL;
	/* NO_SEARCH: the configured path is the repository, not a directory
	 * somewhere inside one. */
	if (git_repository_open_ext(&git, settings->repo,
	                            GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		const git_error *e = git_error_last();
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_REPO,
		            "cannot open the git repository %s: %s", settings->repo,
		            e && e->message ? e->message : "not a repository");
		git_libgit2_shutdown();
		return NULL;
	}
	sm_git_repo *repo = g_new0(sm_git_repo, 1);
	repo->git = git;
	repo->settings = sm_git_settings_copy(settings);
	repo->done = g_array_new(FALSE, FALSE, sizeof(sm_git_repo_done));
	repo->peeled = g_hash_table_new_full((GHashFunc)sm_git_oid_hash, (GEqualFunc)git_oid_equal,
	                                     g_free, g_free);
	return repo;
}

sm_git_repo *sm_git_repo_reopen(const sm_git_repo *repo, GError **error)
{
	return sm_git_repo_open(repo->settings, error);
}

void sm_git_repo_free(sm_git_repo *repo)
{
	if (!repo)
		return;
	for (guint i = repo->done->len; i > 0; i--)
		g_array_index(repo->done, sm_git_repo_done, i - 1)(repo);
	g_array_unref(repo->done);
	if (repo->mainline)
		repo->mainline_free(repo->mainline);
	g_hash_table_unref(repo->peeled);
	sm_git_settings_free(repo->settings);
	git_repository_free(repo->git);
	g_free(repo);
	git_libgit2_shutdown();
}

void sm_git_repo_on_free(sm_git_repo *repo, sm_git_repo_done done)
{
	for (guint i = 0; i < repo->done->len; i++)
		if (g_array_index(repo->done, sm_git_repo_done, i) == done)
			return;
	g_array_append_val(repo->done, done);
}

void sm_git_repo_cancel(sm_git_repo *repo)
{
	g_atomic_int_set(&repo->cancelled, 1);
}

guint sm_git_repo_progress(const sm_git_repo *repo)
{
	return (guint)g_atomic_int_get(&((sm_git_repo *)repo)->progress);
}

void sm_git_progress(sm_git_repo *repo, guint n)
{
	g_atomic_int_add(&repo->progress, (gint)n);
}

gboolean sm_git_cancelled(sm_git_repo *repo, GError **error)
{
	if (!g_atomic_int_get(&repo->cancelled))
		return FALSE;
	g_set_error_literal(error, SM_GIT_ERROR, SM_GIT_ERROR_CANCELLED, "cancelled");
	return TRUE;
}

git_repository *sm_git_repo_git(const sm_git_repo *repo)
{
	return repo->git;
}

const sm_git_settings *sm_git_repo_settings(const sm_git_repo *repo)
{
	return repo->settings;
}

/* Resolve NAME as git does a short ref name, peeled to a commit.  The
 * peel reads the object the ref names, and after a long walk that read
 * was most of a look-up's cost (0.3-0.7 ms where the rest is 0.03 ms:
 * doc/bench.md), so each peel is kept by the id the ref points at: an
 * object never changes, so the same id peels to the same commit. */
static gboolean resolve(sm_git_repo *repo, const char *name, git_oid *out)
{
	git_reference *ref = NULL, *direct = NULL;
	git_object *obj = NULL;
	/* git_reference_resolve() reads a direct ref again: only for the
	 * symbolic ones. */
	gboolean ok = git_reference_dwim(&ref, repo->git, name) == 0 &&
	              (git_reference_type(ref) == GIT_REFERENCE_DIRECT ||
	               git_reference_resolve(&direct, ref) == 0);
	const git_reference *at = direct ? direct : ref;
	const git_oid *target = ok ? git_reference_target(at) : NULL;
	const git_oid *known = target ? g_hash_table_lookup(repo->peeled, target) : NULL;
	if (known) {
		git_oid_cpy(out, known);
	} else if (ok && (ok = git_reference_peel(&obj, at, GIT_OBJECT_COMMIT) == 0)) {
		git_oid_cpy(out, git_object_id(obj));
		/* A few refs, each moving now and then: kept small all the same. */
		if (g_hash_table_size(repo->peeled) >= 256)
			g_hash_table_remove_all(repo->peeled);
		if (target)
			g_hash_table_insert(repo->peeled, g_memdup2(target, sizeof *target),
			                    g_memdup2(out, sizeof *out));
	}
	git_object_free(obj);
	git_reference_free(direct);
	git_reference_free(ref);
	return ok;
}

/* Try each of CANDIDATES (NULL-terminated).  On failure, ERROR says WHAT
 * and lists them. */
static gboolean resolve_first(sm_git_repo *repo, char **candidates, git_oid *tip,
                              const char **found, const char *what, GError **error)
{
	for (char **c = candidates; *c; c++) {
		if (resolve(repo, *c, tip)) {
			/* Interned: the name stays valid however often it is asked
			 * for, in any thread. */
			if (found)
				*found = g_intern_string(*c);
			return TRUE;
		}
	}
	char *tried = g_strjoinv(", ", candidates);
	g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_REF, "%s: tried %s", what, tried);
	g_free(tried);
	return FALSE;
}

gboolean sm_git_upstream(sm_git_repo *repo, git_oid *tip, const char **name,
                         GError **error)
{
	const char *configured = repo->settings->upstream;
	char *candidates[3] = { NULL, NULL, NULL };
	if (configured) {
		candidates[0] = (char *)configured;
	} else {
		candidates[0] = (char *)SM_GIT_DEFAULT_UPSTREAM;
		candidates[1] = (char *)SM_GIT_FALLBACK_UPSTREAM;
	}
	return resolve_first(repo, candidates, tip, name, "no mainline branch", error);
}

/* PATTERN with every "%s" replaced by TREE.  Built, not printf'd: the
 * pattern comes from the user's config. */
static char *expand(const char *pattern, const char *tree)
{
	GString *s = g_string_new(NULL);
	const char *at;
	while ((at = strstr(pattern, "%s"))) {
		g_string_append_len(s, pattern, at - pattern);
		g_string_append(s, tree);
		pattern = at + 2;
	}
	g_string_append(s, pattern);
	return g_string_free(s, FALSE);
}

/* "6.1", "5.15": the tree name ends up in refs, branch names and paths,
 * so nothing else (no "/", no "..") gets that far. */
static gboolean tree_name_ok(const char *tree)
{
	if (!tree || !g_ascii_isdigit(*tree))
		return FALSE;
	for (const char *p = tree; *p; p++)
		if (!g_ascii_isdigit(*p) && !(*p == '.' && g_ascii_isdigit(p[1])))
			return FALSE;
	return TRUE;
}

gboolean sm_git_stable(sm_git_repo *repo, const char *tree, git_oid *tip,
                       const char **branch, GError **error)
{
	if (!tree_name_ok(tree)) {
		char *shown = g_strescape(tree ? tree : "", NULL);
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_REF,
		            "\"%s\" is not a stable tree (like 6.1)", shown);
		g_free(shown);
		return FALSE;
	}
	const char *configured = repo->settings->stable;
	char *candidates[3] = { NULL, NULL, NULL };
	if (configured) {
		candidates[0] = expand(configured, tree);
	} else {
		candidates[0] = expand(SM_GIT_DEFAULT_STABLE, tree);
		candidates[1] = expand(SM_GIT_FALLBACK_STABLE, tree);
	}
	char *what = g_strdup_printf("no stable branch for %s", tree);
	gboolean ok = resolve_first(repo, candidates, tip, branch, what, error);
	g_free(what);
	g_free(candidates[0]);
	g_free(candidates[1]);
	return ok;
}

gboolean sm_git_branch_point(sm_git_repo *repo, const git_oid *stable_tip,
                             git_oid *base, GError **error)
{
	git_oid upstream;
	const char *name;
	if (!sm_git_upstream(repo, &upstream, &name, error))
		return FALSE;
	if (git_merge_base(base, repo->git, stable_tip, &upstream) < 0) {
		char *hex = sm_git_hex(stable_tip);
		g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_REF,
		            "%.12s shares no history with %s", hex, name);
		g_free(hex);
		return FALSE;
	}
	return TRUE;
}

git_commit *sm_git_commit(sm_git_repo *repo, const char *id, GError **error)
{
	size_t len = id ? strlen(id) : 0;
	git_oid oid;
	git_commit *commit = NULL;
	gboolean hex = len >= 4 && len <= GIT_OID_HEXSZ &&
	               strspn(id, "0123456789abcdefABCDEF") == len;
	int rc = hex ? git_oid_fromstrn(&oid, id, len) : -1;
	if (rc == 0)
		rc = git_commit_lookup_prefix(&commit, repo->git, &oid, len);
	if (rc == 0)
		return commit;
	g_set_error(error, SM_GIT_ERROR, SM_GIT_ERROR_COMMIT,
	            rc == GIT_EAMBIGUOUS ? "commit id %s is ambiguous in %s"
	                                 : "commit %s is not in %s",
	            id ? id : "(none)", repo->settings->repo);
	return NULL;
}

char *sm_git_hex(const git_oid *id)
{
	char *hex = g_malloc(GIT_OID_HEXSZ + 1);
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, id);
	return hex;
}

char *sm_git_summary(const git_commit *commit)
{
	const char *msg = git_commit_message(commit);
	const char *end = strchr(msg, '\n');
	return end ? g_strndup(msg, end - msg) : g_strdup(msg);
}

gboolean sm_git_is_full_hex(const char *id, size_t len)
{
	if (len != GIT_OID_HEXSZ)
		return FALSE;
	for (size_t i = 0; i < len; i++)
		if (!g_ascii_isxdigit(id[i]))
			return FALSE;
	return TRUE;
}

guint sm_git_oid_hash(const git_oid *id)
{
	guint h;
	memcpy(&h, id->id, sizeof h);  /* already uniformly distributed */
	return h;
}

/* The objects in the pack indexes of DIR/pack (a version 2 index: the
 * last entry of its fan-out table is its object count). */
static guint64 packed_objects(const char *objects)
{
	char *packs = g_build_filename(objects, "pack", NULL);
	GDir *dir = g_dir_open(packs, 0, NULL);
	guint64 count = 0;
	const char *name;
	while (dir && (name = g_dir_read_name(dir))) {
		if (!g_str_has_suffix(name, ".idx"))
			continue;
		char *path = g_build_filename(packs, name, NULL);
		FILE *f = fopen(path, "rb");
		unsigned char head[8 + 256 * 4];
		if (f && fread(head, 1, sizeof head, f) == sizeof head &&
		    memcmp(head, "\377tOc", 4) == 0) {
			const unsigned char *last = head + 8 + 255 * 4;
			count += (guint64)last[0] << 24 | (guint64)last[1] << 16 |
			         (guint64)last[2] << 8 | last[3];
		}
		if (f)
			fclose(f);
		g_free(path);
	}
	if (dir)
		g_dir_close(dir);
	g_free(packs);
	return count;
}

/* git's default abbreviation length for GIT (find_unique_abbrev with
 * core.abbrev unset or "auto"): enough hex digits that a collision is
 * unlikely among about 2^bits objects, bits being one more than the
 * highest bit set in the packed-object count. */
static int abbrev_length(git_repository *git)
{
	git_config *config = NULL;
	git_buf value = { 0 };
	int len = -1;
	if (git_repository_config_snapshot(&config, git) == 0 &&
	    git_config_get_string_buf(&value, config, "core.abbrev") == 0) {
		if (g_ascii_strcasecmp(value.ptr, "no") == 0)
			len = GIT_OID_HEXSZ;
		else if (g_ascii_strcasecmp(value.ptr, "auto") != 0)
			len = CLAMP(atoi(value.ptr), 4, GIT_OID_HEXSZ);
	}
	git_buf_dispose(&value);
	git_config_free(config);
	if (len > 0)
		return len;
	char *objects = g_build_filename(git_repository_commondir(git), "objects", NULL);
	guint64 count = packed_objects(objects);
	g_free(objects);
	int bits = 0;
	while (count >> bits)
		bits++;  /* the highest bit set, plus one */
	len = (bits + 1) / 2;
	return len < 7 ? 7 : len;
}

char *sm_git_short_id(git_repository *git, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof hex, id);
	int len = abbrev_length(git);
	git_odb *odb = NULL;
	if (git_repository_odb(&odb, git) == 0) {
		git_oid full;
		while (len < GIT_OID_HEXSZ &&
		       git_odb_exists_prefix(&full, odb, id, len) == GIT_EAMBIGUOUS)
			len++;
	}
	git_odb_free(odb);
	return g_strndup(hex, len);
}

/* One file a commit changes, as its diff against its first parent has
 * it: the path, and the modes before and after (0: it is added, or
 * deleted). */
typedef struct change {
	char *path;
	guint32 old_mode, new_mode;
	git_oid old_id, new_id;  /* all zero on the side it is not on */
} change;

static void change_clear(gpointer data)
{
	g_free(((change *)data)->path);
}

static void add_change(GArray *out, const GString *prefix, const git_tree_entry *old,
                       const git_tree_entry *new)
{
	const git_tree_entry *e = old ? old : new;
	change c = { g_strconcat(prefix->str, git_tree_entry_name(e), NULL),
	             old ? git_tree_entry_filemode(old) : 0, new ? git_tree_entry_filemode(new) : 0,
	             { { 0 } }, { { 0 } } };
	if (old)
		git_oid_cpy(&c.old_id, git_tree_entry_id(old));
	if (new)
		git_oid_cpy(&c.new_id, git_tree_entry_id(new));
	g_array_append_val(out, c);
}

static gboolean tree_changes(git_repository *git, const git_tree *a, const git_tree *b,
                             GString *prefix, GArray *out);

/* Entry E of a tree under PREFIX, on one side only (added when ADDED):
 * the file, or every file under it. */
static gboolean one_side(git_repository *git, const git_tree_entry *e, gboolean added,
                         GString *prefix, GArray *out)
{
	if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
		add_change(out, prefix, added ? NULL : e, added ? e : NULL);
		return TRUE;
	}
	git_tree *tree = NULL;
	if (git_tree_lookup(&tree, git, git_tree_entry_id(e)) < 0)
		return FALSE;
	size_t len = prefix->len;
	g_string_append(prefix, git_tree_entry_name(e));
	g_string_append_c(prefix, '/');
	gboolean ok = tree_changes(git, added ? NULL : tree, added ? tree : NULL, prefix, out);
	g_string_truncate(prefix, len);
	git_tree_free(tree);
	return ok;
}

/* The files that differ between trees A and B (either NULL: empty) under
 * PREFIX, into OUT, in the order of git's diff.  A subtree with the same
 * id on both sides is not read: where libgit2's tree-to-tree diff goes
 * through every file of both trees (6 ms a commit on samba's 12,000
 * files), this reads the few trees on the paths that changed. */
static gboolean tree_changes(git_repository *git, const git_tree *a, const git_tree *b,
                             GString *prefix, GArray *out)
{
	size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
	size_t i = 0, j = 0, len = prefix->len;
	gboolean ok = TRUE;
	while (ok && (i < na || j < nb)) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int cmp = !ea ? 1 : !eb ? -1 : git_tree_entry_cmp(ea, eb);
		if (cmp < 0) {
			ok = one_side(git, ea, FALSE, prefix, out);
			i++;
			continue;
		}
		if (cmp > 0) {
			ok = one_side(git, eb, TRUE, prefix, out);
			j++;
			continue;
		}
		i++, j++;
		guint32 ma = git_tree_entry_filemode(ea), mb = git_tree_entry_filemode(eb);
		if (ma == mb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)))
			continue;
		if (git_tree_entry_type(ea) == GIT_OBJECT_TREE) {
			/* Both trees (a tree and a file do not compare equal). */
			git_tree *ta = NULL, *tb = NULL;
			g_string_append(prefix, git_tree_entry_name(ea));
			g_string_append_c(prefix, '/');
			ok = git_tree_lookup(&ta, git, git_tree_entry_id(ea)) == 0 &&
			     git_tree_lookup(&tb, git, git_tree_entry_id(eb)) == 0 &&
			     tree_changes(git, ta, tb, prefix, out);
			g_string_truncate(prefix, len);
			git_tree_free(ta);
			git_tree_free(tb);
		} else if ((ma & 0170000) != (mb & 0170000)) {
			/* A file that became a link (or a submodule): git's diff,
			 * without type changes asked for, deletes and adds it. */
			add_change(out, prefix, ea, NULL);
			add_change(out, prefix, NULL, eb);
		} else {
			add_change(out, prefix, ea, eb);
		}
	}
	return ok;
}

/* The files COMMIT changes against its first parent (change records, in
 * a new array), or NULL for a merge, a root commit or an empty change. */
static GArray *commit_changes(git_repository *git, const git_commit *commit)
{
	if (git_commit_parentcount(commit) != 1)
		return NULL;
	git_commit *parent = NULL;
	git_tree *a = NULL, *b = NULL;
	GArray *out = g_array_new(FALSE, FALSE, sizeof(change));
	g_array_set_clear_func(out, change_clear);
	GString *prefix = g_string_new(NULL);
	gboolean ok = git_commit_parent(&parent, commit, 0) == 0 &&
	              git_commit_tree(&a, parent) == 0 && git_commit_tree(&b, commit) == 0 &&
	              tree_changes(git, a, b, prefix, out) && out->len > 0;
	g_string_free(prefix, TRUE);
	git_tree_free(b);
	git_tree_free(a);
	git_commit_free(parent);
	if (!ok) {
		g_array_unref(out);
		out = NULL;
	}
	return out;
}

/* The patch-id of the CHANGES of COMMIT, as `git patch-id` computes it.
 * libgit2's diff is asked for the changed files only (an exact path
 * list), so that it does not go through every file of both trees. */
static gboolean changes_patch_id(git_repository *git, const git_commit *commit,
                                 const GArray *changes, git_oid *out)
{
	char **paths = g_new(char *, changes->len);
	for (guint i = 0; i < changes->len; i++)
		paths[i] = g_array_index(changes, change, i).path;
	git_diff_options opts;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.flags = GIT_DIFF_DISABLE_PATHSPEC_MATCH;
	opts.pathspec.strings = paths;
	opts.pathspec.count = changes->len;
	git_commit *parent = NULL;
	git_tree *a = NULL, *b = NULL;
	git_diff *diff = NULL;
	gboolean ok = git_commit_parent(&parent, commit, 0) == 0 &&
	              git_commit_tree(&a, parent) == 0 && git_commit_tree(&b, commit) == 0 &&
	              git_diff_tree_to_tree(&diff, git, a, b, &opts) == 0 &&
	              git_diff_num_deltas(diff) > 0 && git_diff_patchid(out, diff, NULL) == 0;
	git_diff_free(diff);
	git_tree_free(b);
	git_tree_free(a);
	git_commit_free(parent);
	g_free(paths);
	return ok;
}

/* PATH without its white space, into SUM: the patch-id hashes its lines
 * so. */
static void sum_path(GChecksum *sum, const char *path)
{
	for (const char *c = path; *c; c++)
		if (!g_ascii_isspace(*c))
			g_checksum_update(sum, (const guchar *)c, 1);
	g_checksum_update(sum, (const guchar *)"", 1);
}

/* The header-only id of CHANGES: what the patch-id's file header lines
 * say of each file (libgit2's patch-id format: "diff --git a/X b/X", the
 * modes only when they differ, no index line), in the diff's order, so
 * that the same patch-id has the same header id.  And their blob id: the
 * same, with the file ids before and after, so that the same blob id is
 * the same diff, and the same patch-id. */
static void changes_ids(const GArray *changes, git_oid *header, git_oid *blobs)
{
	GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA1);
	GChecksum *with_ids = blobs ? g_checksum_new(G_CHECKSUM_SHA1) : NULL;
	for (guint i = 0; i < changes->len; i++) {
		const change *c = &g_array_index(changes, change, i);
		sum_path(sum, c->path);
		char modes[32] = "";
		if (c->old_mode != c->new_mode)
			g_snprintf(modes, sizeof modes, "%o %o", c->old_mode, c->new_mode);
		g_checksum_update(sum, (const guchar *)modes, (gssize)strlen(modes) + 1);
		if (!with_ids)
			continue;
		char both[32];
		g_snprintf(both, sizeof both, "%o %o", c->old_mode, c->new_mode);
		g_checksum_update(with_ids, (const guchar *)c->path, (gssize)strlen(c->path) + 1);
		g_checksum_update(with_ids, (const guchar *)both, (gssize)strlen(both) + 1);
		g_checksum_update(with_ids, c->old_id.id, GIT_OID_RAWSZ);
		g_checksum_update(with_ids, c->new_id.id, GIT_OID_RAWSZ);
	}
	gsize len = GIT_OID_RAWSZ;
	g_checksum_get_digest(sum, header->id, &len);
	g_checksum_free(sum);
	if (with_ids) {
		len = GIT_OID_RAWSZ;
		g_checksum_get_digest(with_ids, blobs->id, &len);
		g_checksum_free(with_ids);
	}
}

gboolean sm_git_patch_ids(git_repository *git, const git_commit *commit, git_oid *header,
                          git_oid *blobs, git_oid *full)
{
	GArray *changes = commit_changes(git, commit);
	if (!changes)
		return FALSE;
	changes_ids(changes, header, blobs);
	gboolean ok = !full || changes_patch_id(git, commit, changes, full);
	g_array_unref(changes);
	return ok;
}

gboolean sm_git_patch_id(git_repository *git, const git_commit *commit, git_oid *out)
{
	git_oid header;
	return sm_git_patch_ids(git, commit, &header, NULL, out);
}
