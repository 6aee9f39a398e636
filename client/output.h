/* Printing what nsctld returns about namespace sets: a table for list,
 * key/value lines for show, and JSON for --json.  Values are printed as
 * they are given, with control characters shown as '?' so a reply cannot
 * drive the terminal. */
#pragma once

#include <json-c/json.h>

/* OBJ as indented JSON and a newline. */
void output_json(json_object *obj);

/* A copy of S (or of "-" when S is NULL) with control characters replaced
 * by '?'; NULL when out of memory. */
char *output_printable(const char *s);

/* The NamespaceSet array of a List reply: a header line, then one row per
 * set with NAME, TYPES (all of them, comma-separated), STATE (ok or
 * broken) and CREATED.  Returns 0 or -ENOMEM. */
int output_namespace_table(json_object *sets);

/* One NamespaceSet as "Key: value" lines: name, state (and why it is
 * broken), creation time, persistence, holder, creation options, then one
 * line per namespace.  Returns 0 or -ENOMEM. */
int output_namespace_details(json_object *set);
