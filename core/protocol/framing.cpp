#include "protocol/framing.h"

#include <QJsonDocument>

namespace sy::protocol {
namespace {

// The end of the first event in `buffer` (after its blank line) and the blank line's
// length, or -1.
qsizetype eventEnd(const QByteArray &buffer, qsizetype *separator)
{
    const qsizetype lf = buffer.indexOf("\n\n");
    const qsizetype crlf = buffer.indexOf("\r\n\r\n");
    if (lf < 0 && crlf < 0)
        return -1;
    if (crlf >= 0 && (lf < 0 || crlf < lf)) {
        *separator = 4;
        return crlf;
    }
    *separator = 2;
    return lf;
}

} // namespace

void SseReader::feed(QByteArrayView data, std::vector<SseEvent> &out)
{
    m_buffer.append(data);
    qsizetype separator = 0;
    qsizetype end;
    while ((end = eventEnd(m_buffer, &separator)) >= 0) {
        parseEvent(QByteArrayView(m_buffer).first(end), out);
        m_buffer.remove(0, end + separator);
    }
}

void SseReader::finish(std::vector<SseEvent> &out)
{
    if (!m_buffer.trimmed().isEmpty())
        parseEvent(m_buffer, out);
    m_buffer.clear();
}

void SseReader::parseEvent(QByteArrayView block, std::vector<SseEvent> &out)
{
    SseEvent event;
    bool hasData = false;
    for (QByteArrayView line : QByteArray::fromRawData(block.data(), block.size()).split('\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty() || line.startsWith(':'))
            continue; // comment (keep-alive)
        const qsizetype colon = line.indexOf(':');
        const QByteArrayView field = colon < 0 ? line : line.first(colon);
        QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
        if (field == "event") {
            event.event = value.toByteArray();
        } else if (field == "data") {
            if (hasData)
                event.data += '\n';
            event.data += value;
            hasData = true;
        }
    }
    if (hasData || !event.event.isEmpty())
        out.push_back(std::move(event));
}

void LineReader::feed(QByteArrayView data, QByteArrayList &out)
{
    m_buffer.append(data);
    qsizetype start = 0;
    qsizetype nl;
    while ((nl = m_buffer.indexOf('\n', start)) >= 0) {
        QByteArray line = m_buffer.mid(start, nl - start).trimmed();
        if (!line.isEmpty())
            out << line;
        start = nl + 1;
    }
    m_buffer.remove(0, start);
}

QByteArray LineReader::takeRest()
{
    QByteArray rest = m_buffer.trimmed();
    m_buffer.clear();
    return rest;
}

void appendSse(QByteArray &out, QByteArrayView name, const QJsonObject &data)
{
    if (!name.isEmpty())
        out += "event: " + name.toByteArray() + '\n';
    out += "data: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n";
}

void appendNdjson(QByteArray &out, const QJsonObject &data)
{
    out += QJsonDocument(data).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace sy::protocol
