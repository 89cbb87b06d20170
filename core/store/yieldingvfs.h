#pragma once
// An SQLite VFS that offers the CPU after every page it writes. The history writer shares
// a CPU with the core thread wherever cores are few, and the scheduler lets a thread that
// is running keep the CPU for a while after the core thread wakes up. A COMMIT (the batch's
// pages into the WAL) and a WAL checkpoint are single calls that run for milliseconds, so
// without this, a request that arrives meanwhile waits for them.

namespace sy::history {

// The VFS's name for sqlite3_open_v2 (registered on first use), or nullptr (SQLite's
// default VFS) if it could not be registered.
const char *yieldingVfs();

} // namespace sy::history
