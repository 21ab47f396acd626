/* xapian.c - glass's version file, read as xapian-private.h says.
 *
 * Every field is parsed and the file must end where the last one does
 * (as Xapian itself checks), so that a file of another layout is not
 * taken for one: a count misread would hide a deletion.
 */
#include <string.h>
#include "xapian-private.h"

/* "\x0f\x0dXapian Glass", then the format: 2016-03-14 as Xapian packs a
 * date ((year - 2014) << 9 | month << 5 | day). */
static const guchar GLASS_MAGIC[16] = {
	0x0f, 0x0d, 'X', 'a', 'p', 'i', 'a', 'n', ' ', 'G', 'l', 'a', 's', 's',
	((2u << 9 | 3u << 5 | 14u) >> 8) & 0xff, (2u << 9 | 3u << 5 | 14u) & 0xff,
};
/* Glass's tables: postlist, docdata, termlist, position, spelling, synonym. */
#define GLASS_TABLES 6
/* The database statistics after the tables' roots. */
#define GLASS_STATS 8
/* A version file is a few hundred bytes (Xapian reads at most 256): a
 * larger one is not glass's. */
#define VERSION_FILE_MAX 4096

typedef struct reader {
	const guchar *p, *end;
	gboolean ok;
} reader;

/* Xapian's pack_uint: seven bits a byte, lowest first, the top bit set
 * on every byte but the last. */
static guint64 unpack(reader *r)
{
	guint64 value = 0;
	for (unsigned shift = 0; r->ok; shift += 7) {
		if (r->p == r->end || shift > 63) {
			r->ok = FALSE;
			break;
		}
		guchar byte = *r->p++;
		value |= (guint64)(byte & 0x7f) << shift;
		if (!(byte & 0x80))
			return value;
	}
	return 0;
}

/* pack_string: a length, then the bytes. */
static void skip_string(reader *r)
{
	guint64 len = unpack(r);
	if (r->ok && len > (guint64)(r->end - r->p))
		r->ok = FALSE;
	if (r->ok)
		r->p += len;
}

gboolean sm_xapian_version_parse(const guchar *data, gsize len, sm_xapian_version *version)
{
	memset(version, 0, sizeof *version);
	if (len < sizeof GLASS_MAGIC + sizeof version->uuid ||
	    memcmp(data, GLASS_MAGIC, sizeof GLASS_MAGIC) != 0)
		return FALSE;
	memcpy(version->uuid, data + sizeof GLASS_MAGIC, sizeof version->uuid);
	reader r = { data + sizeof GLASS_MAGIC + sizeof version->uuid, data + len, TRUE };
	guint64 revision = unpack(&r);
	for (int table = 0; r.ok && table < GLASS_TABLES; table++) {
		/* root block, level and flags, entries, block size, compress_min */
		for (int field = 0; field < 5; field++)
			unpack(&r);
		skip_string(&r); /* the free list */
	}
	guint64 stats[GLASS_STATS];
	for (int i = 0; i < GLASS_STATS; i++)
		stats[i] = unpack(&r);
	/* The second is the last id less the count (it is never below it). */
	if (!r.ok || r.p != r.end || stats[1] > G_MAXUINT64 - stats[0])
		return FALSE;
	version->revision = revision;
	version->documents = stats[0];
	version->last_id = stats[0] + stats[1];
	version->known = TRUE;
	return TRUE;
}

gboolean sm_xapian_version_read(const char *db_path, sm_xapian_version *version)
{
	static const char *const places[] = { ".notmuch/xapian/iamglass", "xapian/iamglass" };
	memset(version, 0, sizeof *version);
	for (size_t i = 0; i < G_N_ELEMENTS(places); i++) {
		char *path = g_build_filename(db_path, places[i], NULL);
		/* One file, replaced by a rename: what is read is one commit's. */
		char *data;
		gsize len;
		gboolean read = g_file_get_contents(path, &data, &len, NULL);
		g_free(path);
		if (!read)
			continue;
		gboolean ok = len < VERSION_FILE_MAX &&
		              sm_xapian_version_parse((const guchar *)data, len, version);
		g_free(data);
		return ok;
	}
	return FALSE;
}

void sm_xapian_version_pack(const sm_xapian_version *version, guint8 *out)
{
	memset(out, 0, SM_XAPIAN_VERSION_BYTES);
	if (!version->known)
		return;
	/* The uuid, then the three counts in this machine's byte order (the
	 * index is read only where its byte order is). */
	guint64 counts[3] = { version->revision, version->documents, version->last_id };
	memcpy(out, version->uuid, sizeof version->uuid);
	memcpy(out + sizeof version->uuid, counts, sizeof counts);
}

void sm_xapian_version_unpack(const guint8 *in, sm_xapian_version *version)
{
	guint64 counts[3];
	memset(version, 0, sizeof *version);
	memcpy(version->uuid, in, sizeof version->uuid);
	memcpy(counts, in + sizeof version->uuid, sizeof counts);
	/* A known file has a revision and documents (the folders'). */
	if (counts[1] == 0 || counts[2] < counts[1])
		return;
	version->revision = counts[0];
	version->documents = counts[1];
	version->last_id = counts[2];
	version->known = TRUE;
}

gboolean sm_xapian_version_none_deleted(const sm_xapian_version *before,
                                        const sm_xapian_version *after)
{
	if (!before->known || !after->known ||
	    memcmp(before->uuid, after->uuid, sizeof before->uuid) != 0 ||
	    after->revision < before->revision || after->last_id < before->last_id ||
	    after->documents < before->documents)
		return FALSE;
	/* Each document added took an id above the last; any deleted makes
	 * the count grow less than the ids. */
	return after->documents - before->documents == after->last_id - before->last_id;
}

gboolean sm_xapian_version_same(const sm_xapian_version *before,
                                const sm_xapian_version *after)
{
	return before->known && after->known &&
	       memcmp(before->uuid, after->uuid, sizeof before->uuid) == 0 &&
	       before->revision == after->revision;
}
