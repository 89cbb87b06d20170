#include "util/logring.h"

namespace sy {

void LogRing::append(QByteArrayView bytes)
{
    m_partial.append(bytes);
    qsizetype start = 0;
    for (;;) {
        const qsizetype newline = m_partial.indexOf('\n', start);
        if (newline < 0)
            break;
        QByteArrayView line(m_partial.constData() + start, newline - start);
        if (line.endsWith('\r'))
            line.chop(1);
        m_lines.push_back(QString::fromUtf8(line));
        if (m_lines.size() > m_capacity)
            m_lines.pop_front();
        start = newline + 1;
    }
    m_partial.remove(0, start);
    if (m_partial.size() > 64 * 1024) { // a runaway line without an end
        m_lines.push_back(QString::fromUtf8(m_partial));
        m_partial.clear();
    }
}

QStringList LogRing::tail(std::size_t count) const
{
    QStringList out;
    const std::size_t from = m_lines.size() > count ? m_lines.size() - count : 0;
    for (std::size_t i = from; i < m_lines.size(); ++i)
        out << m_lines[i];
    return out;
}

} // namespace sy
