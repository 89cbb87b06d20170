#pragma once
// The second tier of "auto" (routing.autoClassifier): when the classifier is unsure of a
// prompt, a configured chat model (any backend protocol; a small local model will do) is
// asked to name the prompt's task type, and the request waits at most
// routing.autoClassifierTimeoutMs for it. Answers are cached by a hash of the model and the
// prompt, so a repeated prompt asks once. No answer in time, or none that names a type, is
// not cached and leaves the decision to the first tier's unsure path; after an error or a
// timeout the second tier pauses for kPauseAfterFailureS. A managed model is asked only
// while it is loaded. Core thread only.

#include "routing/proxyservices.h"

#include <QCoro/QCoroTask>
#include <QHash>
#include <QObject>
#include <QStringView>
#include <deque>

namespace sy::routing {

class SecondTier : public QObject {
public:
    explicit SecondTier(QObject *parent = nullptr) : QObject(parent) {}

    // Asks the configured model about `prompt` (the latest user turn's excerpt).
    QCoro::Task<SecondTierAnswer> ask(ProxyServices services, QByteArray prompt);

    // How the asks ended, for /metrics.
    struct Counts {
        quint64 decided = 0;  // the model named a type
        quint64 cached = 0;   // a cached answer decided
        quint64 noType = 0;   // it answered, naming no type
        quint64 failed = 0;   // an error or no answer in time (then a pause)
        quint64 skipped = 0;  // not asked: a managed model not loaded, or the pause
    };
    const Counts &counts() const { return m_counts; }

    // The task type a model's answer names: the first type word in it (after any
    // <think> block), or none.
    static std::optional<TaskType> parseLabel(QStringView answer);

private:
    void remember(const QByteArray &key, TaskType type);
    // An error or no answer in time: pauses the second tier, logs it, and says so.
    SecondTierAnswer failed(const QByteArray &name, const QByteArray &what);

    static constexpr std::size_t kCachedAnswers = 4096;
    static constexpr int kPauseAfterFailureS = 30;
    qint64 m_failedUntilNs = 0; // asked again after this (clock::nowNs)
    qint64 m_lastFailureNs = 0;
    Counts m_counts;
    QHash<QByteArray, TaskType> m_cache; // key: a hash of the backend, the model's upstream name and the prompt
    std::deque<QByteArray> m_cacheOrder; // oldest first, to drop past kCachedAnswers
};

} // namespace sy::routing
