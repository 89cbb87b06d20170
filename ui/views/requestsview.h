#pragma once
// The live list of requests; the selected one's explain trace and attempts (from the
// history, which keeps the trace) beside it.

#include <QJsonObject>
#include <QWidget>

class QLabel;
class QTableView;
class QTreeWidget;

namespace sy::ui {

class CoreLink;
class RequestTableModel;

class RequestsView : public QWidget {
    Q_OBJECT
public:
    RequestsView(CoreLink *link, RequestTableModel *requests, QWidget *parent = nullptr);
    void selectRow(int row);

private:
    void showRecord(const QJsonObject &record);

    CoreLink *m_link;
    RequestTableModel *m_requests;
    QTableView *m_table;
    QLabel *m_summary;
    QTreeWidget *m_attempts;
    QTreeWidget *m_trace;
};

} // namespace sy::ui
