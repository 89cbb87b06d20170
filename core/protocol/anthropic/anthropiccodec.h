#pragma once
// Anthropic Messages (/v1/messages) as a canonical adapter: requests in and out, whole
// responses, and the event stream (message_start, content_block_*, message_delta,
// message_stop, ping, error).

#include "protocol/codec.h"

namespace sy::protocol::anthropic {

inline constexpr const char *kApiVersion = "2023-06-01";
inline constexpr int kDefaultMaxTokens = 4096; // Anthropic requires max_tokens

bool parseRequest(const QJsonObject &body, Flavor flavor, Request &out, QString *error);
OutboundRequest renderRequest(const Request &request, const OutboundTarget &target);

QByteArray encodeResponse(const Response &response, const ClientContext &client);
bool decodeResponse(const QByteArray &body, Response &out, QString *error);

std::unique_ptr<StreamEncoder> makeEncoder(const ClientContext &client);
std::unique_ptr<StreamDecoder> makeDecoder();

const char *stopReasonName(StopReason stop);
// Parameters as Anthropic takes them: temperature within its 0-1, max_tokens (required)
// defaulted when `defaultMaxTokens`.
Params outboundParams(Params params, bool defaultMaxTokens = true);
// All the input a usage object counts (input_tokens leaves out what was written to or read
// from the prompt cache), or -1 when it has none.
qint64 inputTokens(const QJsonObject &usage);
StopReason stopFromName(const QString &name);

} // namespace sy::protocol::anthropic
