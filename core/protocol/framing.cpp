#include "protocol/framing.h"

#include <QJsonDocument>

#include <algorithm>

namespace sy::protocol {
namespace {

// The end of the first event in `buffer` from `from` on (where its blank line starts) and
// the blank line's length, or -1.
qsizetype eventEnd(const QByteArray &buffer, qsizetype from, qsizetype *separator)
{
    const qsizetype lf = buffer.indexOf("\n\n", from);
    const qsizetype crlf = buffer.indexOf("\r\n\r\n", from);
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
    // What was buffered before was searched then; a blank line may have begun in its last
    // three bytes.
    qsizetype from = std::max<qsizetype>(0, m_buffer.size() - 3);
    m_buffer.append(data);
    qsizetype start = 0;
    qsizetype separator = 0;
    qsizetype end;
    while ((end = eventEnd(m_buffer, from, &separator)) >= 0) {
        parseEvent(QByteArrayView(m_buffer).sliced(start, end - start), out);
        start = from = end + separator;
    }
    m_buffer.remove(0, start); // once per piece, not once per event
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
    qsizetype from = m_buffer.size(); // searched before
    m_buffer.append(data);
    qsizetype start = 0;
    qsizetype nl;
    while ((nl = m_buffer.indexOf('\n', from)) >= 0) {
        QByteArray line = m_buffer.mid(start, nl - start).trimmed();
        if (!line.isEmpty())
            out << line;
        start = from = nl + 1;
    }
    m_buffer.remove(0, start);
}

QByteArray LineReader::takeRest()
{
    QByteArray rest = m_buffer.trimmed();
    m_buffer.clear();
    return rest;
}

ApiError oversizedEventError()
{
    return makeError(ErrorKind::BadGateway,
                     QStringLiteral("the backend sent a stream event larger than %1 MiB without ending it").arg(kMaxStreamEvent >> 20),
                     "stream_error");
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
