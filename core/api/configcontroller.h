#pragma once
// /api/v1/config (the whole document: read with its ETag, replace with If-Match and dry
// runs) and /model-pool/preferences (the agents member).

#include "api/apiresult.h"

namespace sy::config {
class ConfigStore;
}

namespace sy::api {

class ApiRequest;

class ConfigController {
public:
    explicit ConfigController(config::ConfigStore &store) : m_store(store) {}

    ApiResult get(const ApiRequest &request) const;
    ApiResult replace(const ApiRequest &request);
    ApiResult preferences(const ApiRequest &request) const;
    ApiResult replacePreferences(const ApiRequest &request);

private:
    config::ConfigStore &m_store;
};

} // namespace sy::api
