#pragma once
// Appends many small pieces (header lines, numbers) to a QByteArray with one resize:
// QByteArray::append costs ~100 instructions a call, and a response head is ~40 calls.

#include <QByteArray>
#include <QByteArrayView>
#include <charconv>
#include <cstring>

namespace sy::http {

class WireWriter {
public:
    // Room for `maxBytes` more; count numbers as 20 bytes each.
    WireWriter(QByteArray &out, qsizetype maxBytes) : m_out(out), m_at(out.size())
    {
        out.resize(m_at + maxBytes);
        m_p = out.data() + m_at;
    }
    ~WireWriter() { m_out.truncate(m_p - m_out.constData()); }
    WireWriter(const WireWriter &) = delete;
    WireWriter &operator=(const WireWriter &) = delete;

    WireWriter &operator<<(QByteArrayView v)
    {
        std::memcpy(m_p, v.data(), std::size_t(v.size()));
        m_p += v.size();
        return *this;
    }
    WireWriter &operator<<(char c)
    {
        *m_p++ = c;
        return *this;
    }
    WireWriter &number(unsigned long long n, int base = 10)
    {
        m_p = std::to_chars(m_p, m_p + 20, n, base).ptr;
        return *this;
    }

private:
    QByteArray &m_out;
    qsizetype m_at;
    char *m_p;
};

} // namespace sy::http
