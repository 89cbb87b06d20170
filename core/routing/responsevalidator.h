#pragma once
// Checks a whole (non-streamed) response before it is accepted; a failure is a fallback
// trigger. Always: the body must be JSON. With response_format json_object/json_schema:
// the message content must be JSON (matching the schema). With a role validator: the
// content must be a JSON object with the required fields.

#include "protocol/openai/requestscan.h"
#include "store/config.h"

#include <QByteArray>
#include <functional>

namespace sy::routing {

// Returns what is wrong with a response body, or an empty string.
using ResponseCheck = std::function<QString(const QByteArray &body)>;

ResponseCheck responseValidator(const QByteArray &requestBody, const protocol::openai::RequestScan &scan,
                                const config::ValidatorConfig *roleValidator);

} // namespace sy::routing
