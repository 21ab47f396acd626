/* printer.c - see printer.h. */
#include "printer.h"
