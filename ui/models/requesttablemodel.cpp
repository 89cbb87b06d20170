#include "models/requesttablemodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QLocale>

namespace sy::ui {
namespace {

QString ms(const QJsonValue &v)
{
    return v.isDouble() ? QLocale().toString(v.toDouble(), 'f', v.toDouble() < 10 ? 1 : 0) + QStringLiteral(" ms") : QStringLiteral("—");
}

} // namespace

RequestTableModel::RequestTableModel(QObject *parent) : QAbstractTableModel(parent) {}

int RequestTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RequestTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time: return tr("Time");
    case Client: return tr("Client");
    case Route: return tr("Requested");
    case Served: return tr("Served by");
    case Mode: return tr("Route");
    case Attempts: return tr("Attempts");
    case Status: return tr("Status");
    case Latency: return tr("Latency");
    case Ttft: return tr("TTFT");
    default: return {};
    }
}

QVariant RequestTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const QJsonObject &r = m_rows[std::size_t(index.row())];
    const int status = r.value(QLatin1String("status")).toInt();
    if (role == Qt::ForegroundRole && index.column() == Status)
        return status >= 400 ? QBrush(QColor(0xc8, 0x32, 0x32)) : QVariant();
    if (role == Qt::ToolTipRole)
        return r.value(QLatin1String("error")).toString();
    if (role == SortRole) {
        // Unknown figures (—) sort below every known one.
        const auto number = [&r](const char *key) { return r.value(QLatin1String(key)).isDouble() ? r.value(QLatin1String(key)).toDouble() : -1.0; };
        switch (index.column()) {
        case Time: return number("startedMs");
        case Attempts: return r.value(QLatin1String("attempts")).toArray().size();
        case Status: return status;
        case Latency: return number("latencyMs");
        case Ttft: return number("ttftMs");
        default: return data(index, Qt::DisplayRole);
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Time: return QDateTime::fromMSecsSinceEpoch(qint64(r.value(QLatin1String("startedMs")).toDouble())).toString(QStringLiteral("HH:mm:ss"));
    case Client: {
        // The client key's name when it came with one, else its address.
        const QJsonValue name = r.value(QLatin1String("clientName"));
        const QString who = name.isString() ? name.toString() : r.value(QLatin1String("client")).toString();
        return who + QStringLiteral(" (") + r.value(QLatin1String("inbound")).toString() + QLatin1Char(')');
    }
    case Route: return r.value(QLatin1String("requested")).toString();
    case Served: return r.value(QLatin1String("model")).isString() ? r.value(QLatin1String("model")).toString() : QStringLiteral("—");
    case Mode: return r.value(QLatin1String("route")).toString();
    case Attempts: return QString::number(r.value(QLatin1String("attempts")).toArray().size());
    case Status: return status == 499 ? tr("499 (client left)") : QString::number(status);
    case Latency: return ms(r.value(QLatin1String("latencyMs")));
    case Ttft: return ms(r.value(QLatin1String("ttftMs")));
    default: return {};
    }
}

void RequestTableModel::setHistory(const QJsonArray &records)
{
    beginResetModel();
    m_rows.clear();
    for (const QJsonValue &r : records) {
        if (m_rows.size() < kMaxRows)
            m_rows.push_back(r.toObject());
    }
    endResetModel();
}

void RequestTableModel::add(const QJsonObject &record)
{
    beginInsertRows({}, 0, 0);
    m_rows.push_front(record);
    endInsertRows();
    if (m_rows.size() > kMaxRows) {
        beginRemoveRows({}, int(m_rows.size()) - 1, int(m_rows.size()) - 1);
        m_rows.pop_back();
        endRemoveRows();
    }
}

} // namespace sy::ui
