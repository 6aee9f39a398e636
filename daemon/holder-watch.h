/* Watching holders from the event loop: a holder's pidfd turns readable the
 * moment it exits, and the set is marked broken then, not at the next look. */
#pragma once

#include "nsstore.h"

struct event_base;

/* Hooks for nsstore_init; USERDATA must be the event base. */
extern const struct nsstore_hooks holder_watch_hooks;
