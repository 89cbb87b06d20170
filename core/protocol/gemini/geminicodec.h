#pragma once
// Gemini generateContent / streamGenerateContent as a canonical adapter: contents and
// parts, systemInstruction, inline images, function declarations, calls and responses,
// generationConfig, usageMetadata, finishReason. Streams are SSE (?alt=sse) or, without
// it, one JSON array written piece by piece, as Google's API does.

#include "protocol/codec.h"

namespace sy::protocol::gemini {

bool parseRequest(const QJsonObject &body, Flavor flavor, Request &out, QString *error);
OutboundRequest renderRequest(const Request &request, const OutboundTarget &target);

QByteArray encodeResponse(const Response &response, const ClientContext &client);
bool decodeResponse(const QByteArray &body, Response &out, QString *error);

std::unique_ptr<StreamEncoder> makeEncoder(const ClientContext &client); // SSE
std::unique_ptr<StreamEncoder> makeArrayEncoder();         // a JSON array, without alt=sse
std::unique_ptr<StreamDecoder> makeDecoder();

const char *finishReasonName(StopReason stop);
// What the model generated, thinking included (it is billed as output), or -1 when unknown.
qint64 outputTokens(const QJsonObject &usageMetadata);
StopReason stopFromFinishReason(const QString &reason);

// An object's snake_case keys in camelCase: Google's JSON takes either spelling of a field
// (generation_config.max_output_tokens is generationConfig.maxOutputTokens).
QJsonObject camelCaseKeys(const QJsonObject &o);
// JSON Schema <-> Gemini's OpenAPI subset (upper-case types, fewer keywords).
QJsonObject toGeminiSchema(const QJsonObject &schema);
QJsonObject fromGeminiSchema(const QJsonObject &schema);

} // namespace sy::protocol::gemini
