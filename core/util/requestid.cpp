#include "util/requestid.h"

#include <QRandomGenerator>
#include <atomic>
#include <charconv>
#include <cstring>

namespace sy {

namespace {

constexpr qsizetype kTimeDigits = 11; // milliseconds: enough until the year 2527
constexpr qsizetype kIdSize = 4 + kTimeDigits + 12;

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

QByteArray newRequestId(qint64 nowUs)
{
    static const quint64 seed = QRandomGenerator::system()->generate64();
    static std::atomic<quint64> counter{0};
    // splitmix64 of a counter: distinct for every call, not guessable from the previous one.
    quint64 z = seed + 0x9e3779b97f4a7c15ull * (counter.fetch_add(1, std::memory_order_relaxed) + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    char id[kIdSize] = {'r', 'e', 'q', '_'};
    hex(id + 4, quint64(nowUs / 1000) & 0xfffffffffffull, kTimeDigits);
    hex(id + 4 + kTimeDigits, z >> 16, 12);
    return QByteArray(id, sizeof id);
}

std::optional<qint64> requestIdMs(QByteArrayView id)
{
    if (id.size() != kIdSize || !id.startsWith("req_"))
        return std::nullopt;
    for (char c : id.sliced(4)) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return std::nullopt;
    }
    qint64 ms = 0;
    std::from_chars(id.data() + 4, id.data() + 4 + kTimeDigits, ms, 16);
    return ms;
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
