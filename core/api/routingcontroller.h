#pragma once
// /api/v1/route/preview (what the router would do with a request, without sending it) and
// /api/v1/decompose (a prompt split into subtasks, each with the model auto would pick).

#include "api/apiresult.h"

namespace sy::routing {
struct ProxyServices;
}

namespace sy::api {

class ApiRequest;

class RoutingController {
public:
    explicit RoutingController(const routing::ProxyServices &services) : m_services(services) {}

    ApiResult preview(const ApiRequest &request) const;
    ApiResult decompose(const ApiRequest &request) const;

private:
    const routing::ProxyServices &m_services;
};

} // namespace sy::api
