/* cache.h - the notice cache file (private to store.c). */
#ifndef SM_CACHE_H
#define SM_CACHE_H
#include "notice.h"
#endif
