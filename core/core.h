#pragma once
// The router core: config, HTTP endpoint, upstream pools and everything behind them.
// Lives on the core thread (see CoreHost); nothing outside that thread calls into it.

#include "api/admintoken.h"
#include "http/accesspolicy.h"
#include "http/pathrouter.h"
#include "ingress/clientkeys.h"
#include "routing/callsinflight.h"
#include "routing/proxyservices.h"
#include "routing/router.h"
#include "routing/routerstate.h"

#include <QObject>
#include <QUrl>
#include <functional>
#include <memory>

namespace sy::http {
class HttpServer;
class HttpExchange;
class UpstreamPool;
} // namespace sy::http

namespace sy::ingress {
class Ingress;
}
namespace sy::pool {
class ModelPool;
}
namespace sy::config {
class ConfigStore;
}
namespace sy::history {
class History;
}
namespace sy::metrics {
class Metrics;
}
namespace sy::api {
class Feed;
class ManagementApi;
}

namespace sy {

struct CoreOptions {
    QString configPath;     // empty: $XDG_CONFIG_HOME/switchyard/config.json
    QString host;           // overrides server.host when set
    int port = -1;          // overrides server.port when >= 0 (0 = any free port)
    QString defaultBackend; // overrides server.defaultBackend when set
    bool demo = false;      // add the demo pool
    bool noDemo = false;    // never add it (not even when no model is configured)
};

class Core : public QObject {
    Q_OBJECT
public:
    explicit Core(CoreOptions options, QObject *parent = nullptr);
    ~Core() override;

    // Loads the config and starts listening; false with a message on failure.
    bool start(QString *error);
    QUrl endpoint() const { return m_endpoint; }
    QString configPath() const { return m_configPath; }
    QByteArray adminToken() const { return m_adminToken; }
    bool demoActive() const { return m_demo; }

    // Stops accepting, lets requests in flight finish (server.shutdownGraceS), stops
    // model processes, then calls `done` from the event loop.
    void shutdown(std::function<void()> done);

private:
    void handle(http::HttpExchange *exchange);
    routing::CandidateStatus candidateStatus(const routing::Candidate &candidate) const;
    // Command-line overrides and the demo pool, on every config before it is used (on the
    // config store's worker thread: from the options alone, never the running core).
    static bool prepareConfig(const CoreOptions &options, config::Config &cfg, QString *error);
    // Whether the demo pool joins this config (--demo, or nothing configured).
    static bool addsDemo(const CoreOptions &options, const config::Config &cfg);
    static bool isDemo(const config::Config &cfg);
    // Puts a new config into effect at once; returns what needs a restart.
    QStringList applyConfig(const config::Config &cfg);
    // The keys the inference endpoint asks for; a warning when it is open beyond loopback.
    void configureClientKeys(const std::vector<config::ClientKeyConfig> &keys, const QString &listeningHost);

    CoreOptions m_options;
    QString m_configPath;
    config::ConfigStore *m_configStore = nullptr;
    QUrl m_endpoint;
    http::HttpServer *m_server = nullptr;
    http::UpstreamPool *m_upstreams = nullptr;
    pool::ModelPool *m_pool = nullptr;
    routing::ProxyServices m_services;
    http::PathRouter m_paths;
    http::AccessPolicy m_access;
    ingress::ClientKeys m_clientKeys;
    std::unique_ptr<ingress::Ingress> m_ingress;
    std::unique_ptr<api::ManagementApi> m_management;
    api::Feed *m_feed = nullptr;
    std::unique_ptr<metrics::Metrics> m_metrics;
    std::unique_ptr<history::History> m_history;
    routing::RouterState m_routerState;
    routing::CallsInFlight m_calls;
    std::unique_ptr<routing::Router> m_router;
    QByteArray m_adminToken;
    api::TokenGuard m_tokenGuard;
    qint64 m_startedMs = 0;
    bool m_listensOnAll = false; // 0.0.0.0 / ::
    bool m_demo = false;
};

} // namespace sy
