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

private:
    std::unique_ptr<SimProcess> m_sim;
    std::unique_ptr<RunningCore> m_core;
    QByteArray m_reference; // the preview's decision for the OpenAI request as written first
};

void TestTaskRouting::initTestCase()
{
    isolateUserDirectories();
    m_sim = std::make_unique<SimProcess>();
    const QByteArray b = R"("backend":"b")";
    m_core = std::make_unique<RunningCore>(
        R"({"version":1,"backends":[{"id":"b","baseUrl":")" + m_sim->baseUrl() + R"("}],"models":[
        {"id":"coder",)" + b + R"(,"profile":{"scores":{"code":0.95,"math":0.5,"factual":0.3,"creative":0.2,"conversational":0.3}}},
        {"id":"writer",)" + b + R"(,"profile":{"scores":{"code":0.2,"math":0.2,"factual":0.5,"creative":0.95,"conversational":0.7}}}]})");
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

QTEST_GUILESS_MAIN(TestTaskRouting)
#include "tst_taskrouting.moc"
