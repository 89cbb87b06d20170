// The on-demand scan of OpenAI request bodies: routing fields, validation, byte ranges.

#include "http/parser.h"
#include "protocol/openai/requestscan.h"
#include "protocol/prompttext.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace sy::protocol::openai;

namespace {

QByteArray padded(QByteArray body)
{
    body.reserve(body.size() + sy::http::kBodyPadding);
    return body;
}

RequestScan scan(const QByteArray &json, Endpoint endpoint = Endpoint::ChatCompletions)
{
    return scanRequest(padded(json), endpoint);
}

} // namespace

class TestRequestScan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void routingFields();
    void escapedModelName();
    void modelRangeIsTheTopLevelOnes();
    void integersBeyond64BitsAreValid();
    void agentRequest40k();
    void longUserTurnIsCutToItsEnds();
    void unreadKeysMayRepeat();
    void streamNullIsFalse();
    void otherEndpoints();
    void refused_data();
    void refused();
    void deepNestingIsRefusedNotCrashed();
    void escapedTextIsUnescaped();
    void validJsonWithAndWithoutEscapes();
    void usageIsReadFromTheUsageObject();
    void topLevelFieldsAreTakenOut();
};

void TestRequestScan::routingFields()
{
    const QByteArray body = R"({ "messages": [{"role": "system", "content": "be brief"},
        {"role": "user", "content": [{"type": "text", "text": "what is this?"},
                                     {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]}],
        "model" : "qwen-coder" , "stream": true, "stream_options": {"include_usage": true},
        "tools": [{"type": "function", "function": {"name": "f", "parameters": {}}}],
        "response_format": {"type": "json_object"}, "temperature": 0.2 })";
    const RequestScan s = scan(body);
    QVERIFY2(s.ok, qPrintable(s.error));
    QCOMPARE(s.model, QByteArray("qwen-coder"));
    QCOMPARE(body.mid(s.modelOffset, s.modelLength), QByteArray("\"qwen-coder\""));
    QCOMPARE(body.at(s.objectOpen), '{');
    QVERIFY(s.stream);
    QVERIFY(s.includeUsage);
    QVERIFY(s.hasTools);
    QVERIFY(s.hasImages);
    QCOMPARE(s.responseFormat, QByteArray("json_object"));
    QCOMPARE(s.lastUserText, QByteArray("what is this?"));
    QVERIFY(s.textBytes >= qint64(strlen("be brief") + strlen("what is this?")));
    QVERIFY(s.hasKey("temperature"));
    QVERIFY(s.hasKey("model"));
    QVERIFY(!s.hasKey("top_p"));
}

void TestRequestScan::escapedModelName()
{
    const QByteArray body = R"({"model":"a\"b\u00e9","messages":[{"role":"user","content":"x"}]})";
    const RequestScan s = scan(body);
    QVERIFY2(s.ok, qPrintable(s.error));
    QCOMPARE(s.model, QByteArray("a\"b\xc3\xa9"));
    QCOMPARE(body.mid(s.modelOffset, s.modelLength), QByteArray(R"("a\"b\u00e9")"));
}

void TestRequestScan::modelRangeIsTheTopLevelOnes()
{
    // "model" as a key deeper down (a tool's parameter, metadata) and in text, the real one
    // last (as the OpenAI Python SDK orders keys), after whitespace and a key it begins.
    const QByteArray body = R"({"messages":[{"role":"user","content":"{\"model\": \"x\"}"}],)"
                            R"("tools":[{"type":"function","function":{"name":"f","parameters":{"properties":{"model":{"type":"string"}}}}}],)"
                            R"("metadata":{"model":"meta"},"models":"first","n":[{"a":["model"]}],"model" :  "gpt-4o" })";
    const RequestScan s = scan(body);
    QVERIFY2(s.ok, qPrintable(s.error));
    QCOMPARE(s.model, QByteArray("gpt-4o"));
    QCOMPARE(body.mid(s.modelOffset, s.modelLength), QByteArray(R"("gpt-4o")"));
    QCOMPARE(s.objectOpen, 0);
    const QByteArray spaced = "  \n {\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
    const RequestScan t = scan(spaced);
    QVERIFY2(t.ok, qPrintable(t.error));
    QCOMPARE(t.objectOpen, 4);
    QCOMPARE(spaced.mid(t.modelOffset, t.modelLength), QByteArray(R"("m")"));
}

void TestRequestScan::integersBeyond64BitsAreValid()
{
    // JSON has no size limit for numbers; simdjson's DOM parser refuses these on its own.
    const QByteArray body = R"({"seed":123456789012345678901234,"x":[-99999999999999999999,18446744073709551616],)"
                            R"("messages":[{"role":"user","content":"hi 123456789012345678901234"}],"model" : "m"})";
    const RequestScan s = scan(body);
    QVERIFY2(s.ok, qPrintable(s.error));
    QCOMPARE(body.mid(s.modelOffset, s.modelLength), QByteArray(R"("m")"));
    QCOMPARE(s.lastUserText, QByteArray("hi 123456789012345678901234"));
    QVERIFY(isValidJson(padded(R"({"a":123456789012345678901234})")));
    // Still refused: a leading zero, and a huge integer beside another error.
    QVERIFY(!scan(R"({"model":"m","messages":[{"role":"user"}],"seed":0123456789012345678901})").ok);
    QVERIFY(!scan(R"({"model":"m","messages":[{"role":"user"}],"seed":123456789012345678901234,"x":tru})").ok);
}

void TestRequestScan::agentRequest40k()
{
    QFile file(QStringLiteral(SWITCHYARD_TEST_DATA "/agent-request-40k.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray body = file.readAll();
    const RequestScan s = scan(body);
    QVERIFY2(s.ok, qPrintable(s.error));
    QCOMPARE(s.model, QJsonDocument::fromJson(body).object().value(QLatin1String("model")).toString().toUtf8());
    QVERIFY(s.hasTools);
    QVERIFY(s.textBytes > 20000);
    // Task detection reads only the latest user turn, bounded.
    QVERIFY(!s.lastUserText.isEmpty());
    QVERIFY(s.lastUserText.size() <= sy::protocol::kPromptExcerptMax);
}

void TestRequestScan::longUserTurnIsCutToItsEnds()
{
    // Two-byte characters throughout, so a cut at a fixed byte count would split one.
    QByteArray middle;
    for (int i = 0; i < 5000; ++i)
        middle += "\xc3\xa9";
    const QByteArray text = "START " + middle + " END";
    const RequestScan s = scan(R"({"messages":[{"content":")" + text + R"(","role":"user"}],"model":"m"})");
    QVERIFY2(s.ok, qPrintable(s.error));
    QVERIFY(s.lastUserText.size() <= sy::protocol::kPromptExcerptMax);
    QVERIFY(s.lastUserText.size() > sy::protocol::kPromptExcerptMax - 4);
    QVERIFY(s.lastUserText.startsWith("START "));
    QVERIFY(s.lastUserText.endsWith(" END"));
    QCOMPARE(QString::fromUtf8(s.lastUserText).toUtf8(), s.lastUserText); // whole characters only
    QCOMPARE(sy::protocol::promptExcerpt(s.lastUserText), s.lastUserText);  // an excerpt of an excerpt is itself
}

void TestRequestScan::unreadKeysMayRepeat()
{
    // Only keys the router reads are checked for repeats: the rest go to the backend as sent.
    const RequestScan s = scan(R"({"model":"m","temperature":1,"messages":[{"role":"user","content":"hi"}],"temperature":0})");
    QVERIFY2(s.ok, qPrintable(s.error));
    QCOMPARE(s.model, QByteArray("m"));
}

void TestRequestScan::streamNullIsFalse()
{
    const RequestScan s = scan(R"({"model":"m","stream":null,"temperature":null,"stop":null,"messages":[{"role":"user","content":"x"}]})");
    QVERIFY(s.ok);
    QVERIFY(!s.stream);
}

void TestRequestScan::otherEndpoints()
{
    QVERIFY(scan(R"({"model":"m","prompt":["a","b"]})", Endpoint::Completions).ok);
    QVERIFY(scan(R"({"model":"m","prompt":[1,2,3]})", Endpoint::Completions).ok);
    QVERIFY(scan(R"({"model":"m","input":"text"})", Endpoint::Embeddings).ok);
    QCOMPARE(scan(R"({"model":"m","suffix":"x"})", Endpoint::Completions).errorParam, QByteArray("prompt"));
    QCOMPARE(scan(R"({"model":"m"})", Endpoint::Embeddings).errorParam, QByteArray("input"));
    const RequestScan rerank = scan(R"({"model":"m","query":"q?","documents":["abc",{"text":"de"},"f"]})", Endpoint::Rerank);
    QVERIFY(rerank.ok);
    // Scored pair by pair: the query and the longest document must fit a context, not all.
    QCOMPARE(rerank.textBytes, std::int64_t(5));
    QCOMPARE(scan(R"({"model":"m","query":"q","documents":["a"],"query":"r"})", Endpoint::Rerank).errorParam, QByteArray("query"));
    QCOMPARE(scan(R"({"model":"m","query":"q","documents":[]})", Endpoint::Rerank).errorParam, QByteArray("documents"));
    // Other endpoints do not read fields of these names (vLLM's chat takes "documents").
    const RequestScan chat = scan(R"({"model":"m","messages":[{"role":"user","content":"x"}],"documents":[{"t":"long"}],"documents":1})");
    QVERIFY(chat.ok);
    QCOMPARE(chat.textBytes, std::int64_t(1));
}

void TestRequestScan::refused_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QByteArray>("param");
    QTest::newRow("empty") << QByteArray("") << "not valid JSON" << QByteArray();
    // A key the router reads, given twice: one would be routed, the other forwarded.
    QTest::newRow("model twice") << QByteArray(R"({"model":"other","messages":[{"role":"user"}],"model":"m"})")
                                 << "\"model\" is given more than once" << QByteArray("model");
    QTest::newRow("model twice, one escaped") << QByteArray(R"({"model":"other","mod\u0065l":"m","messages":[{"role":"user"}]})")
                                              << "\"model\" is given more than once" << QByteArray("model");
    QTest::newRow("stream twice") << QByteArray(R"({"model":"m","stream":false,"messages":[{"role":"user"}],"stream":true})")
                                  << "\"stream\" is given more than once" << QByteArray("stream");
    QTest::newRow("messages twice") << QByteArray(R"({"model":"m","messages":[{"role":"user"}],"messages":[]})")
                                    << "\"messages\" is given more than once" << QByteArray("messages");
    QTest::newRow("array") << QByteArray("[1,2]") << "must be a JSON object" << QByteArray();
    QTest::newRow("scalar") << QByteArray("42") << "must be a JSON object" << QByteArray();
    QTest::newRow("unclosed") << QByteArray(R"({"model":"m","messages":[{"role":"user")") << "not valid JSON" << QByteArray();
    QTest::newRow("missing colon deep") << QByteArray(R"({"model":"m","messages":[{"role" "user","content":"x"}]})")
                                        << "not valid JSON" << QByteArray();
    QTest::newRow("missing comma deep") << QByteArray(R"({"model":"m","x":{"a":1 "b":2},"messages":[{"role":"user"}]})")
                                        << "not valid JSON" << QByteArray();
    QTest::newRow("bad literal") << QByteArray(R"({"model":"m","x":tru,"messages":[{"role":"user"}]})")
                                 << "not valid JSON" << QByteArray();
    // Found by fuzzing: an atom followed by garbage passed simdjson's on-demand walk.
    QTest::newRow("literal then garbage") << QByteArray("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}],\"stream_options\":{\"include_usage\":true\x28}}")
                                          << "not valid JSON" << QByteArray();
    QTest::newRow("stream literal then garbage") << QByteArray(R"({"model":"m","stream":false$,"messages":[{"role":"user"}]})")
                                                 << "not valid JSON" << QByteArray();
    QTest::newRow("null then garbage") << QByteArray(R"({"model":"m","x":null-,"messages":[{"role":"user"}]})") << "not valid JSON" << QByteArray();
    QTest::newRow("text part not a string, garbage") << QByteArray(R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":tru}]}]})")
                                                     << "not valid JSON" << QByteArray();
    QTest::newRow("trailing") << QByteArray(R"({"model":"m","messages":[{"role":"user"}]} {"x":1})")
                              << "not valid JSON" << QByteArray();
    QTest::newRow("bad utf8") << QByteArray("{\"model\":\"m\xff\",\"messages\":[{\"role\":\"user\"}]}")
                              << "not valid JSON" << QByteArray();
    // Strings and keys without a backslash are taken from the input as they are; the checks
    // they still get come from simdjson's first stage, escapes from its unescaping.
    QTest::newRow("control character in a deep string")
        << QByteArray("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"a\x01b\"}]}")
        << "not valid JSON" << QByteArray();
    QTest::newRow("control character in a deep key")
        << QByteArray("{\"model\":\"m\",\"x\":{\"a\tb\":1},\"messages\":[{\"role\":\"user\"}]}") << "not valid JSON" << QByteArray();
    QTest::newRow("bad escape in a deep string") << QByteArray(R"({"model":"m","x":{"a":["\q"]},"messages":[{"role":"user"}]})")
                                                 << "not valid JSON" << QByteArray();
    QTest::newRow("bad escape in user text") << QByteArray(R"({"model":"m","messages":[{"role":"user","content":"a\x41"}]})")
                                             << "not valid JSON" << QByteArray();
    QTest::newRow("short unicode escape in a text part")
        << QByteArray(R"({"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"\u12"}]}]})")
        << "not valid JSON" << QByteArray();
    QTest::newRow("bad escape in a deep key") << QByteArray(R"({"model":"m","x":{"a\z":1},"messages":[{"role":"user"}]})")
                                              << "not valid JSON" << QByteArray();
    QTest::newRow("bad utf8 in a deep string") << QByteArray("{\"model\":\"m\",\"x\":[\"\xc3\x28\"],\"messages\":[{\"role\":\"user\"}]}")
                                               << "not valid JSON" << QByteArray();
    QTest::newRow("no model") << QByteArray(R"({"messages":[{"role":"user","content":"x"}]})")
                              << "you must provide a model parameter" << QByteArray("model");
    QTest::newRow("model not string") << QByteArray(R"({"model":5,"messages":[{"role":"user","content":"x"}]})")
                                      << "model must be a string" << QByteArray("model");
    QTest::newRow("no messages") << QByteArray(R"({"model":"m"})") << "messages is required" << QByteArray("messages");
    QTest::newRow("messages object") << QByteArray(R"({"model":"m","messages":{}})") << "messages must be an array"
                                     << QByteArray("messages");
    QTest::newRow("messages empty") << QByteArray(R"({"model":"m","messages":[]})") << "must not be empty"
                                    << QByteArray("messages");
    QTest::newRow("stream string") << QByteArray(R"({"model":"m","stream":"yes","messages":[{"role":"user"}]})")
                                   << "stream must be a boolean" << QByteArray("stream");
    QTest::newRow("tools object") << QByteArray(R"({"model":"m","tools":{},"messages":[{"role":"user"}]})")
                                  << "tools must be an array" << QByteArray("tools");
    QTest::newRow("temperature string") << QByteArray(R"({"model":"m","temperature":"hot","messages":[{"role":"user"}]})")
                                        << "temperature must be a number" << QByteArray("temperature");
    QTest::newRow("max_completion_tokens object") << QByteArray(R"({"model":"m","max_completion_tokens":{},"messages":[{"role":"user"}]})")
                                                  << "max_completion_tokens must be a number" << QByteArray("max_completion_tokens");
    QTest::newRow("stop number") << QByteArray(R"({"model":"m","stop":5,"messages":[{"role":"user"}]})")
                                 << "stop must be a string or an array" << QByteArray("stop");
    QTest::newRow("stop with a number") << QByteArray(R"({"model":"m","stop":["a",5],"messages":[{"role":"user"}]})")
                                        << "stop must hold strings only" << QByteArray("stop");
}

void TestRequestScan::refused()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, message);
    QFETCH(QByteArray, param);
    const RequestScan s = scan(body);
    QVERIFY(!s.ok);
    QVERIFY2(s.error.contains(message), qPrintable(s.error));
    QCOMPARE(s.errorParam, param);
}

void TestRequestScan::deepNestingIsRefusedNotCrashed()
{
    for (int depth : {300, 200000}) {
        const QByteArray deep = R"({"model":"m","messages":[{"role":"user"}],"x":)" + QByteArray(depth, '[') +
                                QByteArray(depth, ']') + "}";
        const RequestScan s = scan(deep);
        QVERIFY(!s.ok);
        QVERIFY2(s.error.contains(QStringLiteral("not valid JSON")), qPrintable(s.error));
        const QByteArray prompt = R"({"model":"m","prompt":)" + QByteArray(depth, '[') + QByteArray(depth, ']') + "}";
        QVERIFY(!scan(prompt, Endpoint::Completions).ok);
    }
}

void TestRequestScan::escapedTextIsUnescaped()
{
    // Content with escapes is unescaped; content without is the input's bytes.
    const RequestScan s = scan(R"({"model":"m","messages":[{"role":"user","content":"plain"},)"
                               R"({"content":[{"text":"tab\there \u00e9","type":"text"},{"type":"text","text":"and"}],"role":"user"}]})");
    QVERIFY2(s.ok, qPrintable(s.error));
    QVERIFY(s.lastUserText.contains("tab\there \xc3\xa9"));
    QVERIFY(s.lastUserText.contains("and"));
    QVERIFY(!s.lastUserText.contains("plain"));
    const RequestScan escapedRole = scan(R"({"model":"m","messages":[{"role":"\u0075ser","content":"hi"}]})");
    QVERIFY2(escapedRole.ok, qPrintable(escapedRole.error));
    QCOMPARE(escapedRole.lastUserText, QByteArray("hi"));
    const RequestScan escapedKey = scan(R"({"model":"m","messages":[{"\u0072ole":"user","content":"hi"}]})");
    QVERIFY2(escapedKey.ok, qPrintable(escapedKey.error));
    QCOMPARE(escapedKey.lastUserText, QByteArray("hi"));
}

void TestRequestScan::validJsonWithAndWithoutEscapes()
{
    for (const char *json : {R"({"a":["b",1,true,null,{"c":"d\n","\u0065":"\u00e9"}]})", R"(["text", "t\u00e9xt"] )", "[]"})
        QVERIFY2(isValidJson(padded(json)), json);
    for (const char *json : {R"(["te)", R"(["\q"])", "[tru]", R"({"a":"b"} x)", R"(["a\x"])", "[\"a\x02\"]", R"({"\y":1})"})
        QVERIFY2(!isValidJson(padded(json)), json);
}

// Fields taken out of a body (models[].stripParams): only top-level ones, by their unescaped
// name, wherever they stand; every other byte stays, and the result is a request still.
void TestRequestScan::topLevelFieldsAreTakenOut()
{
    const QList<QByteArray> names{"temperature", "top_k"};
    const auto without = [&names](const QByteArray &json) { return withoutTopLevelFields(padded(json), names); };
    QCOMPARE(without(R"({"model":"m","temperature":0.9,"messages":[]})"), QByteArray(R"({"model":"m","messages":[]})"));
    QCOMPARE(without(R"({"temperature":0.9,"model":"m"})"), QByteArray(R"({"model":"m"})"));
    QCOMPARE(without(R"({"model":"m", "top_k" : 40 , "temperature": [1, {"a": ","}] })"), QByteArray(R"({"model":"m" })"));
    QCOMPARE(without(" {\n  \"model\": \"m\",\n  \"temperature\": 1,\n  \"stream\": true\n}\n"),
             QByteArray(" {\n  \"model\": \"m\",\n  \"stream\": true\n}\n"));
    QCOMPARE(without(R"({"temp\u0065rature":1,"model":"m"})"), QByteArray(R"({"model":"m"})")); // escaped, still the name
    QCOMPARE(without(R"({"model":"m","top_k":1,"top_k":2,"seed":3})"), QByteArray(R"({"model":"m","seed":3})"));
    // Nested fields of that name, and strings that hold it, are not parameters.
    const QByteArray nested = R"({"model":"m","messages":[{"role":"user","content":"\"temperature\":1","temperature":2}],"extra":{"top_k":3}})";
    QCOMPARE(without(nested), nested);
    const QByteArray huge = R"({"seed":123456789012345678901234,"temperature":1,"model":"m"})"; // beyond 64 bits, kept as written
    QCOMPARE(without(huge), QByteArray(R"({"seed":123456789012345678901234,"model":"m"})"));
    QCOMPARE(without("{\"model\":"), QByteArray("{\"model\":")); // not JSON: left alone
    const QByteArray out = without(R"({"model":"m","temperature":0.9,"messages":[{"role":"user","content":"hi"}]})");
    QVERIFY(scanRequest(out, Endpoint::ChatCompletions).ok);
}

QTEST_GUILESS_MAIN(TestRequestScan)
// Usage is read from the answer's "usage" object: text that quotes a usage object inside a
// string is not it; nested details and key order do not matter.
void TestRequestScan::usageIsReadFromTheUsageObject()
{
    qint64 in = 0, out = 0;
    const QByteArray quoting = "{\"choices\":[{\"message\":{\"content\":\"say \\\"usage\\\": {\\\"prompt_tokens\\\": 99}\"}}],"
                               "\"usage\" : {\"prompt_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":1},\"completion_tokens\":7}}";
    QVERIFY(readUsage(quoting, &in, &out));
    QCOMPARE(in, 5);
    QCOMPARE(out, 7);
    QVERIFY(readUsage(R"({"usage":{"input_tokens":3,"output_tokens":4},"choices":[{"text":"}"}]})", &in, &out));
    QCOMPARE(in, 3);
    QCOMPARE(out, 4);
    QVERIFY(!readUsage(R"({"choices":[],"usage":null})", &in, &out));
    QVERIFY(!readUsage("{\"choices\":[{\"message\":{\"content\":\"\\\"usage\\\":{\\\"prompt_tokens\\\":1}\"}}]}", &in, &out));
    QVERIFY(!readUsage(R"({"usage":{"prompt_tokens":"five"}})", &in, &out));
    QVERIFY(!readUsage(R"({"usage":{"prompt_tokens":5)", &in, &out)); // cut
}

#include "tst_requestscan.moc"
