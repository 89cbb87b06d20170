#include "api/historycontroller.h"

#include "api/apirequest.h"
#include "api/validators.h"
#include "store/history.h"

#include <QDateTime>

namespace sy::api {
namespace {

constexpr int kMaxLimit = 500;

// Milliseconds since the epoch, given as such or as an ISO 8601 date(-time), up to the end of
// the year 9999 (the rows are keyed in microseconds: a larger number would wrap).
bool parseTime(const QByteArray &text, qint64 *ms)
{
    constexpr qint64 kLastMs = 253402300799999; // 9999-12-31T23:59:59.999Z
    bool ok = false;
    *ms = text.toLongLong(&ok);
    if (ok)
        return *ms >= 0 && *ms <= kLastMs;
    QDateTime t = QDateTime::fromString(QString::fromUtf8(text), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(QString::fromUtf8(text), Qt::ISODate);
    *ms = t.isValid() ? t.toMSecsSinceEpoch() : 0;
    return t.isValid() && *ms >= 0 && *ms <= kLastMs;
}

ApiResult invalid(const QString &message)
{
    return invalidRequest(message, "invalid_query");
}

bool readQuery(const http::RequestHead &request, history::Query *q, ApiResult *error)
{
    auto text = [&](const char *key) { return QString::fromUtf8(request.queryValue(key)); };
    q->model = text("model");
    q->backend = text("backend");
    q->route = text("route");
    q->inbound = text("inbound");
    q->requested = text("requested");
    q->search = text("q");
    q->status = text("status").toLower();
    if (!q->status.isEmpty() && !history::isValidStatusFilter(q->status)) {
        *error = invalid(QStringLiteral("status must be a code (200), a class (5xx), \"ok\" or \"error\""));
        return false;
    }
    for (auto [key, target] : {std::pair{"since", &q->sinceMs}, std::pair{"until", &q->untilMs}}) {
        const QByteArray value = request.queryValue(key);
        if (!value.isEmpty() && !parseTime(value, target)) {
            *error = invalid(QStringLiteral("%1 must be milliseconds since the epoch or an ISO 8601 time").arg(QLatin1String(key)));
            return false;
        }
    }
    bool ok = true;
    if (const QByteArray before = request.queryValue("before"); !before.isEmpty()) {
        q->before = before.toLongLong(&ok);
        if (!ok || q->before <= 0) {
            *error = invalid(QStringLiteral("before must be a positive sequence number (nextBefore of the previous page)"));
            return false;
        }
    }
    if (const QByteArray limit = request.queryValue("limit"); !limit.isEmpty()) {
        q->limit = limit.toInt(&ok);
        if (!ok || q->limit < 1 || q->limit > kMaxLimit) {
            *error = invalid(QStringLiteral("limit must be between 1 and %1").arg(kMaxLimit));
            return false;
        }
    }
    return true;
}

} // namespace

std::optional<ApiResult> HistoryController::unavailable() const
{
    if (m_history && m_history->isOpen())
        return std::nullopt;
    return ApiResult::error(protocol::ErrorKind::NotFound,
                            m_history && m_history->isEnabled() ? QStringLiteral("the history database could not be opened (see the log)")
                                                                : QStringLiteral("history is disabled (history.enabled in the config)"),
                            "history_disabled");
}

ApiResult HistoryController::list(const ApiRequest &request) const
{
    if (std::optional<ApiResult> error = unavailable())
        return *error;
    history::Query query;
    ApiResult error;
    if (!readQuery(request.head(), &query, &error))
        return error;
    m_history->query(query, [reply = request.replyLater()](QJsonObject result) { reply(ApiResult::ok(std::move(result))); });
    return ApiResult::deferred();
}

ApiResult HistoryController::get(const ApiRequest &request) const
{
    if (std::optional<ApiResult> error = unavailable())
        return *error;
    const QString id = request.param("id");
    m_history->get(id, [reply = request.replyLater(), id](QJsonObject result) {
        if (result.isEmpty())
            reply(ApiResult::error(protocol::ErrorKind::NotFound,
                                   QStringLiteral("no request with the id \"%1\" in the history").arg(protocol::excerpt(id)), "request_not_found"));
        else
            reply(ApiResult::ok(std::move(result)));
    });
    return ApiResult::deferred();
}

} // namespace sy::api
