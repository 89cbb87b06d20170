#pragma once
// The models as the feed describes them, one row each: kept current from snapshots,
// model deltas and counters, with the TTL and cooldown counting down every second between
// updates (a timer runs only while some row counts), and tokens/s learned from finished
// requests.

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>
#include <vector>

namespace sy::ui {

class ModelTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Backend, State, Port, Pid, Ttl, Memory, Load, TokensPerS, Cooldown, Actions, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,
        StateRole,         // "cold", "hot", ... (QString)
        SortRole,          // a value that sorts the column naturally
        MemoryFractionRole,// RSS as a share of the budget (or of RAM), 0..1
        KindRole,          // "managed", "ollama", "remote", "node"
        PinnedRole,
        ControllableRole,  // load, unload and pin apply (managed or Ollama, here or on a node)
        MachineRole,       // the node it runs on; empty: this machine
    };

    explicit ModelTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void reset(const QJsonArray &models, const QJsonObject &system);
    void updateModel(const QJsonObject &model);
    void applyCounters(const QJsonArray &counters, const QJsonObject &system);
    void recordRequest(const QJsonObject &record);

    QJsonObject model(int row) const { return m_rows[std::size_t(row)].json; }
    int rowOf(const QString &id) const;
    const QJsonObject &system() const { return m_system; }
    QStringList ids() const;
    // Seconds left on a counter (ttlRemainingS, cooldownRemainingS), or -1.
    int elapsed(int row, const char *field) const; // seconds counted up from the core's figure, -1 if none
    double elapsedExactly(int row, const char *field) const;
    double remainingExactly(int row, const char *field) const; // counted down from the core's figure, -1 if none
    // "1:05", "1:02:03"; "—" for a negative number.
    static QString duration(int seconds);
    int remaining(int row, const char *field) const;
    // Whether load, unload and pin apply to a model (as the API describes it).
    static bool isControllable(const QJsonObject &model);

Q_SIGNALS:
    void modelFailed(const QString &id, const QString &error);
    void systemChanged(const QJsonObject &system); // a new system object from the feed

private:
    struct Row {
        QJsonObject json;
        QElapsedTimer received; // when json's countdowns were read
        double tokensPerS = -1; // moving average from finished requests
    };
    void tick();
    void updateTicking();
    QString stateText(const QString &state) const;

    std::vector<Row> m_rows;
    QJsonObject m_system;
    QTimer m_tick;
};

// "1.2 GiB" and the like.
QString formatBytes(double bytes);

} // namespace sy::ui
