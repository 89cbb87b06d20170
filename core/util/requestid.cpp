#include "util/requestid.h"

#include <QRandomGenerator>
#include <atomic>
#include <charconv>
#include <cstring>

namespace sy {

QByteArray newRequestId()
{
    static const quint64 seed = QRandomGenerator::system()->generate64();
    static std::atomic<quint64> counter{0};
    // splitmix64 of a counter: distinct for every call, not guessable from the previous one.
    quint64 z = seed + 0x9e3779b97f4a7c15ull * (counter.fetch_add(1, std::memory_order_relaxed) + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    char id[20] = {'r', 'e', 'q', '_', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'};
    char digits[16];
    const char *end = std::to_chars(digits, digits + 16, z, 16).ptr;
    const std::size_t n = std::size_t(end - digits);
    std::memcpy(id + 4 + (16 - n), digits, n); // zero-padded to 16 digits
    return QByteArray(id, 20);
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
