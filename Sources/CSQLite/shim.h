// SQLite 3 from the system, found through pkg-config "sqlite3" (Debian: libsqlite3-dev).
#include <sqlite3.h>
