#pragma once
// Gives memory that a burst freed back to the system. glibc keeps freed blocks in its
// arenas (one per thread that allocated), so after a flood of requests the process would
// keep its peak size until exit; trimming returns the free pages of every arena. mimalloc
// (linked into the switchyard program) returns each thread's own.

#if defined(__GLIBC__)
#include <malloc.h>
#endif

// mimalloc's, when the program links it (app/switchyard); weak, so what links without it
// (the tests, sanitizer builds) sees null.
extern "C" void mi_collect(bool force) __attribute__((weak));

namespace sy::util {

// Call on each thread that allocated in the burst.
inline void releaseFreedMemory()
{
#if defined(__GLIBC__)
    ::malloc_trim(0);
#endif
    // mimalloc gives a thread's freed memory back after a delay, but only once that thread
    // calls into it again, which a thread gone quiet after a flood does not (RSS stayed
    // 38-104% above idle). Giving it back at once instead costs system calls per request.
    if (mi_collect)
        mi_collect(false);
}

} // namespace sy::util
