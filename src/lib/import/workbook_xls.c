/*
 * workbook_xls.c - Excel 97-2003 workbooks (.xls, BIFF) through libfreexl,
 * which reads files only: the bytes are written to a temporary file when
 * they came from a pipe. libfreexl gives dates (in the workbook's 1900 or
 * 1904 system) as "YYYY-MM-DD" and text as UTF-8; merged cells keep their
 * value in the top-left cell (BIFF's merge records are not read).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <freexl.h>

#include "import/workbook.h"

static const char *freexl_error(int code)
{
	switch (code) {
	case FREEXL_INSUFFICIENT_MEMORY:    return "out of memory";
	case FREEXL_INVALID_CFBF_HEADER:
	case FREEXL_CFBF_INVALID_SIGNATURE: return "not an Excel 97-2003 file (no valid header)";
	case FREEXL_CFBF_READ_ERROR:
	case FREEXL_CFBF_SEEK_ERROR:        return "the file is damaged or cut short";
	case FREEXL_BIFF_WORKBOOK_NOT_FOUND: return "the file holds no workbook (another Office "
					    "97-2003 document, such as a .doc?)";
	case FREEXL_CRAFTED_FILE:           return "the file is damaged (or made to harm readers)";
	default:                            return "the file is damaged";
	}
}

static int write_temp(pt__workbook *wb)
{
	const char *dir = getenv("TMPDIR");
	pt__buf path = PT__BUF_INIT;
	size_t done = 0;
	int fd;

	pt__buf_printf(&path, "%s/powtrace-xls-XXXXXX", dir && *dir ? dir : "/tmp");
	if (path.failed)
		return pt__error(wb->db, PT_ENOMEM, "out of memory");
	if ((fd = mkstemp(path.data)) < 0) {
		int err = errno;
		pt__buf_release(&path);
		return pt__error(wb->db, PT_EIO, "cannot write a temporary copy of the workbook: %s",
				 strerror(err));
	}
	wb->temp_path = pt__buf_detach(&path);
	while (done < wb->len) {
		ssize_t n = write(fd, wb->data + done, wb->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int err = errno;
			close(fd);
			return pt__error(wb->db, PT_EIO, "cannot write a temporary copy of the "
					 "workbook: %s", strerror(err));
		}
		done += (size_t)n;
	}
	if (close(fd))
		return pt__error(wb->db, PT_EIO, "cannot write a temporary copy of the workbook: %s",
				 strerror(errno));
	return PT_OK;
}

int pt__xls_open(pt__workbook *wb, const char *path)
{
	unsigned int count = 0, mode = 0;
	int rc;

	if (!path) {
		if ((rc = write_temp(wb)))
			return rc;
		path = wb->temp_path;
	}
	rc = freexl_open(path, &wb->xls);
	if (rc != FREEXL_OK)
		return pt__error(wb->db, rc == FREEXL_INSUFFICIENT_MEMORY ? PT_ENOMEM : PT_EINVAL,
				 "cannot read the workbook: %s", freexl_error(rc));
	if (freexl_get_info(wb->xls, FREEXL_BIFF_PASSWORD, &mode) == FREEXL_OK &&
	    mode == FREEXL_BIFF_OBFUSCATED)
		return pt__error(wb->db, PT_EINVAL, "the workbook is protected by a password");
	if (freexl_get_info(wb->xls, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK)
		return pt__error(wb->db, PT_EINVAL, "cannot read the workbook's sheets");
	if (count > 10000)
		count = 10000;
	if (!(wb->sheet_names = calloc(count + 1, sizeof *wb->sheet_names)))
		return pt__error(wb->db, PT_ENOMEM, "out of memory");
	for (unsigned short i = 0; i < count; i++) {
		const char *name = NULL;
		pt__buf b = PT__BUF_INIT;
		if (freexl_get_worksheet_name(wb->xls, i, &name) == FREEXL_OK && name && *name)
			pt__buf_puts(&b, name);
		else
			pt__buf_printf(&b, "Sheet%u", i + 1);
		if (!(wb->sheet_names[wb->sheet_count] = pt__buf_detach(&b)))
			return pt__error(wb->db, PT_ENOMEM, "out of memory");
		wb->sheet_count++;
	}
	return PT_OK;
}

void pt__xls_close(pt__workbook *wb)
{
	if (wb->xls)
		freexl_close(wb->xls);
	wb->xls = NULL;
	if (wb->temp_path) {
		unlink(wb->temp_path);
		free(wb->temp_path);
		wb->temp_path = NULL;
	}
}

int pt__xls_read(pt__workbook *wb, size_t index, pt__wb_row_fn fn, void *ctx, long *bad_row)
{
	pt__wb_cells cells;
	unsigned int rows = 0;
	unsigned short columns = 0;
	int rc = PT_OK;

	memset(&cells, 0, sizeof cells);
	if (freexl_select_active_worksheet(wb->xls, (unsigned short)index) != FREEXL_OK ||
	    freexl_worksheet_dimensions(wb->xls, &rows, &columns) != FREEXL_OK)
		return pt__error(wb->db, PT_EINVAL, "cannot read sheet %zu", index + 1);
	if (rows > PT__WB_MAX_ROWS)
		rows = PT__WB_MAX_ROWS;
	for (unsigned int r = 0; r < rows && rc == PT_OK; r++) {
		pt__wb_row row;
		pt__wb_cells_reset(&cells);
		for (unsigned short c = 0; c < columns && rc == PT_OK; c++) {
			FreeXL_CellValue v;
			char text[64];
			int err = freexl_get_cell_value(wb->xls, r, c, &v);
			if (err != FREEXL_OK) {
				*bad_row = (long)r + 1;
				rc = pt__error(wb->db, PT_EINVAL, "cannot read a cell: %s", freexl_error(err));
				break;
			}
			switch (v.type) {
			case FREEXL_CELL_INT:
				snprintf(text, sizeof text, "%d", v.value.int_value);
				rc = pt__wb_cells_set(&cells, c, text, strlen(text), PT__CELL_NUMBER);
				break;
			case FREEXL_CELL_DOUBLE:
				pt__wb_number_text(v.value.double_value, text, sizeof text);
				rc = pt__wb_cells_set(&cells, c, text, strlen(text), PT__CELL_NUMBER);
				break;
			case FREEXL_CELL_TEXT:
			case FREEXL_CELL_SST_TEXT:
				if (v.value.text_value) {
					size_t n = strlen(v.value.text_value);
					if (n > PT__WB_MAX_CELL) {
						*bad_row = (long)r + 1;
						rc = pt__error(wb->db, PT_EINVAL, "a cell is longer than %u "
							       "bytes", PT__WB_MAX_CELL);
						break;
					}
					rc = pt__wb_cells_text(&cells, wb->db, c, v.value.text_value, n);
				}
				break;
			case FREEXL_CELL_DATE:
			case FREEXL_CELL_DATETIME:
				/* "YYYY-MM-DD[ HH:MM:SS]": the date */
				if (v.value.text_value)
					rc = pt__wb_cells_set(&cells, c, v.value.text_value,
							      strnlen(v.value.text_value, 10), PT__CELL_DATE);
				break;
			case FREEXL_CELL_TIME:
				if (v.value.text_value)
					rc = pt__wb_cells_set(&cells, c, v.value.text_value,
							      strlen(v.value.text_value), PT__CELL_TIME);
				break;
			default:
				break;
			}
			if (rc == PT_ENOMEM)
				rc = pt__error(wb->db, PT_ENOMEM, "out of memory");
		}
		if (rc || !cells.count)
			continue;
		if ((rc = pt__wb_cells_row(&cells, (long)r + 1, &row)))
			rc = pt__error(wb->db, rc, "out of memory");
		else if ((rc = fn(ctx, &row)))
			*bad_row = (long)r + 1;
	}
	pt__wb_cells_release(&cells);
	return rc;
}
