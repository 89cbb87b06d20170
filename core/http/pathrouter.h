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
struct RequestHead;

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
    // Runs before a route's handler: `admit` answers a refusal itself and returns false;
    // `admitsHead` makes the same decision from the head alone, before the body is read
    // (false: the server refuses the request at once, see HttpServer::EarlyRefusal).
    struct Gate {
        std::function<bool(HttpExchange *)> admit;
        std::function<bool(const RequestHead &)> admitsHead;
    };

    // `pattern`: "/v1/models" or "/api/v1/models/{id}/load"; a last segment "{rest...}"
    // takes the remainder of the path, slashes included.
    void add(QByteArray method, QByteArray pattern, Handler handler);
    // Routes added from now on pass through `gate` first (no `admit`: none).
    void setGate(Gate gate);
    void setMissObserver(MissObserver observer) { m_onMiss = std::move(observer); }
    void dispatch(HttpExchange *exchange) const;
    // Whether the gate of the route for this head refuses it on the head alone.
    bool refusesHead(const RequestHead &head) const;

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
