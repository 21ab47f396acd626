/* triage.h - the notmuch tags that hold a patch's triage state.
 *
 * The state lives on the patch's notice messages as tags, so that other
 * notmuch clients see it and `notmuch git` can share it:
 *   stablemate/approved  stablemate/hold  stablemate/revert
 *   stablemate/drop      stablemate/resolving  stablemate/done
 * No tag means untriaged.  Replies that stablemate sends are tagged
 * stablemate/sent as well.
 */
#ifndef SM_TRIAGE_H
#define SM_TRIAGE_H
#if !defined(SM_INSIDE_PATCH_H) && !defined(SM_PATCH_COMPILATION)
#error "include patch/patch.h, core/patch's door, not this header"
#endif

#include "recognise/recognise.h"

#define SM_TAG_PREFIX "stablemate/"
#define SM_TAG_SENT SM_TAG_PREFIX "sent"

/* The tag for STATE, or NULL for SM_TRIAGE_UNTRIAGED. */
const char *sm_triage_tag(sm_triage state);
/* The state a tag stands for; FALSE when TAG is not a triage tag. */
gboolean sm_triage_from_tag(const char *tag, sm_triage *state);
/* Which of two states describes a patch whose notices carry both. */
sm_triage sm_triage_stronger(sm_triage a, sm_triage b);

#endif
