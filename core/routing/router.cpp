#include "routing/router.h"

#include "routing/nameresolver.h"
#include "routing/taskdetect.h"

#include <QVarLengthArray>
#include <algorithm>
#include <cmath>
#include <optional>

namespace sy::routing {
namespace {

struct Pseudo {
    enum Kind { None, Agent, Role, Mode, Auto } kind = None;
    QByteArrayView first;  // agent / role / mode name
    QByteArrayView second; // product type
};

Pseudo parsePseudo(QByteArrayView model)
{
    Pseudo p;
    if (model == "auto" || model == "switchyard/auto") {
        p.kind = Pseudo::Auto;
    } else if (model.startsWith("agent:")) {
        p.kind = Pseudo::Agent;
        p.first = model.sliced(6);
    } else if (model.startsWith("role:")) {
        p.kind = Pseudo::Role;
        const QByteArrayView rest = model.sliced(5);
        const qsizetype slash = rest.indexOf('/');
        p.first = slash < 0 ? rest : rest.first(slash);
        p.second = slash < 0 ? QByteArrayView() : rest.sliced(slash + 1);
    } else if (model.startsWith("mode:")) {
        p.kind = Pseudo::Mode;
        p.first = model.sliced(5);
    }
    return p;
}

QByteArray bytes(QByteArrayView v)
{
    return v.toByteArray();
}

protocol::ApiError notFound(const QString &message, QByteArray code)
{
    return protocol::makeError(protocol::ErrorKind::NotFound, message, std::move(code), "model");
}

QString text(QByteArrayView v)
{
    return QString::fromUtf8(v.data(), v.size());
}

} // namespace

unsigned requiredCapabilities(bool images, bool tools, const QByteArray &responseFormat, unsigned endpointNeeds)
{
    unsigned caps = endpointNeeds;
    if (images)
        caps |= CapVision;
    if (tools)
        caps |= CapTools;
    if (responseFormat == "json_object" || responseFormat == "json_schema")
        caps |= CapJson;
    return caps;
}

void Router::addPolicyList(RouteDecision &d, const PolicyList &list, const QByteArray &from) const
{
    for (const Candidate &c : list.candidates) {
        d.chain.push_back(c);
        d.note(TraceKind::Candidate, c.label, from);
    }
}

namespace {

// "auto" and capability routing rank every model; the chain keeps the best few (the
// attempts allowed, plus some for models in cooldown), so a decision stays cheap with
// hundreds of models.
std::size_t rankedChainLength(const RouteTable &table)
{
    return std::size_t(table.config().fallback.maxAttempts) + 5;
}

// A model that declares embeddings or rerank and nothing else gets no text requests.
template<typename Entry>
bool noTextFrom(const Entry &m, unsigned requiredCaps)
{
    return m.capabilitiesDeclared && record::servesNoText(m.capabilities) && !(requiredCaps & record::kNonTextCapabilities);
}

// Whether a model can take the request at all (declared capabilities, context size).
template<typename Entry>
bool fits(const Entry &m, unsigned requiredCaps, qint64 promptTokens)
{
    if (m.capabilitiesDeclared && (m.capabilities & requiredCaps) != requiredCaps)
        return false;
    if (noTextFrom(m, requiredCaps))
        return false;
    return m.contextTokens <= 0 || promptTokens <= m.contextTokens;
}

struct Ranked {
    double score;
    int index;              // of the model (of its auto entry while "auto" ranks)
    double fitPrimary = 0;  // "auto": the model's score for the detected primary type
    double priority = 0;    // "auto": profile.priority
};

// Higher score first; equal scores by fit for the primary type, then priority, then in
// config order.
bool better(const Ranked &a, const Ranked &b)
{
    if (a.score != b.score)
        return a.score > b.score;
    if (a.fitPrimary != b.fitPrimary)
        return a.fitPrimary > b.fitPrimary;
    if (a.priority != b.priority)
        return a.priority > b.priority;
    return a.index < b.index;
}

// "auto" scores on a 0.01 grid: observed latency moves a score by tiny amounts from run to
// run, which must not reorder models that are otherwise equal.
double autoGrid(double score)
{
    return std::round(score * 100) / 100;
}

// Makes candidates of the first `kept` (already in order) and says how many were left out.
void addRanked(RouteDecision &d, const RouteTable &table, const std::vector<Ranked> &ranked, std::size_t kept, std::size_t total,
               std::size_t unfit, TraceKind kind, const QByteArray &why)
{
    d.chain.reserve(d.chain.size() + kept);
    d.trace.reserve(d.trace.size() + kept + 8);
    for (std::size_t i = 0; i < kept; ++i) {
        const ModelEntry &m = table.models()[std::size_t(ranked[i].index)];
        Candidate c;
        c.model = ranked[i].index;
        c.backend = m.backend;
        c.upstreamModel = m.upstreamModel;
        c.label = m.id;
        c.score = ranked[i].score;
        d.note(kind, c.label, why, c.score);
        d.chain.push_back(std::move(c));
    }
    if (total > kept)
        d.note(TraceKind::Note, {}, QByteArray::number(qulonglong(total - kept)) + " lower-ranked models left out");
    if (unfit)
        d.note(TraceKind::Note, {}, QByteArray::number(qulonglong(unfit)) + (unfit == 1 ? " model lacks" : " models lack") + " a required capability or the context size");
}

} // namespace

void Router::addCapable(RouteDecision &d, const RouteTable &table) const
{
    std::vector<Ranked> capable;
    capable.reserve(table.models().size());
    std::size_t unfit = 0;
    for (int i = 0; i < int(table.models().size()); ++i) {
        const ModelEntry &m = table.models()[std::size_t(i)];
        if (!m.capabilitiesDeclared || (m.capabilities & d.requiredCaps) != d.requiredCaps)
            continue;
        if (!fits(m, d.requiredCaps, d.promptTokens)) {
            ++unfit;
            continue;
        }
        capable.push_back({m.config->profile.priority / 100.0, i});
    }
    const std::size_t kept = std::min(capable.size(), rankedChainLength(table));
    std::partial_sort(capable.begin(), capable.begin() + std::ptrdiff_t(kept), capable.end(), better);
    addRanked(d, table, capable, kept, capable.size(), unfit, TraceKind::Candidate, QByteArrayLiteral("declares the required capabilities"));
}

void Router::addAuto(RouteDecision &d, const RouteTable &table, const RoutingRequest &request) const
{
    const TaskScores detected = detectTasks(request.promptText, true);
    for (int t = 0; t < kTaskTypes; ++t)
        d.note(TraceKind::Task, taskName(TaskType(t)), TaskType(t) == detected.primary ? detected.why : QByteArray(),
               detected.score[std::size_t(t)]);
    // Unsure: the second tier's type, if it was asked and named one (only its type counts).
    // Otherwise no guess: every type counts the same, and the configured default goes first.
    TaskScores tasks = detected;
    const config::RoutingConfig &routing = table.config().routing;
    const bool unsure = detected.confidence < routing.autoMinConfidence;
    if (unsure && request.secondTier)
        d.note(TraceKind::Note, {}, request.secondTier->note);
    if (unsure && request.secondTier && request.secondTier->type) {
        tasks.primary = *request.secondTier->type;
        tasks.score.fill(0);
        tasks.score[std::size_t(tasks.primary)] = 1;
    } else if (unsure) {
        d.autoUnsure = true;
        tasks.score.fill(1.0 / kTaskTypes);
        const int fallback = routing.autoDefault.isEmpty() ? -1 : table.findModel(routing.autoDefault.toUtf8());
        d.note(TraceKind::Note, {},
               "confidence " + QByteArray::number(detected.confidence, 'f', 2) + " is below routing.autoMinConfidence " +
                   QByteArray::number(routing.autoMinConfidence, 'f', 2) +
                   (fallback >= 0 ? ": routing.autoDefault first, then models by their overall fit"
                                  : ": models by their overall fit"));
        if (fallback >= 0 && fits(table.models()[std::size_t(fallback)], d.requiredCaps, d.promptTokens)) {
            const ModelEntry &m = table.models()[std::size_t(fallback)];
            d.note(TraceKind::Candidate, m.id, "routing.autoDefault");
            Candidate c;
            c.model = fallback;
            c.backend = m.backend;
            c.upstreamModel = m.upstreamModel;
            c.label = m.id;
            d.chain.push_back(std::move(c));
        }
    }
    const std::size_t primary = std::size_t(tasks.primary);
    // Health can only lower a model's score, so models are taken in order of their score
    // without it (a heap), and health is looked up only until no later model can still
    // make the chain: with hundreds of models, a couple of dozen lookups.
    const auto taskFit = [&tasks](const AutoEntry &m) { // two short sums: a shorter dependency chain
        return (tasks.score[0] * m.taskFit[0] + tasks.score[1] * m.taskFit[1]) +
               (tasks.score[2] * m.taskFit[2] + tasks.score[3] * m.taskFit[3]) + tasks.score[4] * m.taskFit[4];
    };
    static_assert(kTaskTypes == 5);
    std::vector<Ranked> bound;
    bound.reserve(table.autoModels().size());
    std::size_t unfit = 0;
    for (const AutoEntry &m : table.autoModels()) {
        if (!fits(m, d.requiredCaps, d.promptTokens)) {
            ++unfit;
            continue;
        }
        bound.push_back({autoGrid(taskFit(m) * m.weight + m.priority / 10.0), int(&m - table.autoModels().data()),
                         m.taskFit[primary], m.priority});
    }
    const auto worseBound = [](const Ranked &a, const Ranked &b) { return better(b, a); };
    std::make_heap(bound.begin(), bound.end(), worseBound);
    const std::size_t limit = rankedChainLength(table);
    std::vector<Ranked> best; // sorted, at most `limit`
    best.reserve(limit + 1);
    for (auto end = bound.end(); end != bound.begin(); --end) {
        const Ranked top = bound.front();
        if (best.size() == limit && !better(top, best.back()))
            break; // nothing left can beat the chain's last
        std::pop_heap(bound.begin(), end, worseBound);
        const AutoEntry &m = table.autoModels()[std::size_t(top.index)];
        // Observed health: an unreliable model loses up to half its score, a slow one a little.
        const RouterState::Observed seen = m_state.observed(table.models()[std::size_t(m.model)].id);
        const Ranked actual{autoGrid(taskFit(m) * m.weight * (0.5 + 0.5 * seen.successRate) -
                                     0.1 * std::min(1.0, seen.latencyMs / 30000.0) + m.priority / 10.0),
                            top.index, top.fitPrimary, top.priority};
        best.insert(std::upper_bound(best.begin(), best.end(), actual, better), actual);
        if (best.size() > limit)
            best.pop_back();
    }
    for (Ranked &r : best)
        r.index = table.autoModels()[std::size_t(r.index)].model;
    addRanked(d, table, best, best.size(), bound.size(), unfit, TraceKind::Score, {});
}

bool Router::filter(RouteDecision &d, const RouteTable &table, qint64 nowMs) const
{
    // Capabilities and context size: a model that declares what it can do is taken at its word.
    // The chain is filtered in place (no vector per step and request); a step that keeps
    // nothing has moved nothing, so the chain stays whole for the error.
    QVarLengthArray<bool, 128> seenModel(qsizetype(table.models().size()));
    std::fill(seenModel.begin(), seenModel.end(), false);
    QByteArrayList seenOther; // names passed through (rare, few)
    std::size_t able = 0;
    for (std::size_t i = 0; i < d.chain.size(); ++i) {
        Candidate &c = d.chain[i];
        const bool duplicate = c.model >= 0 ? seenModel[c.model] : seenOther.contains(c.label);
        if (duplicate) {
            d.note(TraceKind::SkipDuplicate, c.label);
            continue;
        }
        if (c.model >= 0)
            seenModel[c.model] = true;
        else
            seenOther << c.label;
        if (const BackendEntry &backend = table.backends()[std::size_t(c.backend)]; !backend.node.isEmpty()) {
            if (d.fromNode) { // sent here by a node: never back out to one (no loops)
                d.note(TraceKind::SkipFromNode, c.label);
                continue;
            }
            if (!m_status(c).reachable) {
                d.note(TraceKind::SkipUnreachable, c.label);
                continue;
            }
        }
        if (c.model >= 0) {
            const ModelEntry &m = table.models()[std::size_t(c.model)];
            const unsigned missing = d.requiredCaps & ~m.capabilities;
            if (m.capabilitiesDeclared && missing) {
                d.note(TraceKind::SkipCapability, c.label, {}, 0, missing);
                continue;
            }
            if (noTextFrom(m, d.requiredCaps)) {
                d.note(TraceKind::SkipNoText, c.label);
                continue;
            }
            if (m.contextTokens > 0 && d.promptTokens > m.contextTokens) {
                d.note(TraceKind::SkipContext, c.label, {}, m.contextTokens);
                continue;
            }
        }
        if (able != i)
            d.chain[able] = std::move(c);
        ++able;
    }
    if (able == 0) {
        // Every candidate was on a node that does not answer (or that sent the request).
        QByteArrayList onNodes;
        for (const TraceEntry &e : d.trace) {
            if (e.kind == TraceKind::SkipUnreachable || e.kind == TraceKind::SkipFromNode)
                onNodes << e.subject;
        }
        if (!onNodes.isEmpty() && std::none_of(d.trace.begin(), d.trace.end(), [](const TraceEntry &e) {
                return e.kind == TraceKind::SkipCapability || e.kind == TraceKind::SkipContext || e.kind == TraceKind::SkipNoText;
            })) {
            d.error = protocol::makeError(protocol::ErrorKind::Unavailable,
                                          QStringLiteral("no candidate is available: %1 %2 on a node that does not answer or sent this request")
                                              .arg(text(onNodes.join(", ")), onNodes.size() == 1 ? QStringLiteral("is") : QStringLiteral("are")),
                                          "node_unavailable");
            d.error.retryAfterS = 5;
            return false;
        }
        QStringList lacking;
        for (const TraceEntry &e : d.trace) {
            if (e.kind == TraceKind::SkipCapability)
                lacking << QStringLiteral("%1 lacks %2").arg(text(e.subject), capabilityNames(e.caps).join(QStringLiteral(", ")));
            else if (e.kind == TraceKind::SkipContext)
                lacking << QStringLiteral("%1 has a %2-token context").arg(text(e.subject)).arg(e.value);
            else if (e.kind == TraceKind::SkipNoText)
                lacking << QStringLiteral("%1 is an embedding or rerank model").arg(text(e.subject));
        }
        const QString needs = d.requiredCaps ? QStringLiteral("%1 and ~%2 prompt tokens of context")
                                                   .arg(capabilityNames(d.requiredCaps).join(QStringLiteral(", ")))
                                                   .arg(d.promptTokens)
                                             : QStringLiteral("~%1 prompt tokens of context").arg(d.promptTokens);
        d.error = protocol::makeError(
            protocol::ErrorKind::Unprocessable,
            QStringLiteral("no candidate model can serve this request, which needs %1 (%2)").arg(needs, lacking.join(QStringLiteral("; "))),
            "capability_unavailable", "model");
        return false;
    }
    d.chain.erase(d.chain.begin() + qsizetype(able), d.chain.end());
    // Cooldown: models that failed repeatedly are skipped for a while.
    std::size_t ready = 0;
    qint64 soonestMs = 0;
    for (std::size_t i = 0; i < d.chain.size(); ++i) {
        Candidate &c = d.chain[i];
        const qint64 cooling = m_state.coolingMs(c.label, nowMs);
        if (cooling > 0) {
            d.note(TraceKind::SkipCooldown, c.label, {}, double((cooling + 999) / 1000));
            soonestMs = soonestMs ? std::min(soonestMs, cooling) : cooling;
            continue;
        }
        if (ready != i)
            d.chain[ready] = std::move(c);
        ++ready;
    }
    if (ready == 0) {
        d.error = protocol::makeError(protocol::ErrorKind::Unavailable,
                                      QStringLiteral("every candidate is cooling down after repeated failures; the first is "
                                                     "available again in %1 s")
                                          .arg((soonestMs + 999) / 1000),
                                      "all_cooling_down");
        d.error.retryAfterS = int((soonestMs + 999) / 1000);
        return false;
    }
    d.chain.erase(d.chain.begin() + qsizetype(ready), d.chain.end());
    return true;
}

void Router::order(RouteDecision &d, const RouteTable &table) const
{
    const config::PreferWarm prefer = table.config().routing.preferWarm;
    if (prefer == config::PreferWarm::Never || d.chain.size() < 2)
        return;
    // Asked only for candidates that tie with another (asking the pool is not free).
    std::vector<std::optional<CandidateStatus>> known(d.chain.size());
    auto status = [&](std::size_t i) -> const CandidateStatus & {
        if (!known[i])
            known[i] = m_status(d.chain[i]);
        return *known[i];
    };
    std::vector<std::size_t> order(d.chain.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    const bool always = prefer == config::PreferWarm::Always;
    const bool scored = d.mode == RouteMode::Auto || d.mode == RouteMode::Capability;
    auto sameBalance = [&](std::size_t a, std::size_t b) {
        const Candidate &x = d.chain[a], &y = d.chain[b];
        return x.model >= 0 && y.model >= 0 && !table.models()[std::size_t(x.model)].config->balance.isEmpty() &&
               table.models()[std::size_t(x.model)].config->balance == table.models()[std::size_t(y.model)].config->balance;
    };
    // Stable: only equal ranks move. Equal rank = "always", near-equal scores, or members of
    // one balance set (which are also balanced least busy first).
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const bool tie = always || sameBalance(a, b) || (scored && std::abs(d.chain[a].score - d.chain[b].score) < 0.02);
        if (!tie)
            return false;
        if (status(a).warm != status(b).warm)
            return status(a).warm;
        if (sameBalance(a, b))
            return status(a).load < status(b).load;
        return false;
    });
    std::vector<Candidate> reordered;
    reordered.reserve(d.chain.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (order[i] != i && i < order[i] && status(order[i]).warm)
            d.note(TraceKind::Warm, d.chain[order[i]].label);
        reordered.push_back(std::move(d.chain[order[i]]));
    }
    d.chain = std::move(reordered);
}

RouteDecision Router::route(const RouteTable &table, const RoutingRequest &request, qint64 nowMs) const
{
    RouteDecision d;
    d.trace.reserve(8); // a named model's route notes about four steps
    d.requiredCaps = request.requiredCaps;
    d.promptTokens = request.promptTokens;
    d.fromNode = request.fromNode;
    const Pseudo pseudo = parsePseudo(request.model);

    // 1-3: a model id or alias (or balance set), a backend's mapping, a prefix.
    if (pseudo.kind == Pseudo::None && !request.model.isEmpty() && resolveName(table, request.model, d.chain, &d.mode)) {
        d.note(TraceKind::Matched, routeModeName(d.mode), request.model);
        for (const Candidate &c : d.chain)
            d.note(TraceKind::Candidate, c.label, QByteArrayLiteral("named"));
    }
    // 4: agent class.
    const QByteArrayView agentName = pseudo.kind == Pseudo::Agent ? pseudo.first : QByteArrayView(request.agentClass);
    if (d.chain.empty() && !agentName.isEmpty()) {
        const PolicyList *agent = table.agent(agentName);
        QByteArray matched = bytes(agentName);
        if (!agent) {
            agent = table.agent("default");
            matched = "default (no agent class \"" + matched + "\")";
        }
        if (!agent) {
            d.error = notFound(QStringLiteral("no agent class \"%1\" and no \"default\" agent in the config").arg(text(agentName)),
                               "agent_not_found");
            d.note(TraceKind::Note, {}, d.error.message.toUtf8());
            return d;
        }
        d.mode = RouteMode::Agent;
        d.note(TraceKind::Matched, "agent", matched);
        addPolicyList(d, *agent, "agent " + matched);
    }
    // 5: role pool (product type, falling back to "default").
    const QByteArrayView role = pseudo.kind == Pseudo::Role ? pseudo.first : QByteArrayView(request.role);
    if (d.chain.empty() && !role.isEmpty()) {
        QByteArrayView product = pseudo.kind == Pseudo::Role ? pseudo.second : QByteArrayView(request.product);
        if (product.isEmpty())
            product = "default";
        const PolicyList *list = table.pool(role, product);
        QByteArray matched = bytes(role) + '/' + bytes(product);
        if (!list && table.hasRole(role)) {
            list = table.pool(role, "default");
            matched = bytes(role) + "/default (no product type \"" + bytes(product) + "\")";
        }
        if (!list) {
            d.error = notFound(QStringLiteral("no pool for the role \"%1\"").arg(text(role)), "role_not_found");
            d.note(TraceKind::Note, {}, d.error.message.toUtf8());
            return d;
        }
        d.mode = RouteMode::Pool;
        d.role = bytes(role);
        d.note(TraceKind::Matched, "pool", matched);
        addPolicyList(d, *list, "pool " + matched);
    }
    // 6: execution mode.
    const QByteArrayView modeName = pseudo.kind == Pseudo::Mode ? pseudo.first : QByteArrayView(request.mode);
    if (d.chain.empty() && !modeName.isEmpty()) {
        const PolicyList *list = table.mode(modeName);
        if (!list) {
            d.error = notFound(QStringLiteral("no mode \"%1\" in the config").arg(text(modeName)), "mode_not_found");
            d.note(TraceKind::Note, {}, d.error.message.toUtf8());
            return d;
        }
        d.mode = RouteMode::Mode;
        d.note(TraceKind::Matched, "mode", bytes(modeName));
        addPolicyList(d, *list, "mode " + bytes(modeName));
    }
    // 7: the request's needs pick the models (for "auto", or a name nothing else knows).
    const bool openName =
        pseudo.kind == Pseudo::Auto || (pseudo.kind == Pseudo::None && table.defaultBackend() < 0 && !request.namedOnly);
    if (d.chain.empty() && d.requiredCaps && openName) {
        d.mode = RouteMode::Capability;
        d.note(TraceKind::Matched, "capability", capabilityNames(d.requiredCaps).join(QStringLiteral(", ")).toUtf8());
        addCapable(d, table);
    }
    // 8: auto: task type against model profiles.
    if (d.chain.empty() && pseudo.kind == Pseudo::Auto) {
        d.mode = RouteMode::Auto;
        d.note(TraceKind::Matched, "auto", "task-type scoring");
        addAuto(d, table, request);
    }
    // 9: the default backend takes any other name.
    if (d.chain.empty() && pseudo.kind == Pseudo::None && !request.model.isEmpty() && table.defaultBackend() >= 0) {
        const BackendEntry &backend = table.backends()[std::size_t(table.defaultBackend())];
        Candidate c;
        c.backend = table.defaultBackend();
        c.upstreamModel = request.model;
        c.label = backend.id + ':' + request.model;
        d.mode = RouteMode::Default;
        d.note(TraceKind::Matched, "default", backend.id);
        d.note(TraceKind::Candidate, c.label, "default backend");
        d.chain.push_back(std::move(c));
    }
    if (d.chain.empty()) {
        d.mode = RouteMode::Failed;
        d.error = d.requiredCaps && openName
                      ? protocol::makeError(protocol::ErrorKind::Unprocessable,
                                            QStringLiteral("no configured model declares %1, which this request needs")
                                                .arg(capabilityNames(d.requiredCaps).join(QStringLiteral(", "))),
                                            "capability_unavailable", "model")
                      : notFound(QStringLiteral("The model `%1` does not exist: it is not a configured model, alias or balance "
                                                "set, no backend maps or prefixes it, and no default backend is set.")
                                     .arg(text(request.model)),
                                 "model_not_found");
        d.note(TraceKind::Note, {}, d.error.message.toUtf8());
        return d;
    }
    if (!filter(d, table, nowMs)) {
        d.note(TraceKind::Note, {}, d.error.message.toUtf8());
        d.chain.clear();
        return d;
    }
    order(d, table);
    if (wantsSecondTier(d, request, table.config().routing)) // a route preview, or before ProxyCall asks
        d.note(TraceKind::Note, {}, "a request would ask routing.autoClassifier \"" + table.config().routing.autoClassifier.toUtf8() + "\" first");
    return d;
}

bool wantsSecondTier(const RouteDecision &decision, const RoutingRequest &request, const config::RoutingConfig &routing)
{
    return decision.autoUnsure && !request.secondTier && !routing.autoClassifier.isEmpty() && decision.chain.size() > 1 &&
           !request.promptText.isEmpty();
}

} // namespace sy::routing
