#include "pool/failureexcerpt.h"

#include <QRegularExpression>
#include <set>

namespace sy::pool {
namespace {

constexpr qsizetype kMaxLineChars = 300; // the excerpt travels in error bodies and the log

} // namespace

bool isHealthPollLine(QStringView line, QStringView healthPath)
{
    if (healthPath.isEmpty())
        return false;
    const QString request = QLatin1String("GET ") + healthPath.toString();
    const qsizetype at = line.indexOf(request);
    if (at < 0)
        return false;
    const qsizetype after = at + request.size();
    return after == line.size() || QStringView(u" ?\"\t").contains(line[after]);
}

QString failureExcerpt(const QStringList &run, int maxLines, std::uint64_t healthPollsLeftOut)
{
    static const QRegularExpression telling(
        QStringLiteral(R"(\b(error|errors|failed|failure|fatal|cannot|can't|unable|abort(ed)?|exception|panic|invalid|denied|)"
                       R"(not found|no such file|out of memory|oom|segmentation fault|terminate called)\b)"),
        QRegularExpression::CaseInsensitiveOption);
    // Newest telling lines first get a place (up to half), the newest lines fill the rest.
    std::set<qsizetype> chosen;
    const int forTelling = std::max(1, maxLines / 2);
    for (qsizetype i = run.size() - 1; i >= 0 && int(chosen.size()) < forTelling; --i)
        if (telling.match(run[i]).hasMatch())
            chosen.insert(i);
    for (qsizetype i = run.size() - 1; i >= 0 && int(chosen.size()) < maxLines; --i)
        chosen.insert(i);
    QStringList lines;
    qsizetype previous = -1;
    for (const qsizetype i : chosen) {
        if (previous >= 0 && i > previous + 1)
            lines << QStringLiteral("[...]");
        lines << (run[i].size() > kMaxLineChars ? run[i].left(kMaxLineChars) + QStringLiteral("…") : run[i]);
        previous = i;
    }
    if (healthPollsLeftOut > 0)
        lines << QStringLiteral("(%1 lines about Switchyard's health checks left out)").arg(healthPollsLeftOut);
    return lines.join(QLatin1Char('\n'));
}

} // namespace sy::pool
