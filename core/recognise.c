/* recognise.c - see recognise.h. */
#include "recognise.h"
