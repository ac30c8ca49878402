#include <qpdf/qpdf-c.h>
#include <stdlib.h>
/* zlib compresses the page content the finishing rewrites, at a level of our choosing (qpdf's
   C interface has no setting for its own). */
#include <zlib.h>
