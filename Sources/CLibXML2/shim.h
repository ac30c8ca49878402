#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU; its headers then clash with Foundation's ICU types.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/// xmlFree is a global function pointer, which Swift 6 rejects; call it through this.
static inline void tmv_xml_free(void *p) { xmlFree(p); }
