#pragma once
// Logs: Switchyard's own (live, through the feed's "logs" topic, with a level filter) and
// each model server's output (read on demand).

#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>
#include <deque>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace sy::ui {

class CoreLink;
class ModelTableModel;

class LogsView : public QWidget {
    Q_OBJECT
public:
    LogsView(CoreLink *link, ModelTableModel *models, QWidget *parent = nullptr);
    void showSource(const QString &modelId); // empty: Switchyard's own log
    void addLines(const QJsonArray &lines);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void refillSources();
    void reload();
    void render();
    bool passes(const QJsonObject &line) const;
    QString format(const QJsonObject &line) const;

    CoreLink *m_link;
    ModelTableModel *m_models;
    QComboBox *m_source;
    QComboBox *m_level;
    QLineEdit *m_filter;
    QPushButton *m_refresh;
    QPlainTextEdit *m_text;
    std::deque<QJsonObject> m_coreLines; // the core's, newest last
    QStringList m_modelLines;
    bool m_subscribed = false;
};

} // namespace sy::ui
