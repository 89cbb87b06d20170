#include "record/recordcodec.h"

#include "record/bytecodec.h"

#include <cstring>

namespace sy::record {
namespace {

using codec::put;
using codec::putByteList;
using codec::putBytes;

// Not '{': rows from before this form hold the record as JSON text.
constexpr char kRecordFormat = 'R';

// A 32-bit length at `at`, filled in once what follows it is written.
class LengthPrefix {
public:
    explicit LengthPrefix(std::string &out) : m_out(out), m_at(out.size()) { put(out, quint32(0)); }
    void close()
    {
        const quint32 n = quint32(m_out.size() - m_at - sizeof(quint32));
        std::memcpy(m_out.data() + m_at, &n, sizeof n);
    }

private:
    std::string &m_out;
    std::size_t m_at;
};

void putText(std::string &out, const QString &text)
{
    if (text.isEmpty())
        putBytes(out, {});
    else
        putBytes(out, text.toUtf8());
}

void encodeRecord(const RequestRecord &r, std::string &out)
{
    // The columns' fields first, in EncodedRecord's order: readColumns reads them in place.
    put(out, kRecordFormat);
    put(out, r.startedUs);
    put(out, qint32(r.status));
    for (const QByteArray *field : {&r.id, &r.inbound, &r.requested, &r.routeMode, &r.model, &r.backend})
        putBytes(out, *field);
    putText(out, r.error);
    putBytes(out, r.clientName);
    putText(out, r.client);
    putBytes(out, r.endpoint);
    putBytes(out, r.partialOutput);
    put(out, quint8(r.stream));
    put(out, quint8(r.tokensEstimated));
    put(out, r.latencyMs);
    put(out, r.ttftMs);
    put(out, r.tokensPerS);
    put(out, r.tokensIn);
    put(out, r.tokensOut);
    putByteList(out, r.chain);
    put(out, quint32(r.attempts.size()));
    for (const AttemptSummary &a : r.attempts) {
        for (const QByteArray *field : {&a.model, &a.backend, &a.params, &a.outcome, &a.trigger})
            putBytes(out, *field);
        putText(out, a.error);
        put(out, qint32(a.status));
        put(out, a.latencyMs);
    }
}

// Reads the format byte and the fields encodeRecord writes first; false when the bytes
// are not a record.
bool readColumns(codec::Reader &in, EncodedRecord &e)
{
    if (in.take<char>() != kRecordFormat)
        return false;
    e.startedUs = in.take<qint64>();
    e.status = in.take<qint32>();
    for (QByteArrayView *field : {&e.id, &e.inbound, &e.requested, &e.routeMode, &e.model, &e.backend, &e.error, &e.clientName})
        *field = in.takeView();
    return in.ok();
}

} // namespace

void appendEncoded(const RequestRecord &r, std::string &queue)
{
    LengthPrefix record(queue);
    encodeRecord(r, queue);
    record.close();
    LengthPrefix trace(queue);
    if (r.trace)
        encodeTrace(*r.trace, queue);
    trace.close();
    putBytes(queue, r.storedResponseId);
    putBytes(queue, r.storedResponse);
    putBytes(queue, r.storedInputItems);
}

std::optional<EncodedRecord> takeEncoded(QByteArrayView queue, qsizetype *at)
{
    codec::Reader in(queue.sliced(*at));
    EncodedRecord e;
    e.record = in.takeView();
    e.trace = in.takeView();
    e.storedResponseId = in.takeView();
    e.storedResponse = in.takeView();
    e.storedInputItems = in.takeView();
    codec::Reader fields(e.record);
    if (!in.ok() || !readColumns(fields, e)) {
        *at = queue.size();
        return std::nullopt;
    }
    *at += in.position();
    return e;
}

bool isEncodedRecord(QByteArrayView bytes)
{
    return !bytes.isEmpty() && bytes.front() == kRecordFormat;
}

std::optional<RequestRecord> decodeRecord(QByteArrayView bytes)
{
    codec::Reader in(bytes);
    EncodedRecord columns;
    if (!readColumns(in, columns))
        return std::nullopt;
    RequestRecord r;
    r.startedUs = columns.startedUs;
    r.status = columns.status;
    r.id = columns.id.toByteArray();
    r.inbound = columns.inbound.toByteArray();
    r.requested = columns.requested.toByteArray();
    r.routeMode = columns.routeMode.toByteArray();
    r.model = columns.model.toByteArray();
    r.backend = columns.backend.toByteArray();
    r.error = QString::fromUtf8(columns.error);
    r.clientName = columns.clientName.toByteArray();
    r.client = in.takeString();
    r.endpoint = in.takeBytes();
    r.partialOutput = in.takeBytes();
    r.stream = in.take<quint8>() != 0;
    r.tokensEstimated = in.take<quint8>() != 0;
    r.latencyMs = in.take<double>();
    r.ttftMs = in.take<double>();
    r.tokensPerS = in.take<double>();
    r.tokensIn = in.take<qint64>();
    r.tokensOut = in.take<qint64>();
    r.chain = in.takeByteList();
    const quint32 attempts = in.take<quint32>();
    for (quint32 i = 0; i < attempts && in.ok(); ++i) {
        AttemptSummary a;
        for (QByteArray *field : {&a.model, &a.backend, &a.params, &a.outcome, &a.trigger})
            *field = in.takeBytes();
        a.error = in.takeString();
        a.status = in.take<qint32>();
        a.latencyMs = in.take<double>();
        r.attempts.push_back(std::move(a));
    }
    if (!in.ok() || !in.atEnd())
        return std::nullopt;
    return r;
}

} // namespace sy::record
