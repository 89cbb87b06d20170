#pragma once

#include <chrono>
#include <cstdint>

namespace sy::http {

struct ServerLimits {
    std::uint32_t headerBytes = 32 * 1024;
    std::uint64_t bodyBytes = 32ull * 1024 * 1024;
    std::chrono::milliseconds headerTimeout{30'000}; // first byte of a request to the end of its head
    std::chrono::milliseconds bodyTimeout{60'000};   // silence while a body is arriving
    std::chrono::milliseconds bodyGrace{30'000};     // then the body must average at least:
    std::int64_t minBodyBytesPerS = 4096;
    std::chrono::milliseconds idleTimeout{75'000};   // keep-alive silence between requests
    int maxConnections = 4096;                       // beyond: 503 and close
    int maxConnectionsPerClient = 2048;              // per peer address
};

} // namespace sy::http
