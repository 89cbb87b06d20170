#pragma once
// OpenAI's Responses API (POST /v1/responses) as a canonical adapter: the protocol of
// Codex, the OpenAI Agents SDK and qwen-code's openai-responses mode, and of backends that
// serve it. Input items (messages with input_text / input_image, function_call,
// function_call_output, reasoning, custom tool calls), flat function tools, custom
// (freeform) tools as one string argument, namespaces flattened to "ns__name"; answers as
// Response objects, and streams with the full event lifecycle and sequence numbers.

#include "protocol/codec.h"

#include <QJsonArray>

namespace sy::protocol::responses {

bool parseRequest(const QJsonObject &body, Flavor flavor, Request &out, QString *error);
OutboundRequest renderRequest(const Request &request, const OutboundTarget &target);

QByteArray encodeResponse(const Response &response, const ClientContext &client);
bool decodeResponse(const QByteArray &body, Response &out, QString *error);

std::unique_ptr<StreamEncoder> makeEncoder(const ClientContext &client);
std::unique_ptr<StreamDecoder> makeDecoder();

// --- shared by the whole and the streamed encoder --------------------------------------

// The Response object around `output` (status "completed", "incomplete", "in_progress" or
// "failed"), echoing what the client asked for.
QJsonObject responseObject(const QString &id, const QString &model, qint64 createdAt, const QString &status,
                           const QJsonArray &output, const Usage &usage, const ClientContext &client,
                           StopReason stop = StopReason::Length);
// How an answer that stopped so ends: "incomplete" (out of tokens, or filtered; `stop` then
// says which in incomplete_details) or "completed".
QString statusFor(StopReason stop);
// Why an "incomplete" response object stopped.
StopReason incompleteStop(const QJsonObject &response);
// An output item for a tool call: a function_call, or a custom_tool_call for a freeform
// tool, under the name and namespace the client gave it.
QJsonObject callItem(const ToolCall &call, const QString &status, const Request *request);
QJsonObject messageItem(const QString &id, const QString &text, const QString &status);

// The conversation of a request as Responses input items (what a follow-up's
// previous_response_id stands for, together with the answer's output).
QJsonArray inputItems(const Request &request);

} // namespace sy::protocol::responses
