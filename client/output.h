/* Printing what nsctld returns: a table for list, key/value lines for
 * show, and JSON for --json.  Values are printed as they are given, with
 * control characters shown as '?' so a reply cannot drive the terminal. */
#pragma once

#include <json-c/json.h>

/* OBJ as indented JSON and a newline. */
void output_json(json_object *obj);

/* The NamespaceSet array of a List reply: a header line, then one row per
 * set with NAME, TYPES, STATE and CREATED.  Returns 0 or -ENOMEM. */
int output_namespace_table(json_object *sets);

/* One NamespaceSet as "Key: value" lines.  Returns 0 or -ENOMEM. */
int output_namespace_details(json_object *set);
