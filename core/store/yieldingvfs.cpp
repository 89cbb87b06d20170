#include "store/yieldingvfs.h"

#include <sqlite3.h>

#include <QtGlobal>
#include <cstdint>
#include <thread>

namespace sy::history {
namespace {

// A file of this VFS is an sqlite3_file with our methods, and right behind it in the same
// allocation (szOsFile below) the default VFS's file, which must stay aligned.
static_assert(sizeof(sqlite3_file) % 8 == 0);

sqlite3_vfs *g_default = nullptr;
sqlite3_vfs g_vfs;
thread_local std::chrono::steady_clock::time_point t_offerUntil; // the epoch: not offering
thread_local std::uint64_t t_offers = 0;

sqlite3_file *real(sqlite3_file *f) { return f + 1; }
const sqlite3_io_methods &io(sqlite3_file *f) { return *real(f)->pMethods; }

int fileWrite(sqlite3_file *f, const void *data, int amount, sqlite3_int64 offset)
{
    const int rc = io(f).xWrite(real(f), data, amount, offset);
    OfferCpuAfterWrites::offer();
    return rc;
}

int fileClose(sqlite3_file *f) { return io(f).xClose(real(f)); }
int fileRead(sqlite3_file *f, void *data, int amount, sqlite3_int64 offset) { return io(f).xRead(real(f), data, amount, offset); }
int fileTruncate(sqlite3_file *f, sqlite3_int64 size) { return io(f).xTruncate(real(f), size); }
int fileSync(sqlite3_file *f, int flags) { return io(f).xSync(real(f), flags); }
int fileSize(sqlite3_file *f, sqlite3_int64 *size) { return io(f).xFileSize(real(f), size); }
int fileLock(sqlite3_file *f, int level) { return io(f).xLock(real(f), level); }
int fileUnlock(sqlite3_file *f, int level) { return io(f).xUnlock(real(f), level); }
int fileCheckReservedLock(sqlite3_file *f, int *out) { return io(f).xCheckReservedLock(real(f), out); }
int fileControl(sqlite3_file *f, int op, void *arg) { return io(f).xFileControl(real(f), op, arg); }
int fileSectorSize(sqlite3_file *f) { return io(f).xSectorSize(real(f)); }
int fileDeviceCharacteristics(sqlite3_file *f) { return io(f).xDeviceCharacteristics(real(f)); }
int fileShmMap(sqlite3_file *f, int region, int size, int extend, void volatile **out)
{
    return io(f).xShmMap(real(f), region, size, extend, out);
}
int fileShmLock(sqlite3_file *f, int offset, int n, int flags) { return io(f).xShmLock(real(f), offset, n, flags); }
void fileShmBarrier(sqlite3_file *f) { io(f).xShmBarrier(real(f)); }
int fileShmUnmap(sqlite3_file *f, int deleteFlag) { return io(f).xShmUnmap(real(f), deleteFlag); }
int fileFetch(sqlite3_file *f, sqlite3_int64 offset, int amount, void **out) { return io(f).xFetch(real(f), offset, amount, out); }
int fileUnfetch(sqlite3_file *f, sqlite3_int64 offset, void *p) { return io(f).xUnfetch(real(f), offset, p); }

// One table per version the default VFS's files may have: SQLite calls only the methods
// of the version a file reports.
constexpr sqlite3_io_methods methods(int version)
{
    return {version,        fileClose,   fileRead,       fileWrite,    fileTruncate,
            fileSync,       fileSize,    fileLock,       fileUnlock,   fileCheckReservedLock,
            fileControl,    fileSectorSize,              fileDeviceCharacteristics,
            fileShmMap,     fileShmLock, fileShmBarrier, fileShmUnmap, fileFetch,
            fileUnfetch};
}
constexpr sqlite3_io_methods kMethods[] = {methods(1), methods(2), methods(3)};

int vfsOpen(sqlite3_vfs *, sqlite3_filename name, sqlite3_file *f, int flags, int *outFlags)
{
    // The default VFS's own pointer: it keeps it in the file and reads its pAppData.
    const int rc = g_default->xOpen(g_default, name, real(f), flags, outFlags);
    // SQLite closes a file whose pMethods is set, also after a failed open.
    const sqlite3_io_methods *realMethods = real(f)->pMethods;
    f->pMethods = realMethods ? &kMethods[qBound(1, realMethods->iVersion, 3) - 1] : nullptr;
    return rc;
}

} // namespace

const char *yieldingVfs()
{
    static const char *name = [] () -> const char * {
        g_default = sqlite3_vfs_find(nullptr);
        if (!g_default)
            return nullptr;
        g_vfs = *g_default; // everything but opening files is the default VFS's own
        g_vfs.zName = "switchyard-yielding";
        g_vfs.szOsFile = int(sizeof(sqlite3_file)) + g_default->szOsFile;
        g_vfs.xOpen = vfsOpen;
        return sqlite3_vfs_register(&g_vfs, 0) == SQLITE_OK ? g_vfs.zName : nullptr;
    }();
    return name;
}

OfferCpuAfterWrites::OfferCpuAfterWrites(std::chrono::milliseconds budget) : m_previous(t_offerUntil)
{
    t_offerUntil = std::chrono::steady_clock::now() + budget;
}

OfferCpuAfterWrites::~OfferCpuAfterWrites() { t_offerUntil = m_previous; }

void OfferCpuAfterWrites::offer()
{
    if (t_offerUntil == std::chrono::steady_clock::time_point() || std::chrono::steady_clock::now() >= t_offerUntil)
        return;
    ++t_offers;
    std::this_thread::yield(); // returns at once when nothing else wants this CPU
}

std::uint64_t OfferCpuAfterWrites::offersOnThisThread() { return t_offers; }

} // namespace sy::history
