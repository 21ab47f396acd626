#!/bin/sh
. "$TEST_DATA/lib.sh"
exit 0
