// The history's compact record form: every field of a record comes back as written (its
// JSON is the same), entries queued one after another are read back in order with the
// fields the history has columns for, and cut or foreign bytes are refused, never misread.

#include "record/recordcodec.h"

#include <QtTest>

using namespace sy::record;

namespace {

RequestRecord fullRecord(int n)
{
    RequestRecord r;
    r.id = "req-" + QByteArray::number(n);
    r.startedUs = 1'764'000'000'000'000 + n;
    r.client = QStringLiteral("127.0.0.1");
    r.clientName = "ci-bot";
    r.inbound = "anthropic";
    r.endpoint = "chat";
    r.requested = "agent:claude-code";
    r.routeMode = "agent";
    r.chain = {"a", "b"};
    AttemptSummary failed;
    failed.model = "a";
    failed.backend = "local";
    failed.outcome = "retryable";
    failed.trigger = "timeout";
    failed.error = QStringLiteral("no answer within 30 s — gave up");
    failed.status = 504;
    failed.latencyMs = 30000.5;
    AttemptSummary delivered;
    delivered.model = "b";
    delivered.backend = "cloud";
    delivered.params = R"({"temperature":0.2})";
    delivered.outcome = "delivered";
    delivered.status = 200;
    delivered.latencyMs = 812.25;
    r.attempts = {failed, delivered};
    r.model = "b";
    r.backend = "cloud";
    r.status = 200;
    r.stream = true;
    r.latencyMs = 30812.75;
    r.ttftMs = 90.5;
    r.tokensIn = 1234;
    r.tokensOut = 56;
    r.tokensEstimated = false; // unlike `stream`: a swap of the two would show
    r.tokensPerS = 41.5;
    r.error = QStringLiteral("Ünicode error text");
    r.partialOutput = "partial \xc3\xa9 output";
    r.storedResponseId = "resp_" + QByteArray::number(n);
    r.storedResponse = R"({"id":"resp"})";
    r.storedInputItems = R"([{"type":"message"}])";
    auto trace = std::make_shared<RouteTrace>();
    trace->route = "agent";
    trace->promptTokens = 77;
    trace->chain = {"a", "b"};
    trace->steps.push_back({TraceKind::Candidate, "a", 0, 0, "preferred"});
    r.trace = trace;
    return r;
}

} // namespace

class TestRecordCodec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyFieldComesBack();
    void queuedEntriesReadInOrder();
    void cutOrForeignBytesAreRefused();
};

void TestRecordCodec::everyFieldComesBack()
{
    for (const RequestRecord &r : {fullRecord(1), RequestRecord{}}) {
        std::string queue;
        appendEncoded(r, queue);
        qsizetype at = 0;
        const std::optional<EncodedRecord> e = takeEncoded(QByteArrayView(queue.data(), qsizetype(queue.size())), &at);
        QVERIFY(e);
        QCOMPARE(at, qsizetype(queue.size()));
        QVERIFY(isEncodedRecord(e->record));
        const std::optional<RequestRecord> back = decodeRecord(e->record);
        QVERIFY(back);
        QCOMPARE(back->json(), r.json()); // every field the JSON shows, in the same form
        QCOMPARE(back->partialOutput, r.partialOutput);
        QCOMPARE(back->attempts.size(), r.attempts.size());
        QCOMPARE(e->storedResponseId, QByteArrayView(r.storedResponseId));
        QCOMPARE(e->storedResponse, QByteArrayView(r.storedResponse));
        QCOMPARE(e->storedInputItems, QByteArrayView(r.storedInputItems));
        QCOMPARE(e->trace.isEmpty(), !r.trace);
        if (r.trace) {
            const std::optional<RouteTrace> trace = decodeTrace(e->trace, "agent");
            QVERIFY(trace);
            QCOMPARE(trace->promptTokens, 77);
            QCOMPARE(trace->steps.size(), std::size_t(1));
        }
    }
}

void TestRecordCodec::queuedEntriesReadInOrder()
{
    std::string queue;
    for (int n = 0; n < 3; ++n)
        appendEncoded(fullRecord(n), queue);
    const QByteArrayView bytes(queue.data(), qsizetype(queue.size()));
    qsizetype at = 0;
    for (int n = 0; n < 3; ++n) {
        const std::optional<EncodedRecord> e = takeEncoded(bytes, &at);
        QVERIFY(e);
        QCOMPARE(e->id, QByteArrayView("req-" + QByteArray::number(n)));
        QCOMPARE(e->startedUs, 1'764'000'000'000'000 + n);
        QCOMPARE(e->status, 200);
        QCOMPARE(e->inbound, QByteArrayView("anthropic"));
        QCOMPARE(e->requested, QByteArrayView("agent:claude-code"));
        QCOMPARE(e->routeMode, QByteArrayView("agent"));
        QCOMPARE(e->model, QByteArrayView("b"));
        QCOMPARE(e->backend, QByteArrayView("cloud"));
        QCOMPARE(QString::fromUtf8(e->error), QStringLiteral("Ünicode error text"));
        QCOMPARE(e->clientName, QByteArrayView("ci-bot"));
    }
    QCOMPARE(at, bytes.size());
}

void TestRecordCodec::cutOrForeignBytesAreRefused()
{
    std::string queue;
    appendEncoded(fullRecord(1), queue);
    const QByteArrayView whole(queue.data(), qsizetype(queue.size()));
    qsizetype at = 0;
    const std::optional<EncodedRecord> e = takeEncoded(whole, &at);
    QVERIFY(e);
    for (qsizetype cut = 0; cut < e->record.size(); ++cut)
        QVERIFY2(!decodeRecord(e->record.first(cut)), qPrintable(QString::number(cut)));
    for (qsizetype cut = 0; cut < whole.size(); ++cut) {
        qsizetype from = 0;
        QVERIFY2(!takeEncoded(whole.first(cut), &from), qPrintable(QString::number(cut)));
        QCOMPARE(from, cut); // a bad entry ends the queue rather than being read again
    }
    QVERIFY(!decodeRecord(e->record.toByteArray() + "x")); // trailing bytes
    std::string foreign = queue;
    foreign[sizeof(quint32)] = '{'; // the record's format byte, after its length
    qsizetype from = 0;
    QVERIFY(!takeEncoded(QByteArrayView(foreign.data(), qsizetype(foreign.size())), &from));
    const QByteArray json = fullRecord(1).json();
    QVERIFY(!isEncodedRecord(json)); // a row written before this form
    QVERIFY(!decodeRecord(json));
}

QTEST_GUILESS_MAIN(TestRecordCodec)
#include "tst_recordcodec.moc"
