#pragma once
// The primitives of the record's compact binary forms (the trace, the history's rows):
// fixed-width values as their little-endian bytes, byte strings with a 32-bit length.
// These forms are stored (history.sqlite) and read by later builds: a layout change takes
// a new format byte, and the decoder keeps reading the old one.

#include <QByteArray>
#include <QByteArrayList>
#include <QByteArrayView>
#include <QString>
#include <bit>
#include <cstring>
#include <string>
#include <type_traits>

static_assert(std::endian::native == std::endian::little, "the stored forms are written in native byte order");

namespace sy::record::codec {

template <typename T>
void put(std::string &out, T value)
{
    static_assert(std::is_arithmetic_v<T>, "fixed-width values only");
    out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

inline void putBytes(std::string &out, QByteArrayView bytes)
{
    put(out, quint32(bytes.size()));
    out.append(bytes.data(), std::size_t(bytes.size()));
}

inline void putByteList(std::string &out, const QByteArrayList &list)
{
    put(out, quint32(list.size()));
    for (const QByteArray &bytes : list)
        putBytes(out, bytes);
}

// Reads what put() wrote; any read past the end makes the whole decode fail.
class Reader {
public:
    explicit Reader(QByteArrayView bytes) : m_bytes(bytes) {}

    template <typename T>
    T take()
    {
        T value{};
        if (m_at + qsizetype(sizeof value) > m_bytes.size()) {
            m_ok = false;
            return value;
        }
        std::memcpy(&value, m_bytes.data() + m_at, sizeof value);
        m_at += qsizetype(sizeof value);
        return value;
    }
    // The next byte string, pointing into the bytes being read (no copy).
    QByteArrayView takeView()
    {
        const quint32 n = take<quint32>();
        if (!m_ok || qsizetype(n) > m_bytes.size() - m_at) {
            m_ok = false;
            return {};
        }
        const QByteArrayView out(m_bytes.data() + m_at, qsizetype(n));
        m_at += qsizetype(n);
        return out;
    }
    QByteArray takeBytes() { return takeView().toByteArray(); }
    QString takeString() { return QString::fromUtf8(takeView()); }
    QByteArrayList takeByteList()
    {
        QByteArrayList list;
        const quint32 n = take<quint32>();
        for (quint32 i = 0; i < n && m_ok; ++i)
            list << takeBytes();
        return list;
    }
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_at == m_bytes.size(); }
    qsizetype position() const { return m_at; }

private:
    QByteArrayView m_bytes;
    qsizetype m_at = 0;
    bool m_ok = true;
};

} // namespace sy::record::codec
