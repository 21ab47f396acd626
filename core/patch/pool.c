/* pool.c - strings stored once (pool.h).
 *
 * Strings lie end to end in blocks of BLOCK bytes; a string is known by
 * its place, block << OFFSET_BITS | offset, a guint32.  The table is open
 * addressing on those places (linear probing, at most 5/8 full), so it
 * costs 4 bytes a slot, not a GHashTable's 20.  A string too long for a
 * block (a diff's file list can be) gets an allocation of its own, found
 * through a GHashTable: there are few.  (GLib's GStringChunk stores
 * strings once in blocks too, but finds them through a GHashTable, 20
 * bytes and a hash a string, and has no room for the writer's marks.)
 *
 * Each string in a block has a mark before it (4 bytes, unaligned: read
 * with memcpy), the index writer's reference to it while it writes, so
 * that the writer needs no table of its own for them (index-write.c).
 */
#include <string.h>
#include "pool.h"

#define OFFSET_BITS 20
#define BLOCK (1u << OFFSET_BITS)          /* 1 MiB */
#define MAX_BLOCKS ((1u << (32 - OFFSET_BITS)) - 1)
#define LONG_STRING (BLOCK / 16)           /* longer ones: on their own */
#define EMPTY G_MAXUINT32                  /* never a place: no last block */

struct sm_pool {
	GPtrArray *blocks;  /* char[BLOCK] each */
	guint32 used;       /* bytes used in the last block */
	guint32 *slots;     /* places, or EMPTY */
	guint32 n_slots;    /* a power of 2, or 0 */
	guint32 n_strings;  /* in the table */
	GHashTable *long_strings; /* string (owned) -> itself */
};

static guint32 hash_of(const char *text)
{
	/* FNV-1a, then murmur3's finaliser: message-ids differ early and
	 * end alike, and the table takes the low bits. */
	guint32 h = 2166136261u;
	for (const guchar *p = (const guchar *)text; *p; p++)
		h = (h ^ *p) * 16777619u;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

static char *at(const sm_pool *pool, guint32 place)
{
	return (char *)pool->blocks->pdata[place >> OFFSET_BITS] + (place & (BLOCK - 1));
}

sm_pool *sm_pool_new(void)
{
	sm_pool *pool = g_new0(sm_pool, 1);
	pool->blocks = g_ptr_array_new_with_free_func(g_free);
	pool->long_strings = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	return pool;
}

void sm_pool_clear(sm_pool *pool)
{
	g_ptr_array_set_size(pool->blocks, 0);
	pool->used = 0;
	g_clear_pointer(&pool->slots, g_free);
	pool->n_slots = pool->n_strings = 0;
	g_hash_table_remove_all(pool->long_strings);
}

void sm_pool_free(sm_pool *pool)
{
	if (!pool)
		return;
	sm_pool_clear(pool);
	g_ptr_array_unref(pool->blocks);
	g_hash_table_unref(pool->long_strings);
	g_free(pool);
}

/* The slot of TEXT (of hash H) in SLOTS: its place, or the empty slot
 * where it would go.  (TEXT is often the pool's own copy.) */
static guint32 *find(const sm_pool *pool, guint32 *slots, guint32 n_slots, const char *text,
                     guint32 h)
{
	for (guint32 i = h & (n_slots - 1);; i = (i + 1) & (n_slots - 1)) {
		if (slots[i] == EMPTY || !text)
			return &slots[i];
		const char *held = at(pool, slots[i]);
		if (held == text || strcmp(held, text) == 0)
			return &slots[i];
	}
}

static void grow(sm_pool *pool)
{
	guint32 n = pool->n_slots ? pool->n_slots * 2 : 1024;
	guint32 *slots = g_new(guint32, n);
	memset(slots, 0xff, n * sizeof *slots);
	for (guint32 i = 0; i < pool->n_slots; i++)
		if (pool->slots[i] != EMPTY)
			*find(pool, slots, n, NULL, hash_of(at(pool, pool->slots[i]))) = pool->slots[i];
	g_free(pool->slots);
	pool->slots = slots;
	pool->n_slots = n;
}

/* A copy of TEXT (LEN bytes with its NUL), after a mark of 0, at the end
 * of the last block, its place in *PLACE; FALSE when the places are used
 * up. */
static gboolean append(sm_pool *pool, const char *text, gsize len, guint32 *place)
{
	static const guint32 unmarked = 0;
	if (!pool->blocks->len || pool->used + sizeof unmarked + len > BLOCK) {
		if (pool->blocks->len == MAX_BLOCKS)
			return FALSE;
		g_ptr_array_add(pool->blocks, g_malloc(BLOCK));
		pool->used = 0;
	}
	*place = (pool->blocks->len - 1) << OFFSET_BITS | (pool->used + (guint32)sizeof unmarked);
	memcpy(at(pool, *place) - sizeof unmarked, &unmarked, sizeof unmarked);
	memcpy(at(pool, *place), text, len);
	pool->used += (guint32)(sizeof unmarked + len);
	return TRUE;
}

char *sm_pool_intern(sm_pool *pool, const char *text)
{
	if (!text)
		return NULL;
	gsize len = strlen(text) + 1;
	if (len > LONG_STRING) {
		char *held = g_hash_table_lookup(pool->long_strings, text);
		if (!held) {
			held = g_strdup(text);
			g_hash_table_add(pool->long_strings, held);
		}
		return held;
	}
	if ((pool->n_strings + 1) * 8 > pool->n_slots * 5)
		grow(pool);
	guint32 *slot = find(pool, pool->slots, pool->n_slots, text, hash_of(text));
	if (*slot != EMPTY)
		return at(pool, *slot);
	guint32 place;
	if (!append(pool, text, len, &place)) {
		/* 4 GiB of strings: the rest are on their own. */
		char *held = g_strdup(text);
		g_hash_table_add(pool->long_strings, held);
		return held;
	}
	*slot = place;
	pool->n_strings++;
	return at(pool, place);
}

char *sm_pool_find(const sm_pool *pool, const char *text)
{
	if (!text || !pool->n_slots || strlen(text) + 1 > LONG_STRING)
		return NULL;
	guint32 *slot = find(pool, pool->slots, pool->n_slots, text, hash_of(text));
	return *slot == EMPTY ? NULL : at(pool, *slot);
}

guint32 sm_pool_mark(const char *held)
{
	guint32 mark;
	memcpy(&mark, held - sizeof mark, sizeof mark);
	return mark;
}

void sm_pool_set_mark(char *held, guint32 mark)
{
	memcpy(held - sizeof mark, &mark, sizeof mark);
}

void sm_pool_clear_marks(sm_pool *pool)
{
	for (guint32 i = 0; i < pool->n_slots; i++)
		if (pool->slots[i] != EMPTY)
			sm_pool_set_mark(at(pool, pool->slots[i]), 0);
}
