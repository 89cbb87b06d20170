#include "routing/secondtier.h"

#include "http/httpcall.h"
#include "pool/modelinstance.h"
#include "pool/modelpool.h"
#include "protocol/codec.h"
#include "routing/attemptbuilder.h"
#include "util/clock.h"
#include "util/completion.h"
#include "util/log.h"

#include <QCryptographicHash>
#include <QTimer>

namespace sy::routing {
namespace {

using std::chrono::milliseconds;

auto &lg()
{
    static auto l = sy::log::get("routing");
    return *l;
}

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

// The labelling request in the backend's protocol: the model's configured params (a
// reasoning switch, say), then a short, deterministic answer.
void addClassifierRequest(http::UpstreamRequestSpec &spec, const BackendEntry &backend, const ModelEntry &model,
                          const QByteArray &prompt)
{
    protocol::Request request;
    request.system = kInstruction;
    request.messages.push_back({protocol::Role::User, {protocol::Part::textPart(QString::fromUtf8(prompt))}});
    protocol::RawParams params;
    for (const auto &[param, value] : model.params) {
        if (param != "max_tokens" && param != "max_completion_tokens" && param != "temperature")
            params.emplace_back(param, value);
    }
    params.emplace_back("max_tokens", QByteArray::number(kAnswerTokens));
    params.emplace_back("temperature", "0");
    Candidate candidate;
    candidate.upstreamModel = model.upstreamModel;
    protocol::OutboundRequest rendered = renderForBackend(request, params, backend, candidate);
    spec.target = std::move(rendered.path);
    for (const auto &[field, value] : rendered.headers.fields)
        spec.headers.add(field, value);
    addBackendHeaders(spec.headers, backend);
    spec.body = std::move(rendered.body);
}

} // namespace

std::optional<TaskType> SecondTier::parseLabel(QStringView answer)
{
    if (const qsizetype end = answer.lastIndexOf(QLatin1String("</think>")); end >= 0)
        answer = answer.sliced(end + 8);
    else if (answer.contains(QLatin1String("<think>")))
        return std::nullopt; // cut off while thinking: what it mused about is no answer
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
    const int index = table->findModel(name);
    if (index < 0) { // the config check refuses this; a table is never built without it
        ++m_counts.skipped;
        co_return SecondTierAnswer{std::nullopt, noteFor(name, "is not a model: tier 1 decides")};
    }
    const ModelEntry &model = table->models()[std::size_t(index)];
    const BackendEntry &backend = table->backends()[std::size_t(model.backend)];
    // The backend and its name for the model: a reloaded config that points the name
    // elsewhere does not reuse the old model's answers.
    const QByteArray key = cacheKey(backend.id + '\0' + model.upstreamModel, prompt);
    if (const auto cached = m_cache.constFind(key); cached != m_cache.cend()) {
        ++m_counts.cached;
        co_return SecondTierAnswer{*cached, noteFor(name, "said " + QByteArray(taskName(*cached)) + " (cached): tier 2 decides")};
    }
    const qint64 nowNs = clock::nowNs();
    if (nowNs < m_failedUntilNs) {
        ++m_counts.skipped;
        co_return SecondTierAnswer{std::nullopt, noteFor(name, "failed less than " + QByteArray::number(kPauseAfterFailureS) + " s ago: tier 1 decides")};
    }

    const qint64 startedNs = nowNs;
    const milliseconds budget(routing.autoClassifierTimeoutMs);
    http::UpstreamRequestSpec spec;
    spec.origin = backend.origin;
    pool::Lease lease; // a managed model stays loaded while it answers
    if (backend.managed) {
        // Never loads it: a load could unload the models serving requests (a group, the
        // memory budget) for one label.
        const pool::ModelInstance *instance = services.pool->instance(QString::fromUtf8(model.id));
        if (!instance || (instance->state() != pool::ModelState::Hot && instance->state() != pool::ModelState::Busy)) {
            ++m_counts.skipped;
            co_return SecondTierAnswer{std::nullopt, noteFor(name, "is not loaded: tier 1 decides")};
        }
        const pool::WaiterPtr waiter = services.pool->acquire(QString::fromUtf8(model.id));
        QTimer cancel;
        cancel.setSingleShot(true);
        cancel.setTimerType(Qt::PreciseTimer);
        QObject::connect(&cancel, &QTimer::timeout, this, [pool = services.pool, waiter] { pool->cancel(waiter); });
        cancel.start(budget);
        pool::LeaseResult leased = co_await waiter->result;
        if (!leased.ok())
            co_return failed(name, "had no free slot within " + elapsedMs(startedNs));
        lease = std::move(leased.lease);
        spec.origin = lease.origin();
    }
    const milliseconds left = budget - milliseconds((clock::nowNs() - startedNs) / 1'000'000);
    if (left <= milliseconds(0))
        co_return failed(name, "had no free slot within " + elapsedMs(startedNs));
    addClassifierRequest(spec, backend, model, prompt);
    spec.timeouts = {left, left, left, left};

    const auto answered = std::make_shared<Completion<http::HttpCallResult>>();
    http::HttpCall::start(*services.upstreams, std::move(spec), this, [answered](const http::HttpCallResult &r) { answered->set(r); });
    const http::HttpCallResult result = co_await *answered;
    if (!result.error.isEmpty())
        co_return failed(name, "did not answer, after " + elapsedMs(startedNs) + " (" + result.error.left(120).toUtf8() + ')');
    if (result.status != 200)
        co_return failed(name, "answered HTTP " + QByteArray::number(result.status) + " after " + elapsedMs(startedNs));
    protocol::Response response;
    QString error;
    if (!protocol::codecFor(wireProtocol(backend)).decodeResponse(result.body, response, &error))
        co_return failed(name, "sent an answer that could not be read (" + error.left(120).toUtf8() + ')');
    if (startedNs > m_lastFailureNs) // an ask older than the last failure does not end its pause
        m_failedUntilNs = 0;
    const std::optional<TaskType> type = parseLabel(response.text);
    if (!type) { // a working model that found no label: asked again next time, not paused
        ++m_counts.noType;
        co_return SecondTierAnswer{std::nullopt, noteFor(name, "named no task type (" + elapsedMs(startedNs) + "): tier 1 decides")};
    }
    ++m_counts.decided;
    remember(key, *type);
    co_return SecondTierAnswer{type, noteFor(name, "said " + QByteArray(taskName(*type)) + " in " + elapsedMs(startedNs) + ": tier 2 decides")};
}

SecondTierAnswer SecondTier::failed(const QByteArray &name, const QByteArray &what)
{
    // A broken classifier would cost every unsure request its whole timeout: pause it, and
    // say so in the log (once per pause, so the log is not a copy of the traffic).
    ++m_counts.failed;
    const qint64 now = clock::nowNs();
    const bool pausedAlready = now < m_failedUntilNs; // asks that were in flight together fail together
    m_lastFailureNs = now;
    m_failedUntilNs = now + qint64(kPauseAfterFailureS) * 1'000'000'000;
    if (!pausedAlready)
        lg().warn("routing.autoClassifier \"{}\" {}; not asked again for {} s", name.constData(), what.constData(), kPauseAfterFailureS);
    return {std::nullopt, noteFor(name, what + ": tier 1 decides")};
}

} // namespace sy::routing
