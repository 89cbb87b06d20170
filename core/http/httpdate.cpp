#include "http/httpdate.h"

#include <QDateTime>
#include <QLocale>
#include <ctime>

namespace sy::http {

QByteArray httpDate()
{
    // One cache per thread: the core and the sim each format on their own event loop.
    thread_local std::time_t cachedSecond = 0;
    thread_local QByteArray cached;
    const std::time_t now = std::time(nullptr);
    if (now != cachedSecond) {
        cachedSecond = now;
        cached = QLocale::c()
                     .toString(QDateTime::fromSecsSinceEpoch(now, Qt::UTC), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss"))
                     .toLatin1() +
                 " GMT";
    }
    return cached;
}

} // namespace sy::http
