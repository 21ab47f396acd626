/* demo-git.c - the demo's kernel-like repository, written with libgit2.
 *
 * History (every commit has a fixed author, committer and time, so the
 * ids are the same on every machine and every day):
 *
 *   master:  v6.1 - stats - v6.6 - rework - v6.12 - leak - deref - desclen
 *            - readdir - leakfix - offload - helper - quirk - v6.18
 *   linux-6.1.y  from v6.1:   6.1.158, leak (backport), 6.1.159
 *   linux-6.6.y  from v6.6:   6.6.117
 *   linux-6.12.y from v6.12:  leak (backport), 6.12.59
 *
 * What the notices rely on:
 *   deref   changes lines that stats added: it conflicts on 6.1 (FAILED,
 *           "Possible dependencies" names stats) and applies on 6.6, 6.12;
 *   desclen changes the loop that rework wrote: it conflicts on 6.6 and
 *           6.1 (FAILED; a hand backport for 6.6 is queued);
 *   leakfix has "Fixes: <leak>": a follow-up of leak, which is already in
 *           6.12 and 6.1 and queued for 6.6;
 *   helper  rewrites what deref changed: added to 6.6, then dropped there.
 */
#include <stdlib.h>
#include <string.h>
#include <git2.h>
#include "demo-private.h"

typedef struct {
	const char *path;
	const char *old;   /* NULL: create the file with NEW */
	const char *new;
} edit;

typedef struct {
	const char *key;       /* how the mail names the commit, or NULL */
	const char *branch;
	const char *start;     /* a new branch starts at this key's commit */
	const char *author;
	const char *committer;
	int hours;             /* after the start of the demo history */
	const char *message;   /* "{{key}}" and "{{key:12}}" name earlier commits */
	const edit *edits;
} step;

#define LINUS "Linus Torvalds <torvalds@linux-foundation.org>"

/* 2025-03-02 00:00:00 UTC: the demo history starts here, whatever today is. */
#define HISTORY_START G_GINT64_CONSTANT(1740873600)

static const edit import[] = {
	{ "Makefile", NULL,
	  "# SPDX-License-Identifier: GPL-2.0\n"
	  "VERSION = 6\n"
	  "PATCHLEVEL = 1\n"
	  "SUBLEVEL = 0\n"
	  "EXTRAVERSION =\n"
	  "NAME = Stablemate Demo\n" },
	{ "README", NULL,
	  "Linux kernel (stablemate demo)\n"
	  "==============================\n"
	  "\n"
	  "A tiny, kernel-shaped tree written by `stablemate --demo`: a mainline\n"
	  "branch (master) and the stable branches linux-6.12.y, linux-6.6.y and\n"
	  "linux-6.1.y, so that the demo notices name commits that exist.\n" },
	{ "include/linux/acme.h", NULL,
	  "/* SPDX-License-Identifier: GPL-2.0 */\n"
	  "#ifndef _LINUX_ACME_H\n"
	  "#define _LINUX_ACME_H\n"
	  "\n"
	  "#include <linux/netdevice.h>\n"
	  "\n"
	  "struct acme_ring {\n"
	  "\tvoid *desc;\n"
	  "\tunsigned int size;\n"
	  "\tunsigned long packets;\n"
	  "};\n"
	  "\n"
	  "struct acme_priv {\n"
	  "\tstruct net_device *netdev;\n"
	  "\tstruct acme_ring *rx_ring;\n"
	  "\tbool offload;\n"
	  "};\n"
	  "\n"
	  "int acme_ring_alloc(struct acme_priv *priv);\n"
	  "\n"
	  "#endif /* _LINUX_ACME_H */\n" },
	{ "drivers/net/ethernet/acme/acme_main.c", NULL,
	  "// SPDX-License-Identifier: GPL-2.0\n"
	  "/*\n"
	  " * ACME 10GbE network driver.\n"
	  " *\n"
	  " * Copyright (C) 2019 ACME Networks\n"
	  " */\n"
	  "#include <linux/module.h>\n"
	  "#include <linux/netdevice.h>\n"
	  "#include <linux/etherdevice.h>\n"
	  "#include <linux/acme.h>\n"
	  "\n"
	  "static bool offload;\n"
	  "module_param(offload, bool, 0444);\n"
	  "MODULE_PARM_DESC(offload, \"Enable the RX checksum offload (default: off)\");\n"
	  "\n"
	  "static int acme_rx(struct acme_priv *priv, struct sk_buff *skb)\n"
	  "{\n"
	  "\tstruct acme_ring *ring = priv->rx_ring;\n"
	  "\n"
	  "\tskb->protocol = eth_type_trans(skb, priv->netdev);\n"
	  "\tring->packets++;\n"
	  "\treturn netif_receive_skb(skb);\n"
	  "}\n"
	  "\n"
	  "static int acme_open(struct net_device *netdev)\n"
	  "{\n"
	  "\tstruct acme_priv *priv = netdev_priv(netdev);\n"
	  "\n"
	  "\treturn acme_ring_alloc(priv);\n"
	  "}\n"
	  "\n"
	  "static int acme_stop(struct net_device *netdev)\n"
	  "{\n"
	  "\tnetif_stop_queue(netdev);\n"
	  "\treturn 0;\n"
	  "}\n"
	  "\n"
	  "static const struct net_device_ops acme_netdev_ops = {\n"
	  "\t.ndo_open = acme_open,\n"
	  "\t.ndo_stop = acme_stop,\n"
	  "};\n"
	  "\n"
	  "int acme_probe(struct acme_priv *priv)\n"
	  "{\n"
	  "\tpriv->offload = offload;\n"
	  "\tpriv->netdev->netdev_ops = &acme_netdev_ops;\n"
	  "\treturn register_netdev(priv->netdev);\n"
	  "}\n"
	  "\n"
	  "MODULE_DESCRIPTION(\"ACME 10GbE network driver\");\n"
	  "MODULE_LICENSE(\"GPL\");\n" },
	{ "drivers/usb/misc/widget.c", NULL,
	  "// SPDX-License-Identifier: GPL-2.0\n"
	  "/*\n"
	  " * USB widget driver.\n"
	  " */\n"
	  "#include <linux/module.h>\n"
	  "#include <linux/usb.h>\n"
	  "\n"
	  "struct widget_desc {\n"
	  "\t__u8 bLength;\n"
	  "\t__u8 bDescriptorType;\n"
	  "\t__le16 wFlags;\n"
	  "} __packed;\n"
	  "\n"
	  "static int widget_parse(struct usb_interface *intf, const u8 *buf, int len)\n"
	  "{\n"
	  "\tconst struct widget_desc *desc = (const void *)buf;\n"
	  "\n"
	  "\tif (desc->bDescriptorType != USB_DT_CS_INTERFACE)\n"
	  "\t\treturn -EINVAL;\n"
	  "\tdev_dbg(&intf->dev, \"widget flags %04x\\n\", le16_to_cpu(desc->wFlags));\n"
	  "\treturn 0;\n"
	  "}\n"
	  "\n"
	  "static const struct usb_device_id widget_ids[] = {\n"
	  "\t{ USB_DEVICE(0x1234, 0x0001) },\n"
	  "\t{ USB_DEVICE(0x1234, 0x0002) },\n"
	  "\t{ }\n"
	  "};\n"
	  "MODULE_DEVICE_TABLE(usb, widget_ids);\n"
	  "\n"
	  "static int widget_probe(struct usb_interface *intf, const struct usb_device_id *id)\n"
	  "{\n"
	  "\tstruct usb_host_interface *alt = intf->cur_altsetting;\n"
	  "\n"
	  "\treturn widget_parse(intf, alt->extra, alt->extralen);\n"
	  "}\n"
	  "\n"
	  "static struct usb_driver widget_driver = {\n"
	  "\t.name = \"widget\",\n"
	  "\t.probe = widget_probe,\n"
	  "\t.id_table = widget_ids,\n"
	  "};\n"
	  "module_usb_driver(widget_driver);\n"
	  "\n"
	  "MODULE_LICENSE(\"GPL\");\n" },
	{ "mm/pool.c", NULL,
	  "// SPDX-License-Identifier: GPL-2.0\n"
	  "/*\n"
	  " * A small pool of equally sized objects.\n"
	  " */\n"
	  "#include <linux/slab.h>\n"
	  "#include <linux/pool.h>\n"
	  "\n"
	  "struct pool *pool_create(size_t size, unsigned int count)\n"
	  "{\n"
	  "\tstruct pool *pool;\n"
	  "\n"
	  "\tpool = kzalloc(sizeof(*pool), GFP_KERNEL);\n"
	  "\tif (!pool)\n"
	  "\t\treturn NULL;\n"
	  "\tpool->objects = kcalloc(count, size, GFP_KERNEL);\n"
	  "\tif (!pool->objects)\n"
	  "\t\treturn NULL;\n"
	  "\tpool->count = count;\n"
	  "\tpool_account(pool, count);\n"
	  "\treturn pool;\n"
	  "}\n"
	  "\n"
	  "void pool_destroy(struct pool *pool)\n"
	  "{\n"
	  "\tpool_unaccount(pool, pool->count);\n"
	  "\tkfree(pool->objects);\n"
	  "\tkfree(pool);\n"
	  "}\n" },
	{ "fs/demofs/dir.c", NULL,
	  "// SPDX-License-Identifier: GPL-2.0\n"
	  "/*\n"
	  " * demofs directory operations.\n"
	  " */\n"
	  "#include <linux/fs.h>\n"
	  "#include \"demofs.h\"\n"
	  "\n"
	  "static int demofs_readdir(struct file *file, struct dir_context *ctx)\n"
	  "{\n"
	  "\tstruct demofs_dir *dir = file->private_data;\n"
	  "\n"
	  "\twhile (ctx->pos <= dir->nr_entries) {\n"
	  "\t\tstruct demofs_dirent *de = &dir->entries[ctx->pos];\n"
	  "\n"
	  "\t\tif (!dir_emit(ctx, de->name, de->len, de->ino, DT_UNKNOWN))\n"
	  "\t\t\treturn 0;\n"
	  "\t\tctx->pos++;\n"
	  "\t}\n"
	  "\treturn 0;\n"
	  "}\n"
	  "\n"
	  "const struct file_operations demofs_dir_operations = {\n"
	  "\t.iterate_shared = demofs_readdir,\n"
	  "};\n" },
	{ NULL, NULL, NULL }
};

#define RELEASE(from, to) { { "Makefile", from, to }, { NULL, NULL, NULL } }
static const edit v6_6[] = RELEASE("PATCHLEVEL = 1\n", "PATCHLEVEL = 6\n");
static const edit v6_12[] = RELEASE("PATCHLEVEL = 6\n", "PATCHLEVEL = 12\n");
static const edit v6_18[] = RELEASE("PATCHLEVEL = 12\n", "PATCHLEVEL = 18\n");
static const edit v6_1_158[] = RELEASE("SUBLEVEL = 0\n", "SUBLEVEL = 158\n");
static const edit v6_1_159[] = RELEASE("SUBLEVEL = 158\n", "SUBLEVEL = 159\n");
static const edit v6_6_117[] = RELEASE("SUBLEVEL = 0\n", "SUBLEVEL = 117\n");
static const edit v6_12_59[] = RELEASE("SUBLEVEL = 0\n", "SUBLEVEL = 59\n");

static const edit stats[] = {
	{ "include/linux/acme.h",
	  "#include <linux/netdevice.h>\n\n"
	  "struct acme_ring {\n"
	  "\tvoid *desc;\n"
	  "\tunsigned int size;\n"
	  "\tunsigned long packets;\n"
	  "};\n",
	  "#include <linux/netdevice.h>\n"
	  "#include <linux/u64_stats_sync.h>\n\n"
	  "struct acme_ring_stats {\n"
	  "\tu64 packets;\n"
	  "\tu64 bytes;\n"
	  "};\n\n"
	  "struct acme_ring {\n"
	  "\tvoid *desc;\n"
	  "\tunsigned int size;\n"
	  "\tstruct acme_ring_stats *stats;\n"
	  "\tstruct u64_stats_sync syncp;\n"
	  "};\n" },
	{ "drivers/net/ethernet/acme/acme_main.c",
	  "\tring->packets++;\n",
	  "\tu64_stats_update_begin(&ring->syncp);\n"
	  "\tring->stats->packets++;\n"
	  "\tring->stats->bytes += skb->len;\n"
	  "\tu64_stats_update_end(&ring->syncp);\n" },
	{ "drivers/net/ethernet/acme/acme_main.c",
	  "\treturn acme_ring_alloc(priv);\n",
	  "\tint err = acme_ring_alloc(priv);\n"
	  "\n"
	  "\tif (err)\n"
	  "\t\treturn err;\n"
	  "\tpriv->rx_ring->stats = kzalloc(sizeof(*priv->rx_ring->stats), GFP_KERNEL);\n"
	  "\treturn 0;\n" },
	{ NULL, NULL, NULL }
};

static const edit rework[] = {
	{ "drivers/usb/misc/widget.c",
	  "\tconst struct widget_desc *desc = (const void *)buf;\n"
	  "\n"
	  "\tif (desc->bDescriptorType != USB_DT_CS_INTERFACE)\n"
	  "\t\treturn -EINVAL;\n"
	  "\tdev_dbg(&intf->dev, \"widget flags %04x\\n\", le16_to_cpu(desc->wFlags));\n"
	  "\treturn 0;\n",
	  "\twhile (len > 0) {\n"
	  "\t\tconst struct widget_desc *desc = (const void *)buf;\n"
	  "\n"
	  "\t\tif (desc->bDescriptorType == USB_DT_CS_INTERFACE)\n"
	  "\t\t\tdev_dbg(&intf->dev, \"widget flags %04x\\n\",\n"
	  "\t\t\t\tle16_to_cpu(desc->wFlags));\n"
	  "\t\tlen -= desc->bLength;\n"
	  "\t\tbuf += desc->bLength;\n"
	  "\t}\n"
	  "\treturn 0;\n" },
	{ NULL, NULL, NULL }
};

static const edit leak[] = {
	{ "mm/pool.c",
	  "\tif (!pool->objects)\n"
	  "\t\treturn NULL;\n"
	  "\tpool->count = count;\n"
	  "\tpool_account(pool, count);\n"
	  "\treturn pool;\n"
	  "}\n",
	  "\tif (!pool->objects)\n"
	  "\t\tgoto err_free;\n"
	  "\tpool->count = count;\n"
	  "\tpool_account(pool, count);\n"
	  "\treturn pool;\n"
	  "\n"
	  "err_free:\n"
	  "\tpool_unaccount(pool, count);\n"
	  "\tkfree(pool);\n"
	  "\treturn NULL;\n"
	  "}\n" },
	{ NULL, NULL, NULL }
};

static const edit deref[] = {
	{ "drivers/net/ethernet/acme/acme_main.c",
	  "\tu64_stats_update_begin(&ring->syncp);\n"
	  "\tring->stats->packets++;\n"
	  "\tring->stats->bytes += skb->len;\n"
	  "\tu64_stats_update_end(&ring->syncp);\n",
	  "\tif (likely(ring->stats)) {\n"
	  "\t\tu64_stats_update_begin(&ring->syncp);\n"
	  "\t\tring->stats->packets++;\n"
	  "\t\tring->stats->bytes += skb->len;\n"
	  "\t\tu64_stats_update_end(&ring->syncp);\n"
	  "\t}\n" },
	{ NULL, NULL, NULL }
};

static const edit desclen[] = {
	{ "drivers/usb/misc/widget.c",
	  "\t\tconst struct widget_desc *desc = (const void *)buf;\n"
	  "\n"
	  "\t\tif (desc->bDescriptorType == USB_DT_CS_INTERFACE)\n",
	  "\t\tconst struct widget_desc *desc = (const void *)buf;\n"
	  "\n"
	  "\t\tif (len < sizeof(*desc) || desc->bLength < sizeof(*desc) ||\n"
	  "\t\t    desc->bLength > len)\n"
	  "\t\t\treturn -EINVAL;\n"
	  "\t\tif (desc->bDescriptorType == USB_DT_CS_INTERFACE)\n" },
	{ NULL, NULL, NULL }
};

static const edit readdir_fix[] = {
	{ "fs/demofs/dir.c", "\twhile (ctx->pos <= dir->nr_entries) {\n",
	  "\twhile (ctx->pos < dir->nr_entries) {\n" },
	{ NULL, NULL, NULL }
};

static const edit leakfix[] = {
	{ "mm/pool.c", "err_free:\n\tpool_unaccount(pool, count);\n\tkfree(pool);\n",
	  "err_free:\n\tkfree(pool);\n" },
	{ NULL, NULL, NULL }
};

static const edit offload[] = {
	{ "drivers/net/ethernet/acme/acme_main.c",
	  "static bool offload;\n"
	  "module_param(offload, bool, 0444);\n"
	  "MODULE_PARM_DESC(offload, \"Enable the RX checksum offload (default: off)\");\n",
	  "static bool offload = true;\n"
	  "module_param(offload, bool, 0444);\n"
	  "MODULE_PARM_DESC(offload, \"Enable the RX checksum offload (default: on)\");\n" },
	{ NULL, NULL, NULL }
};

static const edit helper[] = {
	{ "include/linux/acme.h",
	  "int acme_ring_alloc(struct acme_priv *priv);\n",
	  "int acme_ring_alloc(struct acme_priv *priv);\n"
	  "\n"
	  "static inline void acme_ring_count(struct acme_ring *ring, unsigned int len)\n"
	  "{\n"
	  "\tif (unlikely(!ring->stats))\n"
	  "\t\treturn;\n"
	  "\tu64_stats_update_begin(&ring->syncp);\n"
	  "\tring->stats->packets++;\n"
	  "\tring->stats->bytes += len;\n"
	  "\tu64_stats_update_end(&ring->syncp);\n"
	  "}\n" },
	{ "drivers/net/ethernet/acme/acme_main.c",
	  "\tif (likely(ring->stats)) {\n"
	  "\t\tu64_stats_update_begin(&ring->syncp);\n"
	  "\t\tring->stats->packets++;\n"
	  "\t\tring->stats->bytes += skb->len;\n"
	  "\t\tu64_stats_update_end(&ring->syncp);\n"
	  "\t}\n",
	  "\tacme_ring_count(ring, skb->len);\n" },
	{ NULL, NULL, NULL }
};

/* The hand-made 6.6 backport of desclen: 6.6 reads one descriptor only. */
static const edit desclen_6_6[] = {
	{ "drivers/usb/misc/widget.c",
	  "\tconst struct widget_desc *desc = (const void *)buf;\n"
	  "\n"
	  "\tif (desc->bDescriptorType != USB_DT_CS_INTERFACE)\n",
	  "\tconst struct widget_desc *desc = (const void *)buf;\n"
	  "\n"
	  "\tif (len < sizeof(*desc) || desc->bLength < sizeof(*desc) ||\n"
	  "\t    desc->bLength > len)\n"
	  "\t\treturn -EINVAL;\n"
	  "\tif (desc->bDescriptorType != USB_DT_CS_INTERFACE)\n" },
	{ NULL, NULL, NULL }
};

static const edit quirk[] = {
	{ "drivers/usb/misc/widget.c",
	  "\t{ USB_DEVICE(0x1234, 0x0002) },\n",
	  "\t{ USB_DEVICE(0x1234, 0x0002) },\n"
	  "\t{ USB_DEVICE(0x1234, 0x0003) },\t/* Frobnicator 3000 */\n" },
	{ NULL, NULL, NULL }
};

#define DESCLEN_MESSAGE \
	"widget_parse() trusts bLength of every descriptor in the extra data.  A\n" \
	"device that reports a zero length makes the loop spin forever, and one\n" \
	"that reports more than is left makes it read past the buffer.\n\n" \
	"Reject descriptors that are too short or longer than what remains.\n\n" \
	"Fixes: {{rework:12}} (\"usb: widget: rework descriptor parsing\")\n" \
	"Cc: stable <stable@kernel.org>\n" \
	"Signed-off-by: " TOMAS "\n" \
	"Link: https://lore.kernel.org/r/20250412140233.5120-1-tomas.ruiz@example.com\n" \
	"Signed-off-by: " HANA "\n"

#define LEAK_MESSAGE \
	"pool_create() returns NULL when the object array cannot be allocated,\n" \
	"but never frees the pool itself, so every failed creation leaks it.\n" \
	"\n" \
	"Free the pool on that path.\n" \
	"\n" \
	"Fixes: 0c3b5a7e4d21 (\"mm/pool: add a small object pool\")\n" \
	"Cc: stable@vger.kernel.org\n" \
	"Signed-off-by: " CAROL "\n" \
	"Link: https://lore.kernel.org/r/20250405091512.22114-1-carol.nguyen@example.org\n" \
	"Signed-off-by: " HANA "\n"

static const step history[] = {
	{ "v6.1", "master", NULL, LINUS, LINUS, 0, "Linux 6.1\n", import },
	{ "stats", "master", NULL, MIRA, MIRA, 240,
	  "net: acme: add per-queue statistics\n\n"
	  "Count packets and bytes per RX queue with u64_stats, so that they can be\n"
	  "reported without taking the queue lock.\n\n"
	  "Signed-off-by: " MIRA "\n", stats },
	{ "v6.6", "master", NULL, LINUS, LINUS, 480, "Linux 6.6\n", v6_6 },
	{ "rework", "master", NULL, TOMAS, HANA, 720,
	  "usb: widget: rework descriptor parsing\n\n"
	  "A widget may carry several class descriptors in its extra data; walk\n"
	  "all of them instead of looking at the first one only.\n\n"
	  "Signed-off-by: " TOMAS "\n"
	  "Signed-off-by: " HANA "\n", rework },
	{ "v6.12", "master", NULL, LINUS, LINUS, 960, "Linux 6.12\n", v6_12 },
	{ "leak", "master", NULL, CAROL, HANA, 1200,
	  "mm/pool: fix a leak on the error path\n\n" LEAK_MESSAGE, leak },
	{ "deref", "master", NULL, MIRA, MIRA, 1230,
	  "net: acme: fix a NULL dereference in acme_rx()\n\n"
	  "acme_rx() can run for a packet that arrived while acme_open() was still\n"
	  "allocating the ring statistics, and then dereferences a NULL stats\n"
	  "pointer:\n\n"
	  "  BUG: kernel NULL pointer dereference, address: 0000000000000000\n"
	  "  RIP: 0010:acme_rx+0x2c/0x90 [acme]\n\n"
	  "Only count the packet once the statistics exist.\n\n"
	  "Fixes: {{stats:12}} (\"net: acme: add per-queue statistics\")\n"
	  "Cc: stable@vger.kernel.org\n"
	  "Reported-by: Ian Brooks <ian.brooks@example.com>\n"
	  "Signed-off-by: " MIRA "\n", deref },
	{ "desclen", "master", NULL, TOMAS, HANA, 1260,
	  "usb: widget: validate the descriptor length\n\n" DESCLEN_MESSAGE, desclen },
	{ "readdir", "master", NULL, DEV, DEV, 1290,
	  "fs/demofs: fix an off-by-one in demofs_readdir()\n\n"
	  "The loop runs while ctx->pos <= nr_entries and so emits one entry past\n"
	  "the end of the directory, whatever happens to follow it in memory.\n\n"
	  "Signed-off-by: " DEV "\n", readdir_fix },
	{ "leakfix", "master", NULL, CAROL, HANA, 1320,
	  "mm/pool: do not unaccount objects that were never accounted\n\n"
	  "The error path added by commit {{leak:12}} unaccounts COUNT objects\n"
	  "that were never accounted: the allocation that failed comes before\n"
	  "pool_account(), and the pool statistics go negative.  Only free the\n"
	  "pool there.\n\n"
	  "Fixes: {{leak:12}} (\"mm/pool: fix a leak on the error path\")\n"
	  "Cc: stable@vger.kernel.org\n"
	  "Signed-off-by: " CAROL "\n"
	  "Signed-off-by: " HANA "\n", leakfix },
	{ "offload", "master", NULL, IAN, MIRA, 1350,
	  "net: acme: enable the RX checksum offload by default\n\n"
	  "The offload has been stable on every board we test on for a year; turn\n"
	  "it on by default.\n\n"
	  "Signed-off-by: " IAN "\n"
	  "Signed-off-by: " MIRA "\n", offload },
	{ "helper", "master", NULL, IAN, MIRA, 1380,
	  "net: acme: use a helper to count received packets\n\n"
	  "Move the statistics update out of acme_rx() so that the XDP path can\n"
	  "share it.\n\n"
	  "Signed-off-by: " IAN "\n"
	  "Signed-off-by: " MIRA "\n", helper },
	{ "quirk", "master", NULL, TOMAS, HANA, 1410,
	  "usb: widget: add the Frobnicator 3000\n\n"
	  "The Frobnicator 3000 is a widget with a new product id.\n\n"
	  "Cc: stable@vger.kernel.org\n"
	  "Signed-off-by: " TOMAS "\n"
	  "Signed-off-by: " HANA "\n", quirk },
	{ "v6.18", "master", NULL, LINUS, LINUS, 1440, "Linux 6.18\n", v6_18 },

	{ NULL, "linux-6.1.y", "v6.1", GREG, GREG, 1000, "Linux 6.1.158\n", v6_1_158 },
	{ "leak-6.1", "linux-6.1.y", NULL, CAROL, GREG, 1250,
	  "mm/pool: fix a leak on the error path\n\n"
	  "commit {{leak}} upstream.\n\n" LEAK_MESSAGE
	  "Signed-off-by: " GREG "\n", leak },
	{ "v6.1.159", "linux-6.1.y", NULL, GREG, GREG, 1420, "Linux 6.1.159\n", v6_1_159 },
	{ "v6.6.117", "linux-6.6.y", "v6.6", GREG, GREG, 1010, "Linux 6.6.117\n", v6_6_117 },
	/* Sent by mail and queued, not released: kept under a ref of its own. */
	{ "desclen-6.6", "refs/demo/desclen-6.6", "v6.6.117", TOMAS, TOMAS, 1300,
	  "usb: widget: validate the descriptor length\n\n"
	  "[ Upstream commit {{desclen}} ]\n\n" DESCLEN_MESSAGE
	  "[ 6.6 has no descriptor loop: check the one descriptor it reads ]\n"
	  "Signed-off-by: " TOMAS "\n", desclen_6_6 },
	{ "leak-6.12", "linux-6.12.y", "v6.12", CAROL, GREG, 1240,
	  "mm/pool: fix a leak on the error path\n\n"
	  "[ Upstream commit {{leak}} ]\n\n" LEAK_MESSAGE
	  "Signed-off-by: Sasha Levin <sashal@kernel.org>\n", leak },
	{ "v6.12.59", "linux-6.12.y", NULL, GREG, GREG, 1270, "Linux 6.12.59\n", v6_12_59 },
};

typedef struct {
	git_repository *repo;
	GHashTable *ids;       /* key -> git_oid* */
	GHashTable *tips;      /* branch -> git_oid* */
	sm_demo_repo *out;
	GError **error;
} builder;

static gboolean git_failed(builder *b, const char *what)
{
	const git_error *e = git_error_last();
	g_set_error(b->error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "cannot %s in the demo repository: %s",
	            what, e && e->message ? e->message : "libgit2 failed");
	return FALSE;
}

/* MESSAGE with "{{key}}" (40 hex) and "{{key:12}}" replaced. */
static char *expand(builder *b, const char *message)
{
	GString *out = g_string_new(NULL);
	const char *p = message;
	for (const char *open; (open = strstr(p, "{{")); ) {
		const char *close = strstr(open, "}}");
		g_string_append_len(out, p, open - p);
		char *name = g_strndup(open + 2, (gsize)(close - open - 2));
		char *colon = strchr(name, ':');
		int len = colon ? atoi(colon + 1) : SM_SHA_LEN;
		if (colon)
			*colon = '\0';
		const git_oid *id = g_hash_table_lookup(b->ids, name);
		char hex[SM_SHA_LEN + 1];
		git_oid_tostr(hex, sizeof hex, id);
		g_string_append_len(out, hex, len);
		g_free(name);
		p = close + 2;
	}
	g_string_append(out, p);
	return g_string_free(out, FALSE);
}

static gboolean signature(builder *b, const char *who, gint64 when, git_signature **out)
{
	const char *lt = strchr(who, '<');
	char *name = g_strstrip(g_strndup(who, (gsize)(lt - who)));
	char *email = g_strndup(lt + 1, strlen(lt + 1) - 1);
	int rc = git_signature_new(out, name, email, (git_time_t)when, 0);
	g_free(name);
	g_free(email);
	return rc == 0 || git_failed(b, "make a signature");
}

/* Apply EDITS to the tree of PARENT (NULL: empty) in INDEX. */
static gboolean apply_edits(builder *b, git_index *index, git_tree *parent, const edit *edits)
{
	git_index_clear(index);
	if (parent && git_index_read_tree(index, parent) != 0)
		return git_failed(b, "read a tree");
	for (const edit *e = edits; e->path; e++) {
		char *text = NULL;
		if (e->old) {
			const git_index_entry *entry = git_index_get_bypath(index, e->path, 0);
			git_blob *blob = NULL;
			if (!entry || git_blob_lookup(&blob, b->repo, &entry->id) != 0)
				return git_failed(b, "find a file");
			const char *old = git_blob_rawcontent(blob);
			gsize len = (gsize)git_blob_rawsize(blob);
			char *content = g_strndup(old, len);
			git_blob_free(blob);
			char *at = strstr(content, e->old);
			/* The history above is fixed: an edit that does not apply is a bug. */
			g_assert(at && !strstr(at + 1, e->old));
			GString *s = g_string_new_len(content, at - content);
			g_string_append(s, e->new);
			g_string_append(s, at + strlen(e->old));
			text = g_string_free(s, FALSE);
			g_free(content);
		} else {
			text = g_strdup(e->new);
		}
		/* A standalone index has no repository to put blobs in. */
		git_index_entry entry = { .mode = GIT_FILEMODE_BLOB, .path = e->path };
		int rc = git_blob_create_from_buffer(&entry.id, b->repo, text, strlen(text));
		g_free(text);
		if (rc != 0 || git_index_add(index, &entry) != 0)
			return git_failed(b, "add a file");
	}
	return TRUE;
}

/* What the mail quotes of commit ID. */
static gboolean describe(builder *b, const char *key, const git_oid *id)
{
	git_commit *commit = NULL;
	git_buf email = { 0 };
	/* GIT_EMAIL_CREATE_OPTIONS_INIT, field by field (-Wextra). */
	git_email_create_options opts;
	memset(&opts, 0, sizeof opts);
	opts.version = GIT_EMAIL_CREATE_OPTIONS_VERSION;
	git_diff_options_init(&opts.diff_opts, GIT_DIFF_OPTIONS_VERSION);
	opts.diff_opts.flags = GIT_DIFF_SHOW_BINARY;
	git_diff_find_options_init(&opts.diff_find_opts, GIT_DIFF_FIND_OPTIONS_VERSION);
	if (git_commit_lookup(&commit, b->repo, id) != 0 ||
	    git_email_create_from_commit(&email, commit, &opts) != 0) {
		git_commit_free(commit);
		return git_failed(b, "format a patch");
	}
	sm_demo_commit *c = g_new0(sm_demo_commit, 1);
	git_oid_tostr(c->id, sizeof c->id, id);
	c->subject = g_strdup(git_commit_summary(commit));
	const git_signature *author = git_commit_author(commit);
	c->author = g_strdup_printf("%s <%s>", author->name, author->email);
	c->date = author->when.time;
	const char *body = git_commit_body(commit);
	c->body = g_strdup_printf("%s\n", body ? body : "");
	/* git format-patch signs with git's version, as the real mail does. */
	GString *text = g_string_new_len(email.ptr, (gssize)email.size);
	const char *sig = g_strrstr(text->str, "\n--\nlibgit2 ");
	if (sig) {
		g_string_truncate(text, (gsize)(sig - text->str));
		g_string_append(text, "\n-- \n2.51.0\n\n");
	}
	c->email = g_string_free(text, FALSE);
	/* format-patch puts the diff after the message's "---" line. */
	const char *dashes = strstr(c->email, "\n---\n");
	c->diff = g_strdup(dashes ? dashes + 1 : "");
	g_hash_table_insert(b->out->commits, g_strdup(key), c);
	git_buf_dispose(&email);
	git_commit_free(commit);
	return TRUE;
}

static gboolean commit_step(builder *b, git_index *index, const step *s)
{
	const git_oid *parent_id = s->start ? g_hash_table_lookup(b->ids, s->start)
	                                    : g_hash_table_lookup(b->tips, s->branch);
	git_commit *parent = NULL;
	git_tree *parent_tree = NULL, *tree = NULL;
	git_signature *author = NULL, *committer = NULL;
	git_oid tree_id, id;
	git_reference *branch = NULL;
	char *message = expand(b, s->message);
	char *ref = g_str_has_prefix(s->branch, "refs/") ? g_strdup(s->branch)
	            : g_strdup_printf("refs/heads/%s", s->branch);
	gint64 when = HISTORY_START + (gint64)s->hours * 3600;
	gboolean ok =
		(!parent_id || git_commit_lookup(&parent, b->repo, parent_id) == 0 ||
		 git_failed(b, "find a parent")) &&
		(!parent || git_commit_tree(&parent_tree, parent) == 0 || git_failed(b, "read a tree")) &&
		apply_edits(b, index, parent_tree, s->edits) &&
		(git_index_write_tree_to(&tree_id, index, b->repo) == 0 || git_failed(b, "write a tree")) &&
		(git_tree_lookup(&tree, b->repo, &tree_id) == 0 || git_failed(b, "read a tree")) &&
		signature(b, s->author, when, &author) &&
		signature(b, s->committer, when + 1800, &committer) &&
		(git_commit_create(&id, b->repo, NULL, author, committer, "UTF-8", message, tree,
		                   parent ? 1 : 0, (const git_commit **)&parent) == 0 ||
		 git_failed(b, "commit")) &&
		(git_reference_create(&branch, b->repo, ref, &id, TRUE, NULL) == 0 ||
		 git_failed(b, "create a branch"));
	if (ok) {
		git_oid *copy = g_new(git_oid, 1);
		git_oid_cpy(copy, &id);
		g_hash_table_insert(b->tips, g_strdup(s->branch), copy);
		if (s->key) {
			g_hash_table_insert(b->ids, g_strdup(s->key), g_memdup2(&id, sizeof id));
			ok = describe(b, s->key, &id);
		}
	}
	git_reference_free(branch);
	git_signature_free(author);
	git_signature_free(committer);
	git_tree_free(tree);
	git_tree_free(parent_tree);
	git_commit_free(parent);
	g_free(message);
	g_free(ref);
	return ok;
}

static void commit_free(sm_demo_commit *c)
{
	g_free(c->subject);
	g_free(c->author);
	g_free(c->body);
	g_free(c->diff);
	g_free(c->email);
	g_free(c);
}

void sm_demo_repo_free(sm_demo_repo *repo)
{
	if (!repo)
		return;
	g_hash_table_unref(repo->commits);
	g_free(repo);
}

sm_demo_repo *sm_demo_git_build(const char *path, GError **error)
{
	git_libgit2_init();
	builder b = {
		.ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
		.tips = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
		.error = error,
	};
	b.out = g_new0(sm_demo_repo, 1);
	b.out->commits = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	                                       (GDestroyNotify)commit_free);
	git_repository_init_options opts;
	git_repository_init_options_init(&opts, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	opts.initial_head = "master";  /* whatever init.defaultBranch says */
	git_index *index = NULL;
	gboolean ok = (git_repository_init_ext(&b.repo, path, &opts) == 0 ||
	               git_failed(&b, "create the repository")) &&
	              (git_index_new(&index) == 0 || git_failed(&b, "make an index"));
	for (gsize i = 0; ok && i < G_N_ELEMENTS(history); i++)
		ok = commit_step(&b, index, &history[i]);
	/* An identity, so that `git commit -s` works in a checkout shell
	 * whatever the user's own git config says. */
	git_config *config = NULL;
	ok = ok && (git_repository_config(&config, b.repo) == 0 ||
	            git_failed(&b, "open the repository's config"));
	ok = ok && ((git_config_set_string(config, "user.name", SM_DEMO_USER_NAME) == 0 &&
	             git_config_set_string(config, "user.email", SM_DEMO_USER_EMAIL) == 0) ||
	            git_failed(&b, "set the repository's identity"));
	git_config_free(config);
	/* A checked-out master, as a kernel developer's clone would be. */
	git_checkout_options checkout;
	git_checkout_options_init(&checkout, GIT_CHECKOUT_OPTIONS_VERSION);
	checkout.checkout_strategy = GIT_CHECKOUT_FORCE;
	ok = ok && (git_checkout_head(b.repo, &checkout) == 0 || git_failed(&b, "check out master"));

	git_index_free(index);
	git_repository_free(b.repo);
	g_hash_table_unref(b.ids);
	g_hash_table_unref(b.tips);
	git_libgit2_shutdown();
	if (!ok) {
		sm_demo_repo_free(b.out);
		return NULL;
	}
	return b.out;
}
