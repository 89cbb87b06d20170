#pragma once
// The operator's main view: the models table (filter, sort, badges, countdowns, per-row
// and context-menu actions), why a model failed, and the system memory panel.

#include <QWidget>

class QLineEdit;
class QTableView;
class QToolButton;

namespace sy::ui {

class ColumnChooser;
class CoreLink;
class ModelStatusPanel;
class ModelGroupProxy;
class ModelTableModel;
class SystemPanel;

class DashboardView : public QWidget {
    Q_OBJECT
public:
    DashboardView(CoreLink *link, ModelTableModel *models, QWidget *parent = nullptr);
    QTableView *table() const { return m_table; }
    void setFilter(const QString &text);
    ModelStatusPanel *statusPanel() const { return m_status; }
    ColumnChooser *columns() const { return m_columns; }
    // Ask before unloading a pinned model or all models (off in tests: no dialog).
    void setConfirm(bool confirm) { m_confirm = confirm; }
    void unload(const QString &id);
    void unloadAll();

Q_SIGNALS:
    void showLogsRequested(const QString &modelId);

private:
    QString selectedId() const;
    void updateButtons();
    void updateStatus(); // the selected model's failure or progress, else the latest failure, else a load
    void contextMenu(const QPoint &pos);
    bool confirmed(const QString &question);
    QStringList unloadable() const; // loaded models Switchyard can unload (here or on a node)

    CoreLink *m_link;
    ModelTableModel *m_models;
    ModelGroupProxy *m_proxy;
    QTableView *m_table;
    QLineEdit *m_filter;
    QToolButton *m_load;
    QToolButton *m_unload;
    QToolButton *m_pin;
    QToolButton *m_unloadAll;
    bool m_confirm = true;
    ModelStatusPanel *m_status;
    QString m_latestFailure; // the model that failed most recently
    SystemPanel *m_system;
    ColumnChooser *m_columns = nullptr;
};

} // namespace sy::ui
