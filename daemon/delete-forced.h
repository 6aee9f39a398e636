/* Namespace.Delete with force, without stopping the daemon while the
 * processes inside get their grace period: other clients are served
 * meanwhile. */
#pragma once

struct daemon;
struct ns_set;
struct request;

/* SIGTERM every process inside SET (its holder excepted); if there was
 * none, delete and reply now; else reply once they are gone, or after
 * NSSTORE_FORCE_GRACE_MS, when the delete SIGKILLs whoever is left or has
 * come in since.  Returns 0, or a negative errno before anything was
 * signalled (nothing replied then). */
int delete_forced_start(struct request *req, struct ns_set *set);

/* At shutdown: forget the deletes still waiting (their sets stay, and a
 * restarted daemon adopts them; their clients are gone with the server). */
void delete_forced_free_all(struct daemon *d);
