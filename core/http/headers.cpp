#include "http/headers.h"

namespace sy::http {

Headers::Headers(std::initializer_list<std::pair<QByteArrayView, QByteArrayView>> fields)
{
    for (const auto &[name, value] : fields)
        add(name, value);
}

void Headers::add(QByteArrayView name, QByteArrayView value)
{
    m_index.append({m_bytes.size(), int(name.size()), int(value.size())});
    // append(ptr, n), not resize() and memcpy: Qt 6.4's append of trivial elements is one
    // memcpy and grows by doubling, while resize() calls its out-of-line reallocation on
    // every call (~60 instructions, ten fields a list) and grows to the exact size.
    m_bytes.append(name.data(), name.size());
    m_bytes.append(value.data(), value.size());
}

void Headers::set(QByteArrayView name, QByteArrayView value)
{
    remove(name);
    add(name, value);
}

HeaderField Headers::at(qsizetype i) const
{
    const Entry &e = m_index[i];
    const char *base = m_bytes.constData() + e.at;
    return {QByteArrayView(base, e.nameSize), QByteArrayView(base + e.nameSize, e.valueSize)};
}

qsizetype Headers::find(QByteArrayView name) const
{
    // Sizes first, from the index: most names asked for are absent or differ in size.
    const char *base = m_bytes.constData();
    for (qsizetype i = 0; i < m_index.size(); ++i) {
        const Entry &e = m_index[i];
        if (e.nameSize == name.size() && equalsIgnoreCase(QByteArrayView(base + e.at, e.nameSize), name))
            return i;
    }
    return -1;
}

void Headers::remove(QByteArrayView name)
{
    // The bytes stay in m_bytes; only the index forgets them.
    for (qsizetype i = m_index.size() - 1; i >= 0; --i) {
        if (equalsIgnoreCase(at(i).name, name))
            m_index.remove(i);
    }
}

bool Headers::has(QByteArrayView name) const
{
    return find(name) >= 0;
}

QByteArray Headers::value(QByteArrayView name) const
{
    return view(name).toByteArray();
}

QByteArrayView Headers::view(QByteArrayView name) const
{
    const qsizetype i = find(name);
    return i < 0 ? QByteArrayView() : at(i).value;
}

bool Headers::hasToken(QByteArrayView name, QByteArrayView token) const
{
    for (const HeaderField f : *this) {
        if (!equalsIgnoreCase(f.name, name))
            continue;
        QByteArrayView rest = f.value;
        while (!rest.isEmpty()) {
            const qsizetype comma = rest.indexOf(',');
            const QByteArrayView part = comma < 0 ? rest : rest.first(comma);
            if (equalsIgnoreCase(part.trimmed(), token))
                return true;
            rest = comma < 0 ? QByteArrayView() : rest.sliced(comma + 1);
        }
    }
    return false;
}

qsizetype Headers::wireSize() const
{
    qsizetype n = 0;
    for (const Entry &e : m_index)
        n += e.nameSize + e.valueSize + 4;
    return n;
}

void Headers::appendTo(QByteArray &out) const
{
    WireWriter w(out, wireSize());
    writeTo(w);
}

void Headers::writeTo(WireWriter &w) const
{
    for (const HeaderField f : *this)
        w << f.name << ": " << f.value << "\r\n";
}

bool isHopByHop(QByteArrayView name)
{
    // By size first: every response field is checked, and most names have a size none of these has.
    const auto is = [name](QByteArrayView hopByHop) { return equalsIgnoreCase(name, hopByHop); };
    switch (name.size()) {
    case 2: return is("te");
    case 7: return is("trailer") || is("upgrade");
    case 10: return is("connection") || is("keep-alive");
    case 16: return is("proxy-connection");
    case 17: return is("transfer-encoding");
    case 18: return is("proxy-authenticate");
    case 19: return is("proxy-authorization");
    default: return false;
    }
}

} // namespace sy::http
