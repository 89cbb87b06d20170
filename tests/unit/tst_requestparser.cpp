// The HTTP parsers (Boost.Beast underneath): limits, framing, keep-alive rules.

#include "http/headers.h"
#include "http/parser.h"
#include "routing/upstreamattempt.h"

#include <QtTest>

using namespace sy::http;

namespace {

// Feeds everything (optionally one byte at a time) the way HttpConnection does.
ParseState feedAll(RequestParser &parser, const QByteArray &input, bool byteByByte, std::size_t *consumed = nullptr)
{
    QByteArray pending;
    std::size_t used = 0;
    const qsizetype step = byteByByte ? 1 : input.size();
    for (qsizetype at = 0; at < input.size(); at += step) {
        pending += input.mid(at, step);
        for (;;) {
            const std::size_t n = parser.feed(pending.constData(), std::size_t(pending.size()));
            pending.remove(0, qsizetype(n));
            used += n;
            if (parser.state() == ParseState::HeadReady)
                continue;
            if (parser.state() != ParseState::NeedMore || n == 0)
                break;
        }
        if (parser.state() == ParseState::Complete || parser.state() == ParseState::Error)
            break;
    }
    if (consumed)
        *consumed = used;
    return parser.state();
}

} // namespace

class TestRequestParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void simpleGet();
    void foldedFieldHasNoLineBreak();
    void bodyByteByByte();
    void chunkedBody();
    void headerLimit();
    void declaredBodyOverLimit();
    void chunkedBodyOverLimit();
    void malformed_data();
    void malformed();
    void expectContinueStopsAtTheHead();
    void keepAliveRules_data();
    void keepAliveRules();
    void pipelinedRequestsAreSeparate();
    void upgradeIsReported();
    void responseChunked();
    void responseDelimitedByClose();
    void responseCutShort();
    void responseToHeadHasNoBody();
    void headerListPastItsInlineRoom();
    void hopByHopAndForwardedResponseFields_data();
    void hopByHopAndForwardedResponseFields();
    void percentDecodingKeepsBrokenEscapes();
};

void TestRequestParser::simpleGet()
{
    RequestParser p;
    QCOMPARE(feedAll(p, "GET /v1/models?x=1&y=a%20b HTTP/1.1\r\nHost: localhost\r\n\r\n", false), ParseState::Complete);
    QCOMPARE(p.head().method, QByteArray("GET"));
    QCOMPARE(p.head().path, QByteArray("/v1/models"));
    QCOMPARE(p.head().queryValue("y"), QByteArray("a b"));
    QCOMPARE(p.head().headers.value("HOST"), QByteArray("localhost"));
    QVERIFY(!p.head().headers.has("hosT "));
    QVERIFY(p.head().keepAlive);
    // Names match whatever the case of their letters, and only of their letters.
    QVERIFY(equalsIgnoreCase("X-Request-ID", "x-request-id"));
    QVERIFY(!equalsIgnoreCase("x^y", "x~y"));
    QVERIFY(!equalsIgnoreCase("[a]", "{a}"));
    QVERIFY(!equalsIgnoreCase("content-type", "content-typ"));
}

// RFC 9112 5.2: a field folded over lines (obs-fold) is refused or unfolded into spaces; a
// line break must not reach a value, which could be forwarded and start a field of its own.
// Beast unfolds.
void TestRequestParser::foldedFieldHasNoLineBreak()
{
    RequestParser p;
    QCOMPARE(feedAll(p, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Agent-Class: a\r\n Authorization: b\r\n\r\n", false), ParseState::Complete);
    QCOMPARE(p.head().headers.value("x-agent-class"), QByteArray("a Authorization: b"));
    QVERIFY(!p.head().headers.has("authorization"));
}

void TestRequestParser::bodyByteByByte()
{
    RequestParser p;
    const QByteArray body = R"({"model":"m","messages":[]})";
    const QByteArray request = "POST /v1/chat/completions HTTP/1.1\r\nHost: h\r\nContent-Length: " +
                               QByteArray::number(body.size()) + "\r\n\r\n" + body;
    QCOMPARE(feedAll(p, request, true), ParseState::Complete);
    QCOMPARE(p.takeBody(), body);
}

void TestRequestParser::chunkedBody()
{
    RequestParser p;
    const QByteArray request = "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n";
    QCOMPARE(feedAll(p, request, true), ParseState::Complete);
    QVERIFY(p.head().chunked);
    const QByteArray body = p.takeBody();
    QCOMPARE(body, QByteArray("hello, world"));
    QVERIFY(body.capacity() - body.size() >= kBodyPadding);
}

void TestRequestParser::headerLimit()
{
    RequestParser p;
    p.reset(1024, 1 << 20);
    const QByteArray request = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + QByteArray(2000, 'a') + "\r\n\r\n";
    QCOMPARE(feedAll(p, request, false), ParseState::Error);
    QCOMPARE(p.error(), ParseError::HeaderTooLarge);
}

void TestRequestParser::declaredBodyOverLimit()
{
    RequestParser p;
    p.reset(32 * 1024, 100);
    QCOMPARE(feedAll(p, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n", false), ParseState::Error);
    QCOMPARE(p.error(), ParseError::BodyTooLarge);
}

void TestRequestParser::chunkedBodyOverLimit()
{
    RequestParser p;
    p.reset(32 * 1024, 10);
    const QByteArray request = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "8\r\n12345678\r\n8\r\n12345678\r\n0\r\n\r\n";
    QCOMPARE(feedAll(p, request, false), ParseState::Error);
    QCOMPARE(p.error(), ParseError::BodyTooLarge);
}

void TestRequestParser::malformed_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("garbage") << QByteArray("\x01\x02\x03 nonsense\r\n\r\n");
    QTest::newRow("bad version") << QByteArray("GET / HTTP/9\r\n\r\n");
    QTest::newRow("space in header name") << QByteArray("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n");
    QTest::newRow("length and chunked") << QByteArray(
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    QTest::newRow("bad chunk size") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    QTest::newRow("negative length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n");
}

void TestRequestParser::malformed()
{
    QFETCH(QByteArray, input);
    RequestParser p;
    QCOMPARE(feedAll(p, input, false), ParseState::Error);
    QCOMPARE(p.error(), ParseError::Malformed);
    QVERIFY(!p.errorMessage().isEmpty());
}

void TestRequestParser::expectContinueStopsAtTheHead()
{
    RequestParser p;
    const QByteArray head = "POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n";
    const std::size_t n = p.feed(head.constData(), std::size_t(head.size()));
    QCOMPARE(n, std::size_t(head.size()));
    QCOMPARE(p.state(), ParseState::HeadReady);
    QVERIFY(p.head().expectContinue);
    QCOMPARE(p.feed("body", 4), std::size_t(4));
    QCOMPARE(p.state(), ParseState::Complete);
    QCOMPARE(p.takeBody(), QByteArray("body"));
}

void TestRequestParser::keepAliveRules_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("1.1") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\n\r\n") << true;
    QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n") << false;
    QTest::newRow("1.0") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
}

void TestRequestParser::keepAliveRules()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, keepAlive);
    RequestParser p;
    QCOMPARE(feedAll(p, input, false), ParseState::Complete);
    QCOMPARE(p.head().keepAlive, keepAlive);
}

void TestRequestParser::pipelinedRequestsAreSeparate()
{
    RequestParser p;
    const QByteArray first = "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc";
    const QByteArray both = first + "GET /b HTTP/1.1\r\nHost: h\r\n\r\n";
    std::size_t used = 0;
    QCOMPARE(feedAll(p, both, false, &used), ParseState::Complete);
    QCOMPARE(used, std::size_t(first.size()));
    QCOMPARE(p.takeBody(), QByteArray("abc"));
    p.reset(32 * 1024, 1 << 20);
    const QByteArray rest = both.mid(first.size());
    QCOMPARE(feedAll(p, rest, false), ParseState::Complete);
    QCOMPARE(p.head().path, QByteArray("/b"));
}

void TestRequestParser::upgradeIsReported()
{
    RequestParser p;
    QCOMPARE(feedAll(p, "GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", false),
             ParseState::Complete);
    QVERIFY(p.head().upgrade);
}

void TestRequestParser::responseChunked()
{
    ResponseParser p;
    const QByteArray input = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/event-stream\r\n\r\n"
                             "6\r\ndata: \r\n3\r\nhi\n\r\n0\r\n\r\n";
    QCOMPARE(p.feed(input.constData(), std::size_t(input.size())), std::size_t(input.size()));
    QVERIFY(p.headDone());
    QCOMPARE(p.head().status, 200);
    QCOMPARE(p.state(), ParseState::Complete);
    QCOMPARE(p.takeBody(), QByteArray("data: hi\n"));
}

void TestRequestParser::responseDelimitedByClose()
{
    ResponseParser p;
    const QByteArray input = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\npartial body";
    p.feed(input.constData(), std::size_t(input.size()));
    QCOMPARE(p.state(), ParseState::NeedMore);
    QVERIFY(!p.head().keepAlive);
    p.feedEof();
    QCOMPARE(p.state(), ParseState::Complete);
    QCOMPARE(p.takeBody(), QByteArray("partial body"));
}

void TestRequestParser::responseCutShort()
{
    ResponseParser p;
    const QByteArray input = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this";
    p.feed(input.constData(), std::size_t(input.size()));
    p.feedEof();
    QCOMPARE(p.state(), ParseState::Error);
    QCOMPARE(p.error(), ParseError::UnexpectedEof);
}

void TestRequestParser::responseToHeadHasNoBody()
{
    ResponseParser p;
    p.reset(true);
    const QByteArray input = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n";
    p.feed(input.constData(), std::size_t(input.size()));
    QCOMPARE(p.state(), ParseState::Complete);
}


void TestRequestParser::headerListPastItsInlineRoom()
{
    // Far past the 512 inline bytes and 16 inline index entries: every field kept, in order,
    // found whatever the case, and the list survives a copy and a move.
    Headers h;
    for (int i = 0; i < 300; ++i)
        h.add("X-Field-" + QByteArray::number(i), "value number " + QByteArray::number(i * 7));
    h.add("Accept", "a");
    h.add("accept", "b");
    QCOMPARE(h.size(), 302);
    QCOMPARE(h.view("x-field-0"), QByteArrayView("value number 0"));
    QCOMPARE(h.view("X-FIELD-299"), QByteArrayView("value number 2093"));
    QCOMPARE(h.view("Accept"), QByteArrayView("a"));
    int i = 0;
    for (const HeaderField f : h) {
        if (i < 300)
            QCOMPARE(f.name, QByteArrayView("X-Field-" + QByteArray::number(i)));
        ++i;
    }
    h.set("ACCEPT", "c");
    QCOMPARE(h.size(), 301);
    QCOMPARE(h.view("accept"), QByteArrayView("c"));
    h.remove("x-field-150");
    QVERIFY(!h.has("X-Field-150"));
    QCOMPARE(h.size(), 300);
    const Headers copy = h;
    Headers moved;
    moved = std::move(h);
    for (const Headers *list : std::initializer_list<const Headers *>{&copy, &moved}) {
        QCOMPARE(list->size(), 300);
        QCOMPARE(list->view("X-Field-151"), QByteArrayView("value number 1057"));
        QByteArray wire;
        list->appendTo(wire);
        QCOMPARE(wire.size(), list->wireSize());
        QVERIFY(wire.startsWith("X-Field-0: value number 0\r\n"));
        QVERIFY(wire.endsWith("accept: c\r\n") || wire.endsWith("ACCEPT: c\r\n"));
    }
}


void TestRequestParser::hopByHopAndForwardedResponseFields_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("hopByHop");
    QTest::addColumn<bool>("forwarded"); // from an upstream's response to the client
    for (const char *name : {"TE", "Trailer", "upgrade", "Connection", "keep-alive", "Proxy-Connection", "Transfer-Encoding",
                             "Proxy-Authenticate", "proxy-authorization"})
        QTest::newRow(name) << QByteArray(name) << true << false;
    // Ours describe this hop.
    for (const char *name : {"Date", "server", "Set-Cookie", "X-Request-Id", "Content-Length", "X-Switchyard-Model",
                             "x-switchyard-a", "X-SWITCHYARD-TRACE"})
        QTest::newRow(name) << QByteArray(name) << false << false;
    // Same sizes as those, other names.
    for (const char *name : {"tf", "x-trace", "Content-Id", "Content-Type", "Content-Encodin", "x-switchyard", "x-switchyard-",
                             "Keep-Alivf", "Date2", "Retry-After", "Content-Language", "openai-processing-ms"})
        QTest::newRow(name) << QByteArray(name) << false << true;
}

void TestRequestParser::hopByHopAndForwardedResponseFields()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, hopByHop);
    QFETCH(bool, forwarded);
    QCOMPARE(sy::http::isHopByHop(name), hopByHop);
    QCOMPARE(sy::routing::isForwardableResponseHeader(name), forwarded);
}

void TestRequestParser::percentDecodingKeepsBrokenEscapes()
{
    QCOMPARE(percentDecoded("a%20b%2F%2f"), QByteArray("a b//"));
    // A "%" without two hex digits after it is itself (Qt's decoder made a byte up from "%ZZ").
    QCOMPARE(percentDecoded("%ZZ"), QByteArray("%ZZ"));
    QCOMPARE(percentDecoded("%2x%4"), QByteArray("%2x%4"));
    QCOMPARE(percentDecoded("100%"), QByteArray("100%"));
    QCOMPARE(percentDecoded("%e2%82%ac"), QByteArray("\xe2\x82\xac"));
    RequestParser p;
    QCOMPARE(feedAll(p, "GET /x?after=%ZZ&y=%41 HTTP/1.1\r\nHost: localhost\r\n\r\n", false), ParseState::Complete);
    QCOMPARE(p.head().queryValue("after"), QByteArray("%ZZ"));
    QCOMPARE(p.head().queryValue("y"), QByteArray("A"));
}

QTEST_GUILESS_MAIN(TestRequestParser)
#include "tst_requestparser.moc"
