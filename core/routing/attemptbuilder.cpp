#include "routing/attemptbuilder.h"

#include "http/message.h"
#include "http/wirewriter.h"
#include "protocol/jsonsplice.h"
#include "protocol/nativebody.h"
#include "routing/responsevalidator.h"
#include "util/clock.h"
#include "util/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sy::routing {
namespace {

QByteArrayView endpointSuffix(protocol::openai::Endpoint endpoint)
{
    switch (endpoint) {
    case protocol::openai::Endpoint::ChatCompletions: return "/chat/completions";
    case protocol::openai::Endpoint::Completions: return "/completions";
    case protocol::openai::Endpoint::Embeddings: return "/embeddings";
    case protocol::openai::Endpoint::Rerank: return "/rerank"; // llama-server, vLLM, Jina, Cohere's v1
    }
    return "/chat/completions";
}

// "backend "X" speaks P", the start of a refusal.
QString speaks(const BackendEntry &backend)
{
    return QStringLiteral("backend \"%1\" speaks %2").arg(QString::fromUtf8(backend.id), QLatin1String(config::protocolName(backend.protocol)));
}

QJsonValue rawValue(const QByteArray &json)
{
    return QJsonDocument::fromJson('[' + json + ']').array().at(0); // a scalar needs wrapping to parse
}

// The OpenAI body as sent, with the backend's model name and the params spliced in.
void preparePassthrough(const AttemptContext &c, const Candidate &candidate, const BackendEntry &backend,
                        const protocol::RawParams &params, AttemptSpec &spec)
{
    const InboundCall &call = c.call;
    http::UpstreamRequestSpec &r = spec.request;
    r.target = upstreamPath(backend, call.endpoint);
    r.headers.add(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
    const QByteArrayView accept = c.client.headers.view("accept");
    r.headers.add("Accept", !accept.isEmpty() ? accept : call.stream ? QByteArrayView("text/event-stream") : QByteArrayView("application/json"));
    if (!backend.apiKey.isEmpty())
        r.headers.add(QByteArrayLiteral("Authorization"), "Bearer " + backend.apiKey);
    else if (const QByteArrayView auth = c.client.headers.view("authorization"); !auth.isEmpty() && call.clientName.isEmpty())
        r.headers.add("Authorization", auth); // a backend without its own key sees the client's

    // Parameters the model strips leave the body first; the splice's places are then found again.
    QByteArray body = call.body;
    const protocol::openai::RequestScan *scan = &call.scan;
    std::optional<protocol::openai::RequestScan> rescanned; // only for a body that lost fields
    QList<QByteArray> stripped;
    for (const QString &name : strippedParams(c.table, candidate)) {
        if (call.scan.hasKey(name.toUtf8()))
            stripped << name.toUtf8();
    }
    if (!stripped.isEmpty()) {
        body = protocol::openai::withoutTopLevelFields(call.body, stripped);
        rescanned = protocol::openai::scanRequest(body, call.endpoint);
        if (rescanned->ok)
            scan = &*rescanned;
        else
            body = call.body; // never expected: the body a scan took, less some fields
    }
    protocol::Splice splice;
    splice.objectOpen = scan->objectOpen;
    if (candidate.upstreamModel != scan->model && scan->modelOffset >= 0) {
        splice.replaceOffset = scan->modelOffset;
        splice.replaceLength = scan->modelLength;
        splice.replacement = protocol::jsonString(candidate.upstreamModel);
    }
    splice.insert = params;
    r.body = protocol::applySplice(body, splice);
    // Whole (non-streamed) responses are checked before they are accepted.
    spec.validate = responseValidator(call.body, call.scan, c.roleValidator);
    if (call.ollamaEmbed) {
        spec.reshape = [answer = call.ollamaEmbed->answer, startedNs = clock::nowNs()](const QByteArray &upstream, QByteArray *client,
                                                                                       QString *error) {
            return protocol::ollama::ollamaEmbedAnswer(upstream, answer, clock::nowNs() - startedNs, client, error);
        };
    }
}

// The canonical request rendered in the backend's protocol (already rendered off the core
// thread for a large request); the answer comes back through a transcoder.
void prepareTranscoded(const AttemptContext &c, const Candidate &candidate, const BackendEntry &backend,
                       const protocol::RawParams &params, protocol::OutboundRequest *rendered, AttemptSpec &spec)
{
    const protocol::Protocol wire = wireProtocol(backend);
    protocol::OutboundRequest out =
        rendered ? std::move(*rendered) : renderForBackend(*c.call.canonical, params, backend, candidate, strippedParams(c.table, candidate));
    http::UpstreamRequestSpec &r = spec.request;
    r.target = std::move(out.path);
    for (const auto &[name, value] : out.headers.fields)
        r.headers.add(name, value);
    r.body = std::move(out.body);
    // A backend without its own key sees the client's, when both speak the same protocol
    // (unless it was a Switchyard client key).
    if (backend.apiKey.isEmpty() && c.call.inbound == wire && c.call.clientName.isEmpty()) {
        for (const char *name : {"authorization", "x-api-key", "x-goog-api-key"}) {
            if (const QByteArray value = c.client.headers.value(name); !value.isEmpty())
                r.headers.set(QByteArray(name), value);
        }
    }
    // Features a client turns on by header reach a backend of its own protocol.
    if (c.call.inbound == wire && wire == protocol::Protocol::Anthropic) {
        if (const QByteArray beta = c.client.headers.value("anthropic-beta"); !beta.isEmpty())
            r.headers.set(QByteArrayLiteral("anthropic-beta"), beta);
    }
    spec.transcoder = std::make_shared<protocol::Transcoder>(
        wire, protocol::Transcoder::Client{c.call.inbound, c.call.flavor, c.call.geminiArrayStream, c.call.canonical, backend.passThrough});
    const protocol::Request &request = *c.call.canonical;
    spec.validateContent = contentValidator(request.responseFormat.toUtf8(), request.responseSchema, c.roleValidator);
}

} // namespace

protocol::Protocol wireProtocol(const BackendEntry &backend)
{
    if (backend.managed)
        return protocol::Protocol::OpenAI;
    switch (backend.protocol) {
    case config::BackendProtocol::OpenAI: return protocol::Protocol::OpenAI;
    case config::BackendProtocol::Anthropic: return protocol::Protocol::Anthropic;
    case config::BackendProtocol::Gemini: return protocol::Protocol::Gemini;
    case config::BackendProtocol::Ollama: return protocol::Protocol::Ollama;
    case config::BackendProtocol::Responses: return protocol::Protocol::Responses;
    }
    return protocol::Protocol::OpenAI;
}

void addBackendHeaders(http::Headers &headers, const BackendEntry &backend)
{
    if (!backend.node.isEmpty()) // the node serves it itself and never sends it on to a node
        headers.add(QByteArrayLiteral("X-Switchyard-Hop"), QByteArrayLiteral("1"));
    for (const http::HeaderField h : backend.extraHeaders)
        headers.set(h.name, h.value);
}

protocol::OutboundRequest renderForBackend(const protocol::Request &canonical, const protocol::RawParams &params,
                                           const BackendEntry &backend, const Candidate &candidate, const QStringList &stripped)
{
    const protocol::OutboundTarget target{backend.basePath, QString::fromUtf8(candidate.upstreamModel), backend.apiKey};
    const protocol::Codec &codec = protocol::codecFor(wireProtocol(backend));
    if (backend.passThrough && protocol::sendsNativeBody(canonical.source, wireProtocol(backend)) && !canonical.original.isEmpty()) {
        // The client's own body: the codec gives only the path and headers (rendered from a
        // request without its conversation, which may be megabytes).
        protocol::Request shell;
        shell.source = canonical.source;
        shell.stream = canonical.stream;
        protocol::Request configured; // only what the config adds: the client's own fields stay as sent
        for (const auto &[key, value] : params)
            configured.applyParam(key, rawValue(value));
        protocol::OutboundRequest out = codec.renderRequest(shell, target);
        out.body = protocol::nativeBody(canonical, configured.params, target.model, stripped);
        return out;
    }
    protocol::Request request = canonical;
    for (const QString &name : stripped)
        request.dropParam(name.toUtf8());
    for (const auto &[key, value] : params)
        request.applyParam(key, rawValue(value));
    if (backend.refusesTopK)
        request.params.topK.reset();
    return codec.renderRequest(request, target);
}

const QStringList &strippedParams(const RouteTable &table, const Candidate &candidate)
{
    static const QStringList none;
    return candidate.model >= 0 ? table.models()[std::size_t(candidate.model)].config->stripParams : none;
}

protocol::RawParams mergedParams(const RouteTable &table, const Candidate &candidate, const RequestSets &sets)
{
    protocol::RawParams merged;
    const QStringList &stripped = strippedParams(table, candidate);
    auto overlay = [&](const protocol::RawParams &params) {
        for (const auto &[key, value] : params) {
            if (sets(key) && !stripped.contains(QString::fromUtf8(key))) // the client's own value stays, unless stripped
                continue;
            auto it = std::find_if(merged.begin(), merged.end(), [&](const auto &p) { return p.first == key; });
            if (it != merged.end())
                it->second = value;
            else
                merged.emplace_back(key, value);
        }
    };
    overlay(table.globalParams());
    if (candidate.model >= 0)
        overlay(table.models()[std::size_t(candidate.model)].params);
    overlay(candidate.agentParams);
    return merged;
}

QJsonObject paramsJson(const protocol::RawParams &params)
{
    QJsonObject out;
    for (const auto &[key, value] : params)
        out.insert(QString::fromUtf8(key), rawValue(value));
    return out;
}

QByteArray paramsText(const protocol::RawParams &params)
{
    std::string out;
    json::Writer w(out);
    w.beginObject();
    for (const auto &[key, value] : params)
        w.key(key).raw(value);
    w.endObject();
    return QByteArray::fromStdString(out);
}

QByteArray upstreamPath(const BackendEntry &backend, protocol::openai::Endpoint endpoint)
{
    const QByteArrayView suffix = endpointSuffix(endpoint);
    QByteArray path;
    http::WireWriter(path, backend.openAiBase.size() + suffix.size()) << backend.openAiBase << suffix;
    return path;
}

bool isPassthrough(const InboundCall &call, const BackendEntry &backend)
{
    const protocol::Protocol wire = wireProtocol(backend);
    return call.inbound == protocol::Protocol::OpenAI && (wire == protocol::Protocol::OpenAI || wire == protocol::Protocol::Ollama);
}

std::optional<protocol::ApiError> endpointUnsupportedBy(const InboundCall &call, const BackendEntry &backend)
{
    if (call.inbound != protocol::Protocol::OpenAI)
        return std::nullopt;
    const char *missing = nullptr;
    if (call.endpoint == protocol::openai::Endpoint::Rerank && wireProtocol(backend) != protocol::Protocol::OpenAI)
        missing = "rerank"; // Ollama's OpenAI-compatible API has embeddings but no rerank
    else if (call.endpoint == protocol::openai::Endpoint::Embeddings && !isPassthrough(call, backend))
        missing = "embeddings";
    if (!missing)
        return std::nullopt;
    return protocol::makeError(protocol::ErrorKind::BadGateway,
                               speaks(backend) + QStringLiteral(", which has no %1 endpoint Switchyard can use").arg(QLatin1String(missing)),
                               "unsupported");
}

std::optional<protocol::ApiError> unsupportedBy(const InboundCall &call, const BackendEntry &backend, const QStringList &stripped)
{
    if (call.inbound != protocol::Protocol::OpenAI || isPassthrough(call, backend))
        return std::nullopt;
    // Asked for what the answer could not carry: refused rather than answered without it
    // (a client that reads choices[1] or the log probabilities would fail on the answer),
    // unless the operator strips it for this model.
    QJsonObject extra = call.canonical ? call.canonical->extra : QJsonObject();
    for (const QString &name : stripped)
        extra.remove(name);
    if (extra.value(QLatin1String("n")).toInteger(1) > 1)
        return protocol::makeError(protocol::ErrorKind::InvalidRequest, speaks(backend) + QStringLiteral(", which gives one answer a request (n > 1)"),
                                   "unsupported_parameter", "n");
    if (extra.value(QLatin1String("logprobs")).toBool())
        return protocol::makeError(protocol::ErrorKind::InvalidRequest, speaks(backend) + QStringLiteral(", which gives no log probabilities"),
                                   "unsupported_parameter", "logprobs");
    return std::nullopt;
}

AttemptSpec buildAttempt(const AttemptContext &c, const Candidate &candidate, const protocol::RawParams &params,
                         const FallbackPolicy *policy, protocol::OutboundRequest *rendered)
{
    const BackendEntry &backend = c.table.backends()[std::size_t(candidate.backend)];
    AttemptSpec spec;
    spec.streaming = c.call.stream;
    spec.policy = policy;
    spec.backendId = QString::fromUtf8(backend.id);
    spec.backendKey = backend.apiKey;
    http::UpstreamRequestSpec &r = spec.request;
    r.origin = backend.origin;
    r.method = "POST";
    if (isPassthrough(c.call, backend))
        preparePassthrough(c, candidate, backend, params, spec);
    else
        prepareTranscoded(c, candidate, backend, params, rendered, spec);
    if (const QByteArrayView agent = c.client.headers.view("user-agent"); !agent.isEmpty())
        r.headers.add("User-Agent", agent);
    r.headers.add(QByteArrayLiteral("X-Request-Id"), c.call.requestId);
    addBackendHeaders(r.headers, backend);
    const config::Config &config = c.table.config();
    r.timeouts.connect = std::chrono::seconds(config.server.connectTimeoutS);
    r.timeouts.firstByte = std::chrono::seconds(config.fallback.timeoutS);
    r.timeouts.idle = std::chrono::seconds(config.server.idleTimeoutS);
    r.timeouts.total = std::chrono::seconds(config.fallback.totalTimeoutS);
    return spec;
}

} // namespace sy::routing
