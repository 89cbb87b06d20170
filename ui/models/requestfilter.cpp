#include "models/requestfilter.h"

#include "models/requesttablemodel.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <iterator>

namespace sy::ui {
namespace {

// One CSV field (RFC 4180): quoted when it holds a separator, a quote or a line break. Text
// a client sent that a spreadsheet would take for a formula (=, +, -, @) is prefixed with '.
QByteArray csvField(const QJsonValue &value)
{
    if (value.isDouble())
        return QByteArray::number(value.toDouble(), 'g', 12);
    if (value.isBool())
        return value.toBool() ? "true" : "false";
    QByteArray text = value.toString().toUtf8();
    if (!text.isEmpty() && QByteArrayView("=+-@").contains(text.front()))
        text.prepend('\'');
    if (text.contains(',') || text.contains('"') || text.contains('\n') || text.contains('\r'))
        text = '"' + text.replace('"', "\"\"") + '"';
    return text;
}

// The first column is the start time, written as ISO 8601 (UTC).
constexpr const char *kCsvColumns[] = {"startedMs", "id", "client", "clientName", "inbound", "endpoint", "requested", "route",
                                       "model", "backend", "status", "stream", "latencyMs", "ttftMs", "tokensIn", "tokensOut",
                                       "tokensPerS", "error"};

} // namespace

RequestFilter::RequestFilter(RequestTableModel *requests, QObject *parent) : QSortFilterProxyModel(parent), m_requests(requests)
{
    setSourceModel(requests);
    setSortRole(RequestTableModel::SortRole);
    setDynamicSortFilter(true);
    sort(RequestTableModel::Time, Qt::DescendingOrder);
}

void RequestFilter::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

void RequestFilter::setOutcome(Outcome outcome)
{
    m_outcome = outcome;
    invalidateFilter();
}

QJsonObject RequestFilter::record(int row) const
{
    return m_requests->record(mapToSource(index(row, 0)).row());
}

bool RequestFilter::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    const QJsonObject r = m_requests->record(sourceRow);
    const int status = r.value(QLatin1String("status")).toInt();
    if ((m_outcome == Outcome::Failed && status < 400) || (m_outcome == Outcome::Succeeded && status >= 400))
        return false;
    if (m_text.isEmpty())
        return true;
    for (const char *key : {"id", "client", "clientName", "requested", "model", "backend", "error"}) {
        if (r.value(QLatin1String(key)).toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return QString::number(status) == m_text;
}

QByteArray RequestFilter::exportRows(bool jsonLines) const
{
    QByteArray out;
    if (!jsonLines) {
        for (std::size_t i = 0; i < std::size(kCsvColumns); ++i)
            out += (i ? "," : "") + QByteArray(kCsvColumns[i]);
        out += "\r\n";
    }
    for (int row = 0; row < rowCount(); ++row) {
        const QJsonObject r = record(row);
        if (jsonLines) {
            out += QJsonDocument(r).toJson(QJsonDocument::Compact) + '\n';
            continue;
        }
        const qint64 startedMs = qint64(r.value(QLatin1String("startedMs")).toDouble());
        out += QDateTime::fromMSecsSinceEpoch(startedMs, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8();
        for (std::size_t i = 1; i < std::size(kCsvColumns); ++i)
            out += ',' + csvField(r.value(QLatin1String(kCsvColumns[i])));
        out += "\r\n";
    }
    return out;
}

} // namespace sy::ui
