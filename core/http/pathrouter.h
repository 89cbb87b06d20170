#pragma once
// Maps method + path to a handler. Exact paths are a hash lookup (the proxy endpoints);
// patterns with {name} segments are matched in order. Unknown paths get a 404 and a
// known path with the wrong method a 405, in the protocol of the path; an observer hears
// about each such miss (so a client knocking on a door we do not have shows up).

#include <QByteArray>
#include <QHash>
#include <functional>
#include <memory>
#include <vector>

namespace sy::http {

class HttpExchange;

class PathParams {
public:
    void add(QByteArray name, QByteArray value) { m_items.emplace_back(std::move(name), std::move(value)); }
    QByteArray value(QByteArrayView name) const;

private:
    std::vector<std::pair<QByteArray, QByteArray>> m_items;
};

class PathRouter {
public:
    using Handler = std::function<void(HttpExchange *, const PathParams &)>;
    // Told before a miss is answered: 404 (no such path) or 405 (not with that method).
    using MissObserver = std::function<void(HttpExchange *, int status)>;
    // Runs before a route's handler; false when it answered the request itself (refused it).
    using Gate = std::function<bool(HttpExchange *)>;

    // `pattern`: "/v1/models" or "/api/v1/models/{id}/load"; a last segment "{rest...}"
    // takes the remainder of the path, slashes included.
    void add(QByteArray method, QByteArray pattern, Handler handler);
    // Routes added from now on pass through `gate` first (an empty one: none).
    void setGate(Gate gate);
    void setMissObserver(MissObserver observer) { m_onMiss = std::move(observer); }
    void dispatch(HttpExchange *exchange) const;
    // Whether the route for method + path has a gate (a request for it may be refused on its
    // head alone, before its body is read).
    bool isGated(const QByteArray &method, const QByteArray &path) const;

private:
    struct Route {
        QByteArray method;
        std::vector<QByteArray> segments;
        Handler handler;
        std::shared_ptr<const Gate> gate;
    };
    // The route for method + path (HEAD finds GET's), or nullptr; `pathKnown`: some route has the path.
    const Route *find(const QByteArray &method, const QByteArray &path, PathParams &params, bool &pathKnown) const;
    static void run(const Route &route, HttpExchange *exchange, const PathParams &params);
    static bool match(const Route &route, const std::vector<QByteArrayView> &path, PathParams &params);
    void miss(HttpExchange *exchange, bool pathKnown) const;

    QHash<QByteArray, std::vector<Route>> m_exact;
    std::vector<Route> m_patterns;
    MissObserver m_onMiss;
    std::shared_ptr<const Gate> m_gate;
};

} // namespace sy::http
