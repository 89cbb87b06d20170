#include "util/logring.h"

#include <QDateTime>
#include <algorithm>

namespace sy {
namespace {

// A line kept at most this long: a server that prints megabytes without a line break (a
// base64 dump) would otherwise hold them in the ring and send them with every log read.
constexpr qsizetype kMaxLineBytes = 16 * 1024;

QString lineText(QByteArrayView line)
{
    if (line.size() <= kMaxLineBytes)
        return QString::fromUtf8(line);
    return QString::fromUtf8(line.first(kMaxLineBytes)) + QStringLiteral(" [... %1 more bytes]").arg(line.size() - kMaxLineBytes);
}

} // namespace

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
        push(lineText(line));
        start = newline + 1;
    }
    m_partial.remove(0, start);
    if (m_partial.size() > 64 * 1024) { // a runaway line without an end
        push(lineText(m_partial));
        m_partial.clear();
    }
}

void LogRing::beginRun(const QString &note)
{
    if (!m_partial.isEmpty()) {
        push(lineText(m_partial));
        m_partial.clear();
    }
    push(QStringLiteral("--- %1 ---").arg(note));
    m_runStart = m_total;
    m_noiseInRun = 0;
}

void LogRing::push(QString line)
{
    if (m_isNoise && m_isNoise(line)) {
        ++m_noiseInRun;
        return;
    }
    m_lines.push_back({QDateTime::currentMSecsSinceEpoch(), std::move(line)});
    ++m_total;
    if (m_lines.size() > m_capacity)
        m_lines.pop_front();
}

QStringList LogRing::after(std::uint64_t number, std::size_t count, bool withTimes) const
{
    const std::uint64_t newer = m_total > number ? m_total - number : 0;
    const std::size_t wanted = std::size_t(std::min<std::uint64_t>({newer, count, m_lines.size()}));
    QStringList out;
    for (std::size_t i = m_lines.size() - wanted; i < m_lines.size(); ++i)
        out << (withTimes ? QDateTime::fromMSecsSinceEpoch(m_lines[i].timeMs).toString(QStringLiteral("HH:mm:ss.zzz ")) + m_lines[i].text
                          : m_lines[i].text);
    return out;
}

} // namespace sy
