#include "http/refusallog.h"

#include "protocol/apierror.h"
#include "util/log.h"

#include <QDateTime>

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
};

} // namespace

void logRefusal(QByteArrayView requestId, QByteArrayView method, QByteArrayView path, const QHostAddress &peer, int status,
                QStringView reason)
{
    thread_local RefusalBudget budget;
    const qint64 second = QDateTime::currentSecsSinceEpoch();
    if (second != budget.second) {
        if (budget.suppressed > 0)
            lg().warn("{} more refused requests were not logged one by one (more than {} a second)", budget.suppressed,
                      kRefusalLinesPerSecond);
        budget = {second, 0, 0};
    }
    if (budget.logged >= kRefusalLinesPerSecond) {
        ++budget.suppressed;
        return;
    }
    ++budget.logged;
    lg().warn("{} {} {} from {}: refused with {}: {}", QByteArray(requestId.data(), requestId.size()), protocol::excerpt(method, 16),
              protocol::excerpt(path, 200), peer.toString(), status, protocol::excerpt(reason, 300));
}

} // namespace sy::http
