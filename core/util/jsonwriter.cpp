#include "util/jsonwriter.h"

#include <charconv>
#include <cmath>

namespace sy::json {
namespace {

// Length of the valid UTF-8 sequence starting at p (1-4), or 0 if it is not one.
int utf8Length(const unsigned char *p, const unsigned char *end)
{
    const unsigned char c = p[0];
    int n = 0;
    unsigned min = 0;
    unsigned cp = 0;
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; min = 0x10000; }
    else return 0;
    if (end - p < n)
        return 0;
    for (int i = 1; i < n; ++i) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

} // namespace

void appendString(std::string &out, QByteArrayView utf8)
{
    static const char kHex[] = "0123456789abcdef";
    out.reserve(out.size() + std::size_t(utf8.size()) + 2);
    out += '"';
    const auto *p = reinterpret_cast<const unsigned char *>(utf8.data());
    const auto *end = p + utf8.size();
    const auto *run = p; // start of bytes to copy as they are
    while (p < end) {
        const unsigned char c = *p;
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            ++p;
            continue;
        }
        if (c >= 0x80) {
            if (const int n = utf8Length(p, end)) {
                p += n;
                continue;
            }
        }
        out.append(reinterpret_cast<const char *>(run), std::size_t(p - run));
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                const char esc[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
                out.append(esc, 6);
            } else {
                out += "\xEF\xBF\xBD"; // invalid UTF-8
            }
        }
        run = ++p;
    }
    out.append(reinterpret_cast<const char *>(run), std::size_t(p - run));
    out += '"';
}

Writer &Writer::key(QByteArrayView name)
{
    separate();
    // Member names are mostly plain ASCII literals: copy those without the escaping scan.
    bool plain = true;
    for (char c : name)
        plain = plain && c >= 0x20 && c != '"' && c != '\\' && static_cast<unsigned char>(c) < 0x80;
    if (plain) {
        m_out += '"';
        m_out.append(name.data(), std::size_t(name.size()));
        m_out += "\":";
    } else {
        appendString(m_out, name);
        m_out += ':';
    }
    m_afterKey = true;
    return *this;
}

Writer &Writer::string(QByteArrayView utf8)
{
    separate();
    appendString(m_out, utf8);
    return *this;
}

Writer &Writer::number(double value)
{
    separate();
    if (!std::isfinite(value)) {
        m_out += "null";
        return *this;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    m_out.append(buffer, std::size_t(result.ptr - buffer));
    return *this;
}

Writer &Writer::integer(std::int64_t value)
{
    separate();
    char buffer[24];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    m_out.append(buffer, std::size_t(result.ptr - buffer));
    return *this;
}

} // namespace sy::json
