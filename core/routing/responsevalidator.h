#pragma once
// Checks a whole (non-streamed) response before it is accepted; a failure is a fallback
// trigger. Always: the body must be JSON. With response_format json_object/json_schema:
// the message content must be JSON (matching the schema). With a role validator: the
// content must be a JSON object with the required fields.

#include "protocol/openai/requestscan.h"
#include "store/config.h"

#include <QByteArray>
#include <QJsonObject>
#include <functional>

namespace sy::routing {

// Returns what is wrong with a response body, or an empty string.
using ResponseCheck = std::function<QString(const QByteArray &body)>;
// The same for an answer's text (a tool call has nothing to check).
using ContentCheck = std::function<QString(const QString &content)>;

// `responseFormat`: "", "json_object" or "json_schema" (with `schema`). Null when there is
// nothing to check.
ContentCheck contentValidator(const QByteArray &responseFormat, const QJsonObject &schema, const config::ValidatorConfig *roleValidator);

// For an OpenAI response passed through: valid JSON, and its content as above.
ResponseCheck responseValidator(const QByteArray &requestBody, const protocol::openai::RequestScan &scan,
                                const config::ValidatorConfig *roleValidator);

} // namespace sy::routing
