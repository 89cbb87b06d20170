#pragma once
// /api/v1/requests: the request history, filtered and paged, and one request in full
// (with its explain trace). Queries run on the history thread and answer later.

#include "api/apiresult.h"

namespace sy::history {
class History;
}

namespace sy::api {

class ApiRequest;

class HistoryController {
public:
    explicit HistoryController(history::History *history) : m_history(history) {}

    ApiResult list(const ApiRequest &request) const;
    ApiResult get(const ApiRequest &request) const;

private:
    // An error when there is no history to ask.
    std::optional<ApiResult> unavailable() const;

    history::History *m_history;
};

} // namespace sy::api
