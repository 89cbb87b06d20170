#include "protocol/openai/generationstats.h"

#include <charconv>
#include <cstddef>
#include <cstring>
#include <string_view>

namespace sy::protocol::openai {

namespace {

// memmem rather than QByteArrayView::indexOf: these read every answer and stream chunk, and
// Qt's search costs about ten instructions per byte of it (callgrind), memmem under one.
const char *find(const char *from, const char *end, std::string_view key)
{
    if (end - from < std::ptrdiff_t(key.size())) // also keeps a null view's pointer from memmem
        return nullptr;
    return static_cast<const char *>(memmem(from, size_t(end - from), key.data(), key.size()));
}

const char *findLast(const char *from, const char *end, std::string_view key)
{
    const char *found = nullptr;
    for (const char *hit = find(from, end, key); hit; hit = find(hit + key.size(), end, key))
        found = hit;
    return found;
}

} // namespace

double readPredictedPerSecond(QByteArrayView bytes)
{
    // The last occurrence: the timings follow the generated text, which could quote the key.
    constexpr std::string_view key = "\"predicted_per_second\":";
    const char *end = bytes.data() + bytes.size();
    const char *found = findLast(bytes.data(), end, key);
    if (!found)
        return -1;
    const char *p = found + key.size();
    while (p < end && *p == ' ')
        ++p;
    double value = -1;
    const auto [next, ec] = std::from_chars(p, end, value);
    return ec == std::errc() && value > 0 ? value : -1;
}

QByteArrayView lastUsageEvent(QByteArrayView chunk)
{
    constexpr std::string_view key = "\"usage\"";
    const char *begin = chunk.data();
    const char *end = begin + chunk.size();
    const char *found = findLast(begin, end, key);
    if (!found)
        return {};
    constexpr std::string_view field = "data:";
    const std::size_t start = std::string_view(begin, std::size_t(found - begin)).rfind(field);
    if (start == std::string_view::npos)
        return {};
    const auto *newline = static_cast<const char *>(memchr(found, '\n', std::size_t(end - found)));
    return QByteArrayView(begin + start + field.size(), newline ? newline : end).trimmed();
}

int countGeneratedPieces(QByteArrayView bytes)
{
    // Keys whose string values are generated output; "content" also ends "reasoning_content".
    static constexpr std::string_view kKeys[] = {"content\":\"", "\"text\":\"", "\"arguments\":\""};
    const char *end = bytes.data() + bytes.size();
    int pieces = 0;
    for (const std::string_view key : kKeys) {
        for (const char *hit = find(bytes.data(), end, key); hit; hit = find(hit + key.size(), end, key)) {
            const char *value = hit + key.size();
            if (value < end && *value != '"')
                ++pieces;
        }
    }
    return pieces;
}

bool marksAnswerEnd(QByteArrayView bytes)
{
    const char *end = bytes.data() + bytes.size();
    if (find(bytes.data(), end, "[DONE]"))
        return true;
    constexpr std::string_view key = "\"finish_reason\"";
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    for (const char *hit = find(bytes.data(), end, key); hit; hit = find(hit + key.size(), end, key)) {
        const char *p = hit + key.size();
        while (p < end && isSpace(*p))
            ++p;
        if (p == end || *p != ':')
            continue;
        ++p;
        while (p < end && isSpace(*p))
            ++p;
        if (p < end && *p == '"')
            return true;
    }
    return false;
}

} // namespace sy::protocol::openai
