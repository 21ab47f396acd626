/* group.c - see group.h. */
#include "group.h"
