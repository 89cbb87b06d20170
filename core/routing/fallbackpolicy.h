#pragma once
// The one place that decides, for a request walking its candidate chain, whether a failed
// attempt goes on to the next candidate (or once more to the same one), or whether the
// client gets what there is. The attempt only classifies what happened (a Trigger) and
// moves bytes; it asks here before it turns a failure into a fallback. Envoy's RetryState
// is the model: parsed config in, yes/no out, no I/O.

#include "record/trigger.h"
#include "store/config.h"

#include <cstddef>

namespace sy::routing {

struct AttemptResult;

class FallbackPolicy {
public:
    FallbackPolicy(const config::FallbackConfig &config, std::size_t candidates);

    int attemptsAllowed() const { return m_allowed; }
    // The attempt about to start (0-based).
    void beginAttempt(int index) { m_index = index; }

    // A failure before anything reached the client: may it fall back? (Its class is in
    // fallback.retryOn and another candidate is left.)
    bool mayFallBack(record::Trigger trigger, int httpStatus = 0) const;

    enum class Next { Done, SameCandidate, NextCandidate };
    // After an attempt: `processDied` = its managed model's process turned out dead, so
    // one more try on the same candidate restarts it.
    Next afterAttempt(const AttemptResult &result, bool processDied);

    // Whether a failure is the model's fault (counts toward its cooldown).
    static bool countsAgainstModel(const AttemptResult &result);

private:
    unsigned m_retryOn;
    int m_allowed;
    int m_index = 0;
    bool m_restartedDeadModel = false;
};

} // namespace sy::routing
