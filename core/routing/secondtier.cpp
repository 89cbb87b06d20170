#include "routing/secondtier.h"

#include "http/httpcall.h"
#include "pool/modelpool.h"
#include "protocol/codec.h"
#include "routing/attemptbuilder.h"
#include "util/clock.h"
#include "util/completion.h"

#include <QCryptographicHash>
#include <QTimer>

namespace sy::routing {
namespace {

using std::chrono::milliseconds;

// Short and closed: a small model answers in one word, and the label list is the only
// vocabulary the answer is read for.
const QString kInstruction = QStringLiteral(
    "Classify the task in the user's message. Answer with exactly one word from this list: "
    "code, math, factual, creative, conversational.\n"
    "code: programming, software, scripts, shell commands, debugging.\n"
    "math: calculation, equations, logic puzzles, proofs.\n"
    "factual: questions about facts, knowledge, explanations of the world.\n"
    "creative: stories, poems, essays, marketing copy, role-play.\n"
    "conversational: greetings, small talk, personal chat.");

constexpr int kAnswerTokens = 16; // one word, with room for a model that adds a period or a phrase

QByteArray cacheKey(const QByteArray &model, const QByteArray &prompt)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(model);
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(prompt);
    return hash.result();
}

QByteArray noteFor(const QByteArray &model, const QByteArray &what)
{
    return "routing.autoClassifier \"" + model + "\" " + what;
}

QByteArray elapsedMs(qint64 startedNs)
{
    return QByteArray::number((clock::nowNs() - startedNs) / 1'000'000) + " ms";
}

} // namespace

std::optional<TaskType> SecondTier::parseLabel(QStringView answer)
{
    if (const qsizetype end = answer.lastIndexOf(QLatin1String("</think>")); end >= 0)
        answer = answer.sliced(end + 8);
    answer = answer.first(std::min<qsizetype>(answer.size(), 200)); // a label comes first, if at all
    for (qsizetype i = 0; i < answer.size();) {
        qsizetype end = i;
        while (end < answer.size() && answer[end].isLetter())
            ++end;
        if (end == i) {
            ++i;
            continue;
        }
        const QStringView word = answer.sliced(i, end - i);
        for (int t = 0; t < kTaskTypes; ++t) {
            if (word.compare(QLatin1String(taskName(TaskType(t))), Qt::CaseInsensitive) == 0)
                return TaskType(t);
        }
        i = end;
    }
    return std::nullopt;
}

void SecondTier::remember(const QByteArray &key, TaskType type)
{
    if (m_cache.contains(key))
        return;
    if (m_cacheOrder.size() >= kCachedAnswers) {
        m_cache.remove(m_cacheOrder.front());
        m_cacheOrder.pop_front();
    }
    m_cache.insert(key, type);
    m_cacheOrder.push_back(key);
}

QCoro::Task<SecondTierAnswer> SecondTier::ask(ProxyServices services, QByteArray prompt)
{
    const RouteTablePtr table = services.table; // the snapshot stays while this waits
    const config::RoutingConfig &routing = table->config().routing;
    const QByteArray name = routing.autoClassifier.toUtf8();
    const QByteArray key = cacheKey(name, prompt);
    if (const auto cached = m_cache.constFind(key); cached != m_cache.cend())
        co_return SecondTierAnswer{*cached, noteFor(name, "said " + QByteArray(taskName(*cached)) + " (cached): tier 2 decides")};

    const int index = table->findModel(name);
    if (index < 0) // the config check refuses this; a table is never built without it
        co_return SecondTierAnswer{std::nullopt, noteFor(name, "is not a model")};
    const ModelEntry &model = table->models()[std::size_t(index)];
    const BackendEntry &backend = table->backends()[std::size_t(model.backend)];
    const qint64 startedNs = clock::nowNs();
    const auto deadline = std::chrono::steady_clock::now() + milliseconds(routing.autoClassifierTimeoutMs);

    http::UpstreamRequestSpec spec;
    spec.origin = backend.origin;
    pool::Lease lease; // a managed model stays loaded while it answers
    if (backend.managed) {
        const pool::WaiterPtr waiter = services.pool->acquire(QString::fromUtf8(model.id));
        // A model that is not loaded starts loading; this request does not wait for that.
        QTimer::singleShot(milliseconds(routing.autoClassifierTimeoutMs), this,
                           [pool = services.pool, waiter] { pool->cancel(waiter); });
        pool::LeaseResult leased = co_await waiter->result;
        if (!leased.ok())
            co_return SecondTierAnswer{std::nullopt, noteFor(name, "was not ready within " + elapsedMs(startedNs) + ": tier 1 decides")};
        lease = std::move(leased.lease);
        spec.origin = lease.origin();
    }
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left <= milliseconds(0))
        co_return SecondTierAnswer{std::nullopt, noteFor(name, "did not answer within " + elapsedMs(startedNs) + ": tier 1 decides")};

    protocol::Request request;
    request.system = kInstruction;
    request.messages.push_back({protocol::Role::User, {protocol::Part::textPart(QString::fromUtf8(prompt))}});
    request.applyParam("max_tokens", kAnswerTokens);
    request.applyParam("temperature", 0);
    Candidate candidate;
    candidate.upstreamModel = model.upstreamModel;
    const protocol::OutboundRequest rendered = renderForBackend(request, {}, backend, candidate);
    spec.target = rendered.path;
    for (const auto &[field, value] : rendered.headers.fields)
        spec.headers.add(field, value);
    for (const http::HeaderField h : backend.extraHeaders)
        spec.headers.set(h.name, h.value);
    spec.body = rendered.body;
    spec.timeouts = {left, left, left, left};

    const auto answered = std::make_shared<Completion<http::HttpCallResult>>();
    http::HttpCall::start(*services.upstreams, std::move(spec), this, [answered](const http::HttpCallResult &r) { answered->set(r); });
    const http::HttpCallResult result = co_await *answered;
    if (!result.error.isEmpty() || result.status != 200) {
        const QByteArray why = result.error.isEmpty() ? "answered HTTP " + QByteArray::number(result.status)
                                                      : "did not answer (" + result.error.left(120).toUtf8() + ")";
        co_return SecondTierAnswer{std::nullopt, noteFor(name, why + " after " + elapsedMs(startedNs) + ": tier 1 decides")};
    }
    protocol::Response response;
    QString error;
    const std::optional<TaskType> type = protocol::codecFor(wireProtocol(backend)).decodeResponse(result.body, response, &error)
                                             ? parseLabel(response.text)
                                             : std::nullopt;
    if (!type)
        co_return SecondTierAnswer{std::nullopt, noteFor(name, "named no task type (" + elapsedMs(startedNs) + "): tier 1 decides")};
    remember(key, *type);
    co_return SecondTierAnswer{type, noteFor(name, "said " + QByteArray(taskName(*type)) + " in " + elapsedMs(startedNs) + ": tier 2 decides")};
}

} // namespace sy::routing
