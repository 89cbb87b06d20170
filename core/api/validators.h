#pragma once
// Shared checks for management requests: each returns the value or an ApiResult error
// (400, naming the field) so actions read top-down.

#include "api/apiresult.h"

#include <QJsonObject>
#include <optional>

namespace sy::api {

class ApiRequest;

// The body as a JSON object; an error result when it is not one.
std::optional<QJsonObject> jsonObjectBody(const ApiRequest &request, ApiResult *error);
// An integer query parameter clamped into [min, max] (like tail -n); `fallback` when absent,
// an error when it is not an integer.
std::optional<int> clampedQuery(const ApiRequest &request, QByteArrayView key, int min, int max, int fallback, ApiResult *error);
// "?dryRun=1" (or dry_run; true, yes, or no value): a change only checked. Any spelling of
// the name in any case counts, and a value that is not a clear yes or no is an error: a
// check the caller meant must never be applied.
std::optional<bool> dryRunQuery(const ApiRequest &request, ApiResult *error);
ApiResult invalidRequest(const QString &message, QByteArray code = "invalid_request", QByteArray param = {});

} // namespace sy::api
