// "auto" routing reads the same prompt whatever the JSON looks like: keys in any order
// (clients whose JSON library sorts keys send "content" before "role"), text as one string
// or as parts, any inbound protocol, and the route preview sees what the real request sees.

#include "runningcore.h"
#include "simprocess.h"
#include "testhttpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <algorithm>
#include <map>

using namespace sy;
using namespace sy::test;

namespace {

// The latest user turn is code; an earlier one asks for a poem, so a detector that reads the
// wrong turn (or none) picks another model.
const QByteArray kEarlier = "Write a short poem about the sea, with a rhyme in every verse.";
const QByteArray kAsk = "Fix the bug in this Python function, it raises an exception on an empty list:";
const QByteArray kCode = "def first(items):\\n    return items[0]";

using Field = std::pair<QByteArray, QByteArray>; // key, JSON value

// Every order of the fields, as JSON objects.
QByteArrayList everyOrder(std::vector<Field> fields)
{
    std::sort(fields.begin(), fields.end());
    QByteArrayList out;
    do {
        QByteArray o = "{";
        for (const Field &f : fields)
            o += (o.size() > 1 ? "," : "") + ('"' + f.first + "\":") + f.second;
        out << o + '}';
    } while (std::next_permutation(fields.begin(), fields.end()));
    return out;
}

QByteArray str(const QByteArray &text)
{
    return '"' + text + '"';
}

struct Sent {
    QByteArray path;
    QByteArray body;
    http::Headers headers;
};

// One request per key order of the user message, its text parts and the top level.
QList<Sent> requests(const QByteArray &wire)
{
    QList<Sent> out;
    const QByteArray earlierUser = R"({"role":"user","content":)" + str(kEarlier) + "}";
    if (wire == "openai" || wire == "ollama") {
        const QByteArray path = wire == "openai" ? "/v1/chat/completions" : "/api/chat";
        const QByteArray previous = R"({"role":"system","content":"be brief"},)" + earlierUser +
                                    R"(,{"content":"Done.","role":"assistant"},)";
        QByteArrayList contents{str(kAsk + "\\n" + kCode)};
        if (wire == "openai") { // also as text parts, in both key orders
            for (const QByteArray &a : everyOrder({{"type", str("text")}, {"text", str(kAsk)}}))
                for (const QByteArray &b : everyOrder({{"text", str(kCode)}, {"type", str("text")}}))
                    contents << '[' + a + ',' + b + ']';
        }
        for (const QByteArray &content : contents) {
            for (const QByteArray &message : everyOrder({{"role", str("user")}, {"content", content}})) {
                std::vector<Field> top{{"model", str("auto")}, {"messages", '[' + previous + message + ']'}};
                if (wire == "ollama")
                    top.push_back({"stream", "false"});
                for (const QByteArray &body : everyOrder(top))
                    out << Sent{path, body, {}};
            }
        }
    } else if (wire == "anthropic") {
        for (const QByteArray &a : everyOrder({{"type", str("text")}, {"text", str(kAsk)}})) {
            const QByteArray b = R"({"text":)" + str(kCode) + R"(,"type":"text"})";
            for (const QByteArray &message : everyOrder({{"role", str("user")}, {"content", '[' + a + ',' + b + ']'}})) {
                const QByteArray messages = '[' + earlierUser + R"(,{"role":"assistant","content":"Done."},)" + message + ']';
                for (const QByteArray &body : everyOrder({{"model", str("auto")}, {"max_tokens", "64"}, {"messages", messages}}))
                    out << Sent{"/v1/messages", body, {{"anthropic-version", "2023-06-01"}, {"x-api-key", "sk-ant-test"}}};
            }
        }
    } else if (wire == "gemini") {
        const QByteArray parts = R"([{"text":)" + str(kAsk) + R"(},{"text":)" + str(kCode) + "}]";
        for (const QByteArray &content : everyOrder({{"role", str("user")}, {"parts", parts}})) {
            const QByteArray contents = R"([{"parts":[{"text":)" + str(kEarlier) + R"(}],"role":"user"},{"role":"model","parts":[{"text":"Done."}]},)" +
                                        content + ']';
            for (const QByteArray &body : everyOrder({{"contents", contents}, {"generationConfig", R"({"maxOutputTokens":64})"}}))
                out << Sent{"/v1beta/models/auto:generateContent", body, {}};
        }
    } else if (wire == "responses") {
        for (const QByteArray &a : everyOrder({{"type", str("input_text")}, {"text", str(kAsk)}})) {
            const QByteArray b = R"({"text":)" + str(kCode) + R"(,"type":"input_text"})";
            for (const QByteArray &message : everyOrder({{"role", str("user")}, {"content", '[' + a + ',' + b + ']'}})) {
                const QByteArray input = '[' + earlierUser + ',' + message + ']';
                for (const QByteArray &body : everyOrder({{"model", str("auto")}, {"input", input}}))
                    out << Sent{"/v1/responses", body, {}};
            }
        }
    }
    return out;
}

// What routing made of the prompt: the task steps and the chain, from a trace.
QByteArray decided(const QJsonObject &trace)
{
    QByteArray out;
    for (const QJsonValue &v : trace.value(QLatin1String("steps")).toArray()) {
        const QJsonObject step = v.toObject();
        if (step.value(QLatin1String("step")).toString() == QLatin1String("task"))
            out += QJsonDocument(step).toJson(QJsonDocument::Compact) + '\n';
    }
    return out + QJsonDocument(trace.value(QLatin1String("chain")).toArray()).toJson(QJsonDocument::Compact);
}

} // namespace

class TestTaskRouting : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sameDecisionWhateverTheShape_data();
    void sameDecisionWhateverTheShape();
    void aModelThatServedKeepsItsScore();
    void aClientGoneWhileTheClassifierIsAskedIsNotServed();
    void secondTierDecidesWhenUnsure_data();
    void secondTierDecidesWhenUnsure();
    void secondTierAsksAManagedModelOnlyWhenLoaded();
    void secondTierThatIsLateOrVagueLeavesTierOne_data();
    void secondTierThatIsLateOrVagueLeavesTierOne();

private:
    std::unique_ptr<SimProcess> m_sim;
    std::unique_ptr<RunningCore> m_core;
    QByteArray m_reference; // the preview's decision for the OpenAI request as written first
};

namespace {

// Models with a task profile, on backend "b".
const QByteArray kCoder =
    R"({"id":"coder","backend":"b","profile":{"scores":{"code":0.95,"math":0.5,"factual":0.3,"creative":0.2,"conversational":0.3}}})";
const QByteArray kWriter =
    R"({"id":"writer","backend":"b","profile":{"scores":{"code":0.2,"math":0.2,"factual":0.5,"creative":0.95,"conversational":0.7}}})";

// A coder and a writer.
QByteArray coderAndWriter(const SimProcess &sim)
{
    return R"({"version":1,"backends":[{"id":"b","baseUrl":")" + sim.baseUrl() + R"("}],"models":[)" + kCoder + ',' + kWriter + "]}";
}

} // namespace

void TestTaskRouting::initTestCase()
{
    isolateUserDirectories();
    m_sim = std::make_unique<SimProcess>();
    m_core = std::make_unique<RunningCore>(coderAndWriter(*m_sim));
    QVERIFY2(m_core->ok(), qPrintable(m_core->error()));

    const QByteArray body = requests("openai").first().body;
    http::Headers headers = m_core->auth();
    const TestResponse preview = TestHttpClient(m_core->port()).request("POST", "/api/v1/route/preview", body, headers);
    QCOMPARE(preview.status, 200);
    m_reference = decided(preview.json().value(QLatin1String("trace")).toObject());
    QVERIFY2(m_reference.endsWith(R"(["coder","writer"])"), m_reference.constData());
}

void TestTaskRouting::sameDecisionWhateverTheShape_data()
{
    QTest::addColumn<QByteArray>("wire");
    for (const char *wire : {"openai", "anthropic", "gemini", "ollama", "responses"})
        QTest::newRow(wire) << QByteArray(wire);
}

void TestTaskRouting::sameDecisionWhateverTheShape()
{
    QFETCH(QByteArray, wire);
    const QList<Sent> sent = requests(wire);
    QVERIFY(sent.size() >= 4);
    TestHttpClient client(m_core->port());
    for (const Sent &s : sent) {
        http::Headers headers = s.headers;
        headers.add("X-Switchyard-Trace", "1");
        const TestResponse real = client.request("POST", s.path, s.body, headers);
        QVERIFY2(real.status == 200, s.body.constData());
        QCOMPARE(real.header("x-switchyard-model"), QByteArray("coder"));
        const QByteArray seen = decided(QJsonDocument::fromJson(real.header("x-switchyard-trace")).object());
        QVERIFY2(seen == m_reference, (s.body + "\n" + seen + "\nexpected\n" + m_reference).constData());
        if (wire != "openai")
            continue; // the preview takes OpenAI requests
        // Both preview forms (the request as the body, or wrapped) decide the same.
        for (const QByteArray &body : {s.body, R"({"request":)" + s.body + "}"}) {
            const TestResponse preview = client.request("POST", "/api/v1/route/preview", body, m_core->auth());
            QCOMPARE(preview.status, 200);
            QCOMPARE(decided(preview.json().value(QLatin1String("trace")).toObject()), m_reference);
        }
    }
}

namespace {

// "auto" over three models, always unsure (autoMinConfidence 1), with a classifier model on
// its own backend `judge` of the given protocol; `writer` is the configured default.
QByteArray secondTierConfig(const SimProcess &models, const SimProcess &judge, const QByteArray &judgeProtocol, int timeoutMs)
{
    const QByteArray origin = "http://127.0.0.1:" + QByteArray::number(judge.port());
    const QByteArray judgeUrl = judgeProtocol == "openai" ? judge.baseUrl() : origin;
    return R"({"version":1,"backends":[{"id":"b","baseUrl":")" + models.baseUrl() + R"("},
        {"id":"judge","protocol":")" + judgeProtocol + R"(","baseUrl":")" + judgeUrl + R"("}],
      "models":[)" + kCoder + R"(,
        {"id":"mathy","backend":"b","profile":{"scores":{"code":0.4,"math":0.95,"factual":0.4,"creative":0.2,"conversational":0.3}}},
        )" + kWriter + R"(,
        {"id":"tiny","backend":"judge","upstreamModel":"tiny-classifier"}],
      "routing":{"autoModels":["coder","mathy","writer"],"autoMinConfidence":1,"autoDefault":"writer",
                 "autoClassifier":"tiny","autoClassifierTimeoutMs":)" + QByteArray::number(timeoutMs) + "}}";
}

TestResponse askAuto(quint16 port, const QByteArray &prompt)
{
    const QByteArray body = R"({"model":"auto","max_tokens":8,"messages":[{"role":"user","content":")" + prompt + R"("}]})";
    return TestHttpClient(port).request("POST", "/v1/chat/completions", body, {{"X-Switchyard-Trace", "1"}});
}

QByteArray traceOf(const TestResponse &r)
{
    return r.header("x-switchyard-trace");
}

} // namespace

namespace {

// The score "auto" gave each model, from a trace.
std::map<QString, double> scores(const QJsonObject &trace)
{
    std::map<QString, double> out;
    for (const QJsonValue &v : trace.value(QLatin1String("steps")).toArray()) {
        const QJsonObject step = v.toObject();
        if (step.value(QLatin1String("step")).toString() == QLatin1String("score"))
            out[step.value(QLatin1String("model")).toString()] = step.value(QLatin1String("score")).toDouble();
    }
    return out;
}

} // namespace

// Observed health can only lower a score. (A success once taught the router a negative
// latency, which raised the model that served to a score of hundreds.)
void TestTaskRouting::aModelThatServedKeepsItsScore()
{
    RunningCore core(coderAndWriter(*m_sim)); // nothing served yet
    QVERIFY2(core.ok(), qPrintable(core.error()));
    const QByteArray body = requests("openai").first().body;
    TestHttpClient client(core.port());
    const auto before = scores(client.request("POST", "/api/v1/route/preview", body, core.auth()).json().value(QLatin1String("trace")).toObject());
    QCOMPARE(client.request("POST", "/v1/chat/completions", body).status, 200);
    const auto after = scores(client.request("POST", "/api/v1/route/preview", body, core.auth()).json().value(QLatin1String("trace")).toObject());
    QCOMPARE(before.size(), std::size_t(2));
    QCOMPARE(after.size(), before.size());
    for (const auto &[model, score] : after)
        QVERIFY2(score <= before.at(model), qPrintable(QStringLiteral("%1: %2 before, %3 after").arg(model).arg(before.at(model)).arg(score)));
}

// A client that leaves while the classifier model is asked: nobody tells the call (no
// attempt is running yet), so it must see that itself before it sends the request to a
// model for nobody (and the shutdown would wait for that attempt), and record a 499 (it
// recorded status 0 before).
void TestTaskRouting::aClientGoneWhileTheClassifierIsAskedIsNotServed()
{
    SimProcess judge({QStringLiteral("--answer"), QStringLiteral(" Math."), QStringLiteral("--first-byte-delay-ms"), QStringLiteral("800")});
    SimProcess models;
    RunningCore core(secondTierConfig(models, judge, "openai", 5000));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    {
        TestHttpClient client(core.port());
        QVERIFY(client.startRequest("POST", "/v1/chat/completions",
                                    R"({"model":"auto","messages":[{"role":"user","content":"Hello there, how are you?"}]})",
                                    {{"X-Request-Id", "left-while-classified"}}));
        QTest::qWait(300); // the classifier is asked now; it answers after 800 ms
    } // the client leaves
    TestResponse row;
    for (int i = 0; i < 50 && row.status != 200; ++i) {
        QTest::qWait(100);
        row = TestHttpClient(core.port()).request("GET", "/api/v1/requests/left-while-classified", {}, core.auth());
    }
    QCOMPARE(row.status, 200);
    QVERIFY2(row.json().value(QLatin1String("status")).toInt() == 499, row.body.constData());
    QCOMPARE(judge.stats().value(QLatin1String("requests")).toInt(), 1);
    QCOMPARE(models.stats().value(QLatin1String("requests")).toInt(), 0);
}

void TestTaskRouting::secondTierDecidesWhenUnsure_data()
{
    QTest::addColumn<QByteArray>("protocol");
    for (const char *protocol : {"openai", "anthropic"})
        QTest::newRow(protocol) << QByteArray(protocol);
}

// The classifier model's answer picks the model; the same prompt again is answered from the
// cache; a route preview says a request would ask it.
void TestTaskRouting::secondTierDecidesWhenUnsure()
{
    QFETCH(QByteArray, protocol);
    SimProcess judge({QStringLiteral("--answer"), QStringLiteral(" Math.")});
    RunningCore core(secondTierConfig(*m_sim, judge, protocol, 5000));
    QVERIFY2(core.ok(), qPrintable(core.error()));

    const TestResponse first = askAuto(core.port(), "Hello there, nice to meet you.");
    QCOMPARE(first.status, 200);
    QCOMPARE(first.header("x-switchyard-model"), QByteArray("mathy"));
    QVERIFY2(traceOf(first).contains(R"(routing.autoClassifier \"tiny\" said math in )"), traceOf(first).constData());
    QCOMPARE(judge.stats().value(QLatin1String("requests")).toInt(), 1);
    // What the classifier model was sent: the instruction, the prompt, a small answer budget.
    const QJsonObject sentBody = judge.lastRequest().value(QLatin1String("body")).toObject();
    const QByteArray sent = QJsonDocument(sentBody).toJson(QJsonDocument::Compact);
    QVERIFY2(sent.contains("Hello there, nice to meet you.") && sent.contains("Classify the task") &&
                 sent.contains("tiny-classifier"),
             sent.constData());
    QCOMPARE(sentBody.value(QLatin1String("max_tokens")).toInt(), 16);
    QCOMPARE(sentBody.value(QLatin1String("temperature")).toDouble(-1), 0.0);

    const TestResponse again = askAuto(core.port(), "Hello there, nice to meet you.");
    QCOMPARE(again.header("x-switchyard-model"), QByteArray("mathy"));
    QVERIFY2(traceOf(again).contains("said math (cached)"), traceOf(again).constData());
    QCOMPARE(judge.stats().value(QLatin1String("requests")).toInt(), 1);
    const QByteArray metrics = TestHttpClient(core.port()).get("/metrics").body;
    QVERIFY2(metrics.contains("switchyard_auto_classifier_total{outcome=\"decided\"} 1\n") &&
                 metrics.contains("switchyard_auto_classifier_total{outcome=\"cached\"} 1\n") &&
                 metrics.contains("switchyard_auto_classifier_total{outcome=\"failed\"} 0\n"),
             metrics.constData());

    const QByteArray body = R"({"model":"auto","messages":[{"role":"user","content":"Hello again."}]})";
    const TestResponse preview = TestHttpClient(core.port()).request("POST", "/api/v1/route/preview", body, core.auth());
    QCOMPARE(preview.status, 200);
    QVERIFY2(preview.body.contains(R"(a request would ask routing.autoClassifier \"tiny\" first)"), preview.body.constData());
    QCOMPARE(judge.stats().value(QLatin1String("requests")).toInt(), 1);
}

// A managed classifier is never loaded for a label (a load could unload the models that
// serve requests); once the operator loads it, it answers.
void TestTaskRouting::secondTierAsksAManagedModelOnlyWhenLoaded()
{
    const quint16 port = unusedPort();
    const QJsonArray command{SimProcess::binaryPath(), QStringLiteral("--port"), QStringLiteral("${PORT}"), QStringLiteral("--answer"),
                             QStringLiteral("code")};
    RunningCore core(R"({"version":1,"backends":[{"id":"b","baseUrl":")" + m_sim->baseUrl() + R"("},{"id":"local","managed":true}],
      "models":[)" + kCoder + ',' + kWriter + R"(,
        {"id":"tiny","backend":"local","launch":{"command":)" + QJsonDocument(command).toJson(QJsonDocument::Compact) + R"(}}],
      "pool":{"portRange":[)" + QByteArray::number(port) + ',' + QByteArray::number(port) + R"(]},
      "routing":{"autoModels":["coder","writer"],"autoMinConfidence":1,"autoClassifier":"tiny"}})");
    QVERIFY2(core.ok(), qPrintable(core.error()));
    TestHttpClient client(core.port());
    const auto state = [&] {
        return client.request("GET", "/api/v1/models/tiny", {}, core.auth()).json().value(QLatin1String("model")).toObject().value(QLatin1String("state")).toString();
    };

    const TestResponse cold = askAuto(core.port(), "Hello there, nice to meet you.");
    QCOMPARE(cold.status, 200);
    QVERIFY2(traceOf(cold).contains(R"(routing.autoClassifier \"tiny\" is not loaded: tier 1 decides)"), traceOf(cold).constData());
    QCOMPARE(state(), QStringLiteral("cold"));

    QCOMPARE(client.request("POST", "/api/v1/models/tiny/load", {}, core.auth()).status, 202); // accepted: loading
    QTRY_COMPARE_WITH_TIMEOUT(state(), QStringLiteral("hot"), 10000);
    const TestResponse hot = askAuto(core.port(), "Hello there, nice to meet you.");
    QCOMPARE(hot.header("x-switchyard-model"), QByteArray("coder"));
    QVERIFY2(traceOf(hot).contains(R"(routing.autoClassifier \"tiny\" said code in )"), traceOf(hot).constData());
}

void TestTaskRouting::secondTierThatIsLateOrVagueLeavesTierOne_data()
{
    QTest::addColumn<QStringList>("judgeArgs");
    QTest::addColumn<QByteArray>("note");
    QTest::addColumn<QByteArray>("noteAfter"); // on the next request
    QTest::addColumn<int>("asksAfter");        // how many requests the judge has seen after two
    const QByteArray paused = "failed less than 30 s ago";
    QTest::newRow("late") << QStringList{QStringLiteral("--answer"), QStringLiteral("math"), QStringLiteral("--first-byte-delay-ms"),
                                         QStringLiteral("3000")}
                          << QByteArray("did not answer, after") << paused << 1;
    QTest::newRow("error") << QStringList{QStringLiteral("--fail-rate"), QStringLiteral("1")} << QByteArray("answered HTTP 500")
                           << paused << 1;
    QTest::newRow("vague") << QStringList{QStringLiteral("--answer"), QStringLiteral("I would rather not say.")}
                           << QByteArray("named no task type") << QByteArray("named no task type") << 2;
}

// No usable answer: the first tier's unsure path (the default first), nothing cached; after
// an error or a timeout the second tier pauses instead of costing every request its wait.
void TestTaskRouting::secondTierThatIsLateOrVagueLeavesTierOne()
{
    QFETCH(QStringList, judgeArgs);
    QFETCH(QByteArray, note);
    QFETCH(QByteArray, noteAfter);
    QFETCH(int, asksAfter);
    SimProcess judge(judgeArgs);
    RunningCore core(secondTierConfig(*m_sim, judge, "openai", 300));
    QVERIFY2(core.ok(), qPrintable(core.error()));
    for (const QByteArray &expected : {note, noteAfter}) {
        const TestResponse r = askAuto(core.port(), "Hello there, nice to meet you.");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-switchyard-model"), QByteArray("writer"));
        QVERIFY2(traceOf(r).contains(expected) && traceOf(r).contains("tier 1 decides") &&
                     traceOf(r).contains("routing.autoDefault first"),
                 traceOf(r).constData());
    }
    QCOMPARE(judge.stats().value(QLatin1String("requests")).toInt(), asksAfter);
    const QByteArray metrics = TestHttpClient(core.port()).get("/metrics").body;
    const QByteArrayList expected = asksAfter == 1 ? QByteArrayList{"failed\"} 1\n", "skipped\"} 1\n"} : QByteArrayList{"no_type\"} 2\n"};
    for (const QByteArray &line : expected)
        QVERIFY2(metrics.contains("switchyard_auto_classifier_total{outcome=\"" + line), metrics.constData());
}

QTEST_GUILESS_MAIN(TestTaskRouting)
#include "tst_taskrouting.moc"
