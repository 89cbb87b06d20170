#pragma once
// The live list of requests (searchable, filtered by outcome, sorted by any column, exported
// as CSV or JSON Lines); the selected one's explain trace and attempts (from the history,
// which keeps the trace) beside it.

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTreeWidget;

namespace sy::ui {

class CoreLink;
class RequestFilter;
class RequestTableModel;

class RequestsView : public QWidget {
    Q_OBJECT
public:
    RequestsView(CoreLink *link, RequestTableModel *requests, QWidget *parent = nullptr);
    void selectRow(int row);
    // Writes the rows shown to `path` (JSON Lines when it ends in .jsonl, else CSV).
    bool exportTo(const QString &path, QString *error) const;

private:
    QWidget *makeFilterBar();
    void showRecord(const QJsonObject &record);
    void updateCount();
    void exportAsked();

    CoreLink *m_link;
    RequestTableModel *m_requests;
    RequestFilter *m_filter;
    QTableView *m_table;
    QLineEdit *m_search = nullptr;
    QComboBox *m_outcome = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_summary;
    QTreeWidget *m_attempts;
    QTreeWidget *m_trace;
};

} // namespace sy::ui
