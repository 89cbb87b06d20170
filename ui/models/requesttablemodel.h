#pragma once
// Finished requests, newest first: the history's latest page when the window connects,
// then every request the feed reports.

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <deque>

namespace sy::ui {

class RequestTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Time, Client, Route, Served, Mode, Attempts, Status, Latency, Ttft, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1 }; // a value that sorts the column naturally
    static constexpr std::size_t kMaxRows = 1000;

    explicit RequestTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void setHistory(const QJsonArray &records); // newest first, as the API returns them
    void add(const QJsonObject &record);
    QJsonObject record(int row) const { return m_rows[std::size_t(row)]; }

private:
    std::deque<QJsonObject> m_rows;
};

} // namespace sy::ui
