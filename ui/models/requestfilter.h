#pragma once
// The requests list as the operator narrows it: text search (id, client, requested name,
// model, error), failed or succeeded only, and any column sorted by its value (time by
// when the request started). Export writes the rows shown, in their order.

#include <QSortFilterProxyModel>

namespace sy::ui {

class RequestTableModel;

class RequestFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum class Outcome { Any, Failed, Succeeded };

    explicit RequestFilter(RequestTableModel *requests, QObject *parent = nullptr);

    void setText(const QString &text);
    void setOutcome(Outcome outcome);
    QJsonObject record(int row) const; // a row of this model

    // The rows shown as CSV (with a header line), or as JSON Lines when `jsonLines`.
    QByteArray exportRows(bool jsonLines) const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    RequestTableModel *m_requests;
    QString m_text;
    Outcome m_outcome = Outcome::Any;
};

} // namespace sy::ui
