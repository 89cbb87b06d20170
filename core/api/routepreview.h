#pragma once
// POST /api/v1/route/preview: what the router would do with a request, without calling
// anything: the chain (with each candidate's merged params and whether it is loaded),
// the explain trace, or the error the client would get.

#include "api/apiresult.h"

namespace sy::http {
class HttpExchange;
}
namespace sy::routing {
struct ProxyServices;
}

namespace sy::api {

// The body is either the request itself (routing headers taken from this request), or
// {"request": {...}, "headers": {"X-Agent-Class": "..."}, "endpoint": "chat"}.
ApiResult previewRoute(const routing::ProxyServices &services, const http::HttpExchange *exchange);

} // namespace sy::api
