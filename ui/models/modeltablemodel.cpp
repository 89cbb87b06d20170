#include "models/modeltablemodel.h"

#include <QColor>
#include <QIcon>
#include <QLocale>
#include <cmath>

namespace sy::ui {
namespace {

constexpr double kTokensAverageWeight = 0.3; // of the newest request

QString value(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

QString ModelTableModel::duration(int seconds)
{
    if (seconds < 0)
        return QStringLiteral("—");
    if (seconds >= 3600)
        return QStringLiteral("%1:%2:%3").arg(seconds / 3600).arg(seconds / 60 % 60, 2, 10, QLatin1Char('0')).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

QString formatBytes(double bytes)
{
    if (bytes <= 0)
        return QStringLiteral("—");
    return QLocale().formattedDataSize(qint64(bytes), 1, QLocale::DataSizeTraditionalFormat);
}

ModelTableModel::ModelTableModel(QObject *parent) : QAbstractTableModel(parent)
{
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &ModelTableModel::tick);
}

int ModelTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ModelTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ModelTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Model");
    case Backend: return tr("Backend");
    case State: return tr("State");
    case Port: return tr("Port");
    case Pid: return tr("PID");
    case Ttl: return tr("TTL");
    case Memory: return tr("Memory");
    case Load: return tr("In flight /\nqueued");
    case TokensPerS: return tr("Tokens/s");
    case Cooldown: return tr("Cooldown");
    case Actions: return tr("Actions");
    default: return {};
    }
}

bool ModelTableModel::isControllable(const QJsonObject &model)
{
    // A node's model is controlled through the node, as its kind there allows.
    const QString kind = model.value(QLatin1String(model.value(QLatin1String("kind")) == QLatin1String("node") ? "nodeKind" : "kind")).toString();
    return kind == QLatin1String("managed") || kind == QLatin1String("ollama");
}

QString ModelTableModel::stateText(const QString &state) const
{
    if (state == QLatin1String("cold")) return tr("cold");
    if (state == QLatin1String("starting")) return tr("starting");
    if (state == QLatin1String("hot")) return tr("hot");
    if (state == QLatin1String("busy")) return tr("busy");
    if (state == QLatin1String("unloading")) return tr("unloading");
    if (state == QLatin1String("failed")) return tr("failed");
    if (state == QLatin1String("remote")) return tr("remote");
    if (state == QLatin1String("unreachable")) return tr("unreachable"); // a node's model while the node does not answer
    return state;
}

int ModelTableModel::elapsed(int row, const char *field) const
{
    const double seconds = elapsedExactly(row, field);
    return seconds < 0 ? -1 : int(seconds);
}

double ModelTableModel::elapsedExactly(int row, const char *field) const
{
    const Row &r = m_rows[std::size_t(row)];
    const QJsonValue v = r.json.value(QLatin1String(field));
    return v.isDouble() ? v.toDouble() + double(r.received.elapsed()) / 1000.0 : -1;
}

double ModelTableModel::remainingExactly(int row, const char *field) const
{
    const Row &r = m_rows[std::size_t(row)];
    const QJsonValue v = r.json.value(QLatin1String(field));
    return v.isDouble() ? std::max(0.0, v.toDouble() - double(r.received.elapsed()) / 1000.0) : -1;
}

int ModelTableModel::remaining(int row, const char *field) const
{
    const double seconds = remainingExactly(row, field);
    return seconds < 0 ? -1 : int(std::ceil(seconds - 1e-9));
}

QVariant ModelTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    const QJsonObject &m = row.json;
    const QString state = value(m, "state");
    switch (role) {
    case IdRole: return value(m, "id");
    case StateRole: return state;
    case KindRole: return value(m, "kind");
    case PinnedRole: return m.value(QLatin1String("pinned")).toBool();
    case ControllableRole: return isControllable(m);
    case MachineRole: return value(m, "node");
    case MemoryFractionRole: {
        const double budget = m_system.value(QLatin1String("budgetBytes")).toDouble();
        const double total = budget > 0 ? budget : m_system.value(QLatin1String("memory")).toObject().value(QLatin1String("totalBytes")).toDouble();
        return total > 0 ? std::min(1.0, m.value(QLatin1String("rssBytes")).toDouble() / total) : 0.0;
    }
    case Qt::ToolTipRole: {
        const QString error = value(m, "lastError");
        if (!error.isEmpty())
            return tr("Last error: %1").arg(error);
        if (index.column() == Backend && !value(m, "group").isEmpty())
            return tr("Exclusive group \"%1\": one member is loaded at a time; a pinned member keeps the others out").arg(value(m, "group"));
        if (index.column() == Name && !m.value(QLatin1String("upstreamModel")).toString().isEmpty())
            return tr("%1 on %2 as %3").arg(value(m, "id"), value(m, "backend"), value(m, "upstreamModel"));
        return {};
    }
    case Qt::DecorationRole:
        if (index.column() == Name && m.value(QLatin1String("pinned")).toBool())
            return QIcon(QStringLiteral(":/icons/pin.svg"));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Port || index.column() == Pid || index.column() == Ttl || index.column() == TokensPerS || index.column() == Cooldown)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (index.column()) {
        case Port: return m.value(QLatin1String("port")).toInt();
        case Pid: return m.value(QLatin1String("pid")).toDouble();
        case Ttl: return remaining(index.row(), "ttlRemainingS");
        case Memory: return m.value(QLatin1String("rssBytes")).toDouble();
        case Load: return m.value(QLatin1String("inFlight")).toInt() * 1000 + m.value(QLatin1String("queued")).toInt();
        case TokensPerS: return row.tokensPerS;
        case Cooldown: return remaining(index.row(), "cooldownRemainingS");
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return value(m, "id");
        case Backend: {
            // An exclusive group's members take turns: say which group a model is in.
            const QString group = value(m, "group");
            return group.isEmpty() ? value(m, "backend") : tr("%1 · group %2").arg(value(m, "backend"), group);
        }
        case State: {
            // A model that is starting counts up, so a slow load is seen to be progressing.
            const int loading = elapsed(index.row(), "loadingS");
            return loading >= 0 && state == QLatin1String("starting") ? stateText(state) + QLatin1Char(' ') + duration(loading) : stateText(state);
        }
        case Port: return m.value(QLatin1String("port")).isDouble() ? QString::number(m.value(QLatin1String("port")).toInt()) : QStringLiteral("—");
        case Pid: return m.value(QLatin1String("pid")).isDouble() ? QString::number(qint64(m.value(QLatin1String("pid")).toDouble())) : QStringLiteral("—");
        case Ttl: return m.value(QLatin1String("pinned")).toBool() && state != QLatin1String("cold") ? tr("pinned") : duration(remaining(index.row(), "ttlRemainingS"));
        case Memory: {
            QString text = formatBytes(m.value(QLatin1String("rssBytes")).toDouble());
            if (m.value(QLatin1String("gpuBytes")).isDouble())
                text += tr(" + %1 GPU").arg(formatBytes(m.value(QLatin1String("gpuBytes")).toDouble()));
            return text;
        }
        case Load:
            return state == QLatin1String("remote") && !m.contains(QLatin1String("inFlight"))
                       ? QStringLiteral("—")
                       : QStringLiteral("%1 / %2").arg(m.value(QLatin1String("inFlight")).toInt()).arg(m.value(QLatin1String("queued")).toInt());
        case TokensPerS: return row.tokensPerS < 0 ? QStringLiteral("—") : QLocale().toString(row.tokensPerS, 'f', 1);
        case Cooldown: {
            const int left = remaining(index.row(), "cooldownRemainingS");
            return left > 0 ? duration(left) : QString();
        }
        default: return {};
        }
    default: return {};
    }
}

void ModelTableModel::reset(const QJsonArray &models, const QJsonObject &system)
{
    // Keep what was learned about each model across snapshots.
    std::map<QString, double> tokens;
    for (const Row &r : m_rows)
        tokens[value(r.json, "id")] = r.tokensPerS;
    beginResetModel();
    m_rows.clear();
    for (const QJsonValue &v : models) {
        Row r{v.toObject(), {}, -1};
        r.received.start();
        if (auto it = tokens.find(value(r.json, "id")); it != tokens.end())
            r.tokensPerS = it->second;
        m_rows.push_back(std::move(r));
    }
    m_system = system;
    endResetModel();
    Q_EMIT systemChanged(m_system);
    updateTicking();
}

int ModelTableModel::rowOf(const QString &id) const
{
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        if (value(m_rows[i].json, "id") == id)
            return int(i);
    }
    return -1;
}

QStringList ModelTableModel::ids() const
{
    QStringList out;
    for (const Row &r : m_rows)
        out << value(r.json, "id");
    return out;
}

void ModelTableModel::updateModel(const QJsonObject &model)
{
    const QString id = value(model, "id");
    const int row = rowOf(id);
    if (row < 0) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size()));
        Row r{model, {}, -1};
        r.received.start();
        m_rows.push_back(std::move(r));
        endInsertRows();
    } else {
        Row &r = m_rows[std::size_t(row)];
        const bool newlyFailed = value(model, "state") == QLatin1String("failed") && value(r.json, "state") != QLatin1String("failed");
        r.json = model;
        r.received.restart();
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        if (newlyFailed)
            Q_EMIT modelFailed(id, value(model, "lastError"));
    }
    updateTicking();
}

void ModelTableModel::applyCounters(const QJsonArray &counters, const QJsonObject &system)
{
    if (!system.isEmpty() && system != m_system) {
        m_system = system;
        Q_EMIT systemChanged(m_system);
    }
    for (const QJsonValue &v : counters) {
        const QJsonObject c = v.toObject();
        const int row = rowOf(value(c, "id"));
        if (row < 0)
            continue;
        Row &r = m_rows[std::size_t(row)];
        // The cooldown and the loading time are not in counters: keep them counting from their own start.
        // (to the millisecond: counters come every quarter second under traffic)
        if (r.json.value(QLatin1String("cooldownRemainingS")).isDouble())
            r.json.insert(QStringLiteral("cooldownRemainingS"), remainingExactly(row, "cooldownRemainingS"));
        if (r.json.value(QLatin1String("loadingS")).isDouble())
            r.json.insert(QStringLiteral("loadingS"), elapsedExactly(row, "loadingS"));
        for (auto it = c.begin(); it != c.end(); ++it)
            r.json.insert(it.key(), it.value());
        if (value(r.json, "state") != QLatin1String("starting"))
            r.json.insert(QStringLiteral("loadingS"), QJsonValue::Null);
        r.received.restart();
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    updateTicking();
}

void ModelTableModel::recordRequest(const QJsonObject &record)
{
    // The core's figure: the backend's own, else generation from the first token on.
    const int row = rowOf(value(record, "model"));
    const double rate = record.value(QLatin1String("tokensPerS")).toDouble(-1);
    if (row < 0 || rate <= 0 || record.value(QLatin1String("status")).toInt() != 200)
        return;
    Row &r = m_rows[std::size_t(row)];
    r.tokensPerS = r.tokensPerS < 0 ? rate : r.tokensPerS * (1 - kTokensAverageWeight) + rate * kTokensAverageWeight;
    Q_EMIT dataChanged(index(row, TokensPerS), index(row, TokensPerS));
}

void ModelTableModel::tick()
{
    if (m_rows.empty())
        return;
    Q_EMIT dataChanged(index(0, Ttl), index(int(m_rows.size()) - 1, Ttl));
    Q_EMIT dataChanged(index(0, Cooldown), index(int(m_rows.size()) - 1, Cooldown));
    Q_EMIT dataChanged(index(0, State), index(int(m_rows.size()) - 1, State));
    updateTicking();
}

void ModelTableModel::updateTicking()
{
    // Tick only while something counts down: an idle window costs no CPU.
    bool counting = false;
    for (int row = 0; row < int(m_rows.size()) && !counting; ++row)
        counting = remaining(row, "ttlRemainingS") > 0 || remaining(row, "cooldownRemainingS") > 0 || elapsed(row, "loadingS") >= 0;
    if (counting && !m_tick.isActive())
        m_tick.start();
    else if (!counting)
        m_tick.stop();
}

} // namespace sy::ui
