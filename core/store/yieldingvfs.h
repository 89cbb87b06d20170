#pragma once
// An SQLite VFS that can offer the CPU after every page it writes. The history writer
// shares a CPU with the core thread wherever cores are few, and the scheduler lets a thread
// that is running keep the CPU for a while after the core thread wakes up. A COMMIT (the
// batch's pages into the WAL) and a WAL checkpoint are single calls that run for
// milliseconds, so without this, a request that arrives meanwhile waits for them.

#include <chrono>
#include <cstdint>

namespace sy::history {

// The VFS's name for sqlite3_open_v2 (registered on first use), or nullptr (SQLite's
// default VFS) if it could not be registered.
const char *yieldingVfs();

// While one lives on a thread, and for at most `budget` of wall time from its start, that
// thread's page writes through the VFS offer the CPU (by default they do not). On a
// machine whose CPUs are all busy, each offer can hand another process a whole time slice;
// the budget keeps a writer that offers from falling behind. The innermost one decides;
// the one before it applies again when it ends.
class OfferCpuAfterWrites {
public:
    explicit OfferCpuAfterWrites(std::chrono::milliseconds budget);
    ~OfferCpuAfterWrites();
    OfferCpuAfterWrites(const OfferCpuAfterWrites &) = delete;
    OfferCpuAfterWrites &operator=(const OfferCpuAfterWrites &) = delete;

    // Offers the CPU if this thread is within its budget (for work between page writes).
    static void offer();
    // How often this thread has offered it (for tests).
    static std::uint64_t offersOnThisThread();

private:
    std::chrono::steady_clock::time_point m_previous;
};

} // namespace sy::history
