// What a hostile or careless client cannot do, over real sockets: hold the core thread with
// one huge request, grow memory with huge fields, use the endpoint from a web page,
// smuggle a request past the framing, hold connections with a trickle, or exceed the
// connection limits; plus the error shapes and records that must stay right under faults
// (Ollama's string errors, broken streams, wrong admin tokens, strict JSON everywhere).

#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "runningcore.h"
#include "serverthread.h"
#include "simprocess.h"
#include "testhttpclient.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QtTest>

using namespace sy;
using namespace sy::test;

namespace {

QByteArray origin(const SimProcess &sim)
{
    return "http://127.0.0.1:" + QByteArray::number(sim.port());
}

// One backend per protocol on the sim (which speaks them all), a model on each.
QByteArray configFor(const SimProcess &sim, const QByteArray &server = {});
// An OpenAI chat body with `count` user messages (consecutive: an Anthropic or Gemini
// backend gets them merged into one turn).
QByteArray manyMessages(const QByteArray &model, int count);
QJsonObject errorOf(const TestResponse &r) { return r.json().value(QLatin1String("error")).toObject(); }

} // namespace

class TestHardening : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void healthAnswersWhileTheLargestRequestConverts();
    void tooManyMessagesIsRefusedInTheCallersFormat();
    void hugeModelNameIsRefusedWithoutEchoingIt();
    void aBackendRepeatingItsKeyDoesNotPassItOn();
    void webPagesAreRefusedUnlessAllowed();
    void corsPreflightForAllowedOriginsOnly();
    void onlyJsonBodies();
    void foreignHostNamesAreRefused();
    void transferEncodingOtherThanChunkedIsRefused_data();
    void transferEncodingOtherThanChunkedIsRefused();
    void connectionLimits();
    void tricklingBodyIsCut();
    void ollamaErrorsAreStrings();
    void brokenStreamIsRecordedAsAnError();
    void aStreamThatStopsShortIsNotACleanEnd_data();
    void aStreamThatStopsShortIsNotACleanEnd();
    void hugeBackendAnswersAreBounded();
    void aStreamEventWithoutAnEndIsBounded();
    void wrongAdminTokensLockOut();
    void everyProtocolRejectsInvalidJson_data();
    void everyProtocolRejectsInvalidJson();
    void wrongTypedFieldsAreRefusedInTheCallersFormat_data();
    void wrongTypedFieldsAreRefusedInTheCallersFormat();
    void blockTypesNotReadAreNotChecked();
    void unknownEndpointsAreRecorded();
    void refusalsAreLoggedBoundedAndSummarised();
};

void TestHardening::initTestCase()
{
    isolateUserDirectories();
}

void TestHardening::healthAnswersWhileTheLargestRequestConverts()
{
    // 45,000 messages (about 4.5 MB) to an Anthropic backend: parsed, merged and rendered off
    // the core thread, in linear time. Meanwhile /health answers at once.
    SimProcess sim;
    RunningCore core(configFor(sim));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient big(core.port());
    QVERIFY(big.startRequest("POST", "/v1/chat/completions", manyMessages("m-anthropic", 45000),
                             {{"Content-Type", "application/json"}}));
    TestHttpClient health(core.port());
    QElapsedTimer timer;
    timer.start();
    const TestResponse h = health.get("/health", 5000);
    QCOMPARE(h.status, 200);
    QVERIFY(!big.socket().bytesAvailable()); // the big one is still on its way
    TestResponse bigResponse;
    QVERIFY(big.waitForHead(bigResponse, 60000));
    QCOMPARE(bigResponse.status, 200);
}

void TestHardening::tooManyMessagesIsRefusedInTheCallersFormat()
{
    SimProcess sim;
    RunningCore core(configFor(sim));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse openai = client.postJson("/v1/chat/completions", manyMessages("m-anthropic", 50001));
    QCOMPARE(openai.status, 413);
    QCOMPARE(errorOf(openai).value(QLatin1String("code")).toString(), QStringLiteral("request_too_large"));
    // The same from an Anthropic client: Anthropic's error shape.
    QByteArray anthropic = R"({"model":"m-anthropic","max_tokens":16,"messages":[)";
    for (int i = 0; i < 50001; ++i)
        anthropic += QByteArray(i ? "," : "") + R"({"role":"user","content":"hi"})";
    anthropic += "]}";
    const TestResponse a = client.postJson("/v1/messages", anthropic);
    QCOMPARE(a.status, 413);
    QCOMPARE(a.json().value(QLatin1String("type")).toString(), QStringLiteral("error"));
    QCOMPARE(errorOf(a).value(QLatin1String("type")).toString(), QStringLiteral("request_too_large"));
}

void TestHardening::hugeModelNameIsRefusedWithoutEchoingIt()
{
    SimProcess sim;
    RunningCore core(configFor(sim));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const QByteArray name(2 * 1024 * 1024, 'x');
    const TestResponse r = client.postJson("/v1/chat/completions", R"({"model":")" + name + R"(","messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(r.status, 400);
    QVERIFY(r.body.size() < 1024);
    const TestResponse preview = client.request(
        "POST", "/api/v1/route/preview", R"({"model":")" + name + R"(","messages":[{"role":"user","content":"hi"}]})",
        {{"Authorization", "Bearer " + core.adminToken()}, {"Content-Type", "application/json"}});
    QCOMPARE(preview.status, 400);
    QVERIFY(preview.body.size() < 1024);
    // A long unknown name that is allowed still comes back as an excerpt at most.
    const TestResponse unknown = client.postJson("/v1/chat/completions",
                                                 R"({"model":")" + QByteArray(250, 'y') + R"(","messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(unknown.status, 404);
    QVERIFY(unknown.body.size() < 1024);
    const TestResponse header = client.postJson("/v1/chat/completions", R"({"model":"m-openai","messages":[{"role":"user","content":"hi"}]})",
                                                {{"X-Agent-Class", QByteArray(4096, 'a')}});
    QCOMPARE(header.status, 400);
    // Gemini names the model in the URL: the same bound, and no echo of it anywhere.
    const QByteArray longName(20000, 'g');
    const TestResponse gemini = client.postJson("/v1beta/models/" + longName + ":generateContent",
                                                R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}]})");
    QCOMPARE(gemini.status, 400);
    QVERIFY2(gemini.body.size() < 1024, gemini.body.left(200).constData());
    QVERIFY(gemini.body.contains("\"status\"")); // in Gemini's error format
    const TestResponse history =
        client.request("GET", "/api/v1/requests?limit=50", {}, {{"Authorization", "Bearer " + core.adminToken()}});
    QCOMPARE(history.status, 200);
    QVERIFY2(!history.body.contains(QByteArray(300, 'g')), "the name reached the history");
}

void TestHardening::aBackendRepeatingItsKeyDoesNotPassItOn()
{
    // A backend whose error quotes the key it was sent: neither the error passed through
    // (OpenAI in and out) nor the one said in the client's protocol (Anthropic in) nor the
    // history carries it; nor a stream that repeats it.
    const QByteArray key = "sk-test-backend-key-0123456789";
    qputenv("SY_TEST_BACKEND_KEY", key);
    ServerThread upstream([](http::HttpServer &server) {
        server.setHandler([](http::HttpExchange *exchange) {
            const QByteArray sent = exchange->request().headers.value("authorization");
            if (exchange->body().contains("\"stream\":true"))
                exchange->respond(200, {{"Content-Type", "text/event-stream"}},
                                  R"(data: {"choices":[{"index":0,"delta":{"content":"you sent )" + sent +
                                      R"("},"finish_reason":"stop"}]})" "\n\ndata: [DONE]\n\n");
            else
                exchange->respond(401, {{"Content-Type", "application/json"}}, R"({"error":{"message":"invalid key: )" + sent + R"("}})");
        });
    });
    RunningCore core(R"({"version":1,"backends":[{"id":"up","baseUrl":"http://127.0.0.1:)" + QByteArray::number(upstream.port()) +
                     R"(/v1","apiKeyEnv":"SY_TEST_BACKEND_KEY"}],"models":[{"id":"m","backend":"up"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse openai = client.postJson("/v1/chat/completions", R"({"model":"m","messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(openai.status, 401);
    QVERIFY2(openai.body.contains("[redacted]") && !openai.body.contains(key), openai.body.constData());
    const TestResponse anthropic = client.postJson("/v1/messages", R"({"model":"m","max_tokens":8,"messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(anthropic.status, 401);
    QVERIFY2(anthropic.body.contains("[redacted]") && !anthropic.body.contains(key), anthropic.body.constData());
    TestResponse row;
    QTRY_VERIFY_WITH_TIMEOUT((row = client.request("GET", "/api/v1/requests/" + anthropic.header("x-request-id"), {}, core.auth())).status == 200, 5000);
    QVERIFY2(!row.body.contains(key), row.body.constData());
    const TestResponse streamed = client.postJson("/v1/chat/completions", R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(streamed.status, 200);
    QVERIFY2(streamed.body.contains("[redacted]") && !streamed.body.contains(key), streamed.body.constData());
    qunsetenv("SY_TEST_BACKEND_KEY");
}

void TestHardening::webPagesAreRefusedUnlessAllowed()
{
    SimProcess sim;
    RunningCore core(configFor(sim, R"("allowedOrigins":["http://localhost:3000"])"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const QByteArray chat = R"({"model":"m-openai","messages":[{"role":"user","content":"hi"}]})";
    const TestResponse evil = client.postJson("/v1/chat/completions", chat, {{"Origin", "http://evil.example"}});
    QCOMPARE(evil.status, 403);
    QCOMPARE(errorOf(evil).value(QLatin1String("code")).toString(), QStringLiteral("origin_not_allowed"));
    QCOMPARE(sim.stats().value(QLatin1String("requests")).toInt(), 0); // nothing reached the backend
    // In the caller's protocol: Anthropic's shape on /v1/messages.
    const TestResponse anthropic = client.postJson("/v1/messages", R"({"model":"m-anthropic","max_tokens":8,"messages":[{"role":"user","content":"hi"}]})",
                                                   {{"Origin", "null"}});
    QCOMPARE(anthropic.status, 403);
    QCOMPARE(anthropic.json().value(QLatin1String("type")).toString(), QStringLiteral("error"));
    // The management API and the feed too.
    QCOMPARE(client.request("GET", "/api/v1/models", {}, {{"Authorization", "Bearer " + core.adminToken()}, {"Origin", "http://evil.example"}}).status,
             403);
    // A page's image pointed at the management API (no Origin, Sec-Fetch-Site says whose):
    // refused before the token is looked at, so it cannot lock the operator out.
    for (int i = 0; i < 6; ++i)
        QCOMPARE(client.request("GET", "/api/v1/models", {}, {{"Authorization", "Bearer wrong"}, {"Sec-Fetch-Site", "cross-site"}}).status, 403);
    QCOMPARE(client.request("GET", "/api/v1/models", {}, {{"Authorization", "Bearer " + core.adminToken()}}).status, 200);
    QTcpSocket ws;
    ws.connectToHost(QHostAddress::LocalHost, core.port());
    QVERIFY(ws.waitForConnected(3000));
    ws.write("GET /ws?token=" + core.adminToken() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
             "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://evil.example\r\n\r\n");
    QVERIFY(ws.waitForReadyRead(3000));
    QVERIFY(ws.readAll().startsWith("HTTP/1.1 403"));
    // The allowed origin is served, with CORS fields.
    const TestResponse allowed = client.postJson("/v1/chat/completions", chat, {{"Origin", "http://localhost:3000"}});
    QCOMPARE(allowed.status, 200);
    QCOMPARE(allowed.header("access-control-allow-origin"), QByteArray("http://localhost:3000"));
    QVERIFY(allowed.header("access-control-expose-headers").contains("X-Switchyard-Model"));
}

void TestHardening::corsPreflightForAllowedOriginsOnly()
{
    SimProcess sim;
    RunningCore core(configFor(sim, R"("allowedOrigins":["http://localhost:3000"])"));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse ok = client.request("OPTIONS", "/v1/chat/completions", {},
                                           {{"Origin", "http://localhost:3000"}, {"Access-Control-Request-Method", "POST"},
                                            {"Access-Control-Request-Headers", "content-type, authorization"}});
    QCOMPARE(ok.status, 204);
    QCOMPARE(ok.header("access-control-allow-origin"), QByteArray("http://localhost:3000"));
    QVERIFY(ok.header("access-control-allow-methods").contains("POST"));
    QCOMPARE(ok.header("access-control-allow-headers"), QByteArray("content-type, authorization"));
    const TestResponse refused = client.request("OPTIONS", "/v1/chat/completions", {},
                                                {{"Origin", "http://evil.example"}, {"Access-Control-Request-Method", "POST"}});
    QCOMPARE(refused.status, 403);
    QVERIFY(refused.header("access-control-allow-origin").isEmpty());
}

void TestHardening::onlyJsonBodies()
{
    // The types a web page may send without a preflight are refused, whatever the origin.
    SimProcess sim;
    RunningCore core(configFor(sim));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const QByteArray chat = R"({"model":"m-openai","messages":[{"role":"user","content":"hi"}]})";
    for (const char *type : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"}) {
        const TestResponse r = client.request("POST", "/v1/chat/completions", chat, {{"Content-Type", type}});
        QCOMPARE(r.status, 415);
        QCOMPARE(errorOf(r).value(QLatin1String("code")).toString(), QStringLiteral("unsupported_media_type"));
    }
    for (const char *type : {"application/jsonp", "application/+json", "text/jsonx"})
        QCOMPARE(client.request("POST", "/v1/chat/completions", chat, {{"Content-Type", type}}).status, 415);
    // Media types ignore case; parameters and spaces around them do not matter.
    for (const char *type : {"application/json; charset=utf-8", " Application/JSON ;charset=UTF-8", "application/vnd.api+json",
                             "APPLICATION/VND.API+JSON", "TEXT/JSON"})
        QCOMPARE(client.request("POST", "/v1/chat/completions", chat, {{"Content-Type", type}}).status, 200);
    QCOMPARE(sim.stats().value(QLatin1String("requests")).toInt(), 5);
}

void TestHardening::foreignHostNamesAreRefused()
{
    // A page on another site that resolves its name to 127.0.0.1 (DNS rebinding) sends its
    // own name as Host; loopback names, in any case and with any port, are served.
    RunningCore core(R"({"version":1,"server":{"allowedHosts":["Kitchen.lan"]}})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const auto statusFor = [&](const QByteArray &hostLine, const QByteArray &target = "/health") {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, core.port());
        if (!socket.waitForConnected(3000))
            return QByteArray("no connection");
        socket.write("GET " + target + " HTTP/1.1\r\n" + hostLine + "Connection: close\r\n\r\n");
        QByteArray received;
        QElapsedTimer timer;
        timer.start();
        while (!received.contains("\r\n") && timer.elapsed() < 5000) {
            socket.waitForReadyRead(200);
            received += socket.readAll();
        }
        return received.left(received.indexOf("\r\n"));
    };
    for (const char *host : {"localhost", "LOCALHOST:8050", "127.0.0.1:1", "[::1]:8050", "[::1]", "app.localhost",
                             "Tools.LocalHost:3000", "kitchen.LAN:8050"})
        QVERIFY2(statusFor("Host: " + QByteArray(host) + "\r\n") == "HTTP/1.1 200 OK", host);
    // "\xE2\x84\xAA" is U+212A KELVIN SIGN, which Unicode lower-cases to k: names fold ASCII only.
    for (const char *host : {"evil.example", "localhost.evil.example:8050", ".localhost", "127.0.0.2", "[::2]:8050",
                             "\xE2\x84\xAAitchen.lan"})
        QVERIFY2(statusFor("Host: " + QByteArray(host) + "\r\n").startsWith("HTTP/1.1 403"), host);
    QVERIFY(statusFor({}).startsWith("HTTP/1.1 403")); // HTTP/1.1 requires a Host
    // A target in absolute form (a client that takes this server for its proxy) is served,
    // and its authority is the host that is checked, whatever the Host header says.
    QCOMPARE(statusFor("Host: evil.example\r\n", "http://localhost:8050/health"), QByteArray("HTTP/1.1 200 OK"));
    QCOMPARE(statusFor({}, "HTTP://127.0.0.1/health?x=1"), QByteArray("HTTP/1.1 200 OK"));
    QVERIFY(statusFor("Host: localhost\r\n", "http://evil.example/health").startsWith("HTTP/1.1 403"));
    QCOMPARE(statusFor("Host: localhost\r\n", "http://localhost:8050"), QByteArray("HTTP/1.1 200 OK")); // "/": Ollama's "is running"
}

void TestHardening::transferEncodingOtherThanChunkedIsRefused_data()
{
    QTest::addColumn<QByteArray>("fields");
    QTest::newRow("gzip") << QByteArray("Transfer-Encoding: gzip\r\n");
    QTest::newRow("identity") << QByteArray("Transfer-Encoding: identity\r\n");
    QTest::newRow("chunked twice") << QByteArray("Transfer-Encoding: chunked, chunked\r\n");
    QTest::newRow("two fields") << QByteArray("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n");
    QTest::newRow("empty") << QByteArray("Transfer-Encoding: \r\n");
    QTest::newRow("with content-length") << QByteArray("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n");
}

void TestHardening::transferEncodingOtherThanChunkedIsRefused()
{
    // The "body" is a whole second request: were the framing ignored, it would be served.
    QFETCH(QByteArray, fields);
    RunningCore core(R"({"version":1})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, core.port());
    QVERIFY(socket.waitForConnected(3000));
    socket.write("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n" + fields +
                 "\r\nGET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray received;
    QElapsedTimer timer;
    timer.start();
    while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 5000) {
        socket.waitForReadyRead(200);
        received += socket.readAll();
    }
    received += socket.readAll();
    QVERIFY2(received.startsWith("HTTP/1.1 400"), received.constData());
    QCOMPARE(received.count("HTTP/1.1 "), 1); // no second response: the connection closed
    QVERIFY(socket.state() != QAbstractSocket::ConnectedState);
}

void TestHardening::connectionLimits()
{
    RunningCore core(R"({"version":1,"server":{"maxConnections":16,"maxConnectionsPerClient":12}})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    std::vector<std::unique_ptr<QTcpSocket>> held;
    for (int i = 0; i < 12; ++i) {
        held.push_back(std::make_unique<QTcpSocket>());
        held.back()->connectToHost(QHostAddress::LocalHost, core.port());
        QVERIFY(held.back()->waitForConnected(3000));
    }
    // One more from the same address: refused with a 503, and closed.
    QTcpSocket extra;
    extra.connectToHost(QHostAddress::LocalHost, core.port());
    QVERIFY(extra.waitForConnected(3000));
    QVERIFY(extra.waitForReadyRead(3000));
    const QByteArray refusal = extra.readAll();
    QVERIFY2(refusal.startsWith("HTTP/1.1 503"), refusal.constData());
    QVERIFY(refusal.contains("too_many_connections"));
    // Closing one makes room again.
    held.front()->disconnectFromHost();
    held.erase(held.begin());
    QTRY_COMPARE_WITH_TIMEOUT(TestHttpClient(core.port()).get("/health").status, 200, 3000);
}

void TestHardening::tricklingBodyIsCut()
{
    RunningCore core(R"({"version":1,"server":{"bodyGraceS":1,"minBodyBytesPerS":1000}})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, core.port());
    QVERIFY(socket.waitForConnected(3000));
    socket.write("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n");
    // A byte every 100 ms: never silent for long, but far below 1,000 bytes a second.
    QElapsedTimer timer;
    timer.start();
    QByteArray received;
    while (timer.elapsed() < 8000 && socket.state() == QAbstractSocket::ConnectedState && received.isEmpty()) {
        socket.write("{");
        socket.waitForBytesWritten(100);
        socket.waitForReadyRead(100);
        received += socket.readAll();
    }
    QVERIFY2(received.startsWith("HTTP/1.1 408"), received.constData());
    QVERIFY(timer.elapsed() < 6000);
}

void TestHardening::ollamaErrorsAreStrings()
{
    // No backend can serve it: Ollama clients get {"error": "<message>"}, as Ollama answers.
    RunningCore core(R"({"version":1,"backends":[{"id":"down","protocol":"openai","baseUrl":"http://127.0.0.1:9/v1"}],
                        "models":[{"id":"m","backend":"down"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    for (const char *path : {"/api/chat", "/api/generate"}) {
        const QByteArray body = QByteArrayView(path) == "/api/chat" ? R"({"model":"m","stream":false,"messages":[{"role":"user","content":"hi"}]})"
                                                                    : R"({"model":"m","stream":false,"prompt":"hi"})";
        const TestResponse r = client.postJson(path, body);
        QCOMPARE(r.status, 502);
        QVERIFY2(r.json().value(QLatin1String("error")).isString(), r.body.constData());
        QVERIFY(!r.json().value(QLatin1String("error")).toString().isEmpty());
    }
}

void TestHardening::brokenStreamIsRecordedAsAnError()
{
    SimProcess crashing({QStringLiteral("--crash-after"), QStringLiteral("0"), QStringLiteral("--tokens-per-s"), QStringLiteral("20")});
    RunningCore core(R"({"version":1,"backends":[{"id":"b","protocol":"openai","baseUrl":")" + crashing.baseUrl() +
                     R"("}],"models":[{"id":"m","backend":"b"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson("/v1/chat/completions", R"({"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(r.status, 200); // the stream had started
    const QByteArray id = r.header("x-request-id");
    const TestResponse stored = client.request("GET", "/api/v1/requests/" + id, {}, core.auth());
    QCOMPARE(stored.status, 200);
    QCOMPARE(stored.json().value(QLatin1String("status")).toInt(), 502);
    QVERIFY(!stored.json().value(QLatin1String("error")).toString().isEmpty());
    QVERIFY(client.get("/metrics").body.contains(R"(switchyard_requests_total{model="m",backend="b",route="model",status="502"} 1)"));
}

void TestHardening::aStreamThatStopsShortIsNotACleanEnd_data()
{
    QTest::addColumn<QByteArray>("client");   // anthropic (converted) or openai (passed through from an openai backend)
    QTest::addColumn<QByteArray>("protocol"); // the backend's
    QTest::addColumn<QByteArray>("stream");   // what it sends, with status 200
    QTest::addColumn<int>("clientStatus");
    QTest::addColumn<QByteArray>("clientSees"); // in the client's answer
    QTest::addColumn<int>("recorded");
    const QByteArray piece = R"(data: {"id":"c1","choices":[{"index":0,"delta":{"content":"Hel"}}]})" "\n\n";
    QTest::newRow("complete") << QByteArray("anthropic") << QByteArray("openai") << piece + R"(data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})" "\n\ndata: [DONE]\n\n"
                              << 200 << QByteArray("event: message_stop") << 200;
    QTest::newRow("finish reason, no [DONE]") << QByteArray("anthropic") << QByteArray("openai") << piece + R"(data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})" "\n\n"
                                              << 200 << QByteArray("event: message_stop") << 200;
    QTest::newRow("cut short") << QByteArray("anthropic") << QByteArray("openai") << piece << 200 << QByteArray("event: error") << 502;
    QTest::newRow("not its protocol") << QByteArray("anthropic") << QByteArray("openai") << QByteArray("data: this is not JSON\n\n") << 200 << QByteArray("event: error") << 502;
    QTest::newRow("empty") << QByteArray("anthropic") << QByteArray("openai") << QByteArray() << 502 << QByteArray("\"type\":\"error\"") << 502;
    // The backend's own error in its last event, unterminated: its message, not "cut short".
    QTest::newRow("error at the end") << QByteArray("anthropic") << QByteArray("openai") << piece + R"(data: {"error":{"message":"the backend ran out of memory"}})"
                                      << 200 << QByteArray("the backend ran out of memory") << 502;
    QTest::newRow("gemini complete") << QByteArray("anthropic") << QByteArray("gemini")
                                     << QByteArray(R"(data: {"candidates":[{"content":{"parts":[{"text":"Hel"}]},"finishReason":"STOP"}]})" "\n\n")
                                     << 200 << QByteArray("event: message_stop") << 200;
    QTest::newRow("gemini blocked prompt") << QByteArray("anthropic") << QByteArray("gemini") << QByteArray(R"(data: {"promptFeedback":{"blockReason":"SAFETY"}})" "\n\n")
                                           << 200 << QByteArray("event: message_stop") << 200;
    QTest::newRow("gemini cut short") << QByteArray("anthropic") << QByteArray("gemini") << QByteArray(R"(data: {"candidates":[{"content":{"parts":[{"text":"Hel"}]}}]})" "\n\n")
                                      << 200 << QByteArray("event: error") << 502;
    // Passed through unconverted: the same rule, read from the bytes (spaced JSON counts).
    const QByteArray spacedEnd = R"(data: {"id": "c1", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})" "\n\n";
    QTest::newRow("passed through, complete") << QByteArray("openai") << QByteArray("openai") << piece + spacedEnd << 200
                                              << QByteArray("\"finish_reason\": \"stop\"") << 200;
    QTest::newRow("passed through, cut short") << QByteArray("openai") << QByteArray("openai") << piece << 200
                                               << QByteArray("data: {\"error\"") << 502;
}

// A stream whose backend never said the answer was complete (no finish reason, no [DONE])
// must not reach the client as a clean end (Anthropic's end_turn and message_stop, Gemini's
// STOP, Ollama's done, or an OpenAI stream that just stops) nor be recorded as a 200.
void TestHardening::aStreamThatStopsShortIsNotACleanEnd()
{
    QFETCH(QByteArray, client);
    QFETCH(QByteArray, protocol);
    QFETCH(QByteArray, stream);
    QFETCH(int, clientStatus);
    QFETCH(QByteArray, clientSees);
    QFETCH(int, recorded);
    ServerThread upstream([stream](http::HttpServer &server) {
        server.setHandler([stream](http::HttpExchange *exchange) { exchange->respond(200, {{"Content-Type", "text/event-stream"}}, stream); });
    });
    RunningCore core(R"({"version":1,"backends":[{"id":"up","protocol":")" + protocol + R"(","baseUrl":"http://127.0.0.1:)" +
                     QByteArray::number(upstream.port()) + R"(/v1"}],"models":[{"id":"m","backend":"up"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient http(core.port());
    const TestResponse r = http.postJson(client == "anthropic" ? "/v1/messages" : "/v1/chat/completions",
                                         R"({"model":"m","max_tokens":8,"stream":true,"messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(r.status, clientStatus);
    QVERIFY2(r.body.contains(clientSees), r.body.constData());
    if (recorded != 200)
        QVERIFY2(!r.body.contains("message_stop"), r.body.constData());
    TestResponse row;
    QTRY_VERIFY_WITH_TIMEOUT((row = http.request("GET", "/api/v1/requests/" + r.header("x-request-id"), {}, core.auth())).status == 200, 5000);
    QCOMPARE(row.json().value(QLatin1String("status")).toInt(), recorded);
}

// A backend's answer is held whole (to check and convert it) only up to a bound: an error
// body past 64 KiB is said in the client's format instead of relayed cut in half, and a
// whole answer past 256 MiB is a 502 rather than the process's memory.
void TestHardening::hugeBackendAnswersAreBounded()
{
    ServerThread upstream([](http::HttpServer &server) {
        server.setHandler([](http::HttpExchange *exchange) {
            if (exchange->request().target.contains("huge-error"))
                exchange->respond(500, {{"Content-Type", "application/json"}},
                                  R"({"error":{"message":")" + QByteArray(2 * 1024 * 1024, 'e') + R"("}})");
            else if (exchange->request().target.contains("huge-429"))
                exchange->respond(429, {{"Content-Type", "application/json"}, {"Retry-After", "7"}},
                                  R"({"error":{"message":"slow down )" + QByteArray(80 * 1024, 's') + R"("}})");
            else
                exchange->respond(200, {{"Content-Type", "application/json"}}, QByteArray(257 * 1024 * 1024, ' '));
        });
    });
    const QByteArray base = "http://127.0.0.1:" + QByteArray::number(upstream.port());
    RunningCore core(R"({"version":1,"backends":[{"id":"err","baseUrl":")" + base + R"(/huge-error/v1"},{"id":"big","baseUrl":")" + base +
                     R"(/v1"},{"id":"busy","baseUrl":")" + base + R"(/huge-429/v1"}],)"
                     R"("models":[{"id":"e","backend":"err"},{"id":"b","backend":"big"},{"id":"r","backend":"busy"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse error = client.postJson("/v1/chat/completions", R"({"model":"e","messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(error.status, 500);
    QVERIFY2(error.body.size() < 4096, error.body.left(300).constData());
    QVERIFY(errorOf(error).value(QLatin1String("message")).toString().startsWith(QLatin1String("backend \"err\" answered 500")));
    // A rate limit keeps its status, its Retry-After and its kind.
    const TestResponse busy = client.postJson("/v1/chat/completions", R"({"model":"r","messages":[{"role":"user","content":"hi"}]})");
    QCOMPARE(busy.status, 429);
    QCOMPARE(busy.header("retry-after"), QByteArray("7"));
    QVERIFY2(busy.body.size() < 4096, busy.body.left(300).constData());
    QVERIFY2(busy.body.contains("slow down"), busy.body.left(300).constData());
    QCOMPARE(errorOf(busy).value(QLatin1String("type")).toString(), QStringLiteral("rate_limit_error"));
    const TestResponse big = client.postJson("/v1/chat/completions", R"({"model":"b","messages":[{"role":"user","content":"hi"}]})", {}, 60000);
    QCOMPARE(big.status, 502);
    QVERIFY2(errorOf(big).value(QLatin1String("message")).toString().contains(QLatin1String("larger than 256 MiB")), big.body.constData());
    QCOMPARE(client.get("/health").status, 200);
}

void TestHardening::aStreamEventWithoutAnEndIsBounded()
{
    // A backend that starts an event (or an NDJSON line) and never ends it: the stream
    // fails after 32 MiB in the client's words instead of filling the memory, and the core
    // answers meanwhile.
    const QByteArray endless(33 * 1024 * 1024, ' ');
    ServerThread upstream([&endless](http::HttpServer &server) {
        server.setHandler([&endless](http::HttpExchange *exchange) {
            if (exchange->request().target.startsWith("/api/"))
                exchange->respond(200, {{"Content-Type", "application/x-ndjson"}}, "{\"message\":{\"content\":\"" + endless);
            else
                exchange->respond(200, {{"Content-Type", "text/event-stream"}},
                                  "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}]}\n\ndata: {" + endless);
        });
    });
    const QByteArray base = "http://127.0.0.1:" + QByteArray::number(upstream.port());
    RunningCore core(R"({"version":1,"backends":[{"id":"sse","baseUrl":")" + base + R"(/v1"},)"
                     R"({"id":"nd","protocol":"ollama","baseUrl":")" + base + R"("}],)"
                     R"("models":[{"id":"s","backend":"sse"},{"id":"n","backend":"nd"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    // Converted (Anthropic client, OpenAI backend), after an answer began: an error event ends it.
    const TestResponse anthropic = client.postJson(
        "/v1/messages", R"({"model":"s","max_tokens":8,"stream":true,"messages":[{"role":"user","content":"hi"}]})", {}, 60000);
    QCOMPARE(anthropic.status, 200);
    QVERIFY2(anthropic.body.size() < 4096, anthropic.body.left(300).constData());
    QVERIFY2(anthropic.body.contains("event: error") && anthropic.body.contains("larger than 32 MiB"), anthropic.body.constData());
    // Ollama's own API (NDJSON), before any answer and with no other candidate: the same.
    const TestResponse ollama = client.postJson(
        "/v1/messages", R"({"model":"n","max_tokens":8,"stream":true,"messages":[{"role":"user","content":"hi"}]})", {}, 60000);
    QVERIFY2(ollama.body.size() < 4096, ollama.body.left(300).constData());
    QVERIFY2(ollama.body.contains("event: error") && ollama.body.contains("larger than 32 MiB"), ollama.body.constData());
    QCOMPARE(client.get("/health").status, 200);
}

void TestHardening::wrongAdminTokensLockOut()
{
    RunningCore core(R"({"version":1})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    for (int i = 0; i < 5; ++i)
        QCOMPARE(client.request("GET", "/api/v1/models", {}, {{"Authorization", "Bearer wrong-token-guess"}}).status, 401);
    // Locked out for a while, even with the right token.
    const TestResponse locked = client.request("GET", "/api/v1/models", {}, core.auth());
    QCOMPARE(locked.status, 429);
    QVERIFY(locked.header("retry-after").toInt() >= 1);
    // The inference endpoint is not affected.
    QCOMPARE(client.get("/health").status, 200);
}

void TestHardening::everyProtocolRejectsInvalidJson_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("prefix"); // the body up to the bad string
    QTest::newRow("openai") << QByteArray("/v1/chat/completions") << QByteArray(R"({"model":"m-openai","messages":[{"role":"user","content":)");
    QTest::newRow("anthropic") << QByteArray("/v1/messages") << QByteArray(R"({"model":"m-anthropic","max_tokens":8,"messages":[{"role":"user","content":)");
    QTest::newRow("gemini") << QByteArray("/v1beta/models/m-gemini:generateContent") << QByteArray(R"({"contents":[{"role":"user","parts":[{"text":)");
    QTest::newRow("ollama") << QByteArray("/api/chat") << QByteArray(R"({"model":"m-ollama","messages":[{"role":"user","content":)");
}

void TestHardening::everyProtocolRejectsInvalidJson()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, prefix);
    SimProcess sim;
    RunningCore core(configFor(sim));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    auto tail = [&path](const QByteArray &text) {
        return text + (path.contains("gemini") ? QByteArray("}]}]}") : QByteArray("}]}"));
    };
    const QByteArray rawNul = tail(prefix + QByteArray("\"a\0b\"", 5));
    const QByteArray loneSurrogate = tail(prefix + R"("a\ud800b")");
    for (const QByteArray &body : {rawNul, loneSurrogate}) {
        const TestResponse r = client.postJson(path, body);
        QCOMPARE(r.status, 400);
    }
    QCOMPARE(sim.stats().value(QLatin1String("requests")).toInt(), 0);
}

void TestHardening::wrongTypedFieldsAreRefusedInTheCallersFormat_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("field"); // named in the error
    const QByteArray anthropic = "/v1/messages", gemini = "/v1beta/models/m-gemini:generateContent", ollama = "/api/chat",
                     responses = "/v1/responses", openai = "/v1/chat/completions";
    QTest::newRow("anthropic temperature") << anthropic
        << QByteArray(R"({"model":"m-openai","max_tokens":8,"temperature":"hot","messages":[{"role":"user","content":"hi"}]})") << "temperature";
    QTest::newRow("anthropic system") << anthropic
        << QByteArray(R"({"model":"m-openai","max_tokens":8,"system":5,"messages":[{"role":"user","content":"hi"}]})") << "system";
    QTest::newRow("anthropic tools") << anthropic
        << QByteArray(R"({"model":"m-openai","max_tokens":8,"tools":"x","messages":[{"role":"user","content":"hi"}]})") << "tools";
    QTest::newRow("anthropic stream") << anthropic
        << QByteArray(R"({"model":"m-openai","max_tokens":8,"stream":"yes","messages":[{"role":"user","content":"hi"}]})") << "stream";
    QTest::newRow("anthropic block text") << anthropic
        << QByteArray(R"({"model":"m-openai","max_tokens":8,"messages":[{"role":"user","content":[{"type":"text","text":5}]}]})")
        << "messages[0].content[0].text";
    QTest::newRow("gemini parts") << gemini << QByteArray(R"({"contents":[{"role":"user","parts":"x"}]})") << "contents[0].parts";
    QTest::newRow("gemini null content") << gemini << QByteArray(R"({"contents":[null]})") << "contents[0]";
    QTest::newRow("gemini temperature") << gemini
        << QByteArray(R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}],"generationConfig":{"temperature":"hot"}})")
        << "generationConfig.temperature";
    QTest::newRow("ollama content") << ollama << QByteArray(R"({"model":"m-openai","messages":[{"role":"user","content":5}]})")
                                    << "messages[0].content";
    QTest::newRow("ollama stop") << ollama
        << QByteArray(R"({"model":"m-anthropic","options":{"stop":[1]},"messages":[{"role":"user","content":"hi"}]})") << "options.stop";
    QTest::newRow("ollama keep_alive") << QByteArray("/api/generate") << QByteArray(R"({"model":"m-openai","prompt":"hi","keep_alive":"5m garbage"})")
                                       << "keep_alive";
    QTest::newRow("ollama stream") << ollama << QByteArray(R"({"model":"m-openai","stream":"no","messages":[{"role":"user","content":"hi"}]})")
                                   << "stream";
    QTest::newRow("responses content") << responses << QByteArray(R"({"model":"m-openai","input":[{"role":"user","content":5}]})")
                                       << "input[0]: content";
    QTest::newRow("responses item") << responses << QByteArray(R"({"model":"m-openai","input":["hi"]})") << "input[0]";
    QTest::newRow("responses stream") << responses << QByteArray(R"({"model":"m-openai","stream":"yes","input":"hi"})") << "stream";
    QTest::newRow("openai to anthropic temperature") << openai
        << QByteArray(R"({"model":"m-anthropic","temperature":"hot","messages":[{"role":"user","content":"hi"}]})") << "temperature";
}

// A field of the wrong type is a 400 that names it, in the caller's format, and nothing goes
// upstream: before, the converting parsers dropped it (a `"temperature": "hot"` vanished) or
// sent an empty conversation (Gemini's `"parts": "x"`).
void TestHardening::wrongTypedFieldsAreRefusedInTheCallersFormat()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(QString, field);
    SimProcess sim;
    RunningCore core(configFor(sim));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson(path, body);
    QCOMPARE(r.status, 400);
    const QJsonValue error = r.json().value(QLatin1String("error"));
    const QString message = error.isString() ? error.toString() : error.toObject().value(QLatin1String("message")).toString();
    QVERIFY2(message.startsWith(field + QLatin1Char(' ')) || message.startsWith(field + QLatin1Char('.')) ||
                 message.startsWith(field + QLatin1String(" must")),
             qPrintable(message));
    QCOMPARE(sim.stats().value(QLatin1String("requests")).toInt(), 0);
}

// Only the fields of the block types that are read are checked: a search result (whose
// source is a URL string) or a server tool's result (whose content is an object) pass as
// before, unread.
void TestHardening::blockTypesNotReadAreNotChecked()
{
    SimProcess sim;
    RunningCore core(configFor(sim));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson("/v1/messages", R"({"model":"m-openai","max_tokens":8,"messages":[
        {"role":"user","content":[{"type":"text","text":"hi"},
            {"type":"search_result","source":"https://example.com/a","title":"A","content":[{"type":"text","text":"a"}]}]},
        {"role":"assistant","content":[{"type":"server_tool_use","id":"srvtoolu_1","name":"web_fetch","input":{"url":"https://example.com"}},
            {"type":"web_fetch_tool_result","tool_use_id":"srvtoolu_1","content":{"type":"web_fetch_result","url":"https://example.com"}}]},
        {"role":"user","content":"and?"}]})");
    QCOMPARE(r.status, 200);
}

void TestHardening::unknownEndpointsAreRecorded()
{
    RunningCore core(R"({"version":1})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse r = client.postJson("/v1/responses-that-do-not-exist", "{}");
    QCOMPARE(r.status, 404);
    const QByteArray id = r.header("x-request-id");
    const TestResponse stored = client.request("GET", "/api/v1/requests/" + id, {}, core.auth());
    QCOMPARE(stored.status, 200);
    QCOMPARE(stored.json().value(QLatin1String("endpoint")).toString(), QStringLiteral("unknown_endpoint"));
    QVERIFY(stored.json().value(QLatin1String("requested")).toString().contains(QLatin1String("/v1/responses-that-do-not-exist")));
    QVERIFY(client.get("/metrics").body.contains(R"(route="none",status="404")"));
}

void TestHardening::refusalsAreLoggedBoundedAndSummarised()
{
    RunningCore core(R"({"version":1})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    QStringList seen;
    // The log is written by a background thread: read it until the line is there.
    const auto find = [&](const QString &needle) {
        seen.clear();
        const QJsonArray lines = client.request("GET", "/api/v1/logs?lines=2000", {}, core.auth()).json().value(QLatin1String("lines")).toArray();
        for (const QJsonValue &line : lines)
            if (line[QLatin1String("level")].toString() == QLatin1String("warning"))
                seen << line[QLatin1String("message")].toString();
        for (const QString &line : seen)
            if (line.contains(needle))
                return line;
        return QString();
    };
    // Wait for a fresh second, so the three below fall in one second's budget.
    QTest::qWait(int(1000 - QDateTime::currentMSecsSinceEpoch() % 1000) + 20);
    const QByteArray longPath = "/v1/" + QByteArray(20000, 'p');
    const TestResponse bad = client.postJson("/v1/chat/completions", R"({"model": "x", "messages": [)");
    QCOMPARE(bad.status, 400);
    QCOMPARE(client.request("GET", longPath).status, 404);
    QCOMPARE(client.request("GET", "/api/v1/config", {}, {{"Authorization", "Bearer wrong"}}).status, 401);
    QString badLine;
    QTRY_VERIFY2(!(badLine = find(QString::fromUtf8(bad.header("x-request-id")))).isEmpty(), qPrintable(seen.join(u'\n')));
    QVERIFY2(badLine.contains(QStringLiteral("POST /v1/chat/completions")) && badLine.contains(QStringLiteral("refused with 400")), qPrintable(badLine));
    QString pathLine;
    QTRY_VERIFY(!(pathLine = find(QStringLiteral("/v1/pppp"))).isEmpty());
    QVERIFY2(pathLine.contains(QStringLiteral("refused with 404")), qPrintable(pathLine));
    QVERIFY2(pathLine.size() < 1200, qPrintable(QString::number(pathLine.size()))); // the path is quoted in a bounded excerpt
    QTRY_VERIFY(!find(QStringLiteral("GET /api/v1/config")).isEmpty());

    // A name that tries to start a log line of its own stays on its line.
    // Every line that quotes it (the refusal's and the request's own) keeps it on one line.
    QCOMPARE(client.postJson("/api/generate", R"({"model": "ghost\n2026-01-01 [core] [warning] forged"})").status, 404);
    QCOMPARE(client.postJson("/v1/chat/completions", R"({"model": "phantom\n2026-01-01 [core] [warning] forged\u0000", "messages": [{"role": "user", "content": "hi"}]})").status,
             404);
    QTRY_VERIFY(!find(QStringLiteral("ghost")).isEmpty() && !find(QStringLiteral("phantom")).isEmpty());
    int quoting = 0;
    for (const QString &line : seen) {
        QVERIFY2(!line.startsWith(QStringLiteral("2026-01-01")), qPrintable(line));
        if (line.contains(QStringLiteral("ghost")) || line.contains(QStringLiteral("phantom"))) {
            ++quoting;
            QVERIFY2(!line.contains(u'\n') && !line.contains(QChar(0)), qPrintable(line));
        }
    }
    QVERIFY2(quoting >= 2, qPrintable(seen.join(u'\n')));

    // A flood, pipelined on one connection so it lands within a second or two: twenty lines
    // a second at most, then one line that counts the rest, also when no refusal follows.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, core.port());
    QVERIFY(socket.waitForConnected(5000));
    QTest::qWait(int(1000 - QDateTime::currentMSecsSinceEpoch() % 1000) + 20); // a fresh second: the summary comes from its end
    QByteArray flood;
    for (int i = 0; i < 60; ++i)
        flood += "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1\r\n\r\n{";
    socket.write(flood);
    QByteArray answers;
    QTRY_VERIFY_WITH_TIMEOUT((answers += socket.readAll()).count("HTTP/1.1 400") == 60, 20000);
    QString summary;
    QTRY_VERIFY_WITH_TIMEOUT(!(summary = find(QStringLiteral("more refused requests were not logged one by one"))).isEmpty(), 5000);
    // No refusal came after the flood: the line was written when its second ended. 60 refused,
    // at most 20 logged one by one in that second (fewer counted if a slow machine spread them).
    const int counted = summary.section(u' ', 0, 0).toInt();
    QVERIFY2(counted >= 1 && counted <= 40, qPrintable(summary));
}

namespace {

QByteArray configFor(const SimProcess &sim, const QByteArray &server)
{
    return R"({"version":1,)" + (server.isEmpty() ? QByteArray() : R"("server":{)" + server + "},") + R"("backends":[
        {"id":"oa","protocol":"openai","baseUrl":")" + sim.baseUrl() + R"("},
        {"id":"an","protocol":"anthropic","baseUrl":")" + origin(sim) + R"("},
        {"id":"ge","protocol":"gemini","baseUrl":")" + origin(sim) + R"(/v1beta"}],
      "models":[
        {"id":"m-openai","backend":"oa","upstreamModel":"gpt-sim"},
        {"id":"m-anthropic","backend":"an","upstreamModel":"claude-sim"},
        {"id":"m-gemini","backend":"ge","upstreamModel":"gemini-sim"},
        {"id":"m-ollama","backend":"oa","upstreamModel":"llama-sim"}]})";
}

QByteArray manyMessages(const QByteArray &model, int count)
{
    QByteArray body = R"({"model":")" + model + R"(","max_tokens":8,"messages":[)";
    body.reserve(count * 180);
    const QByteArray message = R"({"role":"user","content":"a line of an agent's long session, repeated to make a large request body"})";
    for (int i = 0; i < count; ++i) {
        if (i)
            body += ',';
        body += message;
    }
    return body + "]}";
}

} // namespace

QTEST_GUILESS_MAIN(TestHardening)
#include "tst_hardening.moc"
