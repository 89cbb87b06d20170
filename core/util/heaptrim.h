#pragma once
// Gives memory that a burst freed back to the system. glibc keeps freed blocks in its
// arenas (one per thread that allocated), so after a flood of requests the process would
// keep its peak size until exit; trimming returns the free pages of every arena.

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace sy::util {

inline void releaseFreedMemory()
{
#if defined(__GLIBC__)
    ::malloc_trim(0);
#endif
}

} // namespace sy::util
