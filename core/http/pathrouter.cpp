#include "http/pathrouter.h"

#include "http/httpexchange.h"

namespace sy::http {
namespace {

std::vector<QByteArrayView> splitPath(QByteArrayView path)
{
    std::vector<QByteArrayView> segments;
    qsizetype start = path.startsWith('/') ? 1 : 0;
    while (start <= path.size()) {
        qsizetype end = path.indexOf('/', start);
        if (end < 0)
            end = path.size();
        segments.push_back(path.sliced(start, end - start));
        start = end + 1;
    }
    return segments;
}

} // namespace

QByteArray PathParams::value(QByteArrayView name) const
{
    for (const auto &[key, value] : m_items) {
        if (key == name)
            return value;
    }
    return {};
}

void PathRouter::add(QByteArray method, QByteArray pattern, Handler handler)
{
    Route route{std::move(method), {}, std::move(handler), m_gate};
    if (!pattern.contains('{')) {
        m_exact[pattern].push_back(std::move(route));
        return;
    }
    for (QByteArrayView s : splitPath(pattern))
        route.segments.push_back(s.toByteArray());
    m_patterns.push_back(std::move(route));
}

void PathRouter::setGate(Gate gate)
{
    m_gate = gate.admit ? std::make_shared<const Gate>(std::move(gate)) : nullptr;
}

void PathRouter::run(const Route &route, HttpExchange *exchange, const PathParams &params)
{
    if (route.gate && !route.gate->admit(exchange))
        return;
    if (exchange->isBodyWithheld()) {
        // Refused early on its head, yet the gate let it pass: never serve a body we did not read.
        exchange->respondError(protocol::makeError(protocol::ErrorKind::InvalidRequest, QStringLiteral("the request was refused before its body was read")));
        return;
    }
    route.handler(exchange, params);
}

bool PathRouter::match(const Route &route, const std::vector<QByteArrayView> &path, PathParams &params)
{
    for (std::size_t i = 0; i < route.segments.size(); ++i) {
        const QByteArray &segment = route.segments[i];
        const bool capture = segment.startsWith('{') && segment.endsWith('}');
        if (capture && segment.endsWith("...}")) {
            if (i >= path.size())
                return false;
            QByteArray rest;
            for (std::size_t j = i; j < path.size(); ++j)
                rest += (j > i ? "/" : "") + path[j].toByteArray();
            params.add(segment.mid(1, segment.size() - 5), percentDecoded(rest));
            return true;
        }
        if (i >= path.size())
            return false;
        if (capture) {
            if (path[i].isEmpty())
                return false;
            params.add(segment.mid(1, segment.size() - 2), percentDecoded(path[i]));
        } else if (segment != path[i]) {
            return false;
        }
    }
    return route.segments.size() == path.size();
}

const PathRouter::Route *PathRouter::find(const QByteArray &method, const QByteArray &path, PathParams &params, bool &pathKnown) const
{
    const auto answers = [&method](const Route &route) { return route.method == method || (method == "HEAD" && route.method == "GET"); };
    pathKnown = false;
    if (auto it = m_exact.constFind(path); it != m_exact.constEnd()) {
        for (const Route &route : *it) {
            if (answers(route))
                return &route;
        }
        pathKnown = true;
    }
    const std::vector<QByteArrayView> segments = splitPath(path);
    for (const Route &route : m_patterns) {
        PathParams candidate;
        if (!match(route, segments, candidate))
            continue;
        if (answers(route)) {
            params = std::move(candidate);
            return &route;
        }
        pathKnown = true;
    }
    return nullptr;
}

void PathRouter::dispatch(http::HttpExchange *exchange) const
{
    PathParams params;
    bool pathKnown = false;
    if (const Route *route = find(exchange->request().method, exchange->request().path, params, pathKnown))
        run(*route, exchange, params);
    else
        miss(exchange, pathKnown);
}

bool PathRouter::refusesHead(const RequestHead &head) const
{
    PathParams params;
    bool pathKnown = false;
    const Route *route = find(head.method, head.path, params, pathKnown);
    return route && route->gate && route->gate->admitsHead && !route->gate->admitsHead(head);
}

void PathRouter::miss(HttpExchange *exchange, bool pathKnown) const
{
    const QByteArray &method = exchange->request().method;
    const QByteArray &path = exchange->request().path;
    if (m_onMiss)
        m_onMiss(exchange, pathKnown ? 405 : 404);
    if (pathKnown) {
        exchange->respondError(protocol::makeError(
            protocol::ErrorKind::MethodNotAllowed,
            QStringLiteral("%1 is not allowed on %2").arg(QString::fromUtf8(method), protocol::excerpt(path)),
            "method_not_allowed"));
        return;
    }
    exchange->respondError(protocol::makeError(protocol::ErrorKind::NotFound,
                                               QStringLiteral("no such endpoint: %1 %2")
                                                   .arg(protocol::excerpt(method), protocol::excerpt(path)),
                                               "unknown_url"));
}

} // namespace sy::http
