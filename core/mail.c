/* mail.c - see mail.h. */
#include "mail.h"
