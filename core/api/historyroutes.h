#pragma once
// GET /api/v1/requests (filters, paging) and /api/v1/requests/{id}: the request history.

#include <QByteArray>

namespace sy::history {
class History;
}

namespace sy::api {

class Dispatcher;

// `history` may be null (history disabled): the routes then answer 404 history_disabled.
void registerHistoryRoutes(Dispatcher &dispatcher, history::History *history, const QByteArray &token);

} // namespace sy::api
