// Every client protocol to every backend protocol, over real sockets: inbound (OpenAI chat,
// Anthropic, Gemini, Ollama, OpenAI Responses) x outbound (the same five) x {text, image,
// tool call, tool result}, streamed and not. The backends are switchyard-sim processes answering in each
// protocol (and checking each protocol's API key header); the clients build and read each
// protocol's own shapes (tests/support/protocolclient.cpp). Then errors, broken streams
// and a fallback chain that crosses protocols.

#include "protocolclient.h"
#include "runningcore.h"
#include "serverthread.h"
#include "simprocess.h"
#include "testhttpclient.h"

#include "http/httpexchange.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace sy;
using namespace sy::test;

namespace {

const QByteArray kKey = "backend-key-123";
const Wire kWires[] = {Wire::OpenAI, Wire::Anthropic, Wire::Gemini, Wire::Ollama, Wire::Responses};

// One model per backend protocol, named after it.
QString modelFor(Wire backend)
{
    return QStringLiteral("m-") + QLatin1String(wireName(backend));
}

QJsonObject errorOf(const TestResponse &r) { return r.json().value(QLatin1String("error")).toObject(); }

QByteArray origin(const SimProcess &sim)
{
    return "http://127.0.0.1:" + QByteArray::number(sim.port());
}

QByteArray configFor(const SimProcess &multi, const SimProcess &ollama, const QByteArray &extra = {})
{
    return R"({"version":1,"backends":[
        {"id":"oa","protocol":"openai","baseUrl":")" + multi.baseUrl() + R"(","apiKeyEnv":"SY_TEST_BACKEND_KEY"},
        {"id":"an","protocol":"anthropic","baseUrl":")" + origin(multi) + R"(","apiKeyEnv":"SY_TEST_BACKEND_KEY"},
        {"id":"ge","protocol":"gemini","baseUrl":")" + origin(multi) + R"(/v1beta","apiKeyEnv":"SY_TEST_BACKEND_KEY"},
        {"id":"ol","protocol":"ollama","baseUrl":")" + origin(ollama) + R"("},
        {"id":"re","protocol":"openai-responses","baseUrl":")" + multi.baseUrl() + R"(","apiKeyEnv":"SY_TEST_BACKEND_KEY"}],
      "models":[
        {"id":"m-openai","backend":"oa","upstreamModel":"gpt-sim"},
        {"id":"m-anthropic","backend":"an","upstreamModel":"claude-sim"},
        {"id":"m-gemini","backend":"ge","upstreamModel":"gemini-sim"},
        {"id":"m-ollama","backend":"ol","upstreamModel":"llama3:8b"},
        {"id":"m-responses","backend":"re","upstreamModel":"resp-sim"}])" +
           (extra.isEmpty() ? QByteArray() : "," + extra) + "}";
}

QString expectedPath(Wire inbound, Wire backend, bool stream)
{
    switch (backend) {
    case Wire::OpenAI: return QStringLiteral("/v1/chat/completions");
    case Wire::Anthropic: return QStringLiteral("/v1/messages");
    case Wire::Gemini: return stream ? QStringLiteral("/v1beta/models/gemini-sim:streamGenerateContent")
                                     : QStringLiteral("/v1beta/models/gemini-sim:generateContent");
    case Wire::Ollama: // an OpenAI client reaches Ollama's OpenAI-compatible API unchanged
        return inbound == Wire::OpenAI ? QStringLiteral("/v1/chat/completions") : QStringLiteral("/api/chat");
    case Wire::Responses: return QStringLiteral("/v1/responses");
    }
    return {};
}

QString normalStop(Wire client)
{
    switch (client) {
    case Wire::OpenAI: return QStringLiteral("stop");
    case Wire::Anthropic: return QStringLiteral("end_turn");
    case Wire::Gemini: return QStringLiteral("STOP");
    case Wire::Ollama: return QStringLiteral("stop");
    case Wire::Responses: return QStringLiteral("completed");
    }
    return {};
}

QString toolStop(Wire client)
{
    switch (client) {
    case Wire::OpenAI: return QStringLiteral("tool_calls");
    case Wire::Anthropic: return QStringLiteral("tool_use");
    case Wire::Gemini: return QStringLiteral("STOP");
    case Wire::Ollama: return QStringLiteral("stop");
    case Wire::Responses: return QStringLiteral("completed");
    }
    return {};
}

QByteArray backendId(Wire backend)
{
    switch (backend) {
    case Wire::OpenAI: return "oa";
    case Wire::Anthropic: return "an";
    case Wire::Gemini: return "ge";
    case Wire::Ollama: return "ol";
    case Wire::Responses: return "re";
    }
    return {};
}

} // namespace

Q_DECLARE_METATYPE(Wire)
Q_DECLARE_METATYPE(Scenario)

class TestProtocols : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void matrix_data();
    void matrix();
    void streamAndWholeAgree_data();
    void streamAndWholeAgree();
    void backendErrorsInTheClientsFormat_data();
    void backendErrorsInTheClientsFormat();
    void brokenStreamEndsWithTheClientsErrorEvent_data();
    void brokenStreamEndsWithTheClientsErrorEvent();
    void fallbackCrossesProtocols_data();
    void fallbackCrossesProtocols();
    void responsesFollowUpByPreviousId();
    void responsesRefusesHostedTools();
    void badRequestsGetTheClientsErrorShape();
    void modelListsInEveryProtocol();
    void ollamaKeepAliveLoadsAndUnloads();
    void claudeCodeShapedRequests();
    void sameProtocolKeepsWhatOnlyItKnows();
    void sameProtocolWithoutStrippedParams();
    void sameProtocolStreamErrorIsSaidOnce();
    void toolStrictnessKeepsItsMeaning();
    void toolCallWithoutArgumentsIsAnEmptyObject();
    void filteredAndEmptyAnswersKeepTheirMeaning();
    void interleavedToolCallsStayWhole();
    void schemaReferencesReachGemini();
    void toolResultImagesAndErrorsCross();
    void imageUrlsToGeminiSayTheirType();
    void jsonAnswersFromAnthropic();
    void whatAnotherProtocolCannotCarryIsRefused();
    void backendErrorKindsCross_data();
    void backendErrorKindsCross();

private:
    std::unique_ptr<SimProcess> m_multi;
    std::unique_ptr<SimProcess> m_ollama;
    std::unique_ptr<RunningCore> m_core;
};

void TestProtocols::initTestCase()
{
    isolateUserDirectories();
    qputenv("SY_TEST_BACKEND_KEY", kKey);
    m_multi = std::make_unique<SimProcess>(QStringList{QStringLiteral("--require-key"), QString::fromLatin1(kKey)});
    m_ollama = std::make_unique<SimProcess>(QStringList{QStringLiteral("--ollama"), QStringLiteral("llama3:8b")});
    QVERIFY(m_multi->isRunning() && m_ollama->isRunning());
    m_core = std::make_unique<RunningCore>(configFor(*m_multi, *m_ollama));
    QVERIFY2(m_core->ok(), qPrintable(m_core->error()));
}

void TestProtocols::cleanupTestCase()
{
    m_core.reset();
}

void TestProtocols::matrix_data()
{
    QTest::addColumn<Wire>("inbound");
    QTest::addColumn<Wire>("backend");
    QTest::addColumn<Scenario>("scenario");
    QTest::addColumn<bool>("stream");
    const std::pair<Scenario, const char *> scenarios[] = {
        {Scenario::Text, "text"}, {Scenario::Image, "image"}, {Scenario::Tool, "tool call"}, {Scenario::ToolResult, "tool result"}};
    for (Wire inbound : kWires) {
        for (Wire backend : kWires) {
            for (const auto &[scenario, name] : scenarios) {
                for (bool stream : {false, true}) {
                    const QByteArray row = QByteArray(wireName(inbound)) + " -> " + wireName(backend) + ", " + name + (stream ? ", streamed" : "");
                    QTest::newRow(row.constData()) << inbound << backend << scenario << stream;
                }
            }
        }
    }
}

void TestProtocols::matrix()
{
    QFETCH(Wire, inbound);
    QFETCH(Wire, backend);
    QFETCH(Scenario, scenario);
    QFETCH(bool, stream);
    const SimProcess &sim = backend == Wire::Ollama ? *m_ollama : *m_multi;

    const TestResponse response = sendChat(m_core->port(), inbound, modelFor(backend), scenario, stream);
    const ChatAnswer a = readChat(inbound, response, stream);
    QVERIFY2(a.status == 200 && a.error.isEmpty(), qPrintable(QString::number(a.status) + QLatin1Char(' ') + a.error));
    QCOMPARE(response.header("x-switchyard-backend"), backendId(backend));
    // The backend was asked in its own protocol.
    QCOMPARE(sim.lastRequest().value(QLatin1String("path")).toString(), expectedPath(inbound, backend, stream));
    if (stream)
        QVERIFY2(a.streamEnded, response.body.left(2000).constData());
    QVERIFY2(a.outputTokens > 0, response.body.left(2000).constData());

    switch (scenario) {
    case Scenario::Text:
        QVERIFY(!a.text.isEmpty());
        QVERIFY(a.toolName.isEmpty());
        QCOMPARE(a.stopReason, normalStop(inbound));
        break;
    case Scenario::Image:
        QVERIFY2(a.text.startsWith(QLatin1String("[image seen]")), qPrintable(a.text));
        break;
    case Scenario::Tool:
        QCOMPARE(a.toolName, QStringLiteral("get_weather"));
        QVERIFY2(a.toolArguments.value(QLatin1String("city")).isString(), qPrintable(QString::fromUtf8(QJsonDocument(a.toolArguments).toJson())));
        QCOMPARE(a.stopReason, toolStop(inbound));
        if (inbound == Wire::OpenAI || inbound == Wire::Anthropic || inbound == Wire::Responses)
            QVERIFY(!a.toolId.isEmpty());
        break;
    case Scenario::ToolResult:
        QVERIFY2(a.text.startsWith(QLatin1String("[after tool]")), qPrintable(a.text));
        break;
    }
}

void TestProtocols::streamAndWholeAgree_data()
{
    QTest::addColumn<Wire>("inbound");
    QTest::addColumn<Wire>("backend");
    for (Wire inbound : kWires) {
        for (Wire backend : kWires)
            QTest::newRow((QByteArray(wireName(inbound)) + " -> " + wireName(backend)).constData()) << inbound << backend;
    }
}

void TestProtocols::streamAndWholeAgree()
{
    QFETCH(Wire, inbound);
    QFETCH(Wire, backend);
    const ChatAnswer whole = readChat(inbound, sendChat(m_core->port(), inbound, modelFor(backend), Scenario::Text, false), false);
    const ChatAnswer streamed = readChat(inbound, sendChat(m_core->port(), inbound, modelFor(backend), Scenario::Text, true), true);
    QVERIFY(!whole.text.isEmpty());
    QCOMPARE(streamed.text, whole.text);
    QCOMPARE(streamed.outputTokens, whole.outputTokens);
}

void TestProtocols::backendErrorsInTheClientsFormat_data()
{
    QTest::addColumn<Wire>("inbound");
    for (Wire inbound : kWires)
        QTest::newRow(wireName(inbound)) << inbound;
}

void TestProtocols::backendErrorsInTheClientsFormat()
{
    QFETCH(Wire, inbound);
    // A backend that always fails, as the only candidate: its error reaches the client,
    // in the client's protocol.
    SimProcess failing({QStringLiteral("--fail-rate"), QStringLiteral("1")});
    RunningCore core(R"({"version":1,"backends":[{"id":"an","protocol":"anthropic","baseUrl":")" + origin(failing) +
                     R"("}],"models":[{"id":"m","backend":"an","upstreamModel":"claude-sim"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = sendChat(core.port(), inbound, QStringLiteral("m"), Scenario::Text, false);
    QCOMPARE(r.status, 500);
    const QJsonObject body = r.json();
    switch (inbound) {
    case Wire::OpenAI:
    case Wire::Responses:
    case Wire::Ollama:
        if (inbound == Wire::Ollama)
            QVERIFY(body.value(QLatin1String("error")).toString().contains(QLatin1String("simulated failure")));
        else
            QVERIFY(body.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(QLatin1String("simulated failure")));
        break;
    case Wire::Anthropic:
        QCOMPARE(body.value(QLatin1String("type")).toString(), QStringLiteral("error"));
        QVERIFY(body.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString().contains(QLatin1String("simulated failure")));
        break;
    case Wire::Gemini:
        QCOMPARE(body.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt(), 500);
        QVERIFY(!body.value(QLatin1String("error")).toObject().value(QLatin1String("status")).toString().isEmpty());
        break;
    }
}

void TestProtocols::brokenStreamEndsWithTheClientsErrorEvent_data()
{
    QTest::addColumn<Wire>("inbound");
    for (Wire inbound : kWires)
        QTest::newRow(wireName(inbound)) << inbound;
}

void TestProtocols::brokenStreamEndsWithTheClientsErrorEvent()
{
    QFETCH(Wire, inbound);
    // The backend dies after its first event: the client already has part of the answer,
    // so it gets an error event in its protocol instead of a silent cut.
    SimProcess crashing({QStringLiteral("--crash-after"), QStringLiteral("0"), QStringLiteral("--tokens-per-s"), QStringLiteral("20")});
    RunningCore core(R"({"version":1,"backends":[{"id":"ge","protocol":"gemini","baseUrl":")" + origin(crashing) +
                     R"("}],"models":[{"id":"m","backend":"ge","upstreamModel":"gemini-sim"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = sendChat(core.port(), inbound, QStringLiteral("m"), Scenario::Text, true);
    QCOMPARE(r.status, 200);
    const ChatAnswer a = readChat(inbound, r, true);
    QVERIFY2(!a.error.isEmpty(), r.body.constData());
    QVERIFY(!a.text.isEmpty()); // what arrived before the break
}

void TestProtocols::fallbackCrossesProtocols_data()
{
    QTest::addColumn<Wire>("inbound");
    QTest::newRow("ollama client") << Wire::Ollama;
    QTest::newRow("responses client") << Wire::Responses;
}

void TestProtocols::fallbackCrossesProtocols()
{
    QFETCH(Wire, inbound);
    // Gemini backend down, then an Anthropic one that works.
    SimProcess good({QStringLiteral("--require-key"), QString::fromLatin1(kKey)});
    RunningCore core(R"({"version":1,"backends":[
        {"id":"down","protocol":"gemini","baseUrl":"http://127.0.0.1:1"},
        {"id":"an","protocol":"anthropic","baseUrl":")" + origin(good) + R"(","apiKeyEnv":"SY_TEST_BACKEND_KEY"}],
      "models":[{"id":"g","backend":"down","upstreamModel":"gemini-sim"},{"id":"c","backend":"an","upstreamModel":"claude-sim"}],
      "agents":{"A":{"models":["g","c"]}}})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = sendChat(core.port(), inbound, QStringLiteral("agent:A"), Scenario::Tool, true);
    const ChatAnswer a = readChat(inbound, r, true);
    QVERIFY2(a.status == 200 && a.error.isEmpty() && a.streamEnded, r.body.left(2000).constData());
    QCOMPARE(r.header("x-switchyard-model"), QByteArray("c"));
    QCOMPARE(r.header("x-switchyard-attempts"), QByteArray("2"));
    QCOMPARE(a.toolName, QStringLiteral("get_weather"));
}

void TestProtocols::responsesFollowUpByPreviousId()
{
    // Turn 1 asks for a tool; turn 2 names turn 1 and sends only the tool's result. The
    // Anthropic backend refuses a tool_result without its tool_use, so it answering proves
    // the stored conversation was put back in front.
    TestHttpClient client(m_core->port());
    const TestResponse first = sendChat(m_core->port(), Wire::Responses, QStringLiteral("m-anthropic"), Scenario::Tool, false);
    const ChatAnswer call = readChat(Wire::Responses, first, false);
    QVERIFY2(call.status == 200 && call.toolName == QLatin1String("get_weather"), first.body.constData());
    QVERIFY(call.responseId.startsWith(QLatin1String("resp_")));

    const QJsonObject followUp{{QStringLiteral("model"), QStringLiteral("m-anthropic")},
                               {QStringLiteral("previous_response_id"), call.responseId},
                               {QStringLiteral("input"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("function_call_output")},
                                                                                {QStringLiteral("call_id"), call.toolId},
                                                                                {QStringLiteral("output"), QStringLiteral("sunny, 21 C")}}}}};
    const TestResponse second = client.postJson("/v1/responses", QJsonDocument(followUp).toJson(QJsonDocument::Compact));
    const ChatAnswer answer = readChat(Wire::Responses, second, false);
    QVERIFY2(answer.status == 200 && answer.text.startsWith(QLatin1String("[after tool]")), second.body.constData());
    const QJsonArray sentMessages = m_multi->lastRequest().value(QLatin1String("body")).toObject().value(QLatin1String("messages")).toArray();
    QCOMPARE(sentMessages.size(), 3); // user, assistant tool_use, user tool_result

    // Kept: readable, with its input items, until deleted.
    const QByteArray path = "/v1/responses/" + call.responseId.toUtf8();
    const TestResponse got = client.get(path);
    QCOMPARE(got.status, 200);
    QCOMPARE(got.json().value(QLatin1String("id")).toString(), call.responseId);
    QCOMPARE(got.json().value(QLatin1String("output")).toArray().first().toObject().value(QLatin1String("type")).toString(), QStringLiteral("function_call"));
    const QJsonArray items = client.get(path + "/input_items").json().value(QLatin1String("data")).toArray();
    QCOMPARE(items.size(), 1);
    QCOMPARE(items.first().toObject().value(QLatin1String("role")).toString(), QStringLiteral("user"));
    const TestResponse deleted = client.request("DELETE", path, {}, {});
    QCOMPARE(deleted.json().value(QLatin1String("deleted")).toBool(), true);
    const TestResponse gone = client.get(path);
    QCOMPARE(gone.status, 404);
    QCOMPARE(gone.json().value(QLatin1String("error")).toObject().value(QLatin1String("code")).toString(), QStringLiteral("response_not_found"));
    const TestResponse unknownPrevious = client.postJson("/v1/responses", R"({"model":"m-openai","input":"hi","previous_response_id":"resp_nope"})");
    QCOMPARE(unknownPrevious.status, 404);

    // store:false keeps nothing.
    const TestResponse unstored = client.postJson("/v1/responses", R"({"model":"m-openai","input":"hi","store":false})");
    const QString id = unstored.json().value(QLatin1String("id")).toString();
    QVERIFY(!id.isEmpty());
    QCOMPARE(client.get("/v1/responses/" + id.toUtf8()).status, 404);
}

void TestProtocols::responsesRefusesHostedTools()
{
    // A tool OpenAI runs on its own servers cannot be served by a local model: 400, said
    // plainly, before anything is routed (Codex shows the message and does not retry).
    const TestResponse r = TestHttpClient(m_core->port()).postJson("/v1/responses", R"({"model":"m-openai","input":"news?",
        "tools":[{"type":"web_search","external_web_access":false}]})");
    QCOMPARE(r.status, 400);
    const QJsonObject error = r.json().value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("type")).toString(), QStringLiteral("invalid_request_error"));
    QVERIFY2(error.value(QLatin1String("message")).toString().contains(QLatin1String("web_search")), r.body.constData());
}

void TestProtocols::badRequestsGetTheClientsErrorShape()
{
    TestHttpClient client(m_core->port());
    const TestResponse anthropic = client.request("POST", "/v1/messages", R"({"model":"m-openai","messages":"nope"})",
                                                  {{"Content-Type", "application/json"}, {"anthropic-version", "2023-06-01"}});
    QCOMPARE(anthropic.status, 400);
    QCOMPARE(anthropic.json().value(QLatin1String("type")).toString(), QStringLiteral("error"));
    QCOMPARE(anthropic.json().value(QLatin1String("error")).toObject().value(QLatin1String("type")).toString(), QStringLiteral("invalid_request_error"));

    const TestResponse gemini = client.request("POST", "/v1beta/models/m-openai:generateContent", "{not json", {{"Content-Type", "application/json"}});
    QCOMPARE(gemini.status, 400);
    QCOMPARE(gemini.json().value(QLatin1String("error")).toObject().value(QLatin1String("status")).toString(), QStringLiteral("INVALID_ARGUMENT"));
    QCOMPARE(client.request("POST", "/v1beta/models/m-openai:explode", "{}", {{"Content-Type", "application/json"}}).status, 404);

    const TestResponse ollama = client.request("POST", "/api/chat", R"({"messages":[]})", {{"Content-Type", "application/json"}});
    QCOMPARE(ollama.status, 400);
    QVERIFY(ollama.json().value(QLatin1String("error")).isString());

    // An unknown model, in each protocol's shape.
    const TestResponse unknown = client.request("POST", "/v1/messages", R"({"model":"nope","max_tokens":5,"messages":[{"role":"user","content":"x"}]})",
                                                {{"Content-Type", "application/json"}, {"anthropic-version", "2023-06-01"}});
    QCOMPARE(unknown.status, 404);
    QCOMPARE(unknown.json().value(QLatin1String("error")).toObject().value(QLatin1String("type")).toString(), QStringLiteral("not_found_error"));
    QCOMPARE(client.request("POST", "/v1/messages/count_tokens", R"({"model":"m","messages":[{"role":"user","content":"count these words please"}]})",
                            {{"Content-Type", "application/json"}})
                 .json().value(QLatin1String("input_tokens")).toInt() > 0,
             true);
}

void TestProtocols::modelListsInEveryProtocol()
{
    TestHttpClient client(m_core->port());
    const TestResponse anthropic = client.request("GET", "/v1/models", {}, {{"anthropic-version", "2023-06-01"}});
    QCOMPARE(anthropic.json().value(QLatin1String("data")).toArray().first().toObject().value(QLatin1String("type")).toString(), QStringLiteral("model"));
    const TestResponse gemini = client.get("/v1beta/models");
    QVERIFY(QJsonDocument(gemini.json()).toJson().contains("\"models/m-gemini\""));
    QCOMPARE(client.get("/v1beta/models/m-openai").json().value(QLatin1String("name")).toString(), QStringLiteral("models/m-openai"));
    QCOMPARE(client.get("/v1beta/models/nope").status, 404);
    const TestResponse tags = client.get("/api/tags");
    QStringList names;
    for (const QJsonValue &m : tags.json().value(QLatin1String("models")).toArray())
        names << m.toObject().value(QLatin1String("name")).toString();
    QVERIFY2(names.contains(QStringLiteral("m-anthropic")) && names.contains(QStringLiteral("auto")), qPrintable(names.join(QLatin1Char(','))));
    // The Ollama backend's own models, under their id.
    QTRY_VERIFY_WITH_TIMEOUT(QJsonDocument(client.get("/api/tags").json()).toJson().contains("llama3:8b"), 5000);
    QCOMPARE(client.get("/api/version").json().value(QLatin1String("version")).toString(), QStringLiteral("0.13.5"));
    const TestResponse show = client.request("POST", "/api/show", R"({"model":"m-openai"})", {{"Content-Type", "application/json"}});
    QVERIFY(show.json().value(QLatin1String("capabilities")).toArray().contains(QStringLiteral("completion")));
    QCOMPARE(client.request("POST", "/api/show", R"({"model":"nope"})", {{"Content-Type", "application/json"}}).status, 404);
    const TestResponse numbered = client.request("POST", "/api/show", R"({"model":123})", {{"Content-Type", "application/json"}});
    QCOMPARE(numbered.status, 400);
    QVERIFY2(numbered.body.contains("model must be a string"), numbered.body.constData());
    QCOMPARE(client.request("POST", "/api/show", R"({})", {{"Content-Type", "application/json"}}).status, 400);
    QCOMPARE(client.request("POST", "/api/show", R"({"name":"m-openai"})", {{"Content-Type", "application/json"}}).status, 200);
    QCOMPARE(client.get("/").body, QByteArray("Ollama is running"));
}

void TestProtocols::ollamaKeepAliveLoadsAndUnloads()
{
    // A managed model, loaded and unloaded the Ollama way (an empty chat with keep_alive).
    const QByteArray config = R"({"version":1,"backends":[{"id":"local","managed":true}],"models":[{"id":"tiny","backend":"local",
        "launch":{"command":[")" + SimProcess::binaryPath().toUtf8() + R"(","--port","${PORT}"]}}]})";
    RunningCore core(config);
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse load = client.request("POST", "/api/chat", R"({"model":"tiny","messages":[],"keep_alive":"10m"})", {{"Content-Type", "application/json"}});
    QCOMPARE(load.status, 200);
    QCOMPARE(load.json().value(QLatin1String("done_reason")).toString(), QStringLiteral("load"));
    auto loaded = [&] {
        for (const QJsonValue &m : client.get("/api/ps").json().value(QLatin1String("models")).toArray()) {
            if (m.toObject().value(QLatin1String("name")).toString() == QLatin1String("tiny"))
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(loaded(), 10000);
    // keep_alive on a request sets the TTL the pool counts down.
    const TestResponse chat = client.request("POST", "/api/chat", R"({"model":"tiny","stream":false,"keep_alive":600,
        "messages":[{"role":"user","content":"hi"}]})", {{"Content-Type", "application/json"}});
    QCOMPARE(chat.status, 200);
    const QJsonObject model = client.request("GET", "/api/v1/models/tiny", {}, core.auth()).json().value(QLatin1String("model")).toObject();
    QCOMPARE(model.value(QLatin1String("ttlS")).toInt(), 600);
    const TestResponse unload = client.request("POST", "/api/generate", R"({"model":"tiny","prompt":"","keep_alive":0})", {{"Content-Type", "application/json"}});
    QCOMPARE(unload.json().value(QLatin1String("done_reason")).toString(), QStringLiteral("unload"));
    QTRY_VERIFY_WITH_TIMEOUT(!loaded(), 10000);
}

void TestProtocols::claudeCodeShapedRequests()
{
    // The shape Claude Code 2.1 sends (captured, contents replaced): ?beta=true, beta
    // headers, system blocks with cache_control, a "system" message mid-conversation,
    // thinking, context_management, output_config, metadata, streaming.
    const QByteArray body = R"({"model":"MODEL","max_tokens":32000,"stream":true,
        "system":[{"type":"text","text":"You are a coding agent.","cache_control":{"type":"ephemeral"}}],
        "messages":[{"role":"user","content":[{"type":"text","text":"<system-reminder>context</system-reminder>"},{"type":"text","text":"Say hello"}]},
                    {"role":"system","content":[{"type":"text","text":"# Environment: linux","cache_control":{"type":"ephemeral"}}]}],
        "tools":[{"name":"Read","description":"Read a file","input_schema":{"type":"object","properties":{"file_path":{"type":"string"}},"required":["file_path"]}},
                 {"name":"Bash","description":"Run a command","input_schema":{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}}],
        "metadata":{"user_id":"{\"session_id\":\"abc\"}"},"thinking":{"type":"adaptive"},
        "context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]},"output_config":{"effort":"high"}})";
    const http::Headers headers{{"Content-Type", "application/json"}, {"anthropic-version", "2023-06-01"},
                                {"anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14"}, {"x-api-key", "sk-ant-x"},
                                {"x-app", "cli"}};
    for (const char *model : {"m-openai", "m-anthropic"}) {
        const TestResponse r = TestHttpClient(m_core->port()).request("POST", "/v1/messages?beta=true",
                                                                      QByteArray(body).replace("MODEL", model), headers, 20000);
        const ChatAnswer a = readChat(Wire::Anthropic, r, true);
        QVERIFY2(a.status == 200 && a.streamEnded, r.body.left(1000).constData());
        QCOMPARE(a.toolName, QStringLiteral("Read")); // the sim calls the first tool
    }
    // To an Anthropic backend the client's beta features and extra fields go along.
    const QJsonObject sent = m_multi->lastRequest();
    QCOMPARE(sent.value(QLatin1String("headers")).toObject().value(QLatin1String("anthropic-beta")).toString(),
             QStringLiteral("claude-code-20250219,interleaved-thinking-2025-05-14"));
    QCOMPARE(sent.value(QLatin1String("headers")).toObject().value(QLatin1String("x-api-key")).toString(), QString::fromLatin1(kKey));
    const QJsonObject sentBody = sent.value(QLatin1String("body")).toObject();
    QCOMPARE(sentBody.value(QLatin1String("thinking")).toObject().value(QLatin1String("type")).toString(), QStringLiteral("adaptive"));
    // A compatible server (not api.anthropic.com, no "passThrough") gets the request
    // converted: the mid-conversation system message joins the system prompt.
    QVERIFY(sentBody.value(QLatin1String("system")).toString().contains(QLatin1String("# Environment: linux")));
}

namespace {

// A backend of the client's own protocol answering with what only that protocol has
// (thinking blocks and their signatures, cache usage, Gemini's thoughtSignature), whole and
// streamed, and keeping the last body it was sent.
struct NativeUpstream {
    QMutex mutex;
    QByteArray lastTarget;
    QByteArray lastBody;
};

const QByteArray kAnthropicWhole =
    R"({"id":"msg_up","type":"message","role":"assistant","model":"claude-up","content":[{"type":"thinking","thinking":"Sunny?","signature":"SIG_2"},)"
    R"({"type":"text","text":"Sunny."}],"stop_reason":"stop_sequence","stop_sequence":"END",)"
    R"("usage":{"input_tokens":11,"output_tokens":7,"cache_read_input_tokens":5,"cache_creation_input_tokens":2}})";

QByteArray anthropicEvent(const QByteArray &type, const QByteArray &data)
{
    return "event: " + type + "\ndata: " + data + "\n\n";
}

QByteArray anthropicStreamStart()
{
    return anthropicEvent("message_start", R"({"type":"message_start","message":{"id":"msg_up","type":"message","role":"assistant","model":"claude-up",)"
                                           R"("content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":11,"output_tokens":1,"cache_read_input_tokens":5}}})");
}

QByteArray anthropicStream()
{
    return anthropicStreamStart() +
           anthropicEvent("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}})") +
           anthropicEvent("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Sunny?"}})") +
           anthropicEvent("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"SIG_2"}})") +
           anthropicEvent("content_block_stop", R"({"type":"content_block_stop","index":0})") +
           anthropicEvent("content_block_start", R"({"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}})") +
           anthropicEvent("content_block_delta", R"({"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Sunny."}})") +
           anthropicEvent("content_block_stop", R"({"type":"content_block_stop","index":1})") +
           anthropicEvent("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":7}})") +
           anthropicEvent("message_stop", R"({"type":"message_stop"})");
}

// Text, then the backend is overloaded mid-answer.
QByteArray anthropicOverloadedStream()
{
    return anthropicStreamStart() +
           anthropicEvent("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
           anthropicEvent("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Part"}})") +
           anthropicEvent("error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
}

const QByteArray kGeminiWhole =
    R"({"candidates":[{"content":{"role":"model","parts":[{"text":"pondering","thought":true},)"
    R"({"functionCall":{"name":"get_weather","args":{"city":"Rome"}},"thoughtSignature":"GSIG_2"}]},"finishReason":"STOP","index":0}],)"
    R"("usageMetadata":{"promptTokenCount":11,"candidatesTokenCount":7,"thoughtsTokenCount":50,"totalTokenCount":68}})";

std::unique_ptr<ServerThread> startNativeUpstream(std::shared_ptr<NativeUpstream> seen)
{
    return std::make_unique<ServerThread>([seen](http::HttpServer &server) {
        server.setHandler([seen](http::HttpExchange *exchange) {
            const QByteArray target = exchange->request().target;
            const QJsonObject body = QJsonDocument::fromJson(exchange->body()).object();
            {
                QMutexLocker lock(&seen->mutex);
                seen->lastTarget = target;
                seen->lastBody = exchange->body();
            }
            const bool stream = body.value(QLatin1String("stream")).toBool() || target.contains(":streamGenerateContent");
            const http::Headers sse{{"Content-Type", "text/event-stream"}};
            const http::Headers json{{"Content-Type", "application/json"}};
            if (target.contains("/v1/messages")) {
                if (body.value(QLatin1String("model")).toString() == QLatin1String("claude-error"))
                    exchange->respond(200, sse, anthropicOverloadedStream());
                else
                    exchange->respond(200, stream ? sse : json, stream ? anthropicStream() : kAnthropicWhole);
            } else {
                exchange->respond(200, stream ? sse : json, stream ? "data: " + kGeminiWhole + "\r\n\r\n" : kGeminiWhole);
            }
        });
    });
}

QByteArray nativeConfig(quint16 port)
{
    const QByteArray origin = "http://127.0.0.1:" + QByteArray::number(port);
    return R"({"version":1,"backends":[{"id":"an","protocol":"anthropic","baseUrl":")" + origin + R"(","passThrough":true},)"
           R"({"id":"ge","protocol":"gemini","baseUrl":")" + origin + R"(/v1beta","passThrough":true}],)"
           R"("models":[{"id":"m-an","backend":"an","upstreamModel":"claude-up","params":{"temperature":0.3,"top_k":5}},)"
           R"({"id":"m-an-err","backend":"an","upstreamModel":"claude-error"},)"
           R"({"id":"m-ge","backend":"ge","upstreamModel":"gemini-up","params":{"temperature":0.2}},)"
           R"({"id":"m-an-strip","backend":"an","upstreamModel":"claude-up","params":{"temperature":0.3},"stripParams":["temperature","top_k"]},)"
           R"({"id":"m-ge-strip","backend":"ge","upstreamModel":"gemini-up","params":{"temperature":0.2},"stripParams":["temperature","max_tokens"]}]})";
}

QJsonObject jsonObject(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

} // namespace

// A backend of the client's own protocol gets the client's request as sent, and the client
// its answer as the backend gave it: thinking blocks and their signatures (without which
// Anthropic refuses the next tool turn), cache_control, documents, server tools, cache
// usage; Gemini's thoughtSignature and thinkingConfig. Only the model name and configured
// defaults the client did not set are filled in.
// A model's stripParams reach into the client's own body too, in its protocol's words (and
// Gemini's either spelling); configured params then fill in.
void TestProtocols::sameProtocolWithoutStrippedParams()
{
    auto seen = std::make_shared<NativeUpstream>();
    const std::unique_ptr<ServerThread> upstream = startNativeUpstream(seen);
    RunningCore core(nativeConfig(upstream->port()));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const QByteArray anthropic = R"({"model":"m-an-strip","max_tokens":64,"temperature":0.9,"top_k":40,"top_p":0.5,)"
                                 R"("thinking":{"type":"enabled","budget_tokens":1024},"messages":[{"role":"user","content":"hi"}]})";
    QCOMPARE(client.request("POST", "/v1/messages", anthropic, {{"Content-Type", "application/json"}, {"anthropic-version", "2023-06-01"}}).status, 200);
    QJsonObject expected = jsonObject(anthropic);
    expected.insert(QStringLiteral("model"), QStringLiteral("claude-up"));
    expected.insert(QStringLiteral("temperature"), 0.3);
    expected.remove(QStringLiteral("top_k"));
    {
        QMutexLocker lock(&seen->mutex);
        QCOMPARE(jsonObject(seen->lastBody), expected);
    }
    const QByteArray gemini = R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}],)"
                              R"("generation_config":{"temperature":1.2,"max_output_tokens":100,"top_p":0.5}})";
    QCOMPARE(client.postJson("/v1beta/models/m-ge-strip:generateContent", gemini).status, 200);
    QMutexLocker lock(&seen->mutex);
    QCOMPARE(jsonObject(seen->lastBody).value(QLatin1String("generation_config")).toObject(),
             QJsonObject({{"top_p", 0.5}, {"temperature", 0.2}}));
}

void TestProtocols::sameProtocolKeepsWhatOnlyItKnows()
{
    auto seen = std::make_shared<NativeUpstream>();
    const std::unique_ptr<ServerThread> upstream = startNativeUpstream(seen);
    RunningCore core(nativeConfig(upstream->port()));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const http::Headers anthropicHeaders{{"Content-Type", "application/json"}, {"anthropic-version", "2023-06-01"}};

    const QByteArray anthropicBody = R"({"model":"m-an","max_tokens":64,"temperature":0.7,)"
        R"("system":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],)"
        R"("thinking":{"type":"enabled","budget_tokens":1024},)"
        R"("tools":[{"type":"web_search_20250305","name":"web_search","max_uses":2},)"
        R"({"name":"get_weather","input_schema":{"type":"object"},"cache_control":{"type":"ephemeral"}}],)"
        R"("messages":[{"role":"user","content":[{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0xLjQK"}},)"
        R"({"type":"text","text":"weather?"}]},)"
        R"({"role":"assistant","content":[{"type":"thinking","thinking":"Let me think","signature":"SIG_1"},{"type":"redacted_thinking","data":"BLOB"},)"
        R"({"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},)"
        R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"21C"}]}]})";
    for (const bool stream : {false, true}) {
        QJsonObject sent = jsonObject(anthropicBody);
        if (stream)
            sent.insert(QStringLiteral("stream"), true);
        const TestResponse r = client.request("POST", "/v1/messages", QJsonDocument(sent).toJson(QJsonDocument::Compact), anthropicHeaders);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, stream ? anthropicStream() : kAnthropicWhole);
        QJsonObject expected = sent;
        expected.insert(QStringLiteral("model"), QStringLiteral("claude-up"));
        expected.insert(QStringLiteral("top_k"), 5); // configured, not set by the client; its temperature stays
        QMutexLocker lock(&seen->mutex);
        QCOMPARE(jsonObject(seen->lastBody), expected);
    }
    // What the answer used is recorded from the backend's own counts, the input read from
    // and written to the prompt cache included (11 + 5 + 2).
    const TestResponse last = client.request("POST", "/v1/messages", anthropicBody, anthropicHeaders);
    auto recorded = [&](const TestResponse &r) -> QJsonObject { // the history row, once written
        for (int waited = 0; waited < 5000; waited += 50) {
            const TestResponse row = client.request("GET", "/api/v1/requests/" + r.header("x-request-id"), {}, core.auth());
            if (row.status == 200)
                return row.json();
            QTest::qWait(50);
        }
        return {};
    };
    QCOMPARE(recorded(last).value(QLatin1String("tokensIn")).toInt(), 18);
    QCOMPARE(recorded(last).value(QLatin1String("tokensOut")).toInt(), 7);

    const QByteArray geminiBody = R"({"contents":[{"role":"user","parts":[{"text":"weather?"}]},)"
        R"({"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Paris"}},"thoughtSignature":"GSIG_1"}]},)"
        R"({"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"t":21}}}]}],)"
        R"("generationConfig":{"thinkingConfig":{"includeThoughts":true,"thinkingBudget":512}}})";
    // What the backend should get: the client's body with the configured temperature in its
    // generation config (under the key the client used).
    auto withTemperature = [](const QByteArray &body, const QString &key) {
        QJsonObject expected = jsonObject(body);
        QJsonObject config = expected.value(key).toObject();
        config.insert(QStringLiteral("temperature"), 0.2);
        expected.insert(key, config);
        return expected;
    };
    for (const bool stream : {false, true}) {
        const QByteArray path = stream ? "/v1beta/models/m-ge:streamGenerateContent?alt=sse" : "/v1beta/models/m-ge:generateContent";
        const TestResponse r = client.postJson(path, geminiBody);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, stream ? "data: " + kGeminiWhole + "\r\n\r\n" : kGeminiWhole);
        QMutexLocker lock(&seen->mutex);
        QCOMPARE(jsonObject(seen->lastBody), withTemperature(geminiBody, QStringLiteral("generationConfig")));
        QVERIFY2(seen->lastTarget.contains(stream ? "/models/gemini-up:streamGenerateContent" : "/models/gemini-up:generateContent"),
                 seen->lastTarget.constData());
        lock.unlock();
        // Thinking is output too (7 + 50).
        QCOMPARE(recorded(r).value(QLatin1String("tokensOut")).toInt(), 57);
    }
    // Written in snake_case (the API takes both): the configured temperature joins the
    // client's object, under no second spelling of anything.
    const QByteArray snake = R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}],"generation_config":{"max_output_tokens":100,"thinking_config":{"thinking_budget":0}}})";
    QCOMPARE(client.postJson("/v1beta/models/m-ge:generateContent", snake).status, 200);
    QMutexLocker lock(&seen->mutex);
    QCOMPARE(jsonObject(seen->lastBody), withTemperature(snake, QStringLiteral("generation_config")));
}

// A backend of the client's own protocol that fails mid-stream: the client gets what came
// before and the backend's own error event, once (not followed by one of Switchyard's),
// whether the error comes in the same read as the answer or a later one. An error before
// any answer is held back (another candidate could still serve) and said once, as the same
// kind, in Switchyard's words.
void TestProtocols::sameProtocolStreamErrorIsSaidOnce()
{
    const QByteArray answer = anthropicStreamStart() +
        anthropicEvent("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
        anthropicEvent("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Part"}})");
    const QByteArray overloaded = anthropicEvent("error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
    ServerThread upstream([answer, overloaded](http::HttpServer &server) {
        server.setHandler([answer, overloaded](http::HttpExchange *exchange) {
            const QString model = QJsonDocument::fromJson(exchange->body()).object().value(QLatin1String("model")).toString();
            exchange->begin(200, {{"Content-Type", "text/event-stream"}});
            if (model == QLatin1String("one-read")) {
                exchange->write(answer + overloaded);
                exchange->end();
                return;
            }
            exchange->write(model == QLatin1String("early") ? anthropicStreamStart() + overloaded : answer);
            QTimer::singleShot(150, exchange, [exchange, overloaded, model] {
                if (model == QLatin1String("late"))
                    exchange->write(overloaded);
                exchange->end();
            });
        });
    });
    RunningCore core(R"({"version":1,"backends":[{"id":"an","protocol":"anthropic","baseUrl":"http://127.0.0.1:)" +
                     QByteArray::number(upstream.port()) + R"(","passThrough":true}],"models":[{"id":"one-read","backend":"an"},)"
                     R"({"id":"late","backend":"an"},{"id":"early","backend":"an"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    auto send = [&core](const char *model) {
        return TestHttpClient(core.port()).request(
            "POST", "/v1/messages", QByteArray(R"({"model":")") + model + R"(","max_tokens":8,"stream":true,"messages":[{"role":"user","content":"hi"}]})",
            {{"Content-Type", "application/json"}, {"anthropic-version", "2023-06-01"}});
    };
    for (const char *model : {"one-read", "late"}) {
        const TestResponse r = send(model);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, answer + overloaded);
    }
    const TestResponse early = send("early");
    QCOMPARE(early.status, 200);
    QCOMPARE(early.body.count("event: error"), 1);
    QVERIFY2(early.body.contains("overloaded_error") && !early.body.contains("message_start"), early.body.constData());
}

// `strict` defaults to false in Chat Completions and to true in the Responses API: a tool
// crossing between them says what it meant. A stop sequence, which the Responses API does
// not have, is left out (it was sent under an empty key, which OpenAI refuses).
void TestProtocols::toolStrictnessKeepsItsMeaning()
{
    TestHttpClient client(m_core->port());
    const TestResponse chat = client.postJson("/v1/chat/completions",
        R"({"model":"m-responses","stop":["END"],"messages":[{"role":"user","content":"hi"}],"tools":[)"
        R"({"type":"function","function":{"name":"exact","parameters":{"type":"object","properties":{},"additionalProperties":false},"strict":true}},)"
        R"({"type":"function","function":{"name":"loose","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}]})");
    QCOMPARE(chat.status, 200);
    QJsonObject sent = m_multi->lastRequest().value(QLatin1String("body")).toObject();
    QVERIFY2(!sent.contains(QString()) && !sent.contains(QLatin1String("stop")), QJsonDocument(sent).toJson().constData());
    QJsonArray tools = sent.value(QLatin1String("tools")).toArray();
    QCOMPARE(tools.size(), 2);
    QCOMPARE(tools[0].toObject().value(QLatin1String("strict")), QJsonValue(true));
    QCOMPARE(tools[1].toObject().value(QLatin1String("strict")), QJsonValue(false));

    const TestResponse responses = client.postJson("/v1/responses",
        R"({"model":"m-openai","input":"hi","tools":[{"type":"function","name":"implied","parameters":{"type":"object","properties":{},"additionalProperties":false}},)"
        R"({"type":"function","name":"loose","strict":false,"parameters":{"type":"object","properties":{"q":{"type":"string"}}}}]})");
    QCOMPARE(responses.status, 200);
    sent = m_multi->lastRequest().value(QLatin1String("body")).toObject();
    tools = sent.value(QLatin1String("tools")).toArray();
    QCOMPARE(tools.size(), 2);
    QCOMPARE(tools[0].toObject().value(QLatin1String("function")).toObject().value(QLatin1String("strict")), QJsonValue(true));
    QVERIFY(!tools[1].toObject().value(QLatin1String("function")).toObject().contains(QLatin1String("strict")));
}

// Anthropic streams a call of a function without parameters as one empty piece: an OpenAI
// client must still get arguments it can parse ("{}", not ""). And a stream's usage chunk
// comes only when asked for (stream_options.include_usage).
void TestProtocols::toolCallWithoutArgumentsIsAnEmptyObject()
{
    ServerThread upstream([](http::HttpServer &server) {
        server.setHandler([](http::HttpExchange *exchange) {
            exchange->respond(200, {{"Content-Type", "text/event-stream"}},
                              anthropicStreamStart() +
                                  anthropicEvent("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_E","name":"list_files","input":{}}})") +
                                  anthropicEvent("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":""}})") +
                                  anthropicEvent("content_block_stop", R"({"type":"content_block_stop","index":0})") +
                                  anthropicEvent("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":3}})") +
                                  anthropicEvent("message_stop", R"({"type":"message_stop"})"));
        });
    });
    RunningCore core(R"({"version":1,"backends":[{"id":"an","protocol":"anthropic","baseUrl":"http://127.0.0.1:)" +
                     QByteArray::number(upstream.port()) + R"("}],"models":[{"id":"m","backend":"an"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const TestResponse r = TestHttpClient(core.port()).postJson("/v1/chat/completions",
        R"({"model":"m","stream":true,"messages":[{"role":"user","content":"list"}],"tools":[{"type":"function","function":{"name":"list_files","parameters":{"type":"object","properties":{}}}}]})");
    QCOMPARE(r.status, 200);
    QString name, arguments;
    for (const QByteArray &line : r.body.split('\n')) {
        if (!line.startsWith("data: {"))
            continue;
        const QJsonArray calls = QJsonDocument::fromJson(line.mid(6)).object().value(QLatin1String("choices")).toArray().first()
                                     .toObject().value(QLatin1String("delta")).toObject().value(QLatin1String("tool_calls")).toArray();
        for (const QJsonValue &c : calls) {
            name += c.toObject().value(QLatin1String("function")).toObject().value(QLatin1String("name")).toString();
            arguments += c.toObject().value(QLatin1String("function")).toObject().value(QLatin1String("arguments")).toString();
        }
    }
    QCOMPARE(name, QStringLiteral("list_files"));
    QCOMPARE(arguments, QStringLiteral("{}"));
    // A usage chunk (which has no choices) only for a client that asks for one.
    QVERIFY2(!r.body.contains("\"usage\""), r.body.constData());
    const TestResponse withUsage = TestHttpClient(core.port()).postJson("/v1/chat/completions",
        R"({"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"list"}]})");
    QVERIFY2(withUsage.body.contains("\"usage\":{\"completion_tokens\":3"), withUsage.body.constData());
    // Another Switchyard passing a client's stream on records tokens from that chunk.
    const TestResponse fromNode = TestHttpClient(core.port()).postJson("/v1/chat/completions",
        R"({"model":"m","stream":true,"messages":[{"role":"user","content":"list"}]})", {{"X-Switchyard-Hop", "1"}});
    QVERIFY2(fromNode.body.contains("\"usage\":{\"completion_tokens\":3"), fromNode.body.constData());
}

// A filtered answer is "incomplete" for the content filter to a Responses client (not
// "completed", not out of tokens); an empty answer is no content block to an Anthropic
// client (an empty text block sent back would be refused).
void TestProtocols::filteredAndEmptyAnswersKeepTheirMeaning()
{
    ServerThread upstream([](http::HttpServer &server) {
        server.setHandler([](http::HttpExchange *exchange) {
            const QJsonObject body = QJsonDocument::fromJson(exchange->body()).object();
            const bool filtered = body.value(QLatin1String("model")).toString() == QLatin1String("filtered");
            const QByteArray finish = filtered ? "content_filter" : "stop";
            const QByteArray text = filtered ? "Partial" : "";
            if (body.value(QLatin1String("stream")).toBool())
                exchange->respond(200, {{"Content-Type", "text/event-stream"}},
                                  R"(data: {"id":"c1","object":"chat.completion.chunk","model":"up","choices":[{"index":0,"delta":{"role":"assistant","content":")" + text +
                                      R"("},"finish_reason":null}]})" "\n\n"
                                      R"(data: {"id":"c1","object":"chat.completion.chunk","model":"up","choices":[{"index":0,"delta":{},"finish_reason":")" + finish +
                                      R"("}]})" "\n\ndata: [DONE]\n\n");
            else
                exchange->respond(200, {{"Content-Type", "application/json"}},
                                  R"({"id":"c1","object":"chat.completion","model":"up","choices":[{"index":0,"message":{"role":"assistant","content":")" + text +
                                      R"("},"finish_reason":")" + finish + R"("}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})");
        });
    });
    RunningCore core(R"({"version":1,"backends":[{"id":"oa","baseUrl":"http://127.0.0.1:)" + QByteArray::number(upstream.port()) +
                     R"(/v1"}],"models":[{"id":"m-filtered","backend":"oa","upstreamModel":"filtered"},{"id":"m-empty","backend":"oa","upstreamModel":"empty"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const TestResponse whole = client.postJson("/v1/responses", R"({"model":"m-filtered","input":"hi"})");
    QCOMPARE(whole.json().value(QLatin1String("status")).toString(), QStringLiteral("incomplete"));
    QCOMPARE(whole.json().value(QLatin1String("incomplete_details")).toObject().value(QLatin1String("reason")).toString(), QStringLiteral("content_filter"));
    const TestResponse streamed = client.postJson("/v1/responses", R"({"model":"m-filtered","input":"hi","stream":true})");
    QVERIFY2(streamed.body.contains("event: response.incomplete") && streamed.body.contains(R"("reason":"content_filter")"), streamed.body.constData());

    const http::Headers anthropic{{"Content-Type", "application/json"}, {"anthropic-version", "2023-06-01"}};
    const TestResponse empty = client.request("POST", "/v1/messages", R"({"model":"m-empty","max_tokens":8,"messages":[{"role":"user","content":"hi"}]})", anthropic);
    QCOMPARE(empty.status, 200);
    QCOMPARE(empty.json().value(QLatin1String("content")).toArray().size(), 0);
}

// An OpenAI-compatible backend may start a second tool call before the first one's
// arguments are complete and then send pieces of both in turn. Anthropic, Gemini and
// Responses clients, whose protocols cannot interleave calls, still get both calls whole.
void TestProtocols::interleavedToolCallsStayWhole()
{
    auto piece = [](int index, const QString &id, const QString &name, const QString &arguments) {
        QJsonObject function{{QStringLiteral("arguments"), arguments}};
        QJsonObject call{{QStringLiteral("index"), index}, {QStringLiteral("function"), function}};
        if (!id.isEmpty()) {
            function.insert(QStringLiteral("name"), name);
            call = {{QStringLiteral("index"), index}, {QStringLiteral("id"), id}, {QStringLiteral("type"), QStringLiteral("function")}, {QStringLiteral("function"), function}};
        }
        const QJsonObject chunk{{QStringLiteral("id"), QStringLiteral("c1")}, {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                                {QStringLiteral("choices"), QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                                                                   {QStringLiteral("delta"), QJsonObject{{QStringLiteral("tool_calls"), QJsonArray{call}}}}}}}};
        return "data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n";
    };
    const QByteArray stream = piece(0, QStringLiteral("call_0"), QStringLiteral("get_weather"), QString()) +
                              piece(1, QStringLiteral("call_1"), QStringLiteral("get_time"), QString()) +
                              piece(0, {}, {}, QStringLiteral("{\"city\":")) + piece(1, {}, {}, QStringLiteral("{\"tz\":\"UTC\"}")) +
                              piece(0, {}, {}, QStringLiteral("\"Paris\"}")) +
                              "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
                              "data: [DONE]\n\n";
    ServerThread upstream([stream](http::HttpServer &server) {
        server.setHandler([stream](http::HttpExchange *exchange) { exchange->respond(200, {{"Content-Type", "text/event-stream"}}, stream); });
    });
    RunningCore core(R"({"version":1,"backends":[{"id":"oa","baseUrl":"http://127.0.0.1:)" + QByteArray::number(upstream.port()) +
                     R"(/v1"}],"models":[{"id":"m","backend":"oa"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const QJsonObject weather{{QStringLiteral("city"), QStringLiteral("Paris")}};
    const QJsonObject time{{QStringLiteral("tz"), QStringLiteral("UTC")}};
    auto dataOf = [](const QByteArray &body) {
        std::vector<QJsonObject> out;
        for (const QByteArray &line : body.split('\n'))
            if (line.startsWith("data: {"))
                out.push_back(QJsonDocument::fromJson(line.mid(6)).object());
        return out;
    };

    // Anthropic: blocks one after another, each tool block's pieces inside it.
    const TestResponse anthropic = client.request("POST", "/v1/messages", R"({"model":"m","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"go"}]})",
                                                  {{"Content-Type", "application/json"}, {"anthropic-version", "2023-06-01"}});
    std::map<int, QString> inputs;
    std::map<int, QString> names;
    int open = -1;
    for (const QJsonObject &event : dataOf(anthropic.body)) {
        const QString type = event.value(QLatin1String("type")).toString();
        const int index = event.value(QLatin1String("index")).toInt();
        if (type == QLatin1String("content_block_start")) {
            QCOMPARE(open, -1);
            open = index;
            names[index] = event.value(QLatin1String("content_block")).toObject().value(QLatin1String("name")).toString();
        } else if (type == QLatin1String("content_block_delta")) {
            QCOMPARE(index, open);
            inputs[index] += event.value(QLatin1String("delta")).toObject().value(QLatin1String("partial_json")).toString();
        } else if (type == QLatin1String("content_block_stop")) {
            QCOMPARE(index, open);
            open = -1;
        }
    }
    QCOMPARE(names.size(), std::size_t(2));
    for (const auto &[index, name] : names)
        QCOMPARE(QJsonDocument::fromJson(inputs[index].toUtf8()).object(), name == QLatin1String("get_weather") ? weather : time);

    // Gemini: each function call whole, with its arguments.
    const TestResponse gemini = client.postJson("/v1beta/models/m:streamGenerateContent?alt=sse", R"({"contents":[{"role":"user","parts":[{"text":"go"}]}]})");
    std::map<QString, QJsonObject> calls;
    for (const QJsonObject &chunk : dataOf(gemini.body))
        for (const QJsonValue &part : chunk.value(QLatin1String("candidates")).toArray().first().toObject().value(QLatin1String("content")).toObject().value(QLatin1String("parts")).toArray())
            if (const QJsonObject call = part.toObject().value(QLatin1String("functionCall")).toObject(); !call.isEmpty())
                calls[call.value(QLatin1String("name")).toString()] = call.value(QLatin1String("args")).toObject();
    QCOMPARE(calls[QStringLiteral("get_weather")], weather);
    QCOMPARE(calls[QStringLiteral("get_time")], time);

    // Responses: the completed response's function calls, arguments whole.
    const TestResponse responses = client.postJson("/v1/responses", R"({"model":"m","input":"go","stream":true})");
    calls.clear();
    for (const QJsonObject &event : dataOf(responses.body))
        if (event.value(QLatin1String("type")) == QLatin1String("response.completed"))
            for (const QJsonValue &item : event.value(QLatin1String("response")).toObject().value(QLatin1String("output")).toArray())
                if (item.toObject().value(QLatin1String("type")) == QLatin1String("function_call"))
                    calls[item.toObject().value(QLatin1String("name")).toString()] =
                        QJsonDocument::fromJson(item.toObject().value(QLatin1String("arguments")).toString().toUtf8()).object();
    QCOMPARE(calls[QStringLiteral("get_weather")], weather);
    QCOMPARE(calls[QStringLiteral("get_time")], time);
}

// Pydantic writes nested types as references ("$ref": "#/$defs/Name"), which Gemini's
// schema does not have: they reach it written out (a recursive one only so deep).
void TestProtocols::schemaReferencesReachGemini()
{
    const TestResponse r = TestHttpClient(m_core->port()).postJson("/v1/chat/completions",
        R"({"model":"m-gemini","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"plan",)"
        R"("parameters":{"type":"object","$defs":{"Step":{"type":"object","properties":{"title":{"type":"string"},"next":{"$ref":"#/$defs/Step"}}},)"
        R"("Place":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}},)"
        R"("properties":{"where":{"$ref":"#/$defs/Place","description":"the place"},"first":{"allOf":[{"$ref":"#/$defs/Step"}]}},"required":["where"]}}}]})");
    QCOMPARE(r.status, 200);
    const QJsonObject sent = m_multi->lastRequest().value(QLatin1String("body")).toObject();
    const QByteArray text = QJsonDocument(sent).toJson(QJsonDocument::Compact);
    QVERIFY2(!text.contains("$ref") && !text.contains("$defs") && !text.contains("allOf"), text.constData());
    const QJsonObject properties = sent.value(QLatin1String("tools")).toArray().first().toObject().value(QLatin1String("functionDeclarations")).toArray()
                                       .first().toObject().value(QLatin1String("parameters")).toObject().value(QLatin1String("properties")).toObject();
    const QJsonObject where = properties.value(QLatin1String("where")).toObject();
    QCOMPARE(where.value(QLatin1String("type")).toString(), QStringLiteral("OBJECT"));
    QCOMPARE(where.value(QLatin1String("description")).toString(), QStringLiteral("the place"));
    QCOMPARE(where.value(QLatin1String("properties")).toObject().value(QLatin1String("city")).toObject().value(QLatin1String("type")).toString(), QStringLiteral("STRING"));
    const QJsonObject first = properties.value(QLatin1String("first")).toObject();
    QCOMPARE(first.value(QLatin1String("properties")).toObject().value(QLatin1String("next")).toObject().value(QLatin1String("type")).toString(), QStringLiteral("OBJECT"));

    // A large definition named many times is written out only up to twice the schema's size:
    // a request cannot make the router build a thousandfold larger one.
    QJsonArray values;
    for (int i = 0; i < 2000; ++i)
        values.append(QStringLiteral("value-%1").arg(i));
    QJsonObject many;
    for (int i = 0; i < 300; ++i)
        many.insert(QStringLiteral("p%1").arg(i), QJsonObject{{QStringLiteral("$ref"), QStringLiteral("#/$defs/Big")}});
    const QJsonObject schema{{QStringLiteral("type"), QStringLiteral("object")}, {QStringLiteral("properties"), many},
                             {QStringLiteral("$defs"), QJsonObject{{QStringLiteral("Big"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")},
                                                                                                        {QStringLiteral("enum"), values}}}}}};
    const QJsonObject request{{QStringLiteral("model"), QStringLiteral("m-gemini")},
                              {QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), QStringLiteral("hi")}}}},
                              {QStringLiteral("tools"), QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                                                               {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), QStringLiteral("big")},
                                                                                                                        {QStringLiteral("parameters"), schema}}}}}}};
    const QByteArray body = QJsonDocument(request).toJson(QJsonDocument::Compact);
    QCOMPARE(TestHttpClient(m_core->port()).postJson("/v1/chat/completions", body).status, 200);
    const QByteArray sentBig = QJsonDocument(m_multi->lastRequest().value(QLatin1String("body")).toObject()).toJson(QJsonDocument::Compact);
    QVERIFY2(sentBig.size() < 4 * body.size(), QByteArray::number(sentBig.size()).constData()); // all 300 written out: ~100x
    QVERIFY(sentBig.contains("value-1999")); // written out where the budget allowed
}

// What Claude Code's tools return beyond text reaches a backend whose tool results are
// text: a screenshot as an image of the turn, a failed call as one that says so.
void TestProtocols::toolResultImagesAndErrorsCross()
{
    const TestResponse r = TestHttpClient(m_core->port()).request("POST", "/v1/messages",
        R"({"model":"m-openai","max_tokens":64,"messages":[{"role":"user","content":"look"},)"
        R"({"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"Screenshot","input":{}},{"type":"tool_use","id":"toolu_2","name":"Read","input":{"file_path":"x"}}]},)"
        R"({"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"taken"},)"
        R"({"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]},)"
        R"({"type":"tool_result","tool_use_id":"toolu_2","content":"no such file","is_error":true}]}]})",
        {{"Content-Type", "application/json"}, {"anthropic-version", "2023-06-01"}});
    QCOMPARE(r.status, 200);
    const QJsonArray messages = m_multi->lastRequest().value(QLatin1String("body")).toObject().value(QLatin1String("messages")).toArray();
    QStringList toolContents;
    QString imageUrl;
    for (const QJsonValue &m : messages) {
        const QJsonObject message = m.toObject();
        if (message.value(QLatin1String("role")) == QLatin1String("tool"))
            toolContents << message.value(QLatin1String("content")).toString();
        for (const QJsonValue &part : message.value(QLatin1String("content")).toArray())
            if (part.toObject().value(QLatin1String("type")) == QLatin1String("image_url"))
                imageUrl = part.toObject().value(QLatin1String("image_url")).toObject().value(QLatin1String("url")).toString();
    }
    QCOMPARE(toolContents, (QStringList{QStringLiteral("taken"), QStringLiteral("Error: no such file")}));
    QCOMPARE(imageUrl, QStringLiteral("data:image/png;base64,iVBORw0KGgo="));
}

// Anthropic has no response_format: the wanted shape goes as one tool it must call, and the
// call's input comes back as the answer's text, whole or streamed.
void TestProtocols::jsonAnswersFromAnthropic()
{
    TestHttpClient client(m_core->port());
    for (const bool stream : {false, true}) {
        const TestResponse r = client.postJson("/v1/chat/completions",
            QByteArray(R"({"model":"m-anthropic","messages":[{"role":"user","content":"Name a city."}],)"
                       R"("response_format":{"type":"json_schema","json_schema":{"name":"city","schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}})") +
                (stream ? ",\"stream\":true}" : "}"));
        QCOMPARE(r.status, 200);
        const QJsonObject sent = m_multi->lastRequest().value(QLatin1String("body")).toObject();
        QCOMPARE(sent.value(QLatin1String("tool_choice")).toObject().value(QLatin1String("name")).toString(), QStringLiteral("json_answer"));
        QCOMPARE(sent.value(QLatin1String("tools")).toArray().first().toObject().value(QLatin1String("input_schema")).toObject().value(QLatin1String("required")).toArray(),
                 QJsonArray{QStringLiteral("city")});
        QString content;
        QString finish;
        bool toolCalls = false;
        if (stream) {
            for (const QByteArray &line : r.body.split('\n')) {
                if (!line.startsWith("data: {"))
                    continue;
                const QJsonObject choice = QJsonDocument::fromJson(line.mid(6)).object().value(QLatin1String("choices")).toArray().first().toObject();
                content += choice.value(QLatin1String("delta")).toObject().value(QLatin1String("content")).toString();
                toolCalls = toolCalls || choice.value(QLatin1String("delta")).toObject().contains(QLatin1String("tool_calls"));
                if (!choice.value(QLatin1String("finish_reason")).isNull())
                    finish = choice.value(QLatin1String("finish_reason")).toString();
            }
        } else {
            const QJsonObject choice = r.json().value(QLatin1String("choices")).toArray().first().toObject();
            content = choice.value(QLatin1String("message")).toObject().value(QLatin1String("content")).toString();
            toolCalls = choice.value(QLatin1String("message")).toObject().contains(QLatin1String("tool_calls"));
            finish = choice.value(QLatin1String("finish_reason")).toString();
        }
        QVERIFY2(QJsonDocument::fromJson(content.toUtf8()).isObject(), qPrintable(content));
        QVERIFY(!toolCalls);
        QCOMPARE(finish, QStringLiteral("stop"));
    }
}

// More than one answer, or log probabilities, asked of a backend whose protocol has neither:
// refused naming the parameter, not answered without it.
void TestProtocols::whatAnotherProtocolCannotCarryIsRefused()
{
    TestHttpClient client(m_core->port());
    for (const char *extra : {R"("n":2)", R"("logprobs":true,"top_logprobs":2)"}) {
        const TestResponse r = client.postJson("/v1/chat/completions",
            QByteArray(R"({"model":"m-anthropic","messages":[{"role":"user","content":"hi"}],)") + extra + "}");
        QCOMPARE(r.status, 400);
        QCOMPARE(errorOf(r).value(QLatin1String("param")).toString(), QString::fromLatin1(extra).section(QLatin1Char('"'), 1, 1));
        QVERIFY2(errorOf(r).value(QLatin1String("message")).toString().contains(QLatin1String("speaks anthropic")), r.body.constData());
    }
    for (const char *fine : {R"("n":1)", R"("logprobs":false)"})
        QCOMPARE(client.postJson("/v1/chat/completions", QByteArray(R"({"model":"m-anthropic","messages":[{"role":"user","content":"hi"}],)") + fine + "}").status, 200);
}

// Gemini wants an image URL's type with it: read from the name, not always JPEG.
void TestProtocols::imageUrlsToGeminiSayTheirType()
{
    const TestResponse r = TestHttpClient(m_core->port()).postJson("/v1/chat/completions",
        R"({"model":"m-gemini","messages":[{"role":"user","content":[{"type":"text","text":"what is it?"},)"
        R"({"type":"image_url","image_url":{"url":"https://example.com/shots/Screen.PNG?size=2"}}]}]})");
    QCOMPARE(r.status, 200);
    const QJsonArray parts = m_multi->lastRequest().value(QLatin1String("body")).toObject().value(QLatin1String("contents")).toArray()
                                 .first().toObject().value(QLatin1String("parts")).toArray();
    QString type;
    for (const QJsonValue &part : parts)
        if (const QJsonObject file = part.toObject().value(QLatin1String("fileData")).toObject(); !file.isEmpty())
            type = file.value(QLatin1String("mimeType")).toString();
    QCOMPARE(type, QStringLiteral("image/png"));
}

void TestProtocols::backendErrorKindsCross_data()
{
    backendErrorsInTheClientsFormat_data(); // every client protocol
}

// An Anthropic backend's rate limit (with Retry-After), overload (529) and refused key reach
// every client as the same kind of error in its own protocol, with the wait to honour.
void TestProtocols::backendErrorKindsCross()
{
    QFETCH(Wire, inbound);
    ServerThread upstream([](http::HttpServer &server) {
        server.setHandler([](http::HttpExchange *exchange) {
            const QString model = QJsonDocument::fromJson(exchange->body()).object().value(QLatin1String("model")).toString();
            const http::Headers json{{"Content-Type", "application/json"}};
            if (model == QLatin1String("busy"))
                exchange->respond(429, {{"Content-Type", "application/json"}, {"Retry-After", "7"}},
                                  R"({"type":"error","error":{"type":"rate_limit_error","message":"slow down"}})");
            else if (model == QLatin1String("overloaded"))
                exchange->respond(529, json, R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})");
            else
                exchange->respond(401, json, R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})");
        });
    });
    RunningCore core(R"({"version":1,"backends":[{"id":"an","protocol":"anthropic","baseUrl":"http://127.0.0.1:)" +
                     QByteArray::number(upstream.port()) + R"("}],"models":[{"id":"m-busy","backend":"an","upstreamModel":"busy"},)"
                     R"({"id":"m-overloaded","backend":"an","upstreamModel":"overloaded"},{"id":"m-badkey","backend":"an","upstreamModel":"badkey"}]})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    // The kind as each protocol names it: OpenAI-shaped errors carry the status only.
    auto kindOf = [inbound](const TestResponse &r) {
        const QJsonObject body = r.json();
        if (inbound == Wire::Anthropic)
            return body.value(QLatin1String("error")).toObject().value(QLatin1String("type")).toString();
        if (inbound == Wire::Gemini)
            return body.value(QLatin1String("error")).toObject().value(QLatin1String("status")).toString();
        return QString();
    };

    const TestResponse busy = sendChat(core.port(), inbound, QStringLiteral("m-busy"), Scenario::Text, false);
    QCOMPARE(busy.status, 429);
    QCOMPARE(busy.header("retry-after"), QByteArray("7"));
    const TestResponse overloaded = sendChat(core.port(), inbound, QStringLiteral("m-overloaded"), Scenario::Text, false);
    QCOMPARE(overloaded.status, inbound == Wire::Anthropic ? 529 : 503); // 529 is Anthropic's own
    const TestResponse badKey = sendChat(core.port(), inbound, QStringLiteral("m-badkey"), Scenario::Text, false);
    QCOMPARE(badKey.status, 401);
    if (inbound == Wire::Anthropic) {
        QCOMPARE(kindOf(busy), QStringLiteral("rate_limit_error"));
        QCOMPARE(kindOf(overloaded), QStringLiteral("overloaded_error"));
        QCOMPARE(kindOf(badKey), QStringLiteral("authentication_error"));
    } else if (inbound == Wire::Gemini) {
        QCOMPARE(kindOf(busy), QStringLiteral("RESOURCE_EXHAUSTED"));
        QCOMPARE(kindOf(overloaded), QStringLiteral("UNAVAILABLE"));
        QCOMPARE(kindOf(badKey), QStringLiteral("UNAUTHENTICATED"));
    }
}

QTEST_GUILESS_MAIN(TestProtocols)
#include "tst_protocols.moc"
