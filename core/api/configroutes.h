#pragma once
// GET/PUT /api/v1/config: the config document, replaced as a whole (validated, diffed,
// saved, applied without a restart). Guarded by the admin token.

#include <QByteArray>

namespace sy::config {
class ConfigStore;
struct ConfigChange;
}

namespace sy::http {
class HttpExchange;
}

namespace sy::api {

class Dispatcher;

void registerConfigRoutes(Dispatcher &dispatcher, config::ConfigStore &store, const QByteArray &token);

// Answers a change: 200 {applied, diff, restartRequired}, or the error with every issue.
void respondChange(http::HttpExchange *exchange, const config::ConfigChange &change);
// ?dryRun=1 (or dry_run=true): validate and diff only.
bool isDryRun(const http::HttpExchange *exchange);

} // namespace sy::api
