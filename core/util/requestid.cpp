#include "util/requestid.h"

#include <QRandomGenerator>
#include <atomic>
#include <chrono>
#include <charconv>
#include <cstring>

namespace sy {

namespace {

// `value` as `width` lower-case hex digits, zero-padded.
void hex(char *out, quint64 value, std::size_t width)
{
    char digits[16];
    const char *end = std::to_chars(digits, digits + 16, value, 16).ptr;
    const std::size_t n = std::size_t(end - digits);
    std::memset(out, '0', width - n);
    std::memcpy(out + width - n, digits, n);
}

} // namespace

QByteArray newRequestId()
{
    static const quint64 seed = QRandomGenerator::system()->generate64();
    static std::atomic<quint64> counter{0};
    // splitmix64 of a counter: distinct for every call, not guessable from the previous one.
    quint64 z = seed + 0x9e3779b97f4a7c15ull * (counter.fetch_add(1, std::memory_order_relaxed) + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    // The time first (ms, 11 hex digits): ids sort by when they were made, so the history's
    // index on them grows at its end instead of at random places.
    const quint64 ms = quint64(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch()).count());
    char id[4 + 11 + 12] = {'r', 'e', 'q', '_'};
    hex(id + 4, ms & 0xfffffffffffull, 11);
    hex(id + 15, z >> 16, 12);
    return QByteArray(id, sizeof id);
}

bool isAcceptableRequestId(QByteArrayView id)
{
    if (id.isEmpty() || id.size() > 128)
        return false;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.' || c == ':';
        if (!ok)
            return false;
    }
    return true;
}

} // namespace sy
