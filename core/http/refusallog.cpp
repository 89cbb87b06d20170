#include "http/refusallog.h"

#include "protocol/apierror.h"
#include "util/log.h"

#include <QDateTime>
#include <QTimer>

namespace sy::http {
namespace {

auto &lg()
{
    static auto l = sy::log::get("http");
    return *l;
}

// Per thread: each core thread (tests run several) keeps its own budget.
struct RefusalBudget {
    qint64 second = -1;
    int logged = 0;
    int suppressed = 0;
    bool summaryDue = false;
};

thread_local RefusalBudget budget;

void logSummary()
{
    budget.summaryDue = false;
    if (budget.suppressed > 0)
        lg().warn("{} more refused requests were not logged one by one (more than {} a second)", budget.suppressed, kRefusalLinesPerSecond);
    budget.suppressed = 0;
}

} // namespace

void logRefusal(QByteArrayView requestId, QByteArrayView method, QByteArrayView path, const QHostAddress &peer, int status,
                QStringView reason)
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 second = nowMs / 1000;
    if (second != budget.second) {
        if (budget.summaryDue)
            logSummary();
        budget.second = second;
        budget.logged = 0;
    }
    if (budget.logged >= kRefusalLinesPerSecond) {
        ++budget.suppressed;
        if (!budget.summaryDue) {
            // Said when this second is over, also if no refusal follows.
            budget.summaryDue = true;
            QTimer::singleShot(int(1000 - nowMs % 1000), [] {
                if (budget.summaryDue)
                    logSummary();
            });
        }
        return;
    }
    ++budget.logged;
    lg().warn("{} {} {} from {}: refused with {}: {}", protocol::loggable(requestId, 40), protocol::loggable(method, 16),
              protocol::loggable(path, 200), peer.toString(), status, protocol::loggable(reason, 300));
}

} // namespace sy::http
