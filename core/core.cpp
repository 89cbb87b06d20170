#include "core.h"

#include "api/admintoken.h"
#include "api/feed.h"
#include "api/managementapi.h"
#include "http/accesspolicy.h"
#include "http/httpexchange.h"
#include "http/httpserver.h"
#include "http/upstreampool.h"
#include "ingress/clientkeys.h"
#include "ingress/ingress.h"
#include "metrics/metrics.h"
#include "pool/demo.h"
#include "pool/modelpool.h"
#include "routing/secondtier.h"
#include "store/configstore.h"
#include "store/history.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/paths.h"
#include "util/requestid.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace sy {
namespace {

auto &lg()
{
    static auto l = sy::log::get("core");
    return *l;
}

http::ServerLimits serverLimits(const config::ServerConfig &server)
{
    http::ServerLimits limits;
    limits.bodyBytes = std::uint64_t(server.maxBodyMiB) * 1024 * 1024;
    limits.maxConnections = server.maxConnections;
    limits.maxConnectionsPerClient = server.maxConnectionsPerClient;
    limits.bodyGrace = std::chrono::seconds(server.bodyGraceS);
    limits.minBodyBytesPerS = server.minBodyBytesPerS;
    return limits;
}

http::AccessPolicy::Settings accessSettings(const config::ServerConfig &server, bool listensOnAll)
{
    return {server.host, listensOnAll, server.allowedHosts, server.allowedOrigins};
}

} // namespace

Core::Core(CoreOptions options, QObject *parent) : QObject(parent), m_options(std::move(options)) {}

Core::~Core() = default;

bool Core::start(QString *error)
{
    m_configPath = m_options.configPath.isEmpty() ? paths::defaultConfigFile() : m_options.configPath;
    m_configStore = new config::ConfigStore(
        m_configPath, [options = m_options](config::Config &cfg, QString *e) { return prepareConfig(options, cfg, e); },
        [options = m_options](const config::Config &cfg) { return addsDemo(options, cfg) ? pool::demoModelIds() : QStringList(); }, this);
    bool created = false;
    std::optional<config::Config> loaded = m_configStore->load(error, &created);
    if (!loaded)
        return false;
    if (created)
        lg().info("created the default config at {}", m_configPath);
    config::Config cfg = std::move(*loaded);
    m_demo = isDemo(cfg);
    if (m_demo)
        lg().info("{}: running the built-in demo pool of simulated models (switchyard-sim)",
                  m_options.demo ? "--demo" : "no models configured");

    m_upstreams = new http::UpstreamPool(this);
    m_upstreams->setOptions({cfg.server.maxUpstreamConnections, std::chrono::seconds(60)});
    m_server = new http::HttpServer(this);
    m_server->setLimits(serverLimits(cfg.server));
    m_server->setHandler([this](http::HttpExchange *exchange) { handle(exchange); });

    const QHostAddress address = cfg.server.host == QLatin1String("localhost") ? QHostAddress(QHostAddress::LocalHost)
                                                                                : QHostAddress(cfg.server.host);
    if (address.isNull()) {
        *error = QStringLiteral("server.host \"%1\" is not an IP address").arg(cfg.server.host);
        return false;
    }
    m_listensOnAll = address == QHostAddress::Any || address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6;
    m_pool = new pool::ModelPool(*m_upstreams, this);
    m_pool->configure(cfg);
    m_routerState.configure(cfg.fallback);
    m_router = std::make_unique<routing::Router>(m_routerState, [this](const routing::Candidate &c) { return candidateStatus(c); });
    m_services.upstreams = m_upstreams;
    m_services.pool = m_pool;
    m_services.routerState = &m_routerState;
    m_services.calls = &m_calls;
    m_services.router = m_router.get();
    m_services.secondTier = new routing::SecondTier(this);
    m_services.table = std::make_shared<routing::RouteTable>(std::move(cfg));
    m_adminToken = api::loadOrCreateAdminToken(QFileInfo(m_configPath).absolutePath(), error);
    if (m_adminToken.isEmpty())
        return false;
    m_feed = new api::Feed(m_services, m_adminToken, m_tokenGuard, this);
    m_services.sinks.push_back(m_feed);
    m_metrics = std::make_unique<metrics::Metrics>();
    m_services.sinks.push_back(m_metrics.get());
    m_history = std::make_unique<history::History>(paths::dataDir() + QLatin1String("/history.sqlite"));
    if (m_services.table->config().history.enabled) {
        QString historyError;
        if (!m_history->open(m_services.table->config().history, &historyError))
            lg().error("running without history: {}", historyError); // the router still works
    }
    m_services.sinks.push_back(m_history.get());
    m_access.configure(accessSettings(m_services.table->config().server, m_listensOnAll));
    // A refused upgrade is answered as plain HTTP (handle() says why).
    m_server->setUpgradeHandler({[this](const http::RequestHead &head, const QHostAddress &peer) {
                                     return !m_access.refusal(head) && m_feed->acceptsUpgrade(head, peer);
                                 },
                                 [this](QTcpSocket *socket) { m_feed->takeUpgrade(socket); }});
    m_configStore->setApply([this](const config::Config &next) { return applyConfig(next); });
    connect(m_configStore, &config::ConfigStore::changed, m_feed, &api::Feed::configChanged);
    m_startedMs = QDateTime::currentMSecsSinceEpoch();
    configureClientKeys(m_services.table->config().server.clientKeys, m_services.table->config().server.host);
    m_ingress = std::make_unique<ingress::Ingress>(m_services, m_history.get(), m_clientKeys);
    m_ingress->addRoutes(m_paths);
    // A request without a valid client key or admin token (or refused by the access policy)
    // is answered on its head, before the server buffers its body.
    m_server->setEarlyRefusal([this](const http::RequestHead &head) {
        return m_access.refusal(head) || m_paths.refusesHead(head);
    });
    m_management = std::make_unique<api::ManagementApi>(
        api::ManagementServices{m_services, *m_metrics, *m_configStore, m_history.get(), m_adminToken, m_tokenGuard, m_startedMs});
    m_management->addRoutes(m_paths);

    if (!m_server->listen(address, quint16(m_services.table->config().server.port))) {
        *error = QStringLiteral("cannot listen on %1:%2: %3")
                     .arg(address.toString())
                     .arg(m_services.table->config().server.port)
                     .arg(m_server->errorString());
        return false;
    }
    // The endpoint is where this machine reaches the server; the log says what is bound.
    const bool everyAddress = address == QHostAddress::Any || address == QHostAddress::AnyIPv4;
    m_endpoint.setScheme(QStringLiteral("http"));
    m_endpoint.setHost(everyAddress ? QStringLiteral("127.0.0.1") : address.toString());
    m_endpoint.setPort(m_server->serverPort());
    lg().info("listening on {}{} ({} models, {} backends, config {})", m_endpoint.toString(),
              everyAddress ? QStringLiteral(" and every other address of this machine (server.host %1)").arg(address.toString()) : QString(),
              m_services.table->models().size(), m_services.table->backends().size(), m_configPath);
    return true;
}

bool Core::prepareConfig(const CoreOptions &options, config::Config &cfg, QString *error)
{
    if (!options.host.isEmpty())
        cfg.server.host = options.host;
    if (options.port >= 0)
        cfg.server.port = options.port;
    if (!options.defaultBackend.isEmpty()) {
        if (!cfg.backend(options.defaultBackend)) {
            *error = QStringLiteral("--backend: no backend has the id \"%1\"").arg(options.defaultBackend);
            return false;
        }
        cfg.server.defaultBackend = options.defaultBackend;
    }
    if (addsDemo(options, cfg)) {
        const QString sim = pool::findSimBinary();
        if (sim.isEmpty()) {
            *error = QStringLiteral("the demo pool needs switchyard-sim, which was not found (set SWITCHYARD_SIM)");
            return false;
        }
        pool::addDemoPool(cfg, sim);
    }
    return true;
}

bool Core::addsDemo(const CoreOptions &options, const config::Config &cfg)
{
    return options.demo || (cfg.models.empty() && !options.noDemo);
}

bool Core::isDemo(const config::Config &cfg)
{
    return cfg.backend(QLatin1String(pool::kDemoBackendId)) != nullptr;
}

QStringList Core::applyConfig(const config::Config &cfg)
{
    // Listening address and port stay until a restart; everything else changes now.
    QStringList restartRequired;
    const config::ServerConfig &running = m_services.table->config().server;
    if (cfg.server.host != running.host)
        restartRequired << QStringLiteral("server.host");
    if (cfg.server.port != running.port)
        restartRequired << QStringLiteral("server.port");
    m_upstreams->setOptions({cfg.server.maxUpstreamConnections, std::chrono::seconds(60)});
    m_server->setLimits(serverLimits(cfg.server));
    m_access.configure(accessSettings(cfg.server, m_listensOnAll));
    configureClientKeys(cfg.server.clientKeys, running.host); // the address changes only with a restart
    m_pool->configure(cfg);
    m_routerState.configure(cfg.fallback);
    m_history->configure(cfg.history);
    m_demo = isDemo(cfg);
    config::Config applied = cfg;
    applied.server.host = running.host;
    applied.server.port = running.port;
    // Requests in flight keep the table they started with.
    m_services.table = std::make_shared<routing::RouteTable>(std::move(applied));
    return restartRequired;
}

void Core::configureClientKeys(const std::vector<config::ClientKeyConfig> &keys, const QString &listeningHost)
{
    m_clientKeys.configure(keys);
    const bool loopbackOnly = listeningHost == QLatin1String("localhost") || QHostAddress(listeningHost).isLoopback();
    if (!loopbackOnly && !m_clientKeys.required())
        lg().warn("listening on {} without client keys: anyone who can reach this address can use every model "
                  "(set server.clientKeys, see docs/config.md)",
                  listeningHost.toStdString());
}

routing::CandidateStatus Core::candidateStatus(const routing::Candidate &candidate) const
{
    const routing::BackendEntry &backend = m_services.table->backends()[std::size_t(candidate.backend)];
    const pool::LaunchDriver *driver = m_pool->driverForBackend(backend.id);
    if (!driver)
        return {true, 0}; // a remote service is always "warm"
    // A managed model is known to its driver by its id, the others by the upstream's name.
    const pool::DriverStatus s = driver->status(QString::fromUtf8(backend.managed ? candidate.label : candidate.upstreamModel));
    return {s.warm, s.load, s.reachable};
}

void Core::handle(http::HttpExchange *exchange)
{
    const http::RequestHead &head = exchange->request();
    const QByteArrayView clientId = head.headers.view("x-request-id");
    const qint64 now = clock::wallUs();
    exchange->setRequestId(isAcceptableRequestId(clientId) ? clientId.toByteArray() : newRequestId(now), now);
    exchange->addResponseHeader(QByteArrayLiteral("X-Request-Id"), exchange->requestId());

    // A request with a body was checked on its head already (setEarlyRefusal above).
    if (const std::optional<protocol::ApiError> refused = exchange->passedEarlyChecks() ? std::nullopt : m_access.refusal(head)) {
        exchange->respondError(*refused);
        return;
    }
    for (const http::HeaderField h : m_access.corsHeaders(head))
        exchange->addResponseHeader(h.name.toByteArray(), h.value.toByteArray());
    if (http::AccessPolicy::isPreflight(head)) {
        exchange->respond(204, {}, {});
        return;
    }
    m_paths.dispatch(exchange);
}

void Core::shutdown(std::function<void()> done)
{
    if (!m_server) {
        QTimer::singleShot(0, this, std::move(done));
        return;
    }
    const auto grace = std::chrono::seconds(m_services.table ? m_services.table->config().server.shutdownGraceS : 10);
    lg().info("shutting down (grace {}s for requests in flight)", grace.count());
    m_feed->closeAll();
    // Requests in flight first (they may need their models), then the model servers. A call
    // whose client is gone (the grace ended) still finishes from the event loop and makes its
    // record; every wait in a call ends then (the attempt is aborted, a lease cancelled).
    // Bounded all the same: a call that never ends (a defect) must not keep the process
    // alive; after kCallsWaitS the shutdown goes on, logged.
    static constexpr int kCallsWaitS = 30;
    connect(m_server, &http::HttpServer::shutdownComplete, this, [done = std::move(done), this] {
        auto stopped = std::make_shared<bool>(false);
        auto stopPool = [this, done, stopped] {
            if (std::exchange(*stopped, true))
                return;
            m_pool->stopAll(std::chrono::seconds(5), [this, done] { QTimer::singleShot(0, this, done); });
        };
        if (m_calls.count() > 0) {
            lg().info("waiting for {} request(s) to finish", m_calls.count());
            QTimer::singleShot(std::chrono::seconds(kCallsWaitS), this, [this, stopPool] {
                if (m_calls.count() > 0)
                    lg().error("{} request(s) still running {}s after the connections closed; stopping anyway", m_calls.count(), kCallsWaitS);
                stopPool();
            });
        }
        m_calls.whenNone([this, stopPool] { QTimer::singleShot(0, this, stopPool); });
    });
    m_server->shutdown(grace);
}

} // namespace sy
