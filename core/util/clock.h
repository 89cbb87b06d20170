#pragma once
// Monotonic time for latency measurements.

#include <chrono>
#include <cstdint>

namespace sy::clock {

inline std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Wall-clock microseconds since the epoch (for records; not for measuring durations).
inline std::int64_t wallUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

inline double msSince(std::int64_t startNs)
{
    return double(nowNs() - startNs) / 1e6;
}

} // namespace sy::clock
