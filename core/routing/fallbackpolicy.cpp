#include "routing/fallbackpolicy.h"

#include "routing/upstreamattempt.h"

#include <algorithm>

namespace sy::routing {

using record::Trigger;
using record::TriggerClass;

FallbackPolicy::FallbackPolicy(const config::FallbackConfig &config, std::size_t candidates)
    : m_retryOn(config.retryOn | unsigned(TriggerClass::Always)), m_allowed(std::min(config.maxAttempts, int(candidates)))
{
}

bool FallbackPolicy::mayFallBack(Trigger trigger, int httpStatus) const
{
    return m_index + 1 < m_allowed && (unsigned(record::triggerClass(trigger, httpStatus)) & m_retryOn);
}

FallbackPolicy::Next FallbackPolicy::afterAttempt(const AttemptResult &result, bool processDied)
{
    if (result.outcome != AttemptOutcome::Retryable)
        return Next::Done; // delivered, cut after it started, or the client left
    if (processDied && result.trigger == Trigger::ConnectFailed && !m_restartedDeadModel) {
        m_restartedDeadModel = true; // the pool knows now; one more try restarts the model
        return Next::SameCandidate;
    }
    return mayFallBack(result.trigger, result.upstreamStatus) ? Next::NextCandidate : Next::Done;
}

bool FallbackPolicy::countsAgainstModel(const AttemptResult &result)
{
    // The client leaving is not the model's fault; neither is a full queue, a group held by a
    // pinned model, the operator unloading it, shutdown, or a backend that cannot take this
    // kind of request.
    if (result.outcome != AttemptOutcome::Retryable && result.outcome != AttemptOutcome::FailedAfterCommit)
        return false;
    switch (result.trigger) {
    case Trigger::None:
    case Trigger::Cancelled:
    case Trigger::ClientGone:
    case Trigger::Abandoned:
    case Trigger::QueueFull:
    case Trigger::GroupPinned:
    case Trigger::ModelUnloaded:
    case Trigger::ShuttingDown:
    case Trigger::Unsupported:
        return false;
    default:
        return true;
    }
}

} // namespace sy::routing
