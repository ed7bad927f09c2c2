/* libxlsxwriter (Debian libxlsxwriter-dev): Excel .xlsx files, for `ambsim workbook`. */
#include <xlsxwriter.h>
