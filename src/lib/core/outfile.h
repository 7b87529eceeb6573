/*
 * outfile.h - what the library's files share about the files powtrace
 * writes (outfile.c); the functions themselves (pt_output_*) are public.
 */
#ifndef PT_OUTFILE_H
#define PT_OUTFILE_H

#include <stddef.h>


/* The canonical name of a file that may not exist yet: its directory with
 * symbolic links and ".." resolved, and its own name. Caller frees; NULL
 * when the directory cannot be resolved. */
char *pt__canonical_name(const char *path);

#endif
