#pragma once
// OpenAI chat completions (and /v1/completions, the Prompt flavor) as a canonical adapter,
// for traffic that crosses protocols. OpenAI-to-OpenAI requests are spliced instead.

#include "protocol/codec.h"

#include <QJsonArray>

namespace sy::protocol::openai {

bool parseRequest(const QJsonObject &body, Flavor flavor, Request &out, QString *error);
OutboundRequest renderRequest(const Request &request, const OutboundTarget &target);

QByteArray encodeResponse(const Response &response, const ClientContext &client);
bool decodeResponse(const QByteArray &body, Response &out, QString *error);

std::unique_ptr<StreamEncoder> makeEncoder(const ClientContext &client);
std::unique_ptr<StreamDecoder> makeDecoder();

// Tools in OpenAI's {"type": "function", "function": {...}} shape (Ollama's too).
std::vector<ToolSpec> readTools(const QJsonArray &tools);
QJsonArray toolsJson(const std::vector<ToolSpec> &tools);

const char *finishReasonName(StopReason stop);
StopReason stopFromFinishReason(const QString &reason);

} // namespace sy::protocol::openai
