#pragma once
// Ollama's native chat (/api/chat) and generate (/api/generate, the Prompt flavor) as a
// canonical adapter: messages with base64 images, tools and tool calls (arguments as
// objects, no ids: ids are made up and matched by function name), options, format,
// keep_alive, and NDJSON streams (streaming is Ollama's default).

#include "protocol/codec.h"

#include <QJsonArray>

namespace sy::protocol::ollama {

bool parseRequest(const QJsonObject &body, Flavor flavor, Request &out, QString *error);
OutboundRequest renderRequest(const Request &request, const OutboundTarget &target);

QByteArray encodeResponse(const Response &response, const ClientContext &client);
bool decodeResponse(const QByteArray &body, Response &out, QString *error);

std::unique_ptr<StreamEncoder> makeEncoder(const ClientContext &client);
std::unique_ptr<StreamDecoder> makeDecoder();

// "image/png" etc. from the first bytes of base64 data (Ollama sends images without a type).
QString imageTypeOf(const QByteArray &base64);

// keep_alive as seconds: a number, or a duration as Go writes them ("5m", "1h30m", "300ms",
// "-1"); negative = for ever, 0 = unload now; absent or null: Ollama's default, 5 minutes.
// Whether a value is one of these is isKeepAlive (a request with another is refused);
// keepAliveSeconds gives the default for one that is not.
double keepAliveSeconds(const QJsonValue &value);
bool isKeepAlive(const QJsonValue &value);

// How long an answer took, in nanoseconds, as Ollama reports it (clients divide tokens by
// eval_duration for tokens/s: it must not be 0 when tokens were made).
struct Durations {
    qint64 totalNs = 0;
    qint64 promptEvalNs = 0; // until the first token
    qint64 evalNs = 0;       // the first token to the last
};

// Pieces of an answer line, shared by the whole and the streamed encoders.
QJsonObject answerBase(const QString &model, bool done);
void addDone(QJsonObject &o, StopReason stop, const Usage &usage, const Durations &durations);
QJsonArray toolCallsJson(const std::vector<ToolCall> &calls);

} // namespace sy::protocol::ollama
