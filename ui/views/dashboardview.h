#pragma once
// The operator's main view: the models table (filter, sort, badges, countdowns, per-row
// and context-menu actions) and the system memory panel.

#include <QWidget>

class QLineEdit;
class QTableView;
class QToolButton;

namespace sy::ui {

class CoreLink;
class ModelGroupProxy;
class ModelTableModel;
class SystemPanel;

class DashboardView : public QWidget {
    Q_OBJECT
public:
    DashboardView(CoreLink *link, ModelTableModel *models, QWidget *parent = nullptr);
    QTableView *table() const { return m_table; }
    void setFilter(const QString &text);

Q_SIGNALS:
    void showLogsRequested(const QString &modelId);

private:
    QString selectedId() const;
    void updateButtons();
    void contextMenu(const QPoint &pos);

    CoreLink *m_link;
    ModelTableModel *m_models;
    ModelGroupProxy *m_proxy;
    QTableView *m_table;
    QLineEdit *m_filter;
    QToolButton *m_load;
    QToolButton *m_unload;
    QToolButton *m_pin;
    SystemPanel *m_system;
};

} // namespace sy::ui
