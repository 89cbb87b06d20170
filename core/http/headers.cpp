#include "http/headers.h"

#include <algorithm>

namespace sy::http {

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

void Headers::add(QByteArray name, QByteArray value)
{
    m_fields.push_back({std::move(name), std::move(value)});
}

void Headers::set(QByteArray name, QByteArray value)
{
    remove(name);
    add(std::move(name), std::move(value));
}

void Headers::remove(QByteArrayView name)
{
    std::erase_if(m_fields, [&](const Header &h) { return equalsIgnoreCase(h.name, name); });
}

bool Headers::has(QByteArrayView name) const
{
    return std::any_of(m_fields.begin(), m_fields.end(), [&](const Header &h) { return equalsIgnoreCase(h.name, name); });
}

QByteArray Headers::value(QByteArrayView name) const
{
    for (const Header &h : m_fields) {
        if (equalsIgnoreCase(h.name, name))
            return h.value;
    }
    return {};
}

bool Headers::hasToken(QByteArrayView name, QByteArrayView token) const
{
    for (const Header &h : m_fields) {
        if (!equalsIgnoreCase(h.name, name))
            continue;
        QByteArrayView rest(h.value);
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

void Headers::appendTo(QByteArray &out) const
{
    for (const Header &h : m_fields) {
        out.append(h.name);
        out.append(": ", 2);
        out.append(h.value);
        out.append("\r\n", 2);
    }
}

bool isHopByHop(QByteArrayView name)
{
    static constexpr const char *kHopByHop[] = {"connection", "keep-alive", "proxy-connection", "transfer-encoding",
                                                "te", "trailer", "upgrade", "proxy-authenticate",
                                                "proxy-authorization"};
    return std::any_of(std::begin(kHopByHop), std::end(kHopByHop),
                       [&](const char *h) { return equalsIgnoreCase(name, QByteArrayView(h)); });
}

} // namespace sy::http
