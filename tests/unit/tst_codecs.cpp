// The protocol adapters' pieces on their own: stream framing split at every byte, tool-call
// id pairing, schema conversion, keep_alive durations, and a transcoded stream fed in
// arbitrary pieces giving the same events as fed whole.

#include "protocol/framing.h"
#include "protocol/gemini/geminicodec.h"
#include "protocol/openai/generationstats.h"
#include "protocol/ollama/ollamacodec.h"
#include "protocol/ollama/ollamaembed.h"
#include "protocol/params.h"
#include "protocol/toolcallorder.h"
#include "protocol/transcoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace sy::protocol;

namespace {

// An OpenAI stream: role, two text pieces, a tool call in pieces, finish, usage, [DONE].
QByteArray openAiStream()
{
    return "data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
           "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"
           "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo \\u00e9\"}}]}\r\n\r\n"
           ": keep-alive comment\n\n"
           "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_9\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}}]}}]}\n\n"
           "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\":1}\"}}]}}]}\n\n"
           "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
           "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":5}}\n\n"
           "data: [DONE]\n\n";
}

QByteArray transcode(Protocol from, Protocol to, const QByteArray &stream, qsizetype pieceSize)
{
    Transcoder t(from, {to, Flavor::Chat, false, nullptr});
    QByteArray out;
    ApiError error;
    for (qsizetype at = 0; at < stream.size(); at += pieceSize)
        t.convertChunk(QByteArrayView(stream).sliced(at, std::min(pieceSize, stream.size() - at)), out, &error);
    ApiError ignored;
    t.finishStream(out, &ignored);
    return out;
}

} // namespace

class TestCodecs : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void forwardedStreamsAreWholeEvents();
    void toolCallPiecesStayTogether();
    void sseSplitAnywhere();
    void linesSplitAnywhere();
    void aLargeEventInSmallPieces();
    void callIdsPairByName();
    void hugeNumbersAreClampedNotUndefined();
    void paramsOfTheWrongTypeAreNamed();
    void loggableTextCannotForgeALine();
    void answerEndMarks();
    void geminiSchemaBothWays();
    void keepAliveDurations_data();
    void keepAliveDurations();
    void keepAliveIsValidated();
    void transcodedStreamIgnoresPieceBoundaries();
    void openAiToAnthropicEvents();
    void finishComesOnceEvenWithoutAnEndMarker();
    void backendSpeedIsTheLastTimings();
    void generatedPiecesAreNonEmptyTextValues();
    void usageIsTheLastEventThatCarriesIt();
    void ollamaEmbedAnswers();
    void ollamaEmbedRequests();
    void responsesEchoTheirOwnInstructions();
};

// A backend of the client's own protocol: the client gets the backend's bytes, but only
// whole events (where the decoder found them end) after every read, whatever the reads'
// sizes and the line ends; a last event without its blank line is ended for the client.
void TestCodecs::forwardedStreamsAreWholeEvents()
{
    const QByteArray anthropic =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"usage\":{\"input_tokens\":3}}}\n\n"
        "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Gr\xc3\xbc\xc3\x9f\x65\"}}\n\n"
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
        "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":2}}\n\n"
        "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
    const QByteArray gemini = "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hi\"}]}}]}\r\n\r\n"
                              "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\" there\"}]},\"finishReason\":\"STOP\"}],"
                              "\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":2}}\r\n\r\n";
    for (const auto &[protocol, stream] : {std::pair{Protocol::Anthropic, anthropic}, std::pair{Protocol::Gemini, gemini}}) {
        const QByteArray separator = protocol == Protocol::Gemini ? "\r\n\r\n" : "\n\n";
        for (const bool terminated : {true, false}) {
            const QByteArray input = terminated ? stream : stream.chopped(separator.size());
            for (qsizetype piece : {1, 2, 3, 7, 64, 100000}) {
                Transcoder t(protocol, {protocol, Flavor::Chat, false, nullptr, true});
                QVERIFY(t.forwards());
                QByteArray out;
                ApiError error;
                for (qsizetype at = 0; at < input.size(); at += piece) {
                    QVERIFY(t.convertChunk(QByteArrayView(input).sliced(at, std::min(piece, input.size() - at)), out, &error));
                    QVERIFY2(out.isEmpty() || out.endsWith(separator), out.right(40).constData()); // whole events only
                }
                QVERIFY(t.finishStream(out, &error));
                QCOMPARE(out, terminated ? stream : input + "\n\n");
                QCOMPARE(t.usage().input, 3);
                QCOMPARE(t.usage().output, 2);
            }
        }
    }
}

// Text that arrives while a call's arguments are incomplete, and a call that starts
// meanwhile, wait: the encoder gets each call's pieces together, in order.
void TestCodecs::toolCallPiecesStayTogether()
{
    auto event = [](StreamEvent::Type type, int index, const QString &text) {
        StreamEvent e;
        e.type = type;
        e.index = index;
        e.text = text;
        e.name = text;
        return e;
    };
    using T = StreamEvent::Type;
    const Events in{event(T::ToolCallStart, 0, QStringLiteral("a")), event(T::ToolCallArgs, 0, QStringLiteral("{\"x\":")),
                    event(T::Text, 0, QStringLiteral("note")),         event(T::ToolCallStart, 1, QStringLiteral("b")),
                    event(T::ToolCallArgs, 1, QStringLiteral("{}")),  event(T::ToolCallArgs, 0, QStringLiteral("1}")),
                    event(T::Finish, 0, {})};
    ToolCallOrder order;
    Events out;
    for (const StreamEvent &e : in)
        order.pass(e, out);
    QStringList seen;
    for (const StreamEvent &e : out)
        seen << QStringLiteral("%1:%2:%3").arg(int(e.type)).arg(e.index).arg(e.type == T::ToolCallStart ? e.name : e.text);
    QCOMPARE(seen, (QStringList{QStringLiteral("2:0:a"), QStringLiteral("3:0:{\"x\":"), QStringLiteral("3:0:1}"), QStringLiteral("1:0:note"),
                                QStringLiteral("2:1:b"), QStringLiteral("3:1:{}"), QStringLiteral("4:0:")}));
}

void TestCodecs::sseSplitAnywhere()
{
    const QByteArray stream = openAiStream();
    std::vector<SseEvent> whole;
    SseReader reference;
    reference.feed(stream, whole);
    QCOMPARE(int(whole.size()), 8); // the comment is not an event
    for (qsizetype cut = 1; cut < stream.size(); ++cut) {
        SseReader reader;
        std::vector<SseEvent> events;
        reader.feed(QByteArrayView(stream).first(cut), events);
        reader.feed(QByteArrayView(stream).sliced(cut), events);
        QCOMPARE(events.size(), whole.size());
        for (std::size_t i = 0; i < events.size(); ++i)
            QCOMPARE(events[i].data, whole[i].data);
    }
    // Named events and multi-line data.
    SseReader reader;
    std::vector<SseEvent> events;
    reader.feed("event: ping\ndata: {\"a\":1}\n\nevent: x\ndata: one\ndata: two\n\n", events);
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(events[0].event, QByteArray("ping"));
    QCOMPARE(events[1].data, QByteArray("one\ntwo"));
}

void TestCodecs::linesSplitAnywhere()
{
    const QByteArray text = "{\"a\":1}\n{\"b\":2}\r\n\n{\"c\":3}";
    for (qsizetype cut = 0; cut <= text.size(); ++cut) {
        LineReader reader;
        QByteArrayList lines;
        reader.feed(QByteArrayView(text).first(cut), lines);
        reader.feed(QByteArrayView(text).sliced(cut), lines);
        lines << reader.takeRest();
        QCOMPARE(lines, (QByteArrayList{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"}));
    }
}

void TestCodecs::aLargeEventInSmallPieces()
{
    // A 4 MB event (an image, say) in 1 KB pieces, its blank line split across two of them
    // (it starts 2 bytes before a piece ends): read once whole, and the readers keep no more
    // than the unfinished event.
    const QByteArray payload(4 * 1024 * 1024 - 8, 'x');
    const QByteArray stream = "data: " + payload + "\r\n\r\ndata: next\n\n";
    QCOMPARE(stream.indexOf("\r\n\r\n") % 1024, 1022);
    SseReader reader;
    std::vector<SseEvent> events;
    for (qsizetype at = 0; at < stream.size(); at += 1024)
        reader.feed(QByteArrayView(stream).sliced(at, std::min<qsizetype>(1024, stream.size() - at)), events);
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(events[0].data.size(), payload.size());
    QCOMPARE(events[1].data, QByteArray("next"));
    QCOMPARE(reader.buffered(), 0);

    LineReader lines;
    QByteArrayList out;
    const QByteArray ndjson = payload + "\n{}\n";
    for (qsizetype at = 0; at < ndjson.size(); at += 1024)
        lines.feed(QByteArrayView(ndjson).sliced(at, std::min<qsizetype>(1024, ndjson.size() - at)), out);
    QCOMPARE(out.size(), 2);
    QCOMPARE(out[0].size(), payload.size());
    QCOMPARE(lines.buffered(), 0);
}

void TestCodecs::callIdsPairByName()
{
    CallIdMatcher ids;
    const QString a1 = ids.call({}, QStringLiteral("a"), QStringLiteral("{}")).call.id;
    const QString b = ids.call({}, QStringLiteral("b"), QStringLiteral("{}")).call.id;
    const QString a2 = ids.call({}, QStringLiteral("a"), QStringLiteral("{}")).call.id;
    const QString given = ids.call(QStringLiteral("id-7"), QStringLiteral("c"), QStringLiteral("{}")).call.id;
    QVERIFY(!a1.isEmpty() && a1 != a2 && a1 != b);
    QCOMPARE(given, QStringLiteral("id-7"));
    QCOMPARE(ids.resultId({}, QStringLiteral("b")), b);     // by name
    QCOMPARE(ids.resultId({}, QStringLiteral("a")), a1);    // the oldest of that name first
    QCOMPARE(ids.resultId(QStringLiteral("id-7"), {}), QStringLiteral("id-7"));
    QCOMPARE(ids.resultId({}, {}), a2);                     // no name: the oldest open call
    QVERIFY(!ids.resultId({}, QStringLiteral("a")).isEmpty()); // nothing open: a fresh id
}

void TestCodecs::geminiSchemaBothWays()
{
    const QJsonObject schema = QJsonDocument::fromJson(R"({"type":"object","additionalProperties":false,"$schema":"x",
        "properties":{"city":{"type":"string","description":"d"},"days":{"type":["integer","null"]},
                      "tags":{"type":"array","items":{"type":"string"}}},"required":["city"]})").object();
    const QJsonObject gemini = gemini::toGeminiSchema(schema);
    QCOMPARE(gemini.value(QLatin1String("type")).toString(), QStringLiteral("OBJECT"));
    QVERIFY(!gemini.contains(QLatin1String("additionalProperties")) && !gemini.contains(QLatin1String("$schema")));
    const QJsonObject days = gemini.value(QLatin1String("properties")).toObject().value(QLatin1String("days")).toObject();
    QCOMPARE(days.value(QLatin1String("type")).toString(), QStringLiteral("INTEGER"));
    QCOMPARE(days.value(QLatin1String("nullable")).toBool(), true);
    QCOMPARE(gemini.value(QLatin1String("properties")).toObject().value(QLatin1String("tags")).toObject().value(QLatin1String("items")).toObject()
                 .value(QLatin1String("type")).toString(),
             QStringLiteral("STRING"));
    const QJsonObject back = gemini::fromGeminiSchema(gemini);
    QCOMPARE(back.value(QLatin1String("type")).toString(), QStringLiteral("object"));
    QCOMPARE(back.value(QLatin1String("required")).toArray(), QJsonArray{QStringLiteral("city")});
}

void TestCodecs::keepAliveDurations_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<double>("seconds");
    QTest::newRow("number") << QJsonValue(90) << 90.0;
    QTest::newRow("minutes") << QJsonValue(QStringLiteral("5m")) << 300.0;
    QTest::newRow("combined") << QJsonValue(QStringLiteral("1h30m")) << 5400.0;
    QTest::newRow("milliseconds") << QJsonValue(QStringLiteral("1500ms")) << 1.5;
    QTest::newRow("forever") << QJsonValue(QStringLiteral("-1")) << -1.0;
    QTest::newRow("negative number") << QJsonValue(-1) << -1.0;
    QTest::newRow("zero") << QJsonValue(0) << 0.0;
    QTest::newRow("fraction of an hour") << QJsonValue(QStringLiteral("1.5h")) << 5400.0;
    QTest::newRow("absent is the default") << QJsonValue(QJsonValue::Undefined) << 300.0;
    QTest::newRow("unreadable is the default") << QJsonValue(QStringLiteral("soon")) << 300.0;
}

// What Go's time.ParseDuration takes (and plain numbers) is a keep_alive; nothing else,
// not even a duration with text around it: a request with one is refused.
void TestCodecs::keepAliveIsValidated()
{
    for (const char *valid : {"5m", "-1", "0", "1h30m", "300ms", "1.5h", ".5s", "300", "2e3"})
        QVERIFY2(ollama::isKeepAlive(QJsonValue(QString::fromUtf8(valid))), valid);
    for (const char *invalid : {"abc9s", "1x9s", "5m garbage", "forever", "1d", "garbage", "2e3s", "", "nan"})
        QVERIFY2(!ollama::isKeepAlive(QJsonValue(QString::fromUtf8(invalid))), invalid);
    QVERIFY(!ollama::isKeepAlive(QJsonValue(true)));
    QVERIFY(ollama::isKeepAlive(QJsonValue(1e15))); // huge: taken, and capped where it is applied
}

void TestCodecs::keepAliveDurations()
{
    QFETCH(QJsonValue, value);
    QFETCH(double, seconds);
    QCOMPARE(ollama::keepAliveSeconds(value), seconds);
}

void TestCodecs::transcodedStreamIgnoresPieceBoundaries()
{
    const QByteArray stream = openAiStream();
    for (Protocol to : {Protocol::Anthropic, Protocol::Gemini, Protocol::Ollama, Protocol::OpenAI}) {
        const QByteArray whole = transcode(Protocol::OpenAI, to, stream, stream.size());
        // Ids and timestamps differ between runs; compare what is left of each event.
        auto shape = [](QByteArray out) {
            static const QRegularExpression volatileFields(QStringLiteral(R"re("(id|created|created_at|responseId|[a-z_]*duration)":("[^"]*"|\d+))re"));
            return QString::fromUtf8(out).replace(volatileFields, QStringLiteral("\"\\1\":_"));
        };
        for (qsizetype piece : {1, 2, 7, 64})
            QCOMPARE(shape(transcode(Protocol::OpenAI, to, stream, piece)), shape(whole));
    }
}

void TestCodecs::openAiToAnthropicEvents()
{
    const QByteArray out = transcode(Protocol::OpenAI, Protocol::Anthropic, openAiStream(), 5);
    std::vector<SseEvent> events;
    SseReader reader;
    reader.feed(out, events);
    QStringList types;
    QString text, arguments;
    for (const SseEvent &e : events) {
        const QJsonObject o = QJsonDocument::fromJson(e.data).object();
        QCOMPARE(QString::fromUtf8(e.event), o.value(QLatin1String("type")).toString()); // event name = type
        types << o.value(QLatin1String("type")).toString();
        text += o.value(QLatin1String("delta")).toObject().value(QLatin1String("text")).toString();
        arguments += o.value(QLatin1String("delta")).toObject().value(QLatin1String("partial_json")).toString();
        if (o.value(QLatin1String("type")) == QLatin1String("message_delta")) {
            QCOMPARE(o.value(QLatin1String("delta")).toObject().value(QLatin1String("stop_reason")).toString(), QStringLiteral("tool_use"));
            QCOMPARE(o.value(QLatin1String("usage")).toObject().value(QLatin1String("output_tokens")).toInt(), 5);
        }
    }
    QCOMPARE(types, (QStringList{"message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta",
                                 "content_block_stop", "content_block_start", "content_block_delta", "content_block_delta",
                                 "content_block_stop", "message_delta", "message_stop"}));
    QCOMPARE(text, QStringLiteral("Hello é"));
    QCOMPARE(arguments, QStringLiteral(R"({"a":1})"));
}

void TestCodecs::finishComesOnceEvenWithoutAnEndMarker()
{
    // A backend that stops without [DONE] / message_stop / done: the client still gets its end.
    QByteArray cut = openAiStream();
    cut.chop(QByteArray("data: [DONE]\n\n").size());
    const QByteArray out = transcode(Protocol::OpenAI, Protocol::Ollama, cut, 3);
    const QByteArrayList lines = out.trimmed().split('\n');
    const QJsonObject last = QJsonDocument::fromJson(lines.last()).object();
    QCOMPARE(last.value(QLatin1String("done")).toBool(), true);
    int done = 0;
    for (const QByteArray &l : lines)
        done += QJsonDocument::fromJson(l).object().value(QLatin1String("done")).toBool() ? 1 : 0;
    QCOMPARE(done, 1);
}

// Found by the protocol_request fuzzer: top_k 6.4e55 was converted to int (undefined).
void TestCodecs::hugeNumbersAreClampedNotUndefined()
{
    Params p;
    QString error;
    QVERIFY(readParams(QJsonObject{{QStringLiteral("top_k"), 6.4e55}, {QStringLiteral("max_tokens"), 1e300}, {QStringLiteral("seed"), -1e300}},
                       kOpenAiParams, p, &error));
    QVERIFY(p.topK && *p.topK > 2'000'000'000);
    QVERIFY(p.maxTokens && *p.maxTokens > 2'000'000'000);
    QVERIFY(p.seed && *p.seed == std::numeric_limits<qint64>::min());
}

// A parameter of the wrong type is named, not dropped; null counts as not given.
void TestCodecs::paramsOfTheWrongTypeAreNamed()
{
    Params p;
    QString error;
    QVERIFY(!readParams(QJsonObject{{QStringLiteral("temperature"), QStringLiteral("hot")}}, kGeminiParams, p, &error,
                        QStringLiteral("generationConfig.")));
    QCOMPARE(error, QStringLiteral("generationConfig.temperature must be a number"));
    QVERIFY(!readParams(QJsonObject{{QStringLiteral("stop"), QJsonArray{QStringLiteral("a"), 5}}}, kOpenAiParams, p, &error));
    QCOMPARE(error, QStringLiteral("stop must hold strings only"));
    QVERIFY(!readParams(QJsonObject{{QStringLiteral("stop_sequences"), true}}, kAnthropicParams, p, &error));
    QCOMPARE(error, QStringLiteral("stop_sequences must be a string or an array"));
    Params given;
    QVERIFY(readParams(QJsonObject{{QStringLiteral("temperature"), QJsonValue::Null}, {QStringLiteral("stop"), QStringLiteral("END")}},
                       kOpenAiParams, given, &error));
    QVERIFY(!given.temperature);
    QCOMPARE(given.stop, QStringList{QStringLiteral("END")});
}

// What a client sent, quoted in a log line, can neither start a line nor reorder what a
// viewer shows: controls, line/paragraph separators and bidi overrides are replaced.
void TestCodecs::loggableTextCannotForgeALine()
{
    const QString forged = QStringLiteral("a\nb\u2028c\u2029d\u202Ee\u2066f\x01g");
    const QString shown = loggable(QStringView(forged), 200);
    QCOMPARE(shown, QStringLiteral("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg"));
    QCOMPARE(loggable(QByteArrayView("caf\xc3\xa9 ok"), 200), QStringLiteral("caf\u00e9 ok"));
}

// A passed-through stream ends its answer with [DONE] or a finish_reason that has a value,
// written with or without spaces; null is no end.
void TestCodecs::answerEndMarks()
{
    using sy::protocol::openai::marksAnswerEnd;
    QVERIFY(marksAnswerEnd("data: [DONE]\n\n"));
    QVERIFY(marksAnswerEnd(R"(data: {"choices":[{"delta":{},"finish_reason":"stop"}]})"));
    QVERIFY(marksAnswerEnd(R"(data: {"choices": [{"delta": {}, "finish_reason" : "length"}]})"));
    QVERIFY(!marksAnswerEnd(R"(data: {"choices":[{"delta":{"content":"hi"},"finish_reason":null}]})"));
    QVERIFY(!marksAnswerEnd(R"(data: {"choices":[{"delta":{"content":"finish_reason"}}]})"));
    QVERIFY(!marksAnswerEnd(""));
}

// The speed figure llama-server appends after the text; a model's text that quotes the key
// must not be taken for it.
void TestCodecs::backendSpeedIsTheLastTimings()
{
    using sy::protocol::openai::readPredictedPerSecond;
    QCOMPARE(readPredictedPerSecond(R"({"choices":[],"timings":{"predicted_n":12,"predicted_per_second": 48.5}})"), 48.5);
    QCOMPARE(readPredictedPerSecond("{\"content\":\"\\\"predicted_per_second\\\":9\",\"timings\":{\"predicted_per_second\":31.25}}"), 31.25);
    QCOMPARE(readPredictedPerSecond(R"({"choices":[{"message":{"content":"no figure"}}]})"), -1.0);
    QCOMPARE(readPredictedPerSecond(R"({"timings":{"predicted_per_second":"fast"}})"), -1.0);
    QCOMPARE(readPredictedPerSecond(R"("predicted_per_second":)"), -1.0); // the key at the very end
    QCOMPARE(readPredictedPerSecond(QByteArrayView()), -1.0);
}

// The stream's estimate of generated tokens when the backend sends no usage: one per
// non-empty text, reasoning or tool-argument value; empty values and other keys count nothing.
void TestCodecs::generatedPiecesAreNonEmptyTextValues()
{
    using sy::protocol::openai::countGeneratedPieces;
    const QByteArray events = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
                              "data: {\"choices\":[{\"delta\":{\"reasoning_content\":\"Hm\"}}]}\n\n"
                              "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n\n"
                              "data: {\"choices\":[{\"text\":\"lo\",\"index\":0}]}\n\n"
                              "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"a\\\"\"}}]}}]}\n\n"
                              "data: {\"choices\":[{\"delta\":{\"tool_calls\":[{\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]}\n\n";
    QCOMPARE(countGeneratedPieces(events), 4);
    QCOMPARE(countGeneratedPieces(events.left(events.indexOf("Hel"))), 1); // a key at the very end
    QCOMPARE(countGeneratedPieces(R"({"usage":{"completion_tokens":3}})"), 0);
    QCOMPARE(countGeneratedPieces(QByteArrayView()), 0);
}

// A stream's usage: the JSON of the last "data:" line that carries it, whole when the chunk
// ends without a newline; nothing from a chunk without one.
void TestCodecs::usageIsTheLastEventThatCarriesIt()
{
    using sy::protocol::openai::lastUsageEvent;
    const QByteArray chunk = "data: {\"choices\":[],\"usage\":{\"completion_tokens\":1}}\n\n"
                             "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n"
                             "data:{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}} \n\n"
                             "data: [DONE]\n\n";
    QCOMPARE(lastUsageEvent(chunk), QByteArrayView(R"({"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2}})"));
    QCOMPARE(lastUsageEvent(chunk.first(chunk.indexOf("\n\ndata: [DONE]"))),
             QByteArrayView(R"({"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2}})"));
    QVERIFY(lastUsageEvent(R"({"choices":[{"delta":{"content":"x"}}]})").isEmpty());
    QVERIFY(lastUsageEvent(R"({"usage":{}})").isEmpty()); // no data: line
    QVERIFY(lastUsageEvent(QByteArrayView()).isEmpty());
}

// An OpenAI embeddings answer in Ollama's shapes: the vectors in input order (by index, in
// any order the fields and elements come), the usage as prompt_eval_count; what is not such
// an answer, or not one vector for each input, is said, not passed on.
void TestCodecs::ollamaEmbedAnswers()
{
    using sy::protocol::ollama::EmbedShape;
    QByteArray out;
    QString error;
    const auto reshaped = [&out, &error](const QByteArray &answer, EmbedShape shape, qsizetype inputs) {
        error.clear();
        return sy::protocol::ollama::ollamaEmbedAnswer(answer, {shape, inputs, "emb\"ed"}, 1500, &out, &error);
    };
    const QByteArray answer = R"({"object":"list","data":[{"embedding":[0.5, -1e-3],"index":1,"object":"embedding"},)"
                              R"({"index":0,"embedding":[1,2]}],"usage":{"total_tokens":7,"prompt_tokens":7},"model":"nomic"})";
    QVERIFY2(reshaped(answer, EmbedShape::Batch, 2), qPrintable(error));
    const QJsonObject batch = QJsonDocument::fromJson(out).object();
    QCOMPARE(batch.value(QLatin1String("model")).toString(), QStringLiteral("emb\"ed"));
    QCOMPARE(batch.value(QLatin1String("embeddings")).toArray(), QJsonArray({QJsonArray{1, 2}, QJsonArray{0.5, -1e-3}}));
    QCOMPARE(batch.value(QLatin1String("prompt_eval_count")).toInt(), 7);
    QCOMPARE(batch.value(QLatin1String("total_duration")).toInt(), 1500);
    QVERIFY(!reshaped(answer, EmbedShape::Single, 1)); // two vectors for one prompt
    QVERIFY(!reshaped(answer, EmbedShape::Batch, 3));  // clients pair them with inputs by position
    QVERIFY(error.contains(QLatin1String("2 embeddings for 3 inputs")));
    QVERIFY2(reshaped(R"({"data":[{"embedding":[3,4]}]})", EmbedShape::Single, 1), qPrintable(error));
    QCOMPARE(out, QByteArray(R"({"embedding":[3,4]})"));
    QVERIFY2(reshaped(R"({"data":[{"embedding":[ -0.5e+2 , 0 ,1.25E-3 ]},{"embedding":[]}]})", EmbedShape::Batch, 2), qPrintable(error));
    // Pretty-printed, as OpenAI's own API answers: space after each array.
    const QByteArray pretty = "{\n  \"object\": \"list\",\n  \"data\": [\n    {\n      \"object\": \"embedding\",\n      \"index\": 0,\n"
                              "      \"embedding\": [\n        0.0023,\n        -0.0093\n      ]\n    } ,\n    {\"index\": 1, \"embedding\": [1] }\n  ],\n"
                              "  \"usage\": {\"prompt_tokens\": 8, \"total_tokens\": 8}\n}\n";
    QVERIFY2(reshaped(pretty, EmbedShape::Batch, 2), qPrintable(error));
    QCOMPARE(QJsonDocument::fromJson(out).object().value(QLatin1String("embeddings")).toArray(),
             QJsonArray({QJsonArray{0.0023, -0.0093}, QJsonArray{1}}));

    for (const QByteArray &bad : {QByteArray("<html>"), QByteArray(R"({"data":{}})"), QByteArray(R"({"object":"list"})"),
                                 QByteArray(R"({"data":[{"embedding":"AAAA"}]})"), QByteArray(R"({"data":[{"embedding":[1,"x"]}]})"),
                                 QByteArray(R"({"data":[{"embedding":[1,{"a":1}]}]})"), QByteArray(R"({"data":[{"index":0}]})"),
                                 QByteArray(R"({"data":[{"embedding":[1,,2]}]})"), QByteArray(R"({"data":[{"embedding":[-]}]})"),
                                 QByteArray(R"({"data":[{"embedding":[1e]}]})"), QByteArray(R"({"data":[{"embedding":[01]}]})"),
                                 QByteArray(R"({"data":[{"embedding":[1 2]}]})"), QByteArray(R"({"data":[{"embedding":[1,]}]})"),
                                 QByteArray(R"({"data":[{"embedding":[1,[]]}]})"), QByteArray(R"({"data":[{"index":1,"embedding":[1]}]})"),
                                 QByteArray(R"({"data":[{"embedding":[1]})"), QByteArray(R"({"data":[{"embedding":[1]}]] "usage":1})"),
                                 QByteArray(R"({"data":[{"embedding":[1]}],"usage":{"prompt_tokens":1)"),
                                 QByteArray(R"({"data":[{"embedding":[1]}]} junk)"), QByteArray(R"({"data":[],"data":[{"embedding":[1]}]})"),
                                 QByteArray(R"({"data":[{"embedding":[1]}],"usage":[]})"), QByteArray(R"({"data":[]})")}) {
        QVERIFY2(!reshaped(bad, EmbedShape::Batch, 1), bad.constData());
        QVERIFY2(!error.isEmpty(), bad.constData());
    }
    QVERIFY(!reshaped(R"({"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[2]}]})", EmbedShape::Batch, 2));
    // Only some elements say their index: taken in the order they come.
    QVERIFY2(reshaped(R"({"data":[{"index":1,"embedding":[1]},{"embedding":[2]}]})", EmbedShape::Batch, 2), qPrintable(error));
    QCOMPARE(QJsonDocument::fromJson(out).object().value(QLatin1String("embeddings")).toArray(), QJsonArray({QJsonArray{1}, QJsonArray{2}}));
}

// Ollama's embed request read and checked, and the OpenAI body made of it.
void TestCodecs::ollamaEmbedRequests()
{
    using sy::protocol::ollama::EmbedRequest;
    using sy::protocol::ollama::EmbedShape;
    const auto parse = [](const QByteArray &json, EmbedShape shape, EmbedRequest &out) {
        QString error;
        return sy::protocol::ollama::parseEmbedRequest(QJsonDocument::fromJson(json).object(), shape, out, &error) ? QString() : error;
    };
    EmbedRequest r;
    QCOMPARE(parse(R"({"model":"e","input":["a","b"],"truncate":false,"dimensions":256,"keep_alive":"10m","options":{"num_ctx":512}})",
                   EmbedShape::Batch, r),
             QString());
    QCOMPARE(QJsonDocument::fromJson(sy::protocol::ollama::openAiEmbeddingsBody(r)).object(),
             QJsonObject({{"model", "e"}, {"input", QJsonArray{"a", "b"}}, {"encoding_format", "float"}, {"dimensions", 256}}));
    QCOMPARE(r.keepAlive.toString(), QStringLiteral("10m"));
    QVERIFY(!r.nothingToEmbed());
    QCOMPARE(parse(R"({"model":"e","prompt":"a"})", EmbedShape::Single, r), QString());
    QCOMPARE(r.input.toString(), QStringLiteral("a"));
    for (const QByteArray &empty : {QByteArray(R"({"model":"e"})"), QByteArray(R"({"model":"e","input":[]})"), QByteArray(R"({"model":"e","input":""})")}) {
        r = EmbedRequest();
        QCOMPARE(parse(empty, EmbedShape::Batch, r), QString());
        QVERIFY2(r.nothingToEmbed(), empty.constData());
    }
    QCOMPARE(parse(R"({"model":"e","input":["a",2]})", EmbedShape::Batch, r), QStringLiteral("input[1] must be a string"));
    QVERIFY(parse(R"({"model":"e","input":{"a":1}})", EmbedShape::Batch, r).contains(QLatin1String("input")));
    QVERIFY(parse(R"({"model":"e","input":"a","dimensions":0})", EmbedShape::Batch, r).contains(QLatin1String("dimensions")));
    QVERIFY(parse(R"({"model":"e","input":"a","dimensions":2.5})", EmbedShape::Batch, r).contains(QLatin1String("dimensions")));
    QVERIFY(parse(R"({"model":"e","input":"a","keep_alive":"soon"})", EmbedShape::Batch, r).contains(QLatin1String("keep_alive")));
    QVERIFY(parse(R"({"model":"e","input":"a","truncate":"yes"})", EmbedShape::Batch, r).contains(QLatin1String("truncate")));
    QCOMPARE(parse(R"({"input":"a"})", EmbedShape::Batch, r), QStringLiteral("model is required"));
}

// A Responses answer's `instructions` is the request's own field, as OpenAI echoes it, not
// the system and developer messages the canonical form keeps together with it.
void TestCodecs::responsesEchoTheirOwnInstructions()
{
    using namespace sy::protocol;
    const auto instructionsOf = [](const QByteArray &json) {
        const QJsonObject body = QJsonDocument::fromJson(json).object();
        auto request = std::make_shared<Request>();
        QString error;
        if (!codecFor(Protocol::Responses).parseRequest(body, Flavor::Chat, *request, &error))
            return QJsonValue(error);
        request->original = body; // as the ingress keeps it
        Response response;
        response.text = QStringLiteral("Ten km.");
        const QByteArray out = codecFor(Protocol::Responses).encodeResponse(response, ClientContext{Flavor::Chat, request, 0});
        return QJsonDocument::fromJson(out).object().value(QLatin1String("instructions"));
    };
    const QByteArray input = R"("input":[{"role":"developer","content":"Use metric units."},{"role":"user","content":"How far?"}])";
    QCOMPARE(instructionsOf(R"({"model":"m","instructions":"Be brief.",)" + input + "}"), QJsonValue(QStringLiteral("Be brief.")));
    QCOMPARE(instructionsOf(R"({"model":"m",)" + input + "}"), QJsonValue(QJsonValue::Null));
    QCOMPARE(instructionsOf(R"({"model":"m","instructions":"Be brief.","input":"How far?"})"), QJsonValue(QStringLiteral("Be brief.")));
}

QTEST_GUILESS_MAIN(TestCodecs)
#include "tst_codecs.moc"
