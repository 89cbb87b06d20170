#include "api/validators.h"

#include "api/apirequest.h"
#include "http/message.h"

#include <algorithm>

namespace sy::api {

ApiResult invalidRequest(const QString &message, QByteArray code, QByteArray param)
{
    return ApiResult::error(protocol::ErrorKind::InvalidRequest, message, std::move(code), std::move(param));
}

std::optional<QJsonObject> jsonObjectBody(const ApiRequest &request, ApiResult *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = invalidRequest(parseError.error != QJsonParseError::NoError
                                    ? QStringLiteral("the body is not valid JSON: %1 at offset %2").arg(parseError.errorString()).arg(parseError.offset)
                                    : QStringLiteral("the body must be a JSON object"),
                                "invalid_json");
        return std::nullopt;
    }
    return doc.object();
}

namespace {

bool isIntegerText(QByteArrayView text)
{
    if (text.startsWith('-') || text.startsWith('+'))
        text = text.sliced(1);
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

} // namespace

std::optional<int> clampedQuery(const ApiRequest &request, QByteArrayView key, int min, int max, int fallback, ApiResult *error)
{
    const QByteArray text = request.query(key);
    if (text.isEmpty())
        return fallback;
    bool ok = false;
    qlonglong value = text.toLongLong(&ok);
    if (!ok && isIntegerText(text)) { // too many digits for 64 bits: still an integer, cut like any other
        value = text.startsWith('-') ? min : max;
        ok = true;
    }
    if (!ok) {
        *error = invalidRequest(QStringLiteral("%1 must be an integer (%2 to %3)").arg(QLatin1String(key)).arg(min).arg(max), "invalid_query",
                                key.toByteArray());
        return std::nullopt;
    }
    return int(std::clamp<qlonglong>(value, min, max));
}

std::optional<bool> dryRunQuery(const ApiRequest &request, ApiResult *error)
{
    bool dry = false;
    for (const QByteArray &pair : request.head().query.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        const QByteArray name = http::percentDecoded(eq < 0 ? pair : pair.first(eq)).toLower();
        if (name != "dryrun" && name != "dry_run")
            continue;
        const QByteArray value = http::percentDecoded(eq < 0 ? QByteArray() : pair.sliced(eq + 1)).toLower();
        if (value.isEmpty() || value == "1" || value == "true" || value == "yes") {
            dry = true;
        } else if (value != "0" && value != "false" && value != "no") {
            *error = invalidRequest(QStringLiteral("dryRun must be 1 or true (check only) or 0 or false"), "invalid_query", "dryRun");
            return std::nullopt;
        }
    }
    return dry;
}

} // namespace sy::api
