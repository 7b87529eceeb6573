/*
 * outfile.c - every file powtrace writes (exports, charts, the rejects file
 * of an import): written whole or not at all, and never over the database or
 * a file the command reads.
 *
 * The text goes to a new file in the target's own directory (".NAME.XXXXXX",
 * made with O_EXCL so that nothing else owns it); pt_output_commit() flushes
 * it to the disk and renames it over the target, so that a reader sees the
 * old file or the new one, never half of one, and a failure or a kill leaves
 * the old file as it was. The target is refused when it is a directory, the
 * open database, its -wal, -shm or -journal file, or any input of the
 * command, compared by device and inode (a hard link or a symbolic link is
 * the same file under another name) and, for the database's companions that
 * may not exist yet, by name.
 *
 * A target that exists and is not a regular file (a terminal, /dev/null, a
 * pipe such as /dev/stdout) is written in place: there is nothing to replace.
 *
 * The database's own file is never opened here: closing any descriptor of a
 * file drops the POSIX locks the process holds on it, SQLite's included. The
 * checks use stat() only.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/core.h"
#include "core/outfile.h"

struct guard {
	struct stat st;
	const char *what;          /* "the database", ... */
	char *name;
};

struct pt_output {
	pt_db *db;
	FILE *f;
	char *target;              /* the file to replace (symbolic links followed) */
	char *temp;                /* the new file beside it; NULL when written in place */
	char *shown;               /* the name the caller gave, for messages */
	struct guard *guards;      /* the files it must not be */
	size_t guard_count;
	char *companion[3];        /* the database's -wal, -shm, -journal (canonical names) */
};

static const char *const companion_suffix[3] = { "-wal", "-shm", "-journal" };

/* The directory part of path ("." when none) and its last part. */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;
	char *d;
	if (!slash)
		return pt__strdup(".");
	n = slash == path ? 1 : (size_t)(slash - path);
	d = malloc(n + 1);
	if (d) {
		memcpy(d, path, n);
		d[n] = '\0';
	}
	return d;
}

static const char *base_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The canonical name of a file that may not exist: its directory resolved
 * (symbolic links, "..") and its own name. NULL when the directory cannot
 * be resolved or no memory. */
char *pt__canonical_name(const char *path)
{
	char *dir = dir_of(path), *real = NULL, *out = NULL;
	const char *base = base_of(path);
	pt__buf b = PT__BUF_INIT;

	if (dir)
		real = realpath(dir, NULL);
	if (real && *base && strcmp(base, ".") && strcmp(base, "..")) {
		pt__buf_puts(&b, real);
		if (strcmp(real, "/"))
			pt__buf_putc(&b, '/');
		pt__buf_puts(&b, base);
		out = b.failed ? NULL : pt__buf_detach(&b);
	} else if (real) {
		out = realpath(path, NULL);
	}
	pt__buf_release(&b);
	free(real);
	free(dir);
	return out;
}

static int same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Adds a file the output must not be: by inode when it exists. */
static int guard_add(pt_output *o, const char *path, const char *what, int is_stdin)
{
	struct stat st;
	struct guard *grown;
	if (is_stdin ? fstat(STDIN_FILENO, &st) : stat(path, &st))
		return PT_OK; /* gone or unreadable: nothing to overwrite by inode */
	if (!S_ISREG(st.st_mode))
		return PT_OK; /* a pipe or a terminal: renaming cannot touch it */
	if (!(grown = realloc(o->guards, (o->guard_count + 1) * sizeof *grown)))
		return pt__error(o->db, PT_ENOMEM, "out of memory");
	o->guards = grown;
	grown[o->guard_count].st = st;
	grown[o->guard_count].what = what;
	if (!(grown[o->guard_count].name = pt__strdup(is_stdin ? "standard input" : path)))
		return pt__error(o->db, PT_ENOMEM, "out of memory");
	o->guard_count++;
	return PT_OK;
}

static int guard_database(pt_output *o)
{
	const char *path = o->db ? o->db->path : NULL;
	char *canonical;
	int rc;

	if (!path || !*path || !strcmp(path, ":memory:"))
		return PT_OK;
	if ((rc = guard_add(o, path, "the database", 0)))
		return rc;
	canonical = pt__canonical_name(path);
	for (int i = 0; i < 3; i++) {
		pt__buf b = PT__BUF_INIT;
		pt__buf_puts(&b, path);
		pt__buf_puts(&b, companion_suffix[i]);
		static const char *const what[3] = {
			"the database's -wal file", "the database's -shm file",
			"the database's -journal file",
		};
		if (b.failed || (rc = guard_add(o, pt__buf_str(&b), what[i], 0))) {
			pt__buf_release(&b);
			free(canonical);
			return b.failed ? pt__error(o->db, PT_ENOMEM, "out of memory") : rc;
		}
		pt__buf_release(&b);
		if (canonical) {
			pt__buf_puts(&b, canonical);
			pt__buf_puts(&b, companion_suffix[i]);
			o->companion[i] = b.failed ? NULL : pt__buf_detach(&b);
			pt__buf_release(&b);
		}
	}
	free(canonical);
	return PT_OK;
}

/* PT_OK when the target may be written; otherwise the message is set. */
static int check_target(pt_output *o)
{
	struct stat st;
	char *canonical;

	if (stat(o->target, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return pt__error(o->db, PT_EINVAL, "%s: is a directory", o->shown);
		for (size_t i = 0; i < o->guard_count; i++)
			if (same_file(&st, &o->guards[i].st))
				return pt__error(o->db, PT_EINVAL, "%s: will not write over %s ('%s')",
						 o->shown, o->guards[i].what, o->guards[i].name);
	}
	/* the database's -wal or -shm, which may not exist now but will */
	canonical = pt__canonical_name(o->target);
	for (int i = 0; canonical && i < 3; i++)
		if (o->companion[i] && !strcmp(canonical, o->companion[i])) {
			free(canonical);
			return pt__error(o->db, PT_EINVAL, "%s: will not write over the database's %s "
					 "file", o->shown, companion_suffix[i]);
		}
	free(canonical);
	return PT_OK;
}

static void output_free(pt_output *o)
{
	if (!o)
		return;
	free(o->target);
	free(o->temp);
	free(o->shown);
	for (size_t i = 0; i < o->guard_count; i++)
		free(o->guards[i].name);
	free(o->guards);
	for (int i = 0; i < 3; i++)
		free(o->companion[i]);
	free(o);
}

/* A new file beside the target, made here and nowhere else (O_EXCL), with
 * the mode a new file gets (0666 less the umask) or the old file's. */
static int open_temp(pt_output *o, const struct stat *old)
{
	static unsigned counter;
	char *dir = dir_of(o->target);
	int fd = -1, err = 0;

	if (!dir)
		return pt__error(o->db, PT_ENOMEM, "out of memory");
	for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
		struct timespec ts;
		pt__buf name = PT__BUF_INIT;
		clock_gettime(CLOCK_REALTIME, &ts);
		pt__buf_printf(&name, "%s/.%s.%ld%06lx%02x.tmp", dir, base_of(o->target), (long)getpid(),
			       (unsigned long)(ts.tv_nsec / 1000) & 0xffffff, counter++ & 0xff);
		if (name.failed) {
			pt__buf_release(&name);
			free(dir);
			return pt__error(o->db, PT_ENOMEM, "out of memory");
		}
		fd = open(pt__buf_str(&name), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOCTTY, 0666);
		err = errno;
		if (fd >= 0)
			o->temp = pt__buf_detach(&name);
		pt__buf_release(&name);
		if (fd < 0 && err != EEXIST)
			break;
	}
	free(dir);
	if (fd < 0) {
		char why[160];
		return pt__error(o->db, PT_EIO, "%s: cannot write: %s", o->shown,
				 pt__errno_text(err, why, sizeof why));
	}
	if (!o->temp) {
		close(fd);
		return pt__error(o->db, PT_ENOMEM, "out of memory");
	}
	if (old) {
		/* the replaced file keeps its permissions (and, for root, owner) */
		if (fchmod(fd, old->st_mode & 07777)) {
			/* not fatal: the new file has the default mode */
		}
		if (geteuid() == 0 && fchown(fd, old->st_uid, old->st_gid)) {
			/* likewise */
		}
	}
	if (!(o->f = fdopen(fd, "wb"))) {
		err = errno;
		close(fd);
		unlink(o->temp);
		return pt__error(o->db, PT_ENOMEM, "%s: cannot write: %s", o->shown, strerror(err));
	}
	return PT_OK;
}

int pt_output_open(pt_db *db, const char *path, const char *const *inputs, size_t input_count,
		   pt_output **out)
{
	pt_output *o;
	struct stat lst, st;
	int rc, exists;

	*out = NULL;
	if (!db)
		return PT_EINVAL;
	if (!path || !*path)
		return pt__error(db, PT_EINVAL, "no file name to write to");
	if (!(o = calloc(1, sizeof *o)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	o->db = db;
	if (!(o->shown = pt__strdup(path))) {
		output_free(o);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	/* a symbolic link: write the file it points to, and keep the link */
	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode) && (o->target = realpath(path, NULL)))
		;
	else
		o->target = pt__strdup(path);
	if (!o->target) {
		output_free(o);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	if ((rc = guard_database(o)))
		goto fail;
	for (size_t i = 0; i < input_count; i++)
		if (inputs[i] && (rc = guard_add(o, inputs[i], "an input of this command",
						 !strcmp(inputs[i], "-"))))
			goto fail;
	if ((rc = check_target(o)))
		goto fail;
	exists = stat(o->target, &st) == 0;
	if (exists && !S_ISREG(st.st_mode)) {
		/* a terminal, a pipe, /dev/null: write into it as it is */
		int fd = open(o->target, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0 || !(o->f = fdopen(fd, "wb"))) {
			char why[160];
			int err = errno;
			if (fd >= 0)
				close(fd);
			rc = pt__error(db, PT_EIO, "%s: cannot write: %s", o->shown,
				       pt__errno_text(err, why, sizeof why));
			goto fail;
		}
	} else if ((rc = open_temp(o, exists ? &st : NULL))) {
		goto fail;
	}
	*out = o;
	return PT_OK;
fail:
	output_free(o);
	return rc;
}

FILE *pt_output_stream(pt_output *out)
{
	return out ? out->f : NULL;
}

const char *pt_output_name(const pt_output *out)
{
	return out ? out->shown : NULL;
}

/* Makes a rename in dir lasting (the directory's entry on the disk). */
static void sync_dir(const char *file)
{
	char *dir = dir_of(file);
	int fd = dir ? open(dir, O_RDONLY | O_CLOEXEC | O_DIRECTORY) : -1;
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int pt_output_commit(pt_output *out)
{
	pt_db *db;
	int err = 0, rc = PT_OK;
	char why[160];

	if (!out)
		return PT_EINVAL;
	db = out->db;
	if (fflush(out->f) != 0 || ferror(out->f))
		err = errno ? errno : EIO;
	if (!err && out->temp && fsync(fileno(out->f)) != 0)
		err = errno;
	if (fclose(out->f) != 0 && !err)
		err = errno ? errno : EIO;
	out->f = NULL;
	if (err) {
		rc = pt__error(db, PT_EIO, "%s: cannot write: %s", out->shown,
			       pt__errno_text(err, why, sizeof why));
	} else if (out->temp) {
		/* once more: the target may have changed since the open */
		if ((rc = check_target(out)) == PT_OK && rename(out->temp, out->target) != 0)
			rc = pt__error(db, PT_EIO, "%s: cannot write: %s", out->shown,
				       pt__errno_text(errno, why, sizeof why));
		if (rc == PT_OK) {
			sync_dir(out->target);
			free(out->temp);
			out->temp = NULL;
		}
	}
	if (out->temp)
		unlink(out->temp);
	output_free(out);
	return rc;
}

void pt_output_abort(pt_output *out)
{
	if (!out)
		return;
	if (out->f)
		fclose(out->f);
	if (out->temp)
		unlink(out->temp);
	output_free(out);
}
